package dev.microembed.pool;

import java.lang.foreign.MemorySegment;

/**
 * Sums the int8 rows of the token table for a list of ids and applies the per-dimension scales:
 * steps 2 and 3 of "Pooling (normative, bit-exact)" in {@code docs/model-format.md}. Implementations must
 * produce bit-identical output; {@link ScalarPoolKernel} is the reference, {@code VectorPoolKernel} the fast twin.
 */
public interface PoolKernel {
    /**
     * {@code out[d] = f32(Σ_i table[ids[i]][d]) * scales[d]} with the sum in exact 32-bit integers.
     * Every id must be a row of {@code table} ({@code 0 <= id < table.byteSize() / dim}).
     */
    void meanRows(MemorySegment table, int dim, int[] ids, int n, float[] scales, float[] out);

    /**
     * {@code acc[d] = acc[d] + weights[ids[i]] * f32(table[ids[i]][d])} in float32 for {@code i = 0..n-1}
     * in order, starting from 0, then {@code out[d] = acc[d] * scales[d]}.
     */
    void weightedRows(MemorySegment table, int dim, int[] ids, int n, float[] weights, float[] scales, float[] out);

    /** A short name for reports ("scalar", "vector-512"). */
    String name();
}
