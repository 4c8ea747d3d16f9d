package dev.microembed.train;

/**
 * The model being trained: a table of token rows and a pooling weight per token. A sentence is
 * {@code v = Σ_i w[t_i]·rows[t_i]} over its token ids, exactly the runtime's (weighted) mean up to the
 * division by n, which L2 normalisation cancels (the dev sets embed with {@link dev.microembed.eval.StaticEncoder}
 * over the same rows and weights). Folding the weights into the rows
 * ({@code rows[t]·w[t]}) therefore gives the same normalised vectors under plain mean pooling;
 * {@link TrainStage} exports rows and weights apart and lets quantisation pick by measurement. The gradients here are written by hand (and checked against finite
 * differences in the tests): the whole model is a sum of rows, so backpropagation is one scatter.
 */
final class StaticModel {
    final int vocab, dim;
    final float[] rows;    // [vocab * dim]
    final float[] weights; // [vocab]

    StaticModel(int vocab, int dim, float[] rows, float[] weights) {
        if (rows.length != (long) vocab * dim || weights.length != vocab) throw new IllegalArgumentException("shape mismatch");
        this.vocab = vocab; this.dim = dim; this.rows = rows; this.weights = weights;
    }

    /** {@code out = Σ w[t]·rows[t]} (not normalised). */
    void pool(int[] ids, float[] out) {
        java.util.Arrays.fill(out, 0f);
        for (int t : ids) {
            float w = weights[t];
            int o = t * dim;
            for (int d = 0; d < dim; d++) out[d] += w * rows[o + d];
        }
    }

    static void normalize(float[] v) {
        double s = 0;
        for (float x : v) s += (double) x * x;
        if (s == 0) return;
        float inv = (float) (1 / Math.sqrt(s));
        for (int d = 0; d < v.length; d++) v[d] *= inv;
    }

    /**
     * Cosine loss {@code 1 - cos(v, u)} for a unit target {@code u}; writes dL/dv into {@code grad}.
     * dcos/dv = (u - cos·v̂)/|v|.
     */
    static double cosineLoss(float[] v, float[] u, float[] grad) {
        double nn = 0, dot = 0;
        for (int d = 0; d < v.length; d++) { nn += (double) v[d] * v[d]; dot += (double) v[d] * u[d]; }
        if (nn == 0) { java.util.Arrays.fill(grad, 0f); return 1; }
        double n = Math.sqrt(nn), cos = dot / n;
        for (int d = 0; d < v.length; d++) grad[d] = (float) (-(u[d] - cos * v[d] / n) / n);
        return 1 - cos;
    }

    /**
     * In-batch contrastive loss (InfoNCE over cosines / tau, averaged over the batch): sentence i should
     * be closer to its own target than to the other targets of the batch. Targets shared with i (the same
     * English sentence in another language) are not negatives. Adds dL/dv_i into {@code grad[i]}.
     */
    static double contrastiveLoss(float[][] v, float[][] u, int[] targetId, double tau, double scale, float[][] grad) {
        int b = v.length;
        double[] loss = new double[b];
        // Each i reads the shared v/u and writes only grad[i]: safe to run in parallel (the caller's pool).
        java.util.stream.IntStream.range(0, b).parallel().forEach(i -> loss[i] = contrastiveRow(i, v, u, targetId, tau, scale, grad[i]));
        double total = 0;
        for (double l : loss) total += l;
        return total / b;
    }

    private static double contrastiveRow(int i, float[][] v, float[][] u, int[] targetId, double tau, double scale, float[] gi) {
        int b = v.length, dim = v[0].length;
        double nn = 0;
        for (int d = 0; d < dim; d++) nn += (double) v[i][d] * v[i][d];
        if (nn == 0) return 0;
        double n = Math.sqrt(nn);
        double[] cos = new double[b], logits = new double[b];
        double max = Double.NEGATIVE_INFINITY;
        for (int j = 0; j < b; j++) {
            if (j != i && targetId[j] == targetId[i]) { logits[j] = Double.NEGATIVE_INFINITY; continue; }
            double dot = 0;
            for (int d = 0; d < dim; d++) dot += (double) v[i][d] * u[j][d];
            cos[j] = dot / n;
            logits[j] = cos[j] / tau;
            max = Math.max(max, logits[j]);
        }
        double z = 0;
        for (int j = 0; j < b; j++) if (logits[j] != Double.NEGATIVE_INFINITY) z += Math.exp(logits[j] - max);
        for (int j = 0; j < b; j++) {
            if (logits[j] == Double.NEGATIVE_INFINITY) continue;
            double p = Math.exp(logits[j] - max) / z;
            double c = (p - (i == j ? 1 : 0)) / tau * scale / b; // dL/dcos_ij
            if (c == 0) continue;
            for (int d = 0; d < dim; d++) gi[d] += (float) (c * (u[j][d] - cos[j] * v[i][d] / n) / n);
        }
        return -(logits[i] - max - Math.log(z));
    }

    /**
     * Symmetric in-batch InfoNCE between two student views of the same pairs (a translation {@code v[i]}
     * and its English side {@code w[i]}, both unnormalised pooled vectors): row i should pick column i
     * among all English sides of the batch, and column i row i (the MultipleNegativesRanking loss, both
     * ways). Pairs with the same {@code key} (one English text) are not each other's negatives. Returns
     * the loss averaged over rows and columns; adds {@code scale} × its gradient into {@code gv}, {@code gw}.
     */
    static double pairContrastiveLoss(float[][] v, float[][] w, int[] key, double tau, double scale, float[][] gv, float[][] gw) {
        int b = v.length, dim = b == 0 ? 0 : v[0].length;
        if (b == 0) return 0;
        double[] nv = new double[b], nw = new double[b];
        for (int i = 0; i < b; i++) { nv[i] = norm(v[i]); nw[i] = norm(w[i]); }
        double[][] cos = new double[b][b];
        java.util.stream.IntStream.range(0, b).parallel().forEach(i -> {
            for (int j = 0; j < b; j++) {
                if (nv[i] == 0 || nw[j] == 0) continue;
                double dot = 0;
                for (int d = 0; d < dim; d++) dot += (double) v[i][d] * w[j][d];
                cos[i][j] = dot / (nv[i] * nw[j]);
            }
        });
        // dL/dcos[i][j]: the row softmaxes first (each thread one row), then the column softmaxes added
        // (each thread one column), so no cell is written by two threads at once.
        double[][] dc = new double[b][b];
        double[] lossRow = new double[b], lossCol = new double[b];
        java.util.stream.IntStream.range(0, b).parallel().forEach(i -> lossRow[i] = softmaxGrad(b, j -> cos[i][j], j -> j != i && key[j] == key[i], i, tau, (j, g) -> dc[i][j] += g));
        java.util.stream.IntStream.range(0, b).parallel().forEach(j -> lossCol[j] = softmaxGrad(b, i -> cos[i][j], i -> i != j && key[i] == key[j], j, tau, (i, g) -> dc[i][j] += g));
        double c0 = scale / (2.0 * b);
        java.util.stream.IntStream.range(0, b).parallel().forEach(i -> {
            if (nv[i] == 0) return;
            for (int j = 0; j < b; j++) {
                double c = c0 * dc[i][j];
                if (c == 0 || nw[j] == 0) continue;
                for (int d = 0; d < dim; d++) gv[i][d] += (float) (c * (w[j][d] / nw[j] - cos[i][j] * v[i][d] / nv[i]) / nv[i]);
            }
        });
        java.util.stream.IntStream.range(0, b).parallel().forEach(j -> {
            if (nw[j] == 0) return;
            for (int i = 0; i < b; i++) {
                double c = c0 * dc[i][j];
                if (c == 0 || nv[i] == 0) continue;
                for (int d = 0; d < dim; d++) gw[j][d] += (float) (c * (v[i][d] / nv[i] - cos[i][j] * w[j][d] / nw[j]) / nw[j]);
            }
        });
        double total = 0;
        for (int i = 0; i < b; i++) total += lossRow[i] + lossCol[i];
        return total / (2.0 * b);
    }

    private static double norm(float[] x) {
        double s = 0;
        for (float f : x) s += (double) f * f;
        return Math.sqrt(s);
    }

    /** Cross-entropy of softmax(s/tau) at {@code positive}, masked entries excluded; emits dL/ds per entry. */
    interface GradSink { void add(int index, double grad); }

    private static double softmaxGrad(int n, java.util.function.IntToDoubleFunction s, java.util.function.IntPredicate masked, int positive,
                                      double tau, GradSink sink) {
        double max = Double.NEGATIVE_INFINITY;
        for (int j = 0; j < n; j++) if (!masked.test(j)) max = Math.max(max, s.applyAsDouble(j) / tau);
        double z = 0;
        for (int j = 0; j < n; j++) if (!masked.test(j)) z += Math.exp(s.applyAsDouble(j) / tau - max);
        for (int j = 0; j < n; j++) {
            if (masked.test(j)) continue;
            double p = Math.exp(s.applyAsDouble(j) / tau - max) / z;
            sink.add(j, (p - (j == positive ? 1 : 0)) / tau);
        }
        return -(s.applyAsDouble(positive) / tau - max - Math.log(z));
    }

    /**
     * Backpropagates dL/dv of one sentence: rows[t] gets w[t]·g, w[t] gets rows[t]·g, for every
     * occurrence of t. Marks touched ids.
     */
    void scatter(int[] ids, float[] g, float[] gradRows, float[] gradWeights, SparseAdam.Touched touched) {
        for (int t : ids) {
            float w = weights[t];
            int o = t * dim;
            double gw = 0;
            for (int d = 0; d < dim; d++) { gradRows[o + d] += w * g[d]; gw += (double) rows[o + d] * g[d]; }
            if (gradWeights != null) gradWeights[t] += (float) gw;
            touched.mark(t);
        }
    }

    /** Rows with the weights folded in: mean pooling over these equals weighted pooling over the model. */
    float[] folded() {
        float[] out = new float[rows.length];
        for (int t = 0; t < vocab; t++) for (int d = 0; d < dim; d++) out[t * dim + d] = rows[t * dim + d] * weights[t];
        return out;
    }
}
