package dev.microembed.model;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Writes a complete model folder in the format of {@code docs/model-format.md}: {@code model.safetensors},
 * {@code tokenizer.json}, optional {@code pca.safetensors}, and {@code config.json} carrying the sha256 of each.
 * The distiller's export stage and the tests' fixture models both use this class.
 */
public final class ModelWriter {
    public static final int FORMAT_VERSION = ModelFolder.FORMAT_VERSION;

    private byte[] embeddings;
    private int vocabSize, dim;
    private float[] scales;
    private float[] weights;
    private String tokenizerJson;
    private byte[] pcaSafetensors;
    private String pooling = "mean";
    private int maxTokens = 512;
    private final Map<String, Object> extra = new LinkedHashMap<>();

    /** Row-major int8 table [vocabSize, dim] and per-dimension symmetric scales. */
    public ModelWriter table(byte[] embeddings, int vocabSize, int dim, float[] scales) {
        if ((long) vocabSize * dim != embeddings.length || scales.length != dim)
            throw new IllegalArgumentException("table shape mismatch");
        this.embeddings = embeddings;
        this.vocabSize = vocabSize;
        this.dim = dim;
        this.scales = scales;
        return this;
    }

    /** Per-token pooling weights; sets pooling to {@code weighted_mean}. */
    public ModelWriter weights(float[] weights) {
        if (weights != null && weights.length != vocabSize) throw new IllegalArgumentException("weights length != vocab size");
        this.weights = weights;
        this.pooling = weights == null ? "mean" : "weighted_mean";
        return this;
    }

    public ModelWriter tokenizerJson(String json) {
        this.tokenizerJson = json;
        return this;
    }

    public ModelWriter pca(byte[] pcaSafetensorsBytes) {
        this.pcaSafetensors = pcaSafetensorsBytes;
        return this;
    }

    public ModelWriter maxTokens(int maxTokens) {
        this.maxTokens = maxTokens;
        return this;
    }

    /** Free-form provenance (teacher, tokenizer name, pipeline parameters) stored under config.json "microembed". */
    public ModelWriter info(String key, Object value) {
        extra.put(key, value);
        return this;
    }

    /** Writes every file atomically; config.json, which names the others' checksums, goes last. */
    public void write(Path dir) throws IOException {
        if (embeddings == null || tokenizerJson == null) throw new IllegalStateException("table and tokenizer are required");
        Files.createDirectories(dir);
        SafetensorsWriter st = new SafetensorsWriter()
                .metadata("format", "microembed")
                .metadata("format_version", Integer.toString(FORMAT_VERSION))
                .int8("embeddings", embeddings, vocabSize, dim)
                .float32("scales", scales, dim);
        if (weights != null) st.float32("weights", weights, vocabSize);
        byte[] model = st.toBytes();
        byte[] tok = tokenizerJson.getBytes(StandardCharsets.UTF_8);
        Map<String, Object> files = new LinkedHashMap<>();
        SafetensorsWriter.writeAtomically(dir.resolve("model.safetensors"), model);
        files.put("model.safetensors", fileEntry(model));
        SafetensorsWriter.writeAtomically(dir.resolve("tokenizer.json"), tok);
        files.put("tokenizer.json", fileEntry(tok));
        if (pcaSafetensors != null) {
            SafetensorsWriter.writeAtomically(dir.resolve("pca.safetensors"), pcaSafetensors);
            files.put("pca.safetensors", fileEntry(pcaSafetensors));
        }
        SafetensorsWriter.writeAtomically(dir.resolve("config.json"), (Json.write(config(files), true) + "\n").getBytes(StandardCharsets.UTF_8));
    }

    private Map<String, Object> config(Map<String, Object> files) {
        Map<String, Object> c = new LinkedHashMap<>();
        // Keys of Model2Vec's config.json, so the folder is recognisable to that ecosystem.
        c.put("model_type", "model2vec");
        c.put("architectures", java.util.List.of("StaticModel"));
        c.put("tokenizer_name", extra.getOrDefault("tokenizer_name", "bert-base-multilingual-cased"));
        c.put("apply_pca", extra.getOrDefault("apply_pca", dim));
        c.put("apply_zipf", extra.getOrDefault("apply_zipf", Boolean.FALSE));
        c.put("sif_coefficient", extra.getOrDefault("sif_coefficient", null));
        c.put("hidden_dim", dim);
        c.put("seq_length", maxTokens);
        c.put("normalize", true);
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("format_version", FORMAT_VERSION);
        m.put("vocab_size", vocabSize);
        m.put("dim", dim);
        m.put("dtype", "int8");
        m.put("pooling", pooling);
        m.put("max_tokens", maxTokens);
        m.put("files", files);
        for (Map.Entry<String, Object> e : extra.entrySet())
            if (!c.containsKey(e.getKey())) m.putIfAbsent(e.getKey(), e.getValue());
        c.put("microembed", m);
        return c;
    }

    private static Map<String, Object> fileEntry(byte[] bytes) {
        Map<String, Object> e = new LinkedHashMap<>();
        e.put("sha256", ModelFolder.sha256(bytes));
        e.put("bytes", (long) bytes.length);
        return e;
    }
}
