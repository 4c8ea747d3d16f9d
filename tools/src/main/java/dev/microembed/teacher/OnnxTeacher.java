package dev.microembed.teacher;

import ai.djl.huggingface.tokenizers.Encoding;
import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import ai.onnxruntime.NodeInfo;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.TensorInfo;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.FloatBuffer;
import java.nio.LongBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A transformer encoder run with ONNX Runtime on the CPU: texts in, one pooled float vector per text out.
 * Texts are tokenised with the teacher's own {@code tokenizer.json} (special tokens added, truncated to
 * 512 tokens), sorted by length and run in batches so padding stays small, then put back in input order.
 * The caller adds any prompt prefix (e5 wants {@code "query: "}). Thread-safe; ONNX Runtime uses
 * {@link #DEFAULT_THREADS} intra-op threads because the machine is shared.
 */
public final class OnnxTeacher implements AutoCloseable {
    public static final int DEFAULT_THREADS = 2;
    public static final int DEFAULT_BATCH = 128;
    public static final int MAX_LENGTH = 512;

    private final String name;
    private final OrtEnvironment env;
    private final OrtSession session;
    private final HuggingFaceTokenizer tokenizer;
    private final boolean needsTypeIds;
    private final String outputName;
    private final int dim;
    private int batchSize = DEFAULT_BATCH;

    private OnnxTeacher(String name, byte[] onnx, InputStream tokenizerJson, int threads) throws IOException {
        this.name = name;
        try {
            env = OrtEnvironment.getEnvironment();
            OrtSession.SessionOptions opts = new OrtSession.SessionOptions();
            opts.setIntraOpNumThreads(threads);
            opts.setInterOpNumThreads(1);
            opts.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
            session = env.createSession(onnx, opts);
            needsTypeIds = session.getInputNames().contains("token_type_ids");
            outputName = session.getOutputNames().contains("last_hidden_state")
                    ? "last_hidden_state" : session.getOutputNames().iterator().next();
            NodeInfo out = session.getOutputInfo().get(outputName);
            long[] shape = ((TensorInfo) out.getInfo()).getShape();
            if (shape.length != 3 || shape[2] <= 0)
                throw new IllegalArgumentException(name + ": output " + outputName + " is not [batch, length, hidden] with a fixed hidden size");
            dim = (int) shape[2];
        } catch (OrtException e) {
            throw new IOException(name + ": cannot load ONNX model: " + e.getMessage(), e);
        }
        Map<String, String> tokOpts = Map.of("addSpecialTokens", "true", "truncation", "true",
                "maxLength", Integer.toString(MAX_LENGTH), "padding", "false");
        tokenizer = HuggingFaceTokenizer.newInstance(tokenizerJson, tokOpts);
    }

    /** intfloat/e5-small-v2, fp32, from the langchain4j jar on the classpath (384 dimensions). */
    public static OnnxTeacher e5SmallV2() {
        return fromClasspath("intfloat/e5-small-v2", "/e5-small-v2.onnx", "/e5-small-v2-tokenizer.json");
    }

    /** intfloat/e5-small-v2, int8-quantised ONNX, from the langchain4j "-q" jar on the classpath. */
    public static OnnxTeacher e5SmallV2Quantized() {
        return fromClasspath("intfloat/e5-small-v2 (int8 ONNX)", "/e5-small-v2-q.onnx", "/e5-small-v2-q-tokenizer.json");
    }

    /** Any local teacher: a folder holding {@code model.onnx} and a Hugging Face {@code tokenizer.json}. */
    public static OnnxTeacher fromFolder(Path dir) {
        Path onnx = dir.resolve("model.onnx"), tok = dir.resolve("tokenizer.json");
        for (Path p : List.of(onnx, tok))
            if (!Files.isRegularFile(p)) throw new IllegalArgumentException("teacher folder " + dir + ": missing " + p.getFileName());
        try (InputStream in = Files.newInputStream(tok)) {
            return new OnnxTeacher(dir.toString(), Files.readAllBytes(onnx), in, DEFAULT_THREADS);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The files {@link #byName} reads for a spec, as pipeline stage inputs: {@code classpath:/...} resources for the
     * named teachers, the folder's {@code model.onnx} and {@code tokenizer.json} otherwise.
     */
    public static List<String> files(String spec) {
        return switch (spec) {
            case "e5-small-v2", "intfloat/e5-small-v2" -> List.of("classpath:/e5-small-v2.onnx", "classpath:/e5-small-v2-tokenizer.json");
            case "e5-small-v2-q" -> List.of("classpath:/e5-small-v2-q.onnx", "classpath:/e5-small-v2-q-tokenizer.json");
            default -> List.of(Path.of(spec).resolve("model.onnx").toAbsolutePath().toString(), Path.of(spec).resolve("tokenizer.json").toAbsolutePath().toString());
        };
    }

    /** "e5-small-v2", "e5-small-v2-q" or a folder path: the teacher option of the distill config. */
    public static OnnxTeacher byName(String spec) {
        return switch (spec) {
            case "e5-small-v2", "intfloat/e5-small-v2" -> e5SmallV2();
            case "e5-small-v2-q" -> e5SmallV2Quantized();
            default -> fromFolder(Path.of(spec));
        };
    }

    private static OnnxTeacher fromClasspath(String name, String onnxRes, String tokRes) {
        try (InputStream onnx = OnnxTeacher.class.getResourceAsStream(onnxRes);
             InputStream tok = OnnxTeacher.class.getResourceAsStream(tokRes)) {
            if (onnx == null || tok == null)
                throw new IllegalStateException(name + ": resources " + onnxRes + " / " + tokRes
                        + " not on the classpath (the langchain4j embeddings jar is missing)");
            return new OnnxTeacher(name, onnx.readAllBytes(), tok, DEFAULT_THREADS);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public String name() { return name; }

    public int dim() { return dim; }

    /** Texts per ONNX Runtime call (default {@value #DEFAULT_BATCH}). */
    public OnnxTeacher batchSize(int n) {
        if (n < 1) throw new IllegalArgumentException("batch size must be >= 1");
        this.batchSize = n;
        return this;
    }

    /** Teacher token ids of one text, special tokens included (for tests and diagnostics). */
    public long[] tokenIds(String text) {
        return tokenizer.encode(text).getIds();
    }

    /** Mean-pooled embeddings (attention-mask mean), one row per text, in input order; not normalised. */
    public float[][] embed(List<String> texts) {
        return embed(texts, Pooling.MEAN);
    }

    /** Pooled embeddings, one row per text, in input order; not normalised. */
    public float[][] embed(List<String> texts, Pooling pooling) {
        return embedAll(texts, List.of(Objects.requireNonNull(pooling)))[0];
    }

    /**
     * Several poolings of the same forward pass: {@code result[p][i]} is text {@code i} pooled with
     * {@code poolings.get(p)} (one teacher pass instead of one per pooling).
     */
    public float[][][] embedAll(List<String> texts, List<Pooling> poolings) {
        int n = texts.size();
        long[][] ids = new long[n][];
        for (int i = 0; i < n; i++) ids[i] = tokenizer.encode(Objects.requireNonNull(texts.get(i), "null text")).getIds();
        Integer[] order = new Integer[n];
        for (int i = 0; i < n; i++) order[i] = i;
        java.util.Arrays.sort(order, (a, b) -> Integer.compare(ids[a].length, ids[b].length));
        float[][][] out = new float[poolings.size()][n][];
        for (int start = 0; start < n; start += batchSize) {
            int end = Math.min(n, start + batchSize);
            long[][] batch = new long[end - start][];
            for (int i = start; i < end; i++) batch[i - start] = ids[order[i]];
            float[][][] pooled = run(batch, poolings);
            for (int p = 0; p < poolings.size(); p++)
                for (int i = start; i < end; i++) out[p][order[i]] = pooled[p][i - start];
        }
        return out;
    }

    private float[][][] run(long[][] batch, List<Pooling> poolings) {
        int b = batch.length, len = 0;
        for (long[] x : batch) len = Math.max(len, x.length);
        long[] idBuf = new long[b * len], maskBuf = new long[b * len];
        for (int i = 0; i < b; i++) {
            System.arraycopy(batch[i], 0, idBuf, i * len, batch[i].length);
            for (int j = 0; j < batch[i].length; j++) maskBuf[i * len + j] = 1;
        }
        long[] shape = {b, len};
        Map<String, OnnxTensor> inputs = new HashMap<>();
        try {
            inputs.put("input_ids", OnnxTensor.createTensor(env, LongBuffer.wrap(idBuf), shape));
            inputs.put("attention_mask", OnnxTensor.createTensor(env, LongBuffer.wrap(maskBuf), shape));
            if (needsTypeIds) inputs.put("token_type_ids", OnnxTensor.createTensor(env, LongBuffer.wrap(new long[b * len]), shape));
            try (OrtSession.Result r = session.run(inputs, java.util.Set.of(outputName))) {
                OnnxTensor t = (OnnxTensor) r.get(0);
                FloatBuffer fb = t.getFloatBuffer();
                float[] hidden = new float[fb.remaining()];
                fb.get(hidden);
                float[][][] out = new float[poolings.size()][b][];
                for (int p = 0; p < poolings.size(); p++)
                    for (int i = 0; i < b; i++) out[p][i] = pool(hidden, i, len, batch[i].length, poolings.get(p));
                return out;
            }
        } catch (OrtException e) {
            throw new IllegalStateException(name + ": inference failed: " + e.getMessage(), e);
        } finally {
            for (OnnxTensor t : inputs.values()) t.close();
        }
    }

    private float[] pool(float[] hidden, int row, int len, int n, Pooling pooling) {
        float[] v = new float[dim];
        int base = row * len * dim;
        int from = 0, to = n;
        switch (pooling) {
            case CLS -> { System.arraycopy(hidden, base, v, 0, dim); return v; }
            case MAX -> {
                java.util.Arrays.fill(v, Float.NEGATIVE_INFINITY);
                for (int p = 0; p < n; p++)
                    for (int d = 0; d < dim; d++) v[d] = Math.max(v[d], hidden[base + p * dim + d]);
                return v;
            }
            case MEAN_NO_SPECIAL -> { if (n > 2) { from = 1; to = n - 1; } }
            case MEAN -> { }
        }
        double[] acc = new double[dim];
        for (int p = from; p < to; p++)
            for (int d = 0; d < dim; d++) acc[d] += hidden[base + p * dim + d];
        for (int d = 0; d < dim; d++) v[d] = (float) (acc[d] / (to - from));
        return v;
    }

    @Override
    public void close() {
        try {
            session.close();
        } catch (OrtException e) {
            throw new IllegalStateException(e);
        }
        tokenizer.close();
    }

    /** Cosine of two vectors (helper for tests and checks). */
    public static double cosine(float[] a, float[] b) {
        double ab = 0, aa = 0, bb = 0;
        for (int i = 0; i < a.length; i++) { ab += a[i] * (double) b[i]; aa += a[i] * (double) a[i]; bb += b[i] * (double) b[i]; }
        return aa == 0 || bb == 0 ? 0 : ab / Math.sqrt(aa * bb);
    }

}
