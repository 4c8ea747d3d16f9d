package dev.microembed.eval;

import java.util.Random;

/**
 * Multinomial logistic regression (softmax) on dense features, the classifier of the
 * {@code classify} tasks. Features are L2-normalised embeddings, then standardised with the training
 * mean and standard deviation (so 64-d and 384-d models get the same learning-rate behaviour).
 * Training: mini-batch Adam (batch 64, learning rate 0.01 decaying to 0.01/sqrt(10) over the run),
 * L2 penalty 1e-4 on the weights, 40 epochs but at least 1500 updates (small training sets), fixed seed — fixed hyper-parameters, no tuning on the test split, so the
 * comparison measures the embeddings, not the classifier search.
 */
public final class LogisticRegression {
    static final int EPOCHS = 40, MIN_UPDATES = 1500, BATCH = 64;
    static final double LR = 0.01, L2 = 1e-4;

    private final int classes, dim;
    private final double[] w; // [classes][dim + 1], bias last
    private final double[] mean, invStd;

    private LogisticRegression(int classes, int dim, double[] w, double[] mean, double[] invStd) {
        this.classes = classes;
        this.dim = dim;
        this.w = w;
        this.mean = mean;
        this.invStd = invStd;
    }

    public static LogisticRegression train(float[][] x, int[] y, long seed) {
        if (x.length != y.length || x.length == 0) throw new IllegalArgumentException("need as many labels as rows, > 0");
        int n = x.length, dim = x[0].length;
        int classes = 0;
        for (int label : y) classes = Math.max(classes, label + 1);
        double[] mean = new double[dim], var = new double[dim];
        for (float[] row : x) for (int d = 0; d < dim; d++) mean[d] += row[d];
        for (int d = 0; d < dim; d++) mean[d] /= n;
        for (float[] row : x) for (int d = 0; d < dim; d++) var[d] += (row[d] - mean[d]) * (row[d] - mean[d]);
        double[] invStd = new double[dim];
        for (int d = 0; d < dim; d++) invStd[d] = 1.0 / Math.sqrt(var[d] / n + 1e-8);
        double[][] z = new double[n][];
        for (int i = 0; i < n; i++) z[i] = standardise(x[i], mean, invStd);

        int stride = dim + 1;
        double[] w = new double[classes * stride], m = new double[w.length], v = new double[w.length], g = new double[w.length];
        double[] p = new double[classes];
        int[] order = new int[n];
        for (int i = 0; i < n; i++) order[i] = i;
        Random rnd = new Random(seed);
        long step = 0;
        double b1 = 0.9, b2 = 0.999;
        int batchesPerEpoch = (n + BATCH - 1) / BATCH;
        int epochs = Math.max(EPOCHS, (MIN_UPDATES + batchesPerEpoch - 1) / batchesPerEpoch);
        for (int epoch = 1; epoch <= epochs; epoch++) {
            for (int i = n - 1; i > 0; i--) {
                int j = rnd.nextInt(i + 1), t = order[i];
                order[i] = order[j];
                order[j] = t;
            }
            double lr = LR / Math.sqrt(1 + 9.0 * (epoch - 1) / epochs);
            for (int start = 0; start < n; start += BATCH) {
                int end = Math.min(n, start + BATCH);
                java.util.Arrays.fill(g, 0);
                for (int k = start; k < end; k++) {
                    double[] zi = z[order[k]];
                    softmax(w, zi, classes, dim, p);
                    p[y[order[k]]] -= 1;
                    for (int c = 0; c < classes; c++) {
                        double pc = p[c];
                        if (pc == 0) continue;
                        int o = c * stride;
                        for (int d = 0; d < dim; d++) g[o + d] += pc * zi[d];
                        g[o + dim] += pc;
                    }
                }
                double inv = 1.0 / (end - start);
                step++;
                double c1 = 1 - Math.pow(b1, step), c2 = 1 - Math.pow(b2, step);
                for (int q = 0; q < w.length; q++) {
                    double gq = g[q] * inv + ((q % stride) == dim ? 0 : L2 * w[q]);
                    m[q] = b1 * m[q] + (1 - b1) * gq;
                    v[q] = b2 * v[q] + (1 - b2) * gq * gq;
                    w[q] -= lr * (m[q] / c1) / (Math.sqrt(v[q] / c2) + 1e-8);
                }
            }
        }
        return new LogisticRegression(classes, dim, w, mean, invStd);
    }

    public int predict(float[] x) {
        double[] p = new double[classes];
        softmax(w, standardise(x, mean, invStd), classes, dim, p);
        int best = 0;
        for (int c = 1; c < classes; c++) if (p[c] > p[best]) best = c;
        return best;
    }

    public int[] predict(float[][] x) {
        int[] out = new int[x.length];
        for (int i = 0; i < x.length; i++) out[i] = predict(x[i]);
        return out;
    }

    private static double[] standardise(float[] x, double[] mean, double[] invStd) {
        double[] z = new double[x.length];
        for (int d = 0; d < x.length; d++) z[d] = (x[d] - mean[d]) * invStd[d];
        return z;
    }

    private static void softmax(double[] w, double[] z, int classes, int dim, double[] p) {
        int stride = dim + 1;
        double max = Double.NEGATIVE_INFINITY;
        for (int c = 0; c < classes; c++) {
            int o = c * stride;
            double s = w[o + dim];
            for (int d = 0; d < dim; d++) s += w[o + d] * z[d];
            p[c] = s;
            max = Math.max(max, s);
        }
        double sum = 0;
        for (int c = 0; c < classes; c++) sum += p[c] = Math.exp(p[c] - max);
        for (int c = 0; c < classes; c++) p[c] /= sum;
    }
}
