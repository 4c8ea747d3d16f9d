package dev.microembed.tokenizer;

import java.lang.management.ManagementFactory;
import java.nio.file.Path;

/**
 * Measures {@link Tokenizer#load} of a tokenizer.json: the first load in this JVM (cold: includes
 * class loading and interpreted code), then warm loads (wall, thread CPU, bytes allocated), and
 * the heap the loaded tokenizer keeps. Not a unit test; run from the checkout after {@code ./mvnw -pl runtime -Pjmh test-compile}:
 * {@code java -cp runtime/target/classes:runtime/target/test-classes dev.microembed.tokenizer.TokenizerLoadSpeed vocab/tokenizer.json}
 */
public final class TokenizerLoadSpeed {
    public static void main(String[] args) {
        Path file = Path.of(args.length > 0 ? args[0] : "vocab/tokenizer.json");
        com.sun.management.ThreadMXBean mx = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        if (System.getProperty("tablesFirst") != null) { // separate the static Unicode tables from the load
            long w = System.nanoTime(), c = mx.getCurrentThreadCpuTime();
            UnicodeTables.ccc('a');
            System.out.printf("Unicode tables (static, once per JVM): %.1f ms wall, %.1f ms thread CPU%n",
                    (System.nanoTime() - w) / 1e6, (mx.getCurrentThreadCpuTime() - c) / 1e6);
        }
        long c0 = mx.getCurrentThreadCpuTime(), t0 = System.nanoTime(), a0 = mx.getCurrentThreadAllocatedBytes();
        Tokenizer first = Tokenizer.load(file);
        long t1 = System.nanoTime(), c1 = mx.getCurrentThreadCpuTime(), a1 = mx.getCurrentThreadAllocatedBytes();
        System.out.printf("cold load: %.1f ms wall, %.1f ms thread CPU, %.1f MB allocated (vocabSize %d)%n",
                (t1 - t0) / 1e6, (c1 - c0) / 1e6, (a1 - a0) / 1e6, first.vocabSize());
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 20;
        long best = Long.MAX_VALUE, bestCpu = Long.MAX_VALUE, alloc = 0;
        for (int r = 0; r < rounds; r++) {
            long w0 = System.nanoTime(), k0 = mx.getCurrentThreadCpuTime(), b0 = mx.getCurrentThreadAllocatedBytes();
            Tokenizer t = Tokenizer.load(file);
            best = Math.min(best, System.nanoTime() - w0);
            bestCpu = Math.min(bestCpu, mx.getCurrentThreadCpuTime() - k0);
            alloc = mx.getCurrentThreadAllocatedBytes() - b0;
            if (t.vocabSize() != first.vocabSize()) throw new AssertionError();
        }
        System.out.printf("warm load (best of %d): %.1f ms wall, %.1f ms thread CPU, %.1f MB allocated%n",
                rounds, best / 1e6, bestCpu / 1e6, alloc / 1e6);
        first = null;
        long before = usedAfterGc();
        Tokenizer kept = Tokenizer.load(file);
        kept.encode("warm up per-thread scratch", new int[512], true);
        long after = usedAfterGc();
        System.out.printf("heap kept by one loaded tokenizer: %.2f MB (%d)%n", (after - before) / 1e6, kept.vocabSize());
    }

    private static long usedAfterGc() {
        Runtime rt = Runtime.getRuntime();
        for (int i = 0; i < 4; i++) System.gc();
        return rt.totalMemory() - rt.freeMemory();
    }
}
