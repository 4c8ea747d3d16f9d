package dev.microembed.distill;

import dev.microembed.data.ParallelDataStage;
import dev.microembed.train.TrainStage;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Runs the stages in order; before a stage runs, the work-dir artifacts it declares as inputs must exist. A full run
 * starts every stage afresh; {@code --resume} skips stages recorded as
 * finished whose outputs still exist and lets the interrupted stage continue from its checkpoint; {@code --only}
 * runs one stage. The optional training stage ({@link TrainStage}) runs when the config has a {@code "train"} object,
 * the parallel-data stage ({@link ParallelDataStage}) when it has a {@code "parallel"} object.
 */
public final class Pipeline {
    public enum StageName { parallel, vocab, teacher, pca, weights, train, quantize, teacher_eval, export }

    private final Workspace ws;

    public Pipeline(Workspace ws) { this.ws = ws; }

    public List<Stage> stages() {
        List<Stage> s = new ArrayList<>();
        // The parallel-data stage reads only the installed training data, so it runs first: a missing install fails
        // the run at once, and every later stage (train) finds its pairs and English corpus.
        DistillConfig c = ws.config();
        if (c.has("parallel")) s.add(new ParallelDataStage(c));
        s.add(new VocabularyStage(c));
        s.add(new TeacherEmbeddingStage(c));
        s.add(new PcaStage());
        s.add(new WeightsStage(c));
        if (c.has("train")) s.add(new TrainStage(c));
        s.add(new QuantizeStage(c));
        if (c.bool(c.section("eval"), "teacher", true)) s.add(new TeacherEvalStage(c));
        s.add(new ExportStage(c, s));
        return s;
    }

    public void run(boolean resume, StageName only) throws Exception {
        ws.log().printf("distill: config %s, work dir %s, output %s%n", ws.config().file(), ws.dir(), ws.outDir());
        List<Stage> stages = stages();
        if (only != null) {
            Stage st = stages.stream().filter(x -> x.name().equals(only.name().replace('_', '-'))).findFirst()
                    .orElseThrow(() -> new IllegalArgumentException("stage " + only + " is not part of this config's pipeline"));
            runStage(st, resume);
            return;
        }
        for (Stage st : stages) {
            if (resume && finished(st)) {
                ws.log().printf("== %s: done earlier, skipped (--resume)%n", st.name());
                continue;
            }
            runStage(st, resume);
        }
        ws.log().println("distill: finished; model in " + ws.outDir());
    }

    private boolean finished(Stage st) {
        Map<String, Object> s = ws.stageState(st.name());
        if (!Boolean.TRUE.equals(s.get("done"))) return false;
        for (String o : st.outputs()) if (!Files.isRegularFile(ws.dir().resolve(o))) return false;
        return true;
    }

    private void runStage(Stage st, boolean resume) throws Exception {
        ws.log().printf("== %s%n", st.name());
        for (String in : st.inputs())
            if (Stage.inWorkDir(in) && !ws.exists(in))
                throw new IllegalStateException("stage " + st.name() + " reads " + in + ", which is not in " + ws.dir()
                        + ": run the stages before it first (or the whole pipeline)");
        Map<String, Object> s = ws.stageState(st.name());
        s.put("done", false);
        s.remove("metrics");
        ws.save();
        long t0 = System.nanoTime();
        st.run(ws, resume);
        double seconds = (System.nanoTime() - t0) / 1e9;
        s.put("done", true);
        s.put("seconds", VocabularyStage.round(seconds, 1));
        ws.save();
        ws.log().printf("== %s: %.1f s%n", st.name(), seconds);
    }
}
