package dev.microembed.pool;

import java.lang.foreign.MemorySegment;

/**
 * Pooling as specified in {@code docs/model-format.md} ("Pooling (normative, bit-exact)"): sums the rows of
 * the int8 table for the given token ids ({@link PoolKernel}), applies the scales, then L2-normalises in float64.
 * Immutable and thread-safe; {@link #pool} allocates nothing.
 */
public final class Pooler {
    private final MemorySegment table;
    private final int vocabSize, dim;
    private final float[] scales;
    private final float[] weights; // null for uniform mean
    private final PoolKernel kernel;

    /**
     * @param table   int8 [vocabSize, dim], row-major
     * @param weights per-token weights [vocabSize] for weighted mean, or null for uniform mean
     */
    public Pooler(MemorySegment table, int vocabSize, int dim, float[] scales, float[] weights, PoolKernel kernel) {
        if (table.byteSize() != (long) vocabSize * dim) throw new IllegalArgumentException("table is not [" + vocabSize + ", " + dim + "]");
        if (scales.length != dim) throw new IllegalArgumentException("scales length " + scales.length + " != dim " + dim);
        if (weights != null && weights.length != vocabSize) throw new IllegalArgumentException("weights length != vocab size");
        this.table = table;
        this.vocabSize = vocabSize;
        this.dim = dim;
        this.scales = scales.clone();
        this.weights = weights == null ? null : weights.clone();
        this.kernel = kernel;
    }

    public Pooler withKernel(PoolKernel other) {
        return new Pooler(table, vocabSize, dim, scales, weights, other);
    }

    public int dim() {
        return dim;
    }

    public int vocabSize() {
        return vocabSize;
    }

    public PoolKernel kernel() {
        return kernel;
    }

    public boolean weighted() {
        return weights != null;
    }

    /**
     * Pools {@code ids[0..n)} into {@code out[0..dim)}: a unit vector, or zeros when {@code n == 0} or the sum
     * vanishes. Ids must be in {@code [0, vocabSize)}.
     */
    public void pool(int[] ids, int n, float[] out) {
        if (out.length < dim) throw new IllegalArgumentException("out has " + out.length + " floats, need " + dim);
        if (n > ids.length) throw new IllegalArgumentException("n > ids.length");
        if (n <= 0) {
            java.util.Arrays.fill(out, 0, dim, 0f);
            return;
        }
        if (weights == null) kernel.meanRows(table, dim, ids, n, scales, out);
        else kernel.weightedRows(table, dim, ids, n, weights, scales, out);
        normalize(out, dim);
    }

    /** Step 4: float64 sum of squares from d = 0 upward, then {@code out[d] = f32(f64(v[d]) / sqrt(s))} via a reciprocal. */
    public static void normalize(float[] v, int dim) {
        double s = 0;
        for (int d = 0; d < dim; d++) {
            double x = v[d];
            s += x * x;
        }
        if (s == 0 || !Double.isFinite(s)) { // only float32 overflow in v can make s non-finite; zero is the safe answer
            java.util.Arrays.fill(v, 0, dim, 0f);
            return;
        }
        double inv = 1.0 / Math.sqrt(s);
        for (int d = 0; d < dim; d++) v[d] = (float) (v[d] * inv);
    }
}
