package dev.microembed.pool;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import jdk.incubator.vector.ByteVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorShape;
import jdk.incubator.vector.VectorSpecies;

/**
 * The SIMD twin of {@link ScalarPoolKernel} on the machine's preferred vector width (512 bits with AVX-512).
 * Only {@link PoolKernels} touches this class, and only when {@code jdk.incubator.vector} is in the boot layer,
 * so the runtime still loads without {@code --add-modules jdk.incubator.vector}.
 *
 * <p>Each row slice of {@code L} int8 values ({@code L} = int lanes, 16 at 512 bits) is loaded as a small byte
 * vector and sign-extended straight into {@code L} int (or float) lanes — one instruction on AVX-512 — so no
 * lane-splitting "parts" are needed (they defeat the intrinsics and allocate). Dimensions are walked in chunks of
 * {@code 4·L} with four accumulators held in registers across all rows, then chunks of {@code L}, then a scalar
 * tail. Integer sums are exact, so their order is free; the weighted mode runs, per lane, the scalar twin's exact
 * sequence {@code acc = acc + w · x} (separate multiply and add), so both twins give the same bits.
 */
final class VectorPoolKernel implements PoolKernel {
    private static final VectorSpecies<Integer> I = IntVector.SPECIES_PREFERRED;
    private static final VectorSpecies<Float> F = VectorSpecies.of(float.class, I.vectorShape());
    private static final VectorSpecies<Byte> B = VectorSpecies.of(byte.class, VectorShape.forBitSize(I.length() * 8));
    private static final int L = I.length();

    VectorPoolKernel() {
        if (B.length() != L || F.length() != L) throw new IllegalStateException("unexpected vector shapes " + B + " " + I);
    }

    @Override
    public String name() {
        return "vector-" + I.vectorBitSize();
    }

    /** Sign-extends {@code L} int8 values at {@code offset} into int lanes. */
    private static IntVector widenToInts(MemorySegment table, long offset) {
        return (IntVector) ByteVector.fromMemorySegment(B, table, offset, ByteOrder.LITTLE_ENDIAN).convertShape(VectorOperators.B2I, I, 0);
    }

    /** Sign-extends {@code L} int8 values at {@code offset} into float lanes (exact). */
    private static FloatVector widenToFloats(MemorySegment table, long offset) {
        return (FloatVector) ByteVector.fromMemorySegment(B, table, offset, ByteOrder.LITTLE_ENDIAN).convertShape(VectorOperators.B2F, F, 0);
    }

    /** {@code out[d..d+L) = f32(acc) * scales[d..d+L)}. */
    private static void scaleInto(IntVector acc, float[] scales, float[] out, int d) {
        ((FloatVector) acc.convertShape(VectorOperators.I2F, F, 0)).mul(FloatVector.fromArray(F, scales, d)).intoArray(out, d);
    }

    @Override
    public void meanRows(MemorySegment table, int dim, int[] ids, int n, float[] scales, float[] out) {
        int d = 0;
        for (; d + 4 * L <= dim; d += 4 * L) {
            IntVector a0 = IntVector.zero(I), a1 = IntVector.zero(I), a2 = IntVector.zero(I), a3 = IntVector.zero(I);
            for (int i = 0; i < n; i++) {
                long row = (long) ids[i] * dim + d;
                a0 = a0.add(widenToInts(table, row));
                a1 = a1.add(widenToInts(table, row + L));
                a2 = a2.add(widenToInts(table, row + 2 * L));
                a3 = a3.add(widenToInts(table, row + 3 * L));
            }
            scaleInto(a0, scales, out, d);
            scaleInto(a1, scales, out, d + L);
            scaleInto(a2, scales, out, d + 2 * L);
            scaleInto(a3, scales, out, d + 3 * L);
        }
        for (; d + L <= dim; d += L) {
            IntVector a = IntVector.zero(I);
            for (int i = 0; i < n; i++) a = a.add(widenToInts(table, (long) ids[i] * dim + d));
            scaleInto(a, scales, out, d);
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
        for (; d + 4 * L <= dim; d += 4 * L) {
            FloatVector a0 = FloatVector.zero(F), a1 = FloatVector.zero(F), a2 = FloatVector.zero(F), a3 = FloatVector.zero(F);
            for (int i = 0; i < n; i++) {
                int id = ids[i];
                float w = weights[id];
                long row = (long) id * dim + d;
                a0 = a0.add(widenToFloats(table, row).mul(w));
                a1 = a1.add(widenToFloats(table, row + L).mul(w));
                a2 = a2.add(widenToFloats(table, row + 2 * L).mul(w));
                a3 = a3.add(widenToFloats(table, row + 3 * L).mul(w));
            }
            a0.mul(FloatVector.fromArray(F, scales, d)).intoArray(out, d);
            a1.mul(FloatVector.fromArray(F, scales, d + L)).intoArray(out, d + L);
            a2.mul(FloatVector.fromArray(F, scales, d + 2 * L)).intoArray(out, d + 2 * L);
            a3.mul(FloatVector.fromArray(F, scales, d + 3 * L)).intoArray(out, d + 3 * L);
        }
        for (; d + L <= dim; d += L) {
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
