package dev.microembed.model;

import dev.microembed.Microembed;
import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code microembed export --format model2vec --out DIR}: a microembed model folder as a folder MinishLab's Model2Vec
 * ({@code StaticModel.from_pretrained}, model2vec-rs) and sentence-transformers' {@code StaticEmbedding} read and use
 * correctly. Model2Vec reads {@code embeddings} as they are and knows no per-dimension {@code scales}, so the scales
 * (and, for weighted pooling, each token's weight) are folded into the rows: row {@code i} =
 * {@code g · w_i · q[i][d] · scales[d]}, with one global factor {@code g} (max |row value| = 1, which the
 * normalisation cancels) so F16 keeps full precision. Written: model.safetensors ({@code embeddings} F16, F32 or I8 with
 * one global scale [V, D]), config.json (Model2Vec's keys, {@code normalize: true}, {@code embedding_dtype}, plus a
 * {@code microembed} object with the files' sha256 and the source, which Model2Vec ignores), tokenizer.json (as is),
 * modules.json (StaticEmbedding + Normalize), README.md (a model card). With {@code --vocabulary-quantization K} the
 * rows are clustered into K centroids (our own seeded k-means on unit rows) with a {@code mapping} and per-token
 * {@code weights} (each row's norm), as Model2Vec's vocabulary quantisation stores them.
 */
@Command(name = "export", mixinStandardHelpOptions = true,
        description = "Write a model folder in another format (model2vec: Model2Vec / sentence-transformers StaticEmbedding).")
public final class Model2VecExport implements Callable<Integer> {
    @picocli.CommandLine.Spec picocli.CommandLine.Model.CommandSpec spec;
    @Option(names = "--format", required = true, description = "model2vec") String format;
    @Option(names = "--out", required = true, description = "the folder to write") Path out;
    @Option(names = "--model", description = "the microembed model folder (default: the shipped vocab/)") Path model;
    @Option(names = "--dtype", defaultValue = "float16", description = "float16 (default), float32 or int8 (one global scale)") String dtype;
    @Option(names = "--vocabulary-quantization", description = "cluster the rows into this many centroids (Model2Vec's vocabulary quantisation)") Integer clusters;

    @Override
    public Integer call() throws IOException {
        if (!format.equals("model2vec")) throw new picocli.CommandLine.ParameterException(spec.commandLine(), "--format must be model2vec, is " + format);
        if (!List.of("float16", "float32", "int8").contains(dtype))
            throw new picocli.CommandLine.ParameterException(spec.commandLine(), "--dtype must be float16, float32 or int8, is " + dtype);
        Path src = model != null ? model : Microembed.defaultModelDir();
        export(src, out, dtype, clusters == null ? 0 : clusters);
        System.out.println("wrote " + out + " (Model2Vec folder, " + dtype + (clusters != null ? ", " + clusters + " clusters" : "") + ") from " + src);
        return 0;
    }

    /** The rows Model2Vec must see, float64 [V][D]: {@code w_i · q[i][d] · scales[d]}, before the global factor. */
    static double[][] foldedRows(ModelFolder f) {
        if (f.isModel2Vec()) throw new IllegalArgumentException(f.dir() + " is already a Model2Vec folder");
        int v = f.vocabSize(), d = f.dim();
        MemorySegment q = f.embeddings();
        float[] scales = f.scales();
        float[] weights = f.weightedPooling() ? f.weights() : null;
        double[][] rows = new double[v][d];
        for (int i = 0; i < v; i++)
            for (int k = 0; k < d; k++) {
                double x = q.get(ValueLayout.JAVA_BYTE, (long) i * d + k) * (double) scales[k];
                rows[i][k] = weights == null ? x : weights[i] * x;
            }
        return rows;
    }

    /** Writes the Model2Vec folder; returns the config it wrote. */
    public static Map<String, Object> export(Path modelDir, Path outDir, String dtype, int clusters) throws IOException {
        if (!dtype.equals("float16") && !dtype.equals("float32") && !dtype.equals("int8"))
            throw new IllegalArgumentException("--dtype must be float16, float32 or int8, is " + dtype);
        Files.createDirectories(outDir);
        Map<String, Object> srcConfig;
        double[][] rows;
        int v, d;
        try (ModelFolder f = ModelFolder.open(modelDir)) {
            srcConfig = f.config();
            rows = foldedRows(f);
            v = f.vocabSize();
            d = f.dim();
            Files.copy(f.tokenizerFile(), outDir.resolve(ModelFolder.TOKENIZER), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        }
        SafetensorsWriter st = new SafetensorsWriter();
        double[][] table = rows;
        int[] mapping = null;
        float[] tokenWeights = null;
        if (clusters > 0) {
            if (clusters > v) throw new IllegalArgumentException("--vocabulary-quantization " + clusters + " exceeds the " + v + " rows");
            mapping = new int[v];
            tokenWeights = new float[v];
            table = kMeans(rows, clusters, mapping, tokenWeights);
        }
        int n = table.length;
        double max = 0;
        for (double[] r : table) for (double x : r) max = Math.max(max, Math.abs(x));
        double g = max == 0 ? 1 : 1 / max;
        float[] flat = new float[n * d];
        for (int i = 0; i < n; i++) for (int k = 0; k < d; k++) flat[i * d + k] = (float) (table[i][k] * g);
        switch (dtype) {
            case "float16" -> st.float16("embeddings", flat, n, d);
            case "float32" -> st.float32("embeddings", flat, n, d);
            default -> {
                byte[] q = new byte[flat.length];
                for (int i = 0; i < flat.length; i++) q[i] = (byte) Math.max(-127, Math.min(127, Math.round(flat[i] * 127)));
                st.int8("embeddings", q, n, d);
            }
        }
        if (tokenWeights != null) st.float32("weights", tokenWeights, v);
        if (mapping != null) st.int32("mapping", mapping, v);
        st.write(outDir.resolve(ModelFolder.MODEL));

        Map<String, Object> cfg = new LinkedHashMap<>();
        cfg.put("model_type", "model2vec");
        cfg.put("architectures", List.of("StaticModel"));
        cfg.put("tokenizer_name", srcConfig.getOrDefault("tokenizer_name", "microembed"));
        cfg.put("apply_pca", srcConfig.getOrDefault("apply_pca", (long) d));
        cfg.put("apply_zipf", srcConfig.getOrDefault("apply_zipf", false));
        cfg.put("sif_coefficient", srcConfig.get("sif_coefficient"));
        cfg.put("hidden_dim", (long) d);
        cfg.put("seq_length", 1000000L); // Model2Vec's distill writes this; inference caps at encode's max_length (512)
        cfg.put("normalize", true);
        cfg.put("embedding_dtype", dtype);
        if (clusters > 0) cfg.put("vocabulary_quantization", (long) clusters);
        Map<String, Object> me = new LinkedHashMap<>();
        me.put("format", "model2vec-export");
        me.put("source_config_sha256", ModelFolder.sha256(modelDir.resolve(ModelFolder.CONFIG)));
        Object srcMe = srcConfig.get("microembed");
        if (srcMe instanceof Map<?, ?> m && m.get("teacher") != null) me.put("teacher", m.get("teacher"));
        me.put("folded", "row = g * w_i * embeddings[i] * scales (g: one global factor, max |value| = 1)");
        Map<String, Object> files = new LinkedHashMap<>();
        for (String name : List.of(ModelFolder.MODEL, ModelFolder.TOKENIZER)) {
            Path p = outDir.resolve(name);
            Map<String, Object> entry = new LinkedHashMap<>(); // not Map.of: its order changes from run to run
            entry.put("sha256", ModelFolder.sha256(p));
            entry.put("bytes", Files.size(p));
            files.put(name, entry);
        }
        me.put("files", files);
        cfg.put("microembed", me);
        Files.writeString(outDir.resolve(ModelFolder.CONFIG), Json.write(cfg, true) + "\n");

        Files.writeString(outDir.resolve("modules.json"), """
                [
                    {"idx": 0, "name": "0", "path": ".", "type": "sentence_transformers.models.StaticEmbedding"},
                    {"idx": 1, "name": "1", "path": "1_Normalize", "type": "sentence_transformers.models.Normalize"}
                ]
                """);
        Files.writeString(outDir.resolve("README.md"), modelCard(v, d, dtype, clusters, srcConfig), StandardCharsets.UTF_8);
        return cfg;
    }

    private static String modelCard(int v, int d, String dtype, int clusters, Map<String, Object> src) {
        return """
                ---
                library_name: model2vec
                tags:
                - embeddings
                - static-embeddings
                - sentence-transformers
                - microembed
                ---

                # microembed static embeddings (Model2Vec format)

                A static sentence-embedding model exported by microembed (`microembed export --format model2vec`):
                %d tokens × %d dimensions, `%s`%s, tokenizer `%s`. A text's vector is the normalised mean of its
                tokens' rows, as Model2Vec computes it.

                ```python
                from model2vec import StaticModel
                model = StaticModel.from_pretrained("PATH")
                vectors = model.encode(["I love this new phone", "J'adore ce téléphone"])
                ```

                ```python
                from sentence_transformers import SentenceTransformer
                model = SentenceTransformer("PATH")
                ```

                The microembed runtimes (Java, WebAssembly) load this folder too and give the same vectors (to 1e-6).
                """.formatted(v, d, dtype, clusters > 0 ? ", vocabulary quantised to " + clusters + " centroids" : "",
                src.getOrDefault("tokenizer_name", "microembed"));
    }

    /**
     * Seeded k-means (Lloyd, 20 rounds) on the unit rows; the centroids are renormalised, {@code weights[i]} is row i's
     * norm, so {@code centroid[mapping[i]] * weights[i]} approximates row i. Zero rows keep weight 0.
     */
    static double[][] kMeans(double[][] rows, int k, int[] mapping, float[] weights) {
        int v = rows.length, d = rows[0].length;
        double[][] unit = new double[v][d];
        for (int i = 0; i < v; i++) {
            double s = 0;
            for (double x : rows[i]) s += x * x;
            double norm = Math.sqrt(s);
            weights[i] = (float) norm;
            if (norm > 0) for (int j = 0; j < d; j++) unit[i][j] = rows[i][j] / norm;
        }
        Random r = new Random(42);
        double[][] c = new double[k][];
        for (int j = 0; j < k; j++) c[j] = unit[r.nextInt(v)].clone();
        for (int round = 0; round < 20; round++) {
            for (int i = 0; i < v; i++) {
                int best = 0;
                double bestDot = Double.NEGATIVE_INFINITY;
                for (int j = 0; j < k; j++) {
                    double dot = 0;
                    for (int t = 0; t < d; t++) dot += unit[i][t] * c[j][t];
                    if (dot > bestDot) {
                        bestDot = dot;
                        best = j;
                    }
                }
                mapping[i] = best;
            }
            double[][] sum = new double[k][d];
            for (int i = 0; i < v; i++) for (int t = 0; t < d; t++) sum[mapping[i]][t] += unit[i][t];
            for (int j = 0; j < k; j++) {
                double s = 0;
                for (double x : sum[j]) s += x * x;
                if (s > 0) for (int t = 0; t < d; t++) c[j][t] = sum[j][t] / Math.sqrt(s);
            }
        }
        return c;
    }
}
