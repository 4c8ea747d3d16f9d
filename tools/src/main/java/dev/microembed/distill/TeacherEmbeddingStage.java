package dev.microembed.distill;

import dev.microembed.eval.StaticEncoder;
import dev.microembed.eval.StsScorer;
import dev.microembed.model.Json;
import dev.microembed.model.ModelFolder;
import dev.microembed.teacher.OnnxTeacher;
import dev.microembed.teacher.Pooling;
import dev.microembed.tokenizer.Tokenizer;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/**
 * Stage 2: every token of {@code tokenizer.json} through the teacher, in the teacher's input form
 * ({@code "query: " + token}, a leading {@code ##} removed), in batches; writes {@code token-embeddings.safetensors}
 * (F32 {@code embeddings} [V, teacher_dim]).
 *
 * <p>One forward pass yields all configured poolings; with {@code "pooling": "auto"} each candidate table is centred
 * and scored on the STS dev sets (uniform mean, {@link StsScorer}) and the best is kept. Checkpoint: after every
 * batch the rows are appended to {@code token-embeddings.partial} and forced to disk; {@code --resume} continues
 * after the last whole row (a description file guards against resuming with another teacher or vocabulary).
 */
public final class TeacherEmbeddingStage implements Stage {
    static final String PARTIAL = "token-embeddings.partial";
    /** Tests set this system property to stop the stage after that many batches, as a kill would. */
    static final String SIMULATED_KILL = "microembed.distill.killAfterBatches";

    static final class SimulatedKill extends IllegalStateException {
        SimulatedKill(String m) { super(m); }
    }

    private final DistillConfig config;

    public TeacherEmbeddingStage(DistillConfig config) { this.config = config; }

    @Override public String name() { return "teacher"; }

    /** The tokenizer, the teacher's files, and the STS dev sets when the pooling is chosen on them. */
    @Override
    public List<String> inputs() {
        List<String> in = new ArrayList<>(List.of("tokenizer.json"));
        in.addAll(OnnxTeacher.files(config.teacher()));
        Map<String, Object> s = config.section("teacher");
        if (config.str(s, "pooling", "auto").equals("auto") && config.strings(s, "poolings", List.of("MEAN")).size() > 1)
            in.addAll(config.devStsFiles());
        return in;
    }

    @Override public List<String> outputs() { return List.of("token-embeddings.safetensors"); }

    @Override
    public void run(Workspace ws, boolean resume) throws Exception {
        DistillConfig c = ws.config();
        Map<String, Object> s = c.section("teacher");
        String model = c.str(s, "model", "e5-small-v2");
        String prefix = c.str(s, "prefix", "query: ");
        int batch = c.integer(s, "batch_size", 256);
        List<Pooling> poolings = new ArrayList<>();
        for (String p : c.strings(s, "poolings", List.of("MEAN"))) poolings.add(Pooling.valueOf(p.toUpperCase()));
        String choice = c.str(s, "pooling", "auto");
        if (!choice.equals("auto") && !poolings.contains(Pooling.valueOf(choice.toUpperCase())))
            throw c.bad("pooling", "must be \"auto\" or one of \"poolings\"");

        Path tokFile = ws.file("tokenizer.json");
        String tokJson = Files.readString(tokFile);
        Tokenizer tok = Tokenizer.fromJson(tokJson);
        List<String> texts = tokenTexts(tokJson, tok.vocabSize(), prefix);
        int v = texts.size();
        try (OnnxTeacher teacher = OnnxTeacher.byName(c.teacher())) {
            teacher.batchSize(batch);
            int dim = teacher.dim(), p = poolings.size();
            long rowBytes = 4L * dim * p;
            Map<String, Object> meta = new LinkedHashMap<>();
            meta.put("teacher", teacher.name());
            meta.put("prefix", prefix);
            meta.put("poolings", poolings.stream().map(Enum::name).toList());
            meta.put("dim", dim);
            meta.put("tokenizer_sha256", ModelFolder.sha256(tokJson.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
            Path partial = ws.file(PARTIAL), metaFile = ws.file(PARTIAL + ".json");
            int done = 0;
            if (resume && Files.isRegularFile(partial) && Files.isRegularFile(metaFile) && Json.parse(Files.readString(metaFile)).equals(Json.parse(Json.write(meta, false)))) {
                // Whole batches only: a SIGKILL inside a write can leave part of a batch on disk, and a resumed run
                // starting mid-batch would group (and pad) the following texts differently from an uninterrupted run.
                // ONNX Runtime 1.22 gave the same bits for other groupings here (docs/fuzzing.md), but promises nothing.
                done = (int) Math.min(v, Files.size(partial) / rowBytes) / batch * batch;
                ws.log().printf("teacher: resuming after %d of %d tokens%n", done, v);
            } else {
                Files.deleteIfExists(partial);
                ws.writeJson(PARTIAL + ".json", meta);
            }
            long t0 = System.nanoTime();
            try (FileChannel ch = FileChannel.open(partial, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
                 ProgressBar pb = progress("teacher " + model, v)) {
                ch.truncate(done * rowBytes);
                ch.position(done * rowBytes);
                pb.stepTo(done);
                ByteBuffer buf = ByteBuffer.allocate((int) (rowBytes * batch)).order(ByteOrder.LITTLE_ENDIAN);
                int killAfter = Integer.getInteger(SIMULATED_KILL, -1), batches = 0;
                for (int start = done; start < v; start += batch) {
                    if (killAfter >= 0 && batches++ == killAfter) throw new SimulatedKill("simulated kill after " + killAfter + " batches");
                    int end = Math.min(v, start + batch);
                    float[][][] out = teacher.embedAll(texts.subList(start, end), poolings);
                    buf.clear();
                    for (int i = 0; i < end - start; i++)
                        for (int q = 0; q < p; q++) for (float f : out[q][i]) buf.putFloat(f);
                    buf.flip();
                    while (buf.hasRemaining()) ch.write(buf);
                    ch.force(false); // the checkpoint: whole rows on disk before the next batch
                    pb.stepTo(end);
                }
            }
            ws.metrics(name()).put("teacher_seconds_this_run", VocabularyStage.round((System.nanoTime() - t0) / 1e9, 1));

            // ---- read back, choose the pooling ----
            float[][] tables = new float[p][(int) ((long) v * dim)];
            ByteBuffer all = ByteBuffer.wrap(Files.readAllBytes(partial)).order(ByteOrder.LITTLE_ENDIAN);
            if (all.capacity() != rowBytes * v) throw new IllegalStateException(partial + ": expected " + rowBytes * v + " bytes, found " + all.capacity());
            for (int i = 0; i < v; i++) for (int q = 0; q < p; q++) for (int d = 0; d < dim; d++) tables[q][i * dim + d] = all.getFloat();
            int best = choice.equals("auto") ? -1 : poolings.indexOf(Pooling.valueOf(choice.toUpperCase()));
            Map<String, Object> selection = new LinkedHashMap<>();
            if (best < 0 && p == 1) best = 0;
            if (best < 0) {
                StsScorer sts = c.devSts();
                double bestScore = Double.NEGATIVE_INFINITY;
                for (int q = 0; q < p; q++) {
                    Artifacts.Matrix centred = centre(new Artifacts.Matrix(tables[q], v, dim));
                    Map<String, Object> r = sts.report(sts.score(new StaticEncoder(tok, centred.data(), dim, null)));
                    selection.put(poolings.get(q).name(), r);
                    ws.log().printf("teacher: pooling %s -> STS dev %s%n", poolings.get(q), r);
                    if (StsScorer.selectionScore(r) > bestScore) { bestScore = StsScorer.selectionScore(r); best = q; }
                }
            }
            Map<String, Object> m = ws.metrics(name());
            m.put("teacher", teacher.name());
            m.put("teacher_dim", dim);
            m.put("pooling", poolings.get(best).name());
            m.put("pooling_selection_sts_dev_centred_uniform", selection);
            Artifacts.writeMatrix(ws.file("token-embeddings.safetensors"), "embeddings", new Artifacts.Matrix(tables[best], v, dim));
            ws.log().printf("teacher: kept pooling %s%n", poolings.get(best));
        }
        Files.deleteIfExists(ws.file(PARTIAL));
        Files.deleteIfExists(ws.file(PARTIAL + ".json"));
    }

    /** The teacher input of every token id: prefix + token, a leading "##" removed. */
    static List<String> tokenTexts(String tokenizerJson, int vocabSize, String prefix) {
        String[] byId = new String[vocabSize];
        Map<?, ?> root = (Map<?, ?>) Json.parse(tokenizerJson);
        for (Map.Entry<?, ?> e : ((Map<?, ?>) ((Map<?, ?>) root.get("model")).get("vocab")).entrySet())
            byId[((Number) e.getValue()).intValue()] = (String) e.getKey();
        if (root.get("added_tokens") instanceof List<?> l)
            for (Object o : l) byId[((Number) ((Map<?, ?>) o).get("id")).intValue()] = (String) ((Map<?, ?>) o).get("content");
        List<String> out = new ArrayList<>(vocabSize);
        for (int i = 0; i < vocabSize; i++) {
            String t = byId[i] == null ? "" : byId[i];
            out.add(prefix + (t.startsWith("##") && t.length() > 2 ? t.substring(2) : t));
        }
        return out;
    }

    /** Subtracts the column mean (what PCA will do), so the shared "query:" component does not dominate cosines. */
    static Artifacts.Matrix centre(Artifacts.Matrix m) {
        int rows = m.rows(), cols = m.cols();
        double[] mean = new double[cols];
        float[] a = m.data();
        for (int i = 0; i < rows; i++) for (int d = 0; d < cols; d++) mean[d] += a[i * cols + d];
        for (int d = 0; d < cols; d++) mean[d] /= rows;
        float[] out = new float[a.length];
        for (int i = 0; i < rows; i++) for (int d = 0; d < cols; d++) out[i * cols + d] = (float) (a[i * cols + d] - mean[d]);
        return new Artifacts.Matrix(out, rows, cols);
    }

    static ProgressBar progress(String task, long max) {
        return new ProgressBarBuilder().setTaskName(task).setInitialMax(max).setStyle(ProgressBarStyle.ASCII)
                .setUpdateIntervalMillis(2000).continuousUpdate().showSpeed().build();
    }
}
