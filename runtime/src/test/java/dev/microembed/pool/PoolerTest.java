package dev.microembed.pool;

import static org.junit.jupiter.api.Assertions.*;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.Random;
import net.jqwik.api.*;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

class PoolerTest {
    private static final PoolKernel VECTOR = PoolKernels.vector().orElseThrow();

    /** A straightforward transcription of docs/model-format.md, independent of both kernels. */
    static float[] reference(byte[] table, int dim, float[] scales, float[] weights, int[] ids, int n) {
        float[] v = new float[dim];
        if (n == 0) return v;
        for (int d = 0; d < dim; d++) {
            if (weights == null) {
                long acc = 0;
                for (int i = 0; i < n; i++) acc += table[ids[i] * dim + d];
                v[d] = (float) acc * scales[d];
            } else {
                float acc = 0f;
                for (int i = 0; i < n; i++) acc = acc + (weights[ids[i]] * (float) table[ids[i] * dim + d]);
                v[d] = acc * scales[d];
            }
        }
        double s = 0;
        for (int d = 0; d < dim; d++) s += (double) v[d] * (double) v[d];
        if (s == 0) return new float[dim];
        double inv = 1.0 / Math.sqrt(s);
        for (int d = 0; d < dim; d++) v[d] = (float) ((double) v[d] * inv);
        return v;
    }

    @Property(tries = 300)
    void vectorEqualsScalarEqualsReference(@ForAll("dims") int dim, @ForAll @IntRange(min = 1, max = 300) int vocab,
                                           @ForAll @IntRange(min = 0, max = 700) int n, @ForAll boolean weighted, @ForAll long seed) {
        Random r = new Random(seed);
        byte[] table = new byte[vocab * dim];
        r.nextBytes(table); // includes -128, which readers must accept
        float[] scales = new float[dim];
        for (int d = 0; d < dim; d++) scales[d] = (float) (r.nextGaussian() * 0.01);
        float[] weights = null;
        if (weighted) {
            weights = new float[vocab];
            for (int i = 0; i < vocab; i++) weights[i] = (float) Math.abs(r.nextGaussian() * 3);
        }
        int[] ids = new int[n + r.nextInt(3)];
        for (int i = 0; i < ids.length; i++) ids[i] = r.nextInt(vocab);
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment seg = arena.allocate(table.length, 64);
            seg.copyFrom(MemorySegment.ofArray(table));
            float[] expected = reference(table, dim, scales, weights, ids, n);
            float[] scalar = new float[dim], vector = new float[dim + 3];
            new Pooler(seg, vocab, dim, scales, weights, PoolKernels.scalar()).pool(ids, n, scalar);
            new Pooler(seg, vocab, dim, scales, weights, VECTOR).pool(ids, n, vector);
            for (int d = 0; d < dim; d++) {
                assertEquals(Float.floatToRawIntBits(expected[d]), Float.floatToRawIntBits(scalar[d]), "scalar d=" + d);
                assertEquals(Float.floatToRawIntBits(expected[d]), Float.floatToRawIntBits(vector[d]), "vector d=" + d);
            }
            double norm = 0;
            for (int d = 0; d < dim; d++) norm += (double) vector[d] * vector[d];
            boolean zero = norm == 0;
            assertTrue(zero || Math.abs(norm - 1) < 1e-5, "norm " + norm);
            if (n > 0 && !zero) assertEquals(0f, vector[dim], "wrote beyond dim");
        }
    }

    @Provide
    Arbitrary<Integer> dims() {
        return Arbitraries.of(1, 3, 16, 63, 64, 65, 100, 128, 130, 256, 300);
    }

    @Test
    void extremeRowsDoNotOverflowShortLanes() {
        int dim = 64, n = 600; // > 2 flushes of 256 rows, all -128 or all 127
        byte[] table = new byte[2 * dim];
        java.util.Arrays.fill(table, 0, dim, (byte) -128);
        java.util.Arrays.fill(table, dim, 2 * dim, (byte) 127);
        float[] scales = new float[dim];
        java.util.Arrays.fill(scales, 1f);
        scales[0] = 2f;
        for (int row = 0; row < 2; row++) {
            int[] ids = new int[n];
            java.util.Arrays.fill(ids, row);
            float[] a = new float[dim], b = new float[dim];
            new Pooler(MemorySegment.ofArray(table), 2, dim, scales, null, VECTOR).pool(ids, n, a);
            new Pooler(MemorySegment.ofArray(table), 2, dim, scales, null, PoolKernels.scalar()).pool(ids, n, b);
            assertArrayEquals(b, a);
            assertArrayEquals(reference(table, dim, scales, null, ids, n), a);
        }
    }

    @Test
    void noTokensOrZeroRowsGiveTheZeroVector() {
        byte[] table = new byte[3 * 64];
        float[] scales = new float[64];
        java.util.Arrays.fill(scales, 1f);
        float[] out = new float[64];
        java.util.Arrays.fill(out, 5f);
        Pooler p = new Pooler(MemorySegment.ofArray(table), 3, 64, scales, null, VECTOR);
        p.pool(new int[0], 0, out);
        assertArrayEquals(new float[64], out);
        java.util.Arrays.fill(out, 5f);
        p.pool(new int[] {0, 1}, 2, out);
        assertArrayEquals(new float[64], out);
    }
}
