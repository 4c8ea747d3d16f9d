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
 * unrelated pairs rarer (faster), more bands raise recall (more copies of each row in the shuffle).
 * {@link #forThreshold(float, double, long)} picks the cheapest setting that reaches a recall target at the threshold.
 */
public final class LshBanding implements Serializable {
    private static final long serialVersionUID = 1L;
    /** The signature is one {@code long}. */
    public static final int MAX_BITS = 64;

    private final int bands, rows;
    private final long seed;

    private LshBanding(int bands, int rows, long seed) {
        if (bands < 1 || rows < 1) throw new IllegalArgumentException("bands and rows must be at least 1: " + bands + " x " + rows);
        if (bands * rows > MAX_BITS) throw new IllegalArgumentException("bands x rows must be at most " + MAX_BITS + " bits: " + bands + " x " + rows);
        if (rows > 56) throw new IllegalArgumentException("rows per band must be at most 56, got " + rows);
        this.bands = bands;
        this.rows = rows;
        this.seed = seed;
    }

    /** {@code bands} bands of {@code rows} bits each ({@code bands × rows ≤ 64}), hyperplanes drawn from {@code seed}. */
    public static LshBanding of(int bands, int rows, long seed) {
        return new LshBanding(bands, rows, seed);
    }

    /**
     * The setting with the fewest expected candidate pairs among unrelated vectors (cosine 0) whose recall
     * at {@code threshold} is at least {@code recall}: for each rows-per-band r from 1 to 32, the fewest bands
     * that reach the target within 64 bits.
     */
    public static LshBanding forThreshold(float threshold, double recall, long seed) {
        if (!(threshold > 0 && threshold < 1)) throw new IllegalArgumentException("threshold must be in (0, 1), got " + threshold);
        if (!(recall > 0 && recall < 1)) throw new IllegalArgumentException("recall must be in (0, 1), got " + recall);
        LshBanding best = null;
        double bestCost = Double.POSITIVE_INFINITY;
        for (int r = 1; r <= 32; r++) {
            for (int b = 1; b * r <= MAX_BITS; b++) {
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
        if (best == null) throw new IllegalArgumentException("no setting within 64 bits reaches recall " + recall + " at " + threshold);
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

    /** Bit j of the signature: the side of hyperplane j that {@code v} lies on (≥ 0 → 1). */
    static long signature(double[][] planes, float[] v) {
        long sig = 0;
        for (int j = 0; j < planes.length; j++) {
            double[] h = planes[j];
            if (h.length != v.length) throw new IllegalArgumentException("vector of " + v.length + " elements, hyperplanes of " + h.length);
            double d = 0;
            for (int i = 0; i < v.length; i++) d += h[i] * v[i];
            if (d >= 0) sig |= 1L << j;
        }
        return sig;
    }

    /** The bits of band {@code band} of {@code sig}. */
    long bandBits(long sig, int band) {
        return (sig >>> (band * rows)) & ((1L << rows) - 1);
    }

    /** The first band in which two signatures agree, or -1. */
    int firstCommonBand(long a, long b) {
        for (int band = 0; band < bands; band++) if (bandBits(a, band) == bandBits(b, band)) return band;
        return -1;
    }

    @Override
    public String toString() {
        return bands + " bands x " + rows + " rows (seed " + seed + ")";
    }
}
