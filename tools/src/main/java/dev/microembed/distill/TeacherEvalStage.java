package dev.microembed.distill;

import dev.microembed.eval.StsScorer;
import dev.microembed.teacher.OnnxTeacher;
import dev.microembed.teacher.Pooling;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import me.tongfei.progressbar.ProgressBar;

/**
 * The teacher's own STS dev scores, side by side with the distilled model's: each dev sentence as
 * {@code "query: " + sentence}, mean pooling (e5's recipe). Sentence vectors are checkpointed per language
 * ({@code teacher-dev-<lang>.safetensors}), so {@code --resume} only redoes the unfinished language.
 * Writes {@code teacher-sts-dev.json}.
 */
public final class TeacherEvalStage implements Stage {
    private static final int CHUNK = 256;

    private final DistillConfig config;

    public TeacherEvalStage(DistillConfig config) { this.config = config; }

    @Override public String name() { return "teacher-eval"; }

    @Override
    public List<String> inputs() {
        List<String> in = new ArrayList<>(OnnxTeacher.files(config.teacher()));
        in.addAll(config.devStsFiles());
        return in;
    }

    @Override public List<String> outputs() { return List.of("teacher-sts-dev.json"); }

    @Override
    public void run(Workspace ws, boolean resume) throws Exception {
        DistillConfig c = ws.config();
        Map<String, Object> t = c.section("teacher");
        String prefix = c.str(t, "prefix", "query: ");
        StsScorer sts = c.devSts();
        Map<String, Map<String, float[]>> vecs = new HashMap<>();
        int total = 0;
        for (String l : sts.languages()) total += sts.sentences(l).size();
        try (OnnxTeacher teacher = OnnxTeacher.byName(c.teacher());
             ProgressBar pb = TeacherEmbeddingStage.progress("teacher on STS dev", total)) {
            teacher.batchSize(64);
            for (String l : sts.languages()) {
                List<String> sent = sts.sentences(l);
                String file = "teacher-dev-" + l + ".safetensors";
                Artifacts.Matrix m = null;
                if (resume && ws.exists(file)) {
                    m = Artifacts.readMatrix(ws.file(file), "embeddings");
                    if (m.rows() != sent.size() || m.cols() != teacher.dim()) m = null;
                }
                if (m == null) {
                    float[] data = new float[sent.size() * teacher.dim()];
                    for (int i = 0; i < sent.size(); i += CHUNK) {
                        List<String> in = new ArrayList<>();
                        for (String x : sent.subList(i, Math.min(sent.size(), i + CHUNK))) in.add(prefix + x);
                        float[][] out = teacher.embed(in, Pooling.MEAN);
                        for (int j = 0; j < out.length; j++) System.arraycopy(out[j], 0, data, (i + j) * teacher.dim(), teacher.dim());
                        pb.stepBy(out.length);
                    }
                    m = new Artifacts.Matrix(data, sent.size(), teacher.dim());
                    Artifacts.writeMatrix(ws.file(file), "embeddings", m);
                } else {
                    pb.stepBy(sent.size());
                }
                Map<String, float[]> byText = new HashMap<>();
                for (int i = 0; i < sent.size(); i++) {
                    float[] row = new float[m.cols()];
                    System.arraycopy(m.data(), i * m.cols(), row, 0, m.cols());
                    byText.put(sent.get(i), row);
                }
                vecs.put(l, byText);
            }
            Map<String, Object> r = sts.report(sts.scoreVectors(vecs));
            r.put("teacher", teacher.name());
            ws.writeJson("teacher-sts-dev.json", r);
            ws.metrics(name()).put("sts_dev", r);
            ws.log().printf("teacher-eval: %s%n", r);
        }
    }
}
