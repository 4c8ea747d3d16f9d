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
 * [V, D]) with the same tokenizer and pooling (mean, or weighted mean with the model's {@code weights}) through
 * {@link StaticEncoder}, to show what int8 quantisation costs. Not cached: embedding is faster than reading a cache.
 */
public final class MicroembedModel implements EvalModel {
    public static final String F32_FILE = "embeddings-f32.safetensors";
    private final String name;
    private final Path dir;
    private final Microembed runtime;
    private final StaticEncoder f32; // f32 variant only: the float table with the runtime's tokenizer and pooling
    private final int dim;
    private final ThreadLocal<float[]> scratch;

    private MicroembedModel(String name, Path dir, Microembed runtime, StaticEncoder f32) {
        this.name = name;
        this.dir = dir;
        this.runtime = runtime;
        this.f32 = f32;
        this.dim = runtime.dim();
        this.scratch = ThreadLocal.withInitial(() -> new float[runtime.dim()]);
    }

    public static MicroembedModel int8(Path dir, String name) {
        return new MicroembedModel(name, dir, Microembed.load(dir), null);
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
        return new MicroembedModel(name, dir, rt, new StaticEncoder(rt.tokenizer(), table, rt.dim(), weights, rt.maxTokens()));
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public String description() {
        return "microembed " + (f32 == null ? "int8" : "float32") + " table, " + dim + "-d, " + EvalCommand.display(dir)
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
        if (f32 == null) runtime.embed(text, out);
        else f32.embed(text, out);
    }

    @Override
    public void close() {
        runtime.close();
    }
}
