package dev.microembed.eval;

import java.util.Arrays;

/**
 * Evaluation metrics on plain arrays. Correlations return {@code NaN} when either input is
 * constant (the correlation is undefined there; callers report it rather than guessing a value).
 */
public final class Metrics {
    private Metrics() {}

    /** Pearson product-moment correlation of {@code x} and {@code y} (same length, at least 2). */
    public static double pearson(double[] x, double[] y) {
        check(x, y);
        int n = x.length;
        double mx = 0, my = 0;
        for (int i = 0; i < n; i++) {
            mx += x[i];
            my += y[i];
        }
        mx /= n;
        my /= n;
        double sxy = 0, sxx = 0, syy = 0;
        for (int i = 0; i < n; i++) {
            double dx = x[i] - mx, dy = y[i] - my;
            sxy += dx * dy;
            sxx += dx * dx;
            syy += dy * dy;
        }
        if (sxx == 0 || syy == 0) return Double.NaN;
        return Math.max(-1, Math.min(1, sxy / Math.sqrt(sxx * syy)));
    }

    /**
     * Spearman rank correlation: Pearson correlation of the ranks, tied values getting the mean of
     * their ranks (as scipy.stats.spearmanr, which the STS literature reports).
     */
    public static double spearman(double[] x, double[] y) {
        check(x, y);
        return pearson(ranks(x), ranks(y));
    }

    /** 1-based fractional ranks; ties share their average rank. */
    public static double[] ranks(double[] v) {
        int n = v.length;
        Integer[] order = new Integer[n];
        for (int i = 0; i < n; i++) order[i] = i;
        Arrays.sort(order, (a, b) -> Double.compare(v[a], v[b]));
        double[] r = new double[n];
        int i = 0;
        while (i < n) {
            int j = i;
            while (j + 1 < n && Double.compare(v[order[j + 1]], v[order[i]]) == 0) j++;
            double avg = (i + j) / 2.0 + 1;
            for (int k = i; k <= j; k++) r[order[k]] = avg;
            i = j + 1;
        }
        return r;
    }

    /** Fraction of positions where {@code predicted[i] == gold[i]}. */
    public static double accuracy(int[] gold, int[] predicted) {
        checkLabels(gold, predicted);
        int ok = 0;
        for (int i = 0; i < gold.length; i++) if (gold[i] == predicted[i]) ok++;
        return (double) ok / gold.length;
    }

    /**
     * Macro-averaged F1: the unweighted mean of per-class F1 over every class that occurs in
     * {@code gold} or {@code predicted} (as scikit-learn's {@code f1_score(average="macro")}); a
     * class with no true positives has F1 0.
     */
    public static double macroF1(int[] gold, int[] predicted) {
        checkLabels(gold, predicted);
        int classes = 0;
        for (int g : gold) classes = Math.max(classes, g + 1);
        for (int p : predicted) classes = Math.max(classes, p + 1);
        long[] tp = new long[classes], fp = new long[classes], fn = new long[classes];
        boolean[] present = new boolean[classes];
        for (int i = 0; i < gold.length; i++) {
            present[gold[i]] = true;
            present[predicted[i]] = true;
            if (gold[i] == predicted[i]) tp[gold[i]]++;
            else {
                fp[predicted[i]]++;
                fn[gold[i]]++;
            }
        }
        double sum = 0;
        int count = 0;
        for (int c = 0; c < classes; c++) {
            if (!present[c]) continue;
            double denom = 2.0 * tp[c] + fp[c] + fn[c];
            sum += denom == 0 ? 0 : 2.0 * tp[c] / denom;
            count++;
        }
        return sum / count;
    }

    private static void check(double[] x, double[] y) {
        if (x.length != y.length) {
            throw new IllegalArgumentException("length mismatch: " + x.length + " vs " + y.length);
        }
        if (x.length < 2) throw new IllegalArgumentException("need at least 2 values, got " + x.length);
        for (int i = 0; i < x.length; i++) {
            if (!Double.isFinite(x[i]) || !Double.isFinite(y[i])) {
                throw new IllegalArgumentException("non-finite value at index " + i);
            }
        }
    }

    private static void checkLabels(int[] gold, int[] predicted) {
        if (gold.length != predicted.length) {
            throw new IllegalArgumentException("length mismatch: " + gold.length + " vs " + predicted.length);
        }
        if (gold.length == 0) throw new IllegalArgumentException("no labels");
        for (int i = 0; i < gold.length; i++) {
            if (gold[i] < 0 || predicted[i] < 0) throw new IllegalArgumentException("negative label at index " + i);
        }
    }
}
