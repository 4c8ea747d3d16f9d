package dev.microembed.distill;

import dev.microembed.Microembed;
import dev.microembed.eval.StsScorer;
import dev.microembed.model.Json;
import dev.microembed.model.ModelWriter;
import dev.microembed.model.SafetensorsReader;
import dev.microembed.model.SafetensorsWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Stage 6: the model folder ({@code vocab/} by default) with {@link ModelWriter} — {@code model.safetensors},
 * {@code tokenizer.json}, {@code config.json}, {@code pca.safetensors} — then scores the exported int8 model, loaded by the
 * runtime ({@link Microembed}), on the STS dev sets and writes {@code manifest.json}: the git commit and the JDK, every
 * input of every stage with sha256 ({@link Provenance}), the config, per-stage timings and every stage's metrics, the
 * model's and the teacher's dev scores side by side. Fails if the folder exceeds
 * {@code max_total_bytes} (10 MB).
 */
public final class ExportStage implements Stage {
    private final DistillConfig config;
    private final List<Stage> before;

    /** The export of a pipeline whose other stages are {@code before} (their inputs go into the manifest). */
    public ExportStage(DistillConfig config, List<Stage> before) {
        this.config = config;
        this.before = List.copyOf(before);
    }

    @Override public String name() { return "export"; }

    /** The quantised table, the tokenizer, the weights choice, the PCA basis shipped, the teacher's scores, the STS dev sets. */
    @Override
    public List<String> inputs() {
        List<String> in = new ArrayList<>(List.of("quantized.safetensors", "tokenizer.json", "weights-choice.json"));
        in.add(earlierOutput("trained-pca.safetensors") ? "trained-pca.safetensors" : "pca.safetensors");
        if (earlierOutput("teacher-sts-dev.json")) in.add("teacher-sts-dev.json");
        in.addAll(config.devStsFiles());
        return in;
    }

    private boolean earlierOutput(String artifact) {
        return before.stream().anyMatch(st -> st.outputs().contains(artifact));
    }

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
        manifest.put("git_commit", Provenance.gitCommit(c.root()));
        manifest.put("jdk", Provenance.jdk());
        manifest.put("config_file", c.root().relativize(c.file().toAbsolutePath()).toString());
        manifest.put("config", c.raw());
        List<Stage> all = new ArrayList<>(before);
        all.add(this);
        manifest.put("inputs", Provenance.inputs(ws, all));
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
        if (ws.exists("train-report.json")) {
            // Every dev number of the shipped epoch, per language: STS-B dev, cross-lingual pairs, the
            // Tatoeba held-out tail of all languages and the held-out pairs of each parallel source.
            Map<?, ?> tr = (Map<?, ?>) ws.readJson("train-report.json");
            Map<String, Object> train = new LinkedHashMap<>();
            for (String k : new String[] {"best_epoch", "examples", "examples_by_source", "english_targets", "groups", "sentence_pca_kept_variance", "seconds"})
                if (tr.containsKey(k)) train.put(k, tr.get(k));
            train.put("dev_int8_folded", tr.get("final_int8_folded"));
            metrics.put("train_dev", train);
        }
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
}
