package dev.microembed.speed;

import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import ai.djl.huggingface.tokenizers.jni.TokenizersLibrary;
import dev.microembed.Microembed;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.CharArraySet;
import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.standard.StandardAnalyzer;

/**
 * The contestants of {@code bench --compare} and the interleaved timing loop. Each contestant is one pass over
 * all texts; a round runs every contestant once (the order rotated per round) so a burst of load from other
 * processes lands on all of them alike, and the figure per contestant is the median over rounds of its pass
 * time divided by the number of texts.
 */
public final class CompareBench implements AutoCloseable {
    /** Contestant names, in report order; the ratios divide the first by the others. */
    public static final List<String> NAMES = List.of("embed", "tokenize", "hf_tokenize", "lucene_analyze", "utf8");

    private final Microembed model;
    private final HuggingFaceTokenizer hf;
    private final Analyzer lucene = new StandardAnalyzer(CharArraySet.EMPTY_SET);
    private final String[] texts;
    private final float[] vector;
    private final int[] ids;
    private final ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    private long sink;

    public CompareBench(Microembed model, List<String> texts) {
        this.model = model;
        this.texts = texts.toArray(new String[0]);
        this.vector = new float[model.dim()];
        this.ids = new int[model.maxTokens()];
        try {
            // the same tokenizer.json, as the reference: no special tokens, no truncation, no padding
            this.hf = HuggingFaceTokenizer.builder().optTokenizerPath(model.model().tokenizerFile())
                    .optAddSpecialTokens(false).optTruncation(false).optPadding(false).build();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** One timed pass of contestant k over all texts; returns {wall, thread CPU} nanoseconds. */
    long[] pass(int k) {
        long s = 0;
        long c0 = threads.getCurrentThreadCpuTime();
        long t0 = System.nanoTime();
        switch (k) {
            case 0 -> {
                for (String t : texts) s += embed(t);
            }
            case 1 -> {
                for (String t : texts) s += tokenize(t);
            }
            case 2 -> {
                for (String t : texts) s += hfTokenize(t);
            }
            case 3 -> {
                for (String t : texts) s += luceneAnalyze(t);
            }
            case 4 -> {
                for (String t : texts) s += utf8(t);
            }
            default -> throw new IllegalArgumentException("no contestant " + k);
        }
        long ns = System.nanoTime() - t0;
        long cpu = threads.getCurrentThreadCpuTime() - c0;
        sink += s;
        return new long[] {ns, cpu};
    }

    /** microembed end to end: tokenize, pool, normalise (into a kept vector); returns a bit of the result. */
    public int embed(String text) {
        model.embed(text, vector);
        return Float.floatToRawIntBits(vector[0]);
    }

    /** microembed's tokenizer alone, as embed calls it (ids pooled: unknown dropped, capped). */
    public int tokenize(String text) {
        return model.poolingIds(text, ids);
    }

    /** The floor: one copy of the text as UTF-8 bytes. */
    public int utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8).length;
    }

    /**
     * The Rust tokenizer's ids through DJL's JNI layer directly: DJL's {@code Encoding} would also fetch tokens,
     * offsets and masks (one JNI round trip each), which times the binding rather than the tokenizer.
     */
    public int hfTokenize(String text) {
        long handle = TokenizersLibrary.LIB.encode(hf.getHandle(), text, false);
        try {
            return TokenizersLibrary.LIB.getTokenIds(handle).length;
        } finally {
            TokenizersLibrary.LIB.deleteEncoding(handle);
        }
    }

    /** Lucene's StandardAnalyzer token stream (reused per thread by the analyzer), consumed to the end. */
    public int luceneAnalyze(String text) {
        try (TokenStream ts = lucene.tokenStream("f", new StringReader(text))) {
            ts.reset();
            int n = 0;
            while (ts.incrementToken()) n++;
            ts.end();
            return n;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The tokens each contestant that tokenizes produces over all texts (embed: ids pooled; HF: all ids). */
    long[] tokenCounts() {
        long me = 0, meAll = 0, h = 0, l = 0;
        for (String t : texts) {
            me += model.poolingIds(t, ids);
            meAll += model.tokenizer().encode(t).length;
            h += hfTokenize(t);
            l += luceneAnalyze(t);
        }
        return new long[] {me, meAll, h, l};
    }

    /**
     * Result: per contestant, nanoseconds per text over the rounds: the median, min and max of wall time and the
     * median of the thread's CPU time (all contestants run in the calling thread; CPU time leaves out the time a
     * busy machine's scheduler gives to other processes, so it is the steadier figure there).
     */
    public record Result(int texts, int rounds, double[] medianNs, double[] minNs, double[] maxNs, double[] medianCpuNs) {
        public double ratio(int a, int b) {
            return medianCpuNs[a] / medianCpuNs[b];
        }

        public double wallRatio(int a, int b) {
            return medianNs[a] / medianNs[b];
        }
    }

    /** Warms every contestant (interleaved, about warmupSeconds in all), then runs rounds timed rounds. */
    public Result run(double warmupSeconds, int rounds) {
        int n = NAMES.size();
        long warmEnd = System.nanoTime() + (long) (warmupSeconds * 1e9);
        do {
            for (int k = 0; k < n; k++) pass(k);
        } while (System.nanoTime() < warmEnd);
        double[][] wall = new double[n][rounds], cpu = new double[n][rounds];
        for (int r = 0; r < rounds; r++)
            for (int j = 0; j < n; j++) {
                int k = (j + r) % n;
                long[] t = pass(k);
                wall[k][r] = t[0] / (double) texts.length;
                cpu[k][r] = t[1] / (double) texts.length;
            }
        double[] med = new double[n], min = new double[n], max = new double[n], medCpu = new double[n];
        for (int k = 0; k < n; k++) {
            double[] v = wall[k].clone();
            Arrays.sort(v);
            med[k] = median(v);
            min[k] = v[0];
            max[k] = v[rounds - 1];
            double[] c = cpu[k].clone();
            Arrays.sort(c);
            medCpu[k] = median(c);
        }
        return new Result(texts.length, rounds, med, min, max, medCpu);
    }

    private static double median(double[] sorted) {
        int n = sorted.length;
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }

    /** Prints the table and, as the last line, {@code ratio embed/hf_tokenize=<x> embed/lucene_analyze=<y> embed/utf8=<z>}. */
    public void report(Result r, List<Path> inputs, PrintWriter out) {
        long[] tokens = tokenCounts();
        out.printf(Locale.ROOT, "model        %s (kernel %s)%n", model.model().dir(), model.kernelName());
        out.printf(Locale.ROOT, "input        %d texts from %d file(s), %d rounds, each contestant once per round (order rotated)%n",
                r.texts(), inputs.size(), r.rounds());
        out.printf(Locale.ROOT, "tokens       microembed %d (pooled, unknown dropped; %d with unknown), hf %d, lucene %d%s%n",
                tokens[0], tokens[1], tokens[2], tokens[3], tokens[1] == tokens[2] ? "" : "  (microembed and hf token counts differ!)");
        out.printf(Locale.ROOT, "%-16s %12s %12s %12s %12s %10s %10s%n", "contestant", "cpu median", "wall median", "wall min", "wall max", "cpu x embed", "wall x embed");
        for (int k = 0; k < NAMES.size(); k++)
            out.printf(Locale.ROOT, "%-16s %12.1f %12.1f %12.1f %12.1f %10.3f %10.3f%n", NAMES.get(k), r.medianCpuNs()[k], r.medianNs()[k],
                    r.minNs()[k], r.maxNs()[k], r.ratio(k, 0), r.wallRatio(k, 0));
        out.printf(Locale.ROOT, "(ns per text, one thread; medians over rounds; the ratios below are of thread CPU time; wall ratios embed/hf_tokenize=%.4f embed/lucene_analyze=%.4f embed/utf8=%.4f; sink %d)%n",
                r.wallRatio(0, 2), r.wallRatio(0, 3), r.wallRatio(0, 4), sink & 0xFF);
        out.printf(Locale.ROOT, "ratio embed/hf_tokenize=%.4f embed/lucene_analyze=%.4f embed/utf8=%.4f%n",
                r.ratio(0, 2), r.ratio(0, 3), r.ratio(0, 4));
        out.flush();
    }

    /** Every line of the given files, blank lines skipped. */
    public static List<String> readTexts(List<Path> files) {
        List<String> texts = new ArrayList<>();
        for (Path f : files) {
            try {
                for (String line : Files.readAllLines(f, StandardCharsets.UTF_8)) if (!line.isBlank()) texts.add(line);
            } catch (IOException e) {
                throw new UncheckedIOException(f + ": " + e.getMessage(), e);
            }
        }
        return texts;
    }

    @Override
    public void close() {
        hf.close();
        lucene.close();
    }
}
