package dev.microembed.eval;

import dev.microembed.Microembed;
import dev.microembed.model.SafetensorsReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * microembed itself through the runtime API {@link Microembed}: {@link #int8} is exactly what users
 * get ({@code Microembed.load(dir).embed}); {@link #f32} pools the same tokens over the folder's
 * optional un-quantised table {@code embeddings-f32.safetensors} (tensor {@code embeddings}, F32
 * [V, D]) with the same pooling (mean, or weighted mean with the model's {@code weights}), to show
 * what int8 quantisation costs. Not cached: embedding is faster than reading a cache.
 */
public final class MicroembedModel implements EvalModel {
    public static final String F32_FILE = "embeddings-f32.safetensors";
    private final String name;
    private final Path dir;
    private final Microembed runtime;
    private final float[] table; // f32 variant only: [V * D]
    private final float[] weights; // f32 variant with weighted_mean pooling, else null
    private final int dim;
    private final ThreadLocal<int[]> ids;
    private final ThreadLocal<float[]> scratch;

    private MicroembedModel(String name, Path dir, Microembed runtime, float[] table, float[] weights) {
        this.name = name;
        this.dir = dir;
        this.runtime = runtime;
        this.table = table;
        this.weights = weights;
        this.dim = runtime.dim();
        this.ids = ThreadLocal.withInitial(() -> new int[runtime.maxTokens()]);
        this.scratch = ThreadLocal.withInitial(() -> new float[runtime.dim()]);
    }

    public static MicroembedModel int8(Path dir, String name) {
        return new MicroembedModel(name, dir, Microembed.load(dir), null, null);
    }

    public static MicroembedModel f32(Path dir, String name) {
        Microembed rt = Microembed.load(dir);
        float[] table, weights = null;
        try (SafetensorsReader r = SafetensorsReader.open(dir.resolve(F32_FILE))) {
            String t = r.has("embeddings") ? "embeddings" : r.names().getFirst();
            long[] shape = r.shape(t);
            if (!"F32".equals(r.dtype(t)) || shape.length != 2 || shape[1] != rt.dim()) {
                throw new IllegalArgumentException(dir.resolve(F32_FILE) + ": tensor " + t + " must be F32 [V, " + rt.dim() + "]");
            }
            table = r.floats(t);
        }
        if (rt.model().weightedPooling()) weights = rt.model().weights();
        return new MicroembedModel(name, dir, rt, table, weights);
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public String description() {
        return "microembed " + (table == null ? "int8" : "float32") + " table, " + dim + "-d, " + EvalCommand.display(dir)
                + " (runtime kernel " + runtime.kernelName() + ")";
    }

    @Override
    public float[][] embed(List<String> texts) {
        float[][] out = new float[texts.size()][];
        for (int i = 0; i < out.length; i++) {
            out[i] = new float[dim];
            embedInto(texts.get(i), out[i]);
        }
        return out;
    }

    /** The allocation-free hot path users call in a loop: {@code embed(text, out)} into a reused array. */
    @Override
    public Object encodeOne(String text) {
        float[] out = scratch.get();
        embedInto(text, out);
        return out;
    }

    private void embedInto(String text, float[] out) {
        if (table == null) {
            runtime.embed(text, out);
            return;
        }
        int[] buf = ids.get();
        int n = runtime.poolingIds(text, buf);
        java.util.Arrays.fill(out, 0);
        int rows = table.length / dim;
        for (int i = 0; i < n; i++) {
            int id = buf[i];
            if (id < 0 || id >= rows) continue;
            float w = weights == null ? 1f : weights[id];
            int o = id * dim;
            for (int d = 0; d < dim; d++) out[d] += w * table[o + d];
        }
        FastTextModel.unit(out);
    }

    @Override
    public void close() {
        runtime.close();
    }
}
