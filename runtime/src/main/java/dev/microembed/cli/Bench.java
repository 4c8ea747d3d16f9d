package dev.microembed.cli;

import dev.microembed.Microembed;
import java.io.IOException;
import java.io.PrintWriter;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * {@code microembed bench}: single-thread latency of {@code embed(text, out)}. Loads the model (timing the load
 * and measuring the heap it holds), warms up, then embeds every input line in rounds until the time budget is
 * spent, timing each call with {@link System#nanoTime()} (about 20 ns of the figure is the timer itself).
 * The last line is machine-readable: {@code bench p50_us=<n> p99_us=<n> texts_per_s=<n> model_heap_mb=<n>}.
 */
final class Bench {
    private Bench() {}

    static void run(List<String> argv, PrintWriter out) {
        Args a = Main.parse(argv, Set.of("--input", "--seconds", "--warmup"), Set.of(), out, """
                usage: microembed bench --input FILE [--seconds 5] [--warmup 2] [--model DIR]
                  embeds each line of FILE many times in one thread after warm-up; prints latency percentiles,
                  texts per second, model load time, heap and RSS; the last line is
                  bench p50_us=<n> p99_us=<n> texts_per_s=<n> model_heap_mb=<n>
                """);
        if (a.help) return;
        a.positionalCount(0, 0, "no positional arguments");
        Path input = Path.of(a.require("--input"));
        double seconds = a.decimal("--seconds", 5, 0.1, 3600);
        double warmup = a.decimal("--warmup", 2, 0, 3600);
        List<String> lines = Main.readLines(input);
        if (lines.isEmpty()) throw new Main.FileProblem(input + ": no lines to embed");

        MemoryMXBean mem = ManagementFactory.getMemoryMXBean();
        long heapBefore = settledHeap(mem);
        long t0 = System.nanoTime();
        Microembed m = Main.model(a);
        long loadNs = System.nanoTime() - t0;
        long heapAfter = settledHeap(mem);
        double modelHeapMb = Math.max(0, heapAfter - heapBefore) / 1e6;
        try (m) {
            float[] v = new float[m.dim()];
            long tokens = 0;
            int[] ids = new int[m.maxTokens()];
            for (String s : lines) tokens += m.poolingIds(s, ids);
            long warmEnd = System.nanoTime() + (long) (warmup * 1e9);
            do {
                for (String s : lines) m.embed(s, v);
            } while (System.nanoTime() < warmEnd);

            int rounds = 0;
            long[] samples = new long[1 << 20];
            int count = 0;
            long budget = (long) (seconds * 1e9);
            var threads = ManagementFactory.getThreadMXBean();
            long cpuStart = threads.getCurrentThreadCpuTime();
            long start = System.nanoTime();
            float sink = 0;
            while (System.nanoTime() - start < budget || rounds == 0) {
                for (String s : lines) {
                    long a0 = System.nanoTime();
                    m.embed(s, v);
                    long a1 = System.nanoTime();
                    if (count == samples.length) samples = Arrays.copyOf(samples, samples.length * 2);
                    samples[count++] = a1 - a0;
                    sink += v[0];
                }
                rounds++;
            }
            long elapsed = System.nanoTime() - start;
            long cpu = threads.getCurrentThreadCpuTime() - cpuStart;
            long[] sorted = Arrays.copyOf(samples, count);
            Arrays.sort(sorted);
            double p50 = percentile(sorted, 0.50) / 1e3, p90 = percentile(sorted, 0.90) / 1e3, p99 = percentile(sorted, 0.99) / 1e3;
            double p999 = percentile(sorted, 0.999) / 1e3, max = sorted[sorted.length - 1] / 1e3;
            double perSecond = count / (elapsed / 1e9);
            // Cost split, in thread CPU time: the tokenizer alone, then pooling alone on the same texts' ids.
            int[][] pooledIds = new int[lines.size()][];
            for (int i = 0; i < pooledIds.length; i++) pooledIds[i] = Arrays.copyOf(ids, m.poolingIds(lines.get(i), ids));
            double tokenizeUs = cpuPerCall(threads, Math.max(0.5, seconds / 5), lines.size(), i -> m.poolingIds(lines.get(i), ids));
            double poolUs = cpuPerCall(threads, Math.max(0.5, seconds / 5), lines.size(), i -> {
                m.pool(pooledIds[i], pooledIds[i].length, v);
                return (int) v[0];
            });
            out.printf(Locale.ROOT, "model       %s (%d x %d, %s, kernel %s)%n", m.model().dir(), m.model().vocabSize(), m.dim(),
                    m.model().weightedPooling() ? "weighted_mean" : "mean", m.kernelName());
            out.printf(Locale.ROOT, "load        %.1f ms (first load in this JVM, includes checksums and class loading)%n", loadNs / 1e6);
            out.printf(Locale.ROOT, "input       %s: %d lines, %.1f pooled tokens per line on average%n", input, lines.size(), tokens / (double) lines.size());
            out.printf(Locale.ROOT, "calls       %d in %d rounds, %.2f s after %.1f s warm-up (checksum %s)%n", count, rounds, elapsed / 1e9, warmup, Float.isNaN(sink) ? "nan" : "ok");
            out.printf(Locale.ROOT, "latency us  p50 %.3f  p90 %.3f  p99 %.3f  p99.9 %.3f  max %.1f%n", p50, p90, p99, p999, max);
            out.printf(Locale.ROOT, "throughput  %.0f texts/s (one thread, including timer overhead)%n", perSecond);
            out.printf(Locale.ROOT, "cpu time    %.3f us per call (thread CPU time / calls; less sensitive to a busy machine than wall-clock latency)%n", cpu / 1e3 / count);
            out.printf(Locale.ROOT, "split       tokenize %.3f us + pool %.3f us per call (CPU time, measured separately)%n", tokenizeUs, poolUs);
            out.printf(Locale.ROOT, "memory      model heap %.2f MB (excluding the mapped table), heap used %.1f MB, RSS %s%n",
                    modelHeapMb, mem.getHeapMemoryUsage().getUsed() / 1e6, rss());
            out.printf(Locale.ROOT, "bench p50_us=%.3f p99_us=%.3f texts_per_s=%.0f model_heap_mb=%.2f%n", p50, p99, perSecond, modelHeapMb);
        }
    }

    /** Thread CPU microseconds per call of {@code call} over all line indices, repeated for about {@code seconds} (after one warm pass). */
    private static double cpuPerCall(java.lang.management.ThreadMXBean threads, double seconds, int lines, java.util.function.IntUnaryOperator call) {
        int sink = 0;
        for (int i = 0; i < lines; i++) sink += call.applyAsInt(i);
        long calls = 0, end = System.nanoTime() + (long) (seconds * 1e9);
        long cpu0 = threads.getCurrentThreadCpuTime();
        do {
            for (int i = 0; i < lines; i++) sink += call.applyAsInt(i);
            calls += lines;
        } while (System.nanoTime() < end);
        double us = (threads.getCurrentThreadCpuTime() - cpu0) / 1e3 / calls;
        return sink == 42 ? us + 0 : us; // keeps the JIT from discarding the calls
    }

    private static long percentile(long[] sorted, double q) {
        int i = (int) Math.ceil(q * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, i))];
    }

    /** Heap in use after a few full collections, so the difference around a load is what the model holds. */
    static long settledHeap(MemoryMXBean mem) {
        long used = Long.MAX_VALUE;
        for (int i = 0; i < 4; i++) {
            System.gc();
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            used = Math.min(used, mem.getHeapMemoryUsage().getUsed());
        }
        return used;
    }

    /** VmRSS from /proc/self/status, or "n/a" off Linux. */
    static String rss() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status")))
                if (line.startsWith("VmRSS:")) return line.substring(6).strip();
        } catch (IOException | RuntimeException e) {
            // not Linux
        }
        return "n/a";
    }
}
