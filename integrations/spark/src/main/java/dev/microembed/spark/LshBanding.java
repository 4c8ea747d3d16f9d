package dev.microembed.spark;

import java.io.Serializable;
import java.util.Random;

/**
 * Random-hyperplane LSH with banding, the blocking step of {@link NearDuplicates}.
 *
 * <p>{@code bands × rows} random Gaussian hyperplanes (from {@code seed}) give each vector a signature of as many
 * sign bits; the bits are cut into {@code bands} bands of {@code rows} bits, and two vectors become a candidate
 * pair when at least one band is equal. For two vectors at angle θ (cosine s = cos θ) one bit agrees with
 * probability {@code p = 1 − θ/π}, so the pair is compared with probability
 * <pre>  P(s) = 1 − (1 − p^rows)^bands</pre>
 * ({@link #candidateProbability}): the recall at similarity s. More rows per band make buckets smaller and
 * unrelated pairs rarer (fewer comparisons), more bands raise recall (one more copy of each row in the shuffle
 * per band). {@link #forThreshold(float, double, int, long)} picks, within a band budget, the setting that
 * reaches a recall target at the threshold with the fewest candidates.
 */
public final class LshBanding implements Serializable {
    private static final long serialVersionUID = 1L;
    /** Limits: a band's bits and its index share one {@code long} bucket key. */
    public static final int MAX_BANDS = 128, MAX_ROWS = 56;
    /** The band limit of {@link #forThreshold(float, double, long)}: each band is one more copy of every row in the shuffle. */
    public static final int DEFAULT_MAX_BANDS = 16;

    private final int bands, rows;
    private final long seed;

    private LshBanding(int bands, int rows, long seed) {
        if (bands < 1 || bands > MAX_BANDS) throw new IllegalArgumentException("bands must be in 1.." + MAX_BANDS + ", got " + bands);
        if (rows < 1 || rows > MAX_ROWS) throw new IllegalArgumentException("rows per band must be in 1.." + MAX_ROWS + ", got " + rows);
        this.bands = bands;
        this.rows = rows;
        this.seed = seed;
    }

    /** {@code bands} bands of {@code rows} bits each, hyperplanes drawn from {@code seed}. */
    public static LshBanding of(int bands, int rows, long seed) {
        return new LshBanding(bands, rows, seed);
    }

    /** {@link #forThreshold(float, double, int, long)} with at most {@value #DEFAULT_MAX_BANDS} bands. */
    public static LshBanding forThreshold(float threshold, double recall, long seed) {
        return forThreshold(threshold, recall, DEFAULT_MAX_BANDS, seed);
    }

    /**
     * The setting, with at most {@code maxBands} bands, whose recall at {@code threshold} is at least
     * {@code recall} and that makes the fewest candidates among unrelated vectors (cosine 0): for each
     * rows-per-band r, the fewest bands that reach the target; of those, the one with the lowest
     * {@code candidateProbability(0)}.
     */
    public static LshBanding forThreshold(float threshold, double recall, int maxBands, long seed) {
        if (!(threshold > 0 && threshold < 1)) throw new IllegalArgumentException("threshold must be in (0, 1), got " + threshold);
        if (!(recall > 0 && recall < 1)) throw new IllegalArgumentException("recall must be in (0, 1), got " + recall);
        if (maxBands < 1 || maxBands > MAX_BANDS) throw new IllegalArgumentException("maxBands must be in 1.." + MAX_BANDS + ", got " + maxBands);
        LshBanding best = null;
        double bestCost = Double.POSITIVE_INFINITY;
        for (int r = 1; r <= MAX_ROWS; r++) {
            for (int b = 1; b <= maxBands; b++) {
                LshBanding c = new LshBanding(b, r, seed);
                if (c.candidateProbability(threshold) < recall) continue;
                double cost = c.candidateProbability(0);
                if (cost < bestCost) {
                    best = c;
                    bestCost = cost;
                }
                break;
            }
        }
        if (best == null) throw new IllegalArgumentException("no setting with at most " + maxBands + " bands reaches recall " + recall + " at " + threshold);
        return best;
    }

    public int bands() {
        return bands;
    }

    public int rows() {
        return rows;
    }

    public long seed() {
        return seed;
    }

    /** The probability that two vectors with this cosine share at least one band: the recall at that similarity. */
    public double candidateProbability(double cosine) {
        double c = Math.max(-1, Math.min(1, cosine));
        double p = 1 - Math.acos(c) / Math.PI;
        return 1 - Math.pow(1 - Math.pow(p, rows), bands);
    }

    /** The hyperplanes for vectors of {@code dim} elements: {@code bands × rows} rows of Gaussian entries. */
    double[][] hyperplanes(int dim) {
        Random random = new Random(seed);
        double[][] h = new double[bands * rows][dim];
        for (double[] plane : h) for (int i = 0; i < dim; i++) plane[i] = random.nextGaussian();
        return h;
    }

    /**
     * The signature of {@code v}, one {@code long} per band: bit j of band b is the side of hyperplane
     * {@code b × rows + j} that {@code v} lies on (≥ 0 → 1).
     */
    long[] signature(double[][] planes, float[] v) {
        long[] sig = new long[bands];
        for (int b = 0; b < bands; b++) {
            long bits = 0;
            for (int j = 0; j < rows; j++) {
                double[] h = planes[b * rows + j];
                if (h.length != v.length) throw new IllegalArgumentException("vector of " + v.length + " elements, hyperplanes of " + h.length);
                double d = 0;
                for (int i = 0; i < v.length; i++) d += h[i] * v[i];
                if (d >= 0) bits |= 1L << j;
            }
            sig[b] = bits;
        }
        return sig;
    }

    /** The bucket key of band {@code band}: its index above its bits. */
    long key(int band, long bits) {
        return ((long) band << rows) | bits;
    }

    /** The band of a bucket key. */
    int band(long key) {
        return (int) (key >>> rows);
    }

    /** The first band in which two signatures agree, or -1. */
    static int firstCommonBand(long[] a, long[] b) {
        for (int band = 0; band < a.length; band++) if (a[band] == b[band]) return band;
        return -1;
    }

    @Override
    public String toString() {
        return bands + " bands x " + rows + " rows (seed " + seed + ")";
    }
}
