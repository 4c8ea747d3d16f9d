package dev.microembed.pool;

import java.lang.foreign.MemorySegment;

/** Run in a forked JVM by {@link PoolKernelsTest}: prints the selected kernel and one pooled vector's bits. */
public final class KernelProbe {
    public static void main(String[] args) {
        byte[] table = new byte[10 * 64];
        for (int i = 0; i < table.length; i++) table[i] = (byte) (i * 37 + 11);
        float[] scales = new float[64];
        for (int d = 0; d < 64; d++) scales[d] = 0.01f + d * 0.001f;
        Pooler p = new Pooler(MemorySegment.ofArray(table), 10, 64, scales, null, PoolKernels.best());
        float[] out = new float[64];
        p.pool(new int[] {1, 3, 3, 9}, 4, out);
        long h = 0;
        for (float f : out) h = h * 31 + Float.floatToRawIntBits(f);
        System.out.println(PoolKernels.best().name() + " " + h);
    }
}
