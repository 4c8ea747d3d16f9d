package dev.microembed;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import dev.microembed.pool.PoolKernels;
import org.junit.jupiter.api.Test;

/** The default load pools with the scalar twin first and then with the best kernel; the vectors never change. */
class ScalarFirstKernelTest {
    @Test
    void switchesAfterTheScalarCallsAndGivesTheSameBits() {
        String[] texts = {"The dog is sleeping 🐶", "I love this new phone 😍 #happy", "Der Hund schläft, il dort.", "a b c d e f g"};
        try (Microembed best = Microembed.load(Fixtures.vocab(), PoolKernels.best()); Microembed first = Microembed.load(Fixtures.vocab())) {
            assertEquals(PoolKernels.best().name(), first.kernelName());
            float[] a = new float[best.dim()], b = new float[first.dim()];
            for (int i = 0; i < ScalarFirstKernel.SCALAR_CALLS + 200; i++) {
                String t = texts[i % texts.length] + " " + i;
                best.embed(t, a);
                first.embed(t, b);
                assertArrayEquals(a, b, "call " + i);
            }
        }
        ScalarFirstKernel k = new ScalarFirstKernel();
        float[] out = new float[1];
        java.lang.foreign.MemorySegment row = java.lang.foreign.MemorySegment.ofArray(new byte[] {3});
        for (int i = 0; i < ScalarFirstKernel.SCALAR_CALLS; i++) {
            assertSame(PoolKernels.scalar(), k.current(), "call " + i);
            k.meanRows(row, 1, new int[] {0}, 1, new float[] {0.5f}, out);
        }
        k.meanRows(row, 1, new int[] {0}, 1, new float[] {0.5f}, out);
        assertSame(PoolKernels.best(), k.current());
        assertEquals(1.5f, out[0]);
    }
}
