package dev.microembed.eval;

import dev.microembed.tokenizer.Tokenizer;
import java.util.List;
import java.util.function.Function;
import java.util.stream.IntStream;

/**
 * The one float static encoder: a float table over the runtime tokenizer. A sentence is the (weighted) sum of the
 * rows of its pooling ids — the runtime's: unknown ids dropped, the first {@code maxTokens} kept — accumulated in
 * double and L2-normalised (a sentence without ids stays zero). This is the runtime's pooling without quantisation;
 * the distill stages score candidate tables with it, the training stage its table on the dev sets, and the eval
 * harness a model folder's float table. Thread-safe.
 */
public final class StaticEncoder implements Function<List<String>, float[][]> {
    /** The runtime's default {@code max_tokens}. */
    public static final int MAX_TOKENS = 512;

    private final Tokenizer tokenizer;
    private final float[] table;
    private final int dim;
    private final float[] weights;
    private final ThreadLocal<int[]> ids;
    private final ThreadLocal<double[]> sums;

    /** Rows of {@code dim} floats in {@code table} (row-major, one per id); {@code weights} per id, or null for the plain mean. */
    public StaticEncoder(Tokenizer tokenizer, float[] table, int dim, float[] weights) {
        this(tokenizer, table, dim, weights, MAX_TOKENS);
    }

    public StaticEncoder(Tokenizer tokenizer, float[] table, int dim, float[] weights, int maxTokens) {
        int rows = table.length / dim;
        if (rows < tokenizer.vocabSize())
            throw new IllegalArgumentException("table has " + rows + " rows but the tokenizer " + tokenizer.vocabSize() + " ids");
        if (weights != null && weights.length != rows) throw new IllegalArgumentException("weights length != table rows");
        this.tokenizer = tokenizer;
        this.table = table;
        this.dim = dim;
        this.weights = weights;
        this.ids = ThreadLocal.withInitial(() -> new int[maxTokens]);
        this.sums = ThreadLocal.withInitial(() -> new double[dim]);
    }

    public int dim() { return dim; }

    /** One vector per text (texts in parallel). */
    @Override
    public float[][] apply(List<String> texts) {
        float[][] out = new float[texts.size()][];
        IntStream.range(0, out.length).parallel().forEach(i -> out[i] = embed(texts.get(i)));
        return out;
    }

    public float[] embed(String text) {
        float[] out = new float[dim];
        embed(text, out);
        return out;
    }

    /** Writes the vector of {@code text} into {@code out}, allocating nothing. */
    public void embed(String text, float[] out) {
        int[] buf = ids.get();
        pool(buf, tokenizer.encode(text, buf, true), out);
    }

    /** The pooling ids of a text (for callers that embed the same texts again and again). */
    public int[] ids(String text) {
        int[] buf = ids.get();
        return java.util.Arrays.copyOf(buf, tokenizer.encode(text, buf, true));
    }

    /** The vector of the first {@code n} pooling ids, into {@code out}. */
    public void pool(int[] ids, int n, float[] out) {
        double[] acc = sums.get();
        java.util.Arrays.fill(acc, 0);
        for (int i = 0; i < n; i++) {
            int id = ids[i];
            double w = weights == null ? 1.0 : weights[id];
            int base = id * dim;
            for (int d = 0; d < dim; d++) acc[d] += w * table[base + d];
        }
        double norm = 0;
        for (double a : acc) norm += a * a;
        if (norm == 0) {
            java.util.Arrays.fill(out, 0f);
            return;
        }
        double inv = 1 / Math.sqrt(norm);
        for (int d = 0; d < dim; d++) out[d] = (float) (acc[d] * inv);
    }
}
