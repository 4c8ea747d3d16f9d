package dev.microembed.pool;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import jdk.incubator.vector.ByteVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.ShortVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorShape;
import jdk.incubator.vector.VectorShuffle;
import jdk.incubator.vector.VectorSpecies;

/**
 * The SIMD twin of {@link ScalarPoolKernel} on the machine's preferred vector width (512 bits with AVX-512).
 * Only {@link PoolKernels} touches this class, and only when {@code jdk.incubator.vector} is in the boot layer,
 * so the runtime still loads without {@code --add-modules jdk.incubator.vector}.
 *
 * <p>Mean: each row slice of {@code LS} int8 values ({@code LS} = short lanes, 32 at 512 bits) is loaded as a
 * half-width byte vector and sign-extended into short lanes (one {@code vpmovsxbw}); two short accumulators
 * cover {@code 2·LS} dimensions (64 at 512 bits) and stay in registers across all rows. Shorts cannot overflow
 * within {@value #SHORT_ROWS} rows (256 · 128 = 32768), so every block of that many rows is flushed into int
 * lanes; integer sums are exact, so the order is free and the result equals the scalar twin's. The flush takes
 * the upper half of a short vector with a constant lane shuffle rather than {@code convertShape(..., part 1)},
 * which is not intrinsified and allocates. Weighted: int8 slices of {@code LI} values widen straight into float
 * lanes and each lane runs the scalar twin's exact sequence {@code acc = acc + w · x} (separate multiply and
 * add). Leftover dimensions go through narrower chunks and finally the scalar loops.
 */
final class VectorPoolKernel implements PoolKernel {
    static final int SHORT_ROWS = 256;
    private static final VectorShape P = VectorShape.preferredShape();
    private static final VectorSpecies<Short> S = VectorSpecies.of(short.class, P);
    private static final VectorSpecies<Integer> I = VectorSpecies.of(int.class, P);
    private static final VectorSpecies<Float> F = VectorSpecies.of(float.class, P);
    private static final int LS = S.length(), LI = I.length();
    /** Bytes widened to shorts: LS lanes, half the preferred width. */
    private static final VectorSpecies<Byte> B_S = VectorSpecies.of(byte.class, VectorShape.forBitSize(LS * 8));
    /** Bytes widened to ints or floats: LI lanes, a quarter of the preferred width. */
    private static final VectorSpecies<Byte> B_I = VectorSpecies.of(byte.class, VectorShape.forBitSize(LI * 8));
    /** Moves the upper LI short lanes down, so a part-0 conversion widens them. */
    private static final VectorShuffle<Short> UPPER_HALF = VectorShuffle.fromOp(S, i -> (i + LI) % LS);

    VectorPoolKernel() {
        if (LS != 2 * LI || B_S.length() != LS || B_I.length() != LI || F.length() != LI)
            throw new IllegalStateException("unexpected vector shapes " + S + " " + I);
    }

    @Override
    public String name() {
        return "vector-" + P.vectorBitSize();
    }

    /** Sign-extends {@code LS} int8 values at {@code offset} into short lanes. */
    private static ShortVector widenToShorts(MemorySegment table, long offset) {
        return (ShortVector) ByteVector.fromMemorySegment(B_S, table, offset, ByteOrder.LITTLE_ENDIAN).convertShape(VectorOperators.B2S, S, 0);
    }

    /** Sign-extends {@code LI} int8 values at {@code offset} into float lanes (exact). */
    private static FloatVector widenToFloats(MemorySegment table, long offset) {
        return (FloatVector) ByteVector.fromMemorySegment(B_I, table, offset, ByteOrder.LITTLE_ENDIAN).convertShape(VectorOperators.B2F, F, 0);
    }

    private static IntVector lowerInts(ShortVector s) {
        return (IntVector) s.convertShape(VectorOperators.S2I, I, 0);
    }

    private static IntVector upperInts(ShortVector s) {
        return (IntVector) s.rearrange(UPPER_HALF).convertShape(VectorOperators.S2I, I, 0);
    }

    /** {@code out[d..d+LI) = f32(acc) * scales[d..d+LI)}. */
    private static void scaleInto(IntVector acc, float[] scales, float[] out, int d) {
        ((FloatVector) acc.convertShape(VectorOperators.I2F, F, 0)).mul(FloatVector.fromArray(F, scales, d)).intoArray(out, d);
    }

    @Override
    public void meanRows(MemorySegment table, int dim, int[] ids, int n, float[] scales, float[] out) {
        int d = 0;
        for (; d + 2 * LS <= dim; d += 2 * LS) {
            IntVector i0 = IntVector.zero(I), i1 = IntVector.zero(I), i2 = IntVector.zero(I), i3 = IntVector.zero(I);
            for (int start = 0; start < n; start += SHORT_ROWS) {
                int end = Math.min(n, start + SHORT_ROWS);
                ShortVector s0 = ShortVector.zero(S), s1 = ShortVector.zero(S);
                for (int i = start; i < end; i++) {
                    long row = (long) ids[i] * dim + d;
                    s0 = s0.add(widenToShorts(table, row));
                    s1 = s1.add(widenToShorts(table, row + LS));
                }
                i0 = i0.add(lowerInts(s0));
                i1 = i1.add(upperInts(s0));
                i2 = i2.add(lowerInts(s1));
                i3 = i3.add(upperInts(s1));
            }
            scaleInto(i0, scales, out, d);
            scaleInto(i1, scales, out, d + LI);
            scaleInto(i2, scales, out, d + 2 * LI);
            scaleInto(i3, scales, out, d + 3 * LI);
        }
        for (; d + LS <= dim; d += LS) {
            IntVector i0 = IntVector.zero(I), i1 = IntVector.zero(I);
            for (int start = 0; start < n; start += SHORT_ROWS) {
                int end = Math.min(n, start + SHORT_ROWS);
                ShortVector s0 = ShortVector.zero(S);
                for (int i = start; i < end; i++) s0 = s0.add(widenToShorts(table, (long) ids[i] * dim + d));
                i0 = i0.add(lowerInts(s0));
                i1 = i1.add(upperInts(s0));
            }
            scaleInto(i0, scales, out, d);
            scaleInto(i1, scales, out, d + LI);
        }
        for (; d < dim; d++) {
            int acc = 0;
            for (int i = 0; i < n; i++) acc += table.get(ValueLayout.JAVA_BYTE, (long) ids[i] * dim + d);
            out[d] = (float) acc * scales[d];
        }
    }

    @Override
    public void weightedRows(MemorySegment table, int dim, int[] ids, int n, float[] weights, float[] scales, float[] out) {
        int d = 0;
        for (; d + 4 * LI <= dim; d += 4 * LI) {
            FloatVector a0 = FloatVector.zero(F), a1 = FloatVector.zero(F), a2 = FloatVector.zero(F), a3 = FloatVector.zero(F);
            for (int i = 0; i < n; i++) {
                int id = ids[i];
                float w = weights[id];
                long row = (long) id * dim + d;
                a0 = a0.add(widenToFloats(table, row).mul(w));
                a1 = a1.add(widenToFloats(table, row + LI).mul(w));
                a2 = a2.add(widenToFloats(table, row + 2 * LI).mul(w));
                a3 = a3.add(widenToFloats(table, row + 3 * LI).mul(w));
            }
            a0.mul(FloatVector.fromArray(F, scales, d)).intoArray(out, d);
            a1.mul(FloatVector.fromArray(F, scales, d + LI)).intoArray(out, d + LI);
            a2.mul(FloatVector.fromArray(F, scales, d + 2 * LI)).intoArray(out, d + 2 * LI);
            a3.mul(FloatVector.fromArray(F, scales, d + 3 * LI)).intoArray(out, d + 3 * LI);
        }
        for (; d + LI <= dim; d += LI) {
            FloatVector a = FloatVector.zero(F);
            for (int i = 0; i < n; i++) {
                int id = ids[i];
                a = a.add(widenToFloats(table, (long) id * dim + d).mul(weights[id]));
            }
            a.mul(FloatVector.fromArray(F, scales, d)).intoArray(out, d);
        }
        for (; d < dim; d++) {
            float acc = 0f;
            for (int i = 0; i < n; i++) {
                int id = ids[i];
                acc = acc + weights[id] * (float) table.get(ValueLayout.JAVA_BYTE, (long) id * dim + d);
            }
            out[d] = acc * scales[d];
        }
    }
}
