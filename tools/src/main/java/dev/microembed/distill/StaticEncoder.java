package dev.microembed.distill;

import java.util.List;

/**
 * A static model in float: sentence = (weighted) sum of the rows of its token ids, unknown ids dropped,
 * first 512 ids, L2-normalised — the runtime's pooling, without quantisation, for scoring candidate tables.
 */
public final class StaticEncoder implements SentenceEncoder {
    private final HfTokenizer tokenizer;
    private final float[] table;
    private final int dim;
    private final float[] weights;
    private final int maxTokens;

    public StaticEncoder(HfTokenizer tokenizer, Artifacts.Matrix table, float[] weights) {
        this(tokenizer, table, weights, 512);
    }

    public StaticEncoder(HfTokenizer tokenizer, Artifacts.Matrix table, float[] weights, int maxTokens) {
        if (table.rows() < tokenizer.vocabSize())
            throw new IllegalArgumentException("table has " + table.rows() + " rows but the tokenizer " + tokenizer.vocabSize() + " ids");
        if (weights != null && weights.length != table.rows()) throw new IllegalArgumentException("weights length != table rows");
        this.tokenizer = tokenizer;
        this.table = table.data();
        this.dim = table.cols();
        this.weights = weights;
        this.maxTokens = maxTokens;
    }

    @Override
    public float[][] encode(List<String> sentences) {
        List<int[]> ids = tokenizer.encodeAll(sentences);
        float[][] out = new float[sentences.size()][];
        for (int s = 0; s < out.length; s++) out[s] = pool(tokenizer.modelIds(ids.get(s), maxTokens));
        return out;
    }

    float[] pool(int[] ids) {
        double[] acc = new double[dim];
        for (int id : ids) {
            double w = weights == null ? 1.0 : weights[id];
            int base = id * dim;
            for (int d = 0; d < dim; d++) acc[d] += w * table[base + d];
        }
        double norm = 0;
        for (double a : acc) norm += a * a;
        float[] v = new float[dim];
        if (norm == 0) return v;
        double inv = 1 / Math.sqrt(norm);
        for (int d = 0; d < dim; d++) v[d] = (float) (acc[d] * inv);
        return v;
    }
}
