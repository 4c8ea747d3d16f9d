package dev.microembed.pool;

import java.lang.foreign.MemorySegment;
import java.nio.ByteOrder;
import jdk.incubator.vector.ByteVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.ShortVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * The SIMD twin of {@link ScalarPoolKernel} on the machine's preferred vector width (512 bits with AVX-512).
 * Only {@link PoolKernels} touches this class, and only when {@code jdk.incubator.vector} is in the boot layer,
 * so the runtime still loads without {@code --add-modules jdk.incubator.vector}.
 *
 * <p>Mean pooling walks the dimensions in chunks of one byte vector (64 dims at 512 bits) and, inside a chunk,
 * all rows, so the accumulators stay in registers: each row is one load, widened to two short vectors and added.
 * Shorts cannot overflow for {@value #SHORT_ROWS} rows (256 · 128 = 32768), after which they are flushed into
 * int lanes; integer sums are exact, so the order does not matter and the result equals the scalar twin's.
 * Weighted pooling widens bytes to floats and runs, per lane, the scalar twin's exact sequence of mul then add.
 * Dimensions beyond the last full chunk go through the scalar twin's loops.
 */
final class VectorPoolKernel implements PoolKernel {
    static final int SHORT_ROWS = 256;
    private static final VectorSpecies<Byte> B = ByteVector.SPECIES_PREFERRED;
    private static final VectorSpecies<Short> S = VectorSpecies.of(short.class, B.vectorShape());
    private static final VectorSpecies<Integer> I = VectorSpecies.of(int.class, B.vectorShape());
    private static final VectorSpecies<Float> F = VectorSpecies.of(float.class, B.vectorShape());

    VectorPoolKernel() {
        if (B.length() != 4 * I.length()) throw new IllegalStateException("unexpected vector shape " + B);
    }

    @Override
    public String name() {
        return "vector-" + B.vectorBitSize();
    }

    @Override
    public void meanRows(MemorySegment table, int dim, int[] ids, int n, float[] scales, float[] out) {
        int chunk = B.length();
        int d = 0;
        for (; d + chunk <= dim; d += chunk) meanChunk(table, dim, d, ids, n, scales, out);
        for (; d < dim; d++) out[d] = (float) scalarColumnSum(table, dim, d, ids, n) * scales[d];
    }

    /** Sums rows for dims [d, d + B.length()) into int lanes and writes the scaled floats. */
    private static void meanChunk(MemorySegment table, int dim, int d, int[] ids, int n, float[] scales, float[] out) {
        IntVector i0 = IntVector.zero(I), i1 = IntVector.zero(I), i2 = IntVector.zero(I), i3 = IntVector.zero(I);
        for (int start = 0; start < n; start += SHORT_ROWS) {
            int end = Math.min(n, start + SHORT_ROWS);
            ShortVector s0 = ShortVector.zero(S), s1 = ShortVector.zero(S);
            for (int i = start; i < end; i++) {
                ByteVector row = ByteVector.fromMemorySegment(B, table, (long) ids[i] * dim + d, ByteOrder.LITTLE_ENDIAN);
                s0 = s0.add((ShortVector) row.convertShape(VectorOperators.B2S, S, 0));
                s1 = s1.add((ShortVector) row.convertShape(VectorOperators.B2S, S, 1));
            }
            i0 = i0.add((IntVector) s0.convertShape(VectorOperators.S2I, I, 0));
            i1 = i1.add((IntVector) s0.convertShape(VectorOperators.S2I, I, 1));
            i2 = i2.add((IntVector) s1.convertShape(VectorOperators.S2I, I, 0));
            i3 = i3.add((IntVector) s1.convertShape(VectorOperators.S2I, I, 1));
        }
        int l = I.length();
        scaleInto(i0, scales, out, d);
        scaleInto(i1, scales, out, d + l);
        scaleInto(i2, scales, out, d + 2 * l);
        scaleInto(i3, scales, out, d + 3 * l);
    }

    private static void scaleInto(IntVector acc, float[] scales, float[] out, int d) {
        FloatVector v = (FloatVector) acc.convert(VectorOperators.I2F, 0);
        v.mul(FloatVector.fromArray(F, scales, d)).intoArray(out, d);
    }

    private static int scalarColumnSum(MemorySegment table, int dim, int d, int[] ids, int n) {
        int acc = 0;
        for (int i = 0; i < n; i++) acc += table.get(java.lang.foreign.ValueLayout.JAVA_BYTE, (long) ids[i] * dim + d);
        return acc;
    }

    @Override
    public void weightedRows(MemorySegment table, int dim, int[] ids, int n, float[] weights, float[] scales, float[] out) {
        int chunk = B.length();
        int d = 0;
        for (; d + chunk <= dim; d += chunk) weightedChunk(table, dim, d, ids, n, weights, scales, out);
        for (; d < dim; d++) {
            float acc = 0f;
            for (int i = 0; i < n; i++) {
                int id = ids[i];
                acc = acc + weights[id] * (float) table.get(java.lang.foreign.ValueLayout.JAVA_BYTE, (long) id * dim + d);
            }
            out[d] = acc * scales[d];
        }
    }

    /** Per lane: acc = acc + (w * f32(byte)), no fused multiply-add, rows in order. */
    private static void weightedChunk(MemorySegment table, int dim, int d, int[] ids, int n, float[] weights, float[] scales, float[] out) {
        FloatVector a0 = FloatVector.zero(F), a1 = FloatVector.zero(F), a2 = FloatVector.zero(F), a3 = FloatVector.zero(F);
        for (int i = 0; i < n; i++) {
            int id = ids[i];
            float w = weights[id];
            ByteVector row = ByteVector.fromMemorySegment(B, table, (long) id * dim + d, ByteOrder.LITTLE_ENDIAN);
            a0 = a0.add(((FloatVector) row.convertShape(VectorOperators.B2F, F, 0)).mul(w));
            a1 = a1.add(((FloatVector) row.convertShape(VectorOperators.B2F, F, 1)).mul(w));
            a2 = a2.add(((FloatVector) row.convertShape(VectorOperators.B2F, F, 2)).mul(w));
            a3 = a3.add(((FloatVector) row.convertShape(VectorOperators.B2F, F, 3)).mul(w));
        }
        int l = F.length();
        a0.mul(FloatVector.fromArray(F, scales, d)).intoArray(out, d);
        a1.mul(FloatVector.fromArray(F, scales, d + l)).intoArray(out, d + l);
        a2.mul(FloatVector.fromArray(F, scales, d + 2 * l)).intoArray(out, d + 2 * l);
        a3.mul(FloatVector.fromArray(F, scales, d + 3 * l)).intoArray(out, d + 3 * l);
    }
}
