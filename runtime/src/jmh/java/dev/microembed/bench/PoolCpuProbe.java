package dev.microembed.bench;

import dev.microembed.model.ModelFolder;
import dev.microembed.pool.PoolKernels;
import dev.microembed.pool.Pooler;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Arrays;
import java.util.Random;

/**
 * {@link PoolBenchmark}'s work (32 random ids of the real table, vector kernel and scalar twin) timed by the
 * thread's CPU time in interleaved rounds, for a machine too busy for JMH's wall-clock figures: the time the
 * scheduler gives other processes is left out. Prints the median ns per call of each kernel and checks that
 * both produce the same bits.
 * {@code java --add-modules jdk.incubator.vector -cp runtime/target/microembed.jar:runtime/target/test-classes dev.microembed.bench.PoolCpuProbe [rounds [hot]]}
 */
public final class PoolCpuProbe {
    private PoolCpuProbe() {}

    public static void main(String[] args) {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 21, tokens = 32, calls = 200_000;
        // "hot": ids among the first 1,024 rows (64 KB of table, cache-resident: the kernel's own cost);
        // default: ids over the whole table (mostly cache misses, as PoolBenchmark)
        boolean hot = args.length > 1 && args[1].equals("hot");
        try (ModelFolder folder = ModelFolder.open(BenchModels.model())) {
            Pooler vector = folder.pooler(PoolKernels.vector().orElseThrow(() -> new IllegalStateException("no vector kernel: run with --add-modules jdk.incubator.vector")));
            Pooler scalar = folder.pooler(PoolKernels.scalar());
            Random r = new Random(42);
            int[][] idSets = new int[1024][tokens];
            for (int[] ids : idSets) for (int i = 0; i < tokens; i++) ids[i] = r.nextInt(hot ? Math.min(1024, folder.vocabSize()) : folder.vocabSize());
            float[] a = new float[folder.dim()], b = new float[folder.dim()];
            for (int[] ids : idSets) {
                vector.pool(ids, tokens, a);
                scalar.pool(ids, tokens, b);
                if (!Arrays.equals(a, b)) throw new AssertionError("vector and scalar kernels differ");
            }
            ThreadMXBean threads = ManagementFactory.getThreadMXBean();
            Pooler[] kernels = {vector, scalar};
            double[][] ns = new double[2][rounds];
            float sink = 0;
            for (int w = 0; w < 5; w++) for (Pooler p : kernels) sink += run(p, idSets, tokens, calls, a);
            for (int round = 0; round < rounds; round++)
                for (int j = 0; j < 2; j++) {
                    int k = (j + round) & 1;
                    long c0 = threads.getCurrentThreadCpuTime();
                    sink += run(kernels[k], idSets, tokens, calls, a);
                    ns[k][round] = (threads.getCurrentThreadCpuTime() - c0) / (double) calls;
                }
            for (double[] x : ns) Arrays.sort(x);
            System.out.printf(java.util.Locale.ROOT, "pool %d %s tokens: %s %.1f ns, scalar %.1f ns per call (thread CPU time, median of %d rounds; min %.1f / %.1f) sink %s%n",
                    tokens, hot ? "hot" : "random", vector.kernel().name(), ns[0][rounds / 2], ns[1][rounds / 2], rounds, ns[0][0], ns[1][0], Float.isNaN(sink) ? "nan" : "ok");
        }
    }

    private static float run(Pooler p, int[][] idSets, int tokens, int calls, float[] out) {
        float s = 0;
        for (int c = 0; c < calls; c++) {
            p.pool(idSets[c & 1023], tokens, out);
            s += out[0];
        }
        return s;
    }
}
