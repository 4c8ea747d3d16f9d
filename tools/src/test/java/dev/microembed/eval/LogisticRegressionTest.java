package dev.microembed.eval;

import static org.junit.jupiter.api.Assertions.*;

import java.util.Random;
import org.junit.jupiter.api.Test;

class LogisticRegressionTest {
    /** Gaussian blobs around random unit centres; {@code noise} sets the overlap. */
    static float[][] blobs(Random rnd, float[][] centres, int n, double noise, int[] labels) {
        int dim = centres[0].length;
        float[][] x = new float[n][dim];
        for (int i = 0; i < n; i++) {
            labels[i] = i % centres.length;
            for (int d = 0; d < dim; d++) x[i][d] = (float) (centres[labels[i]][d] + noise * rnd.nextGaussian());
        }
        return x;
    }

    static float[][] centres(Random rnd, int k, int dim) {
        float[][] c = new float[k][dim];
        for (float[] row : c) for (int d = 0; d < dim; d++) row[d] = (float) rnd.nextGaussian();
        return c;
    }

    @Test
    void separatesWellSeparatedClasses() {
        Random rnd = new Random(1);
        float[][] c = centres(rnd, 4, 20);
        int[] ytr = new int[400], yte = new int[200];
        float[][] xtr = blobs(rnd, c, 400, 0.3, ytr), xte = blobs(rnd, c, 200, 0.3, yte);
        int[] pred = LogisticRegression.train(xtr, ytr, 42).predict(xte);
        assertTrue(Metrics.accuracy(yte, pred) > 0.98);
    }

    @Test
    void learnsFromFewRowsAndBeatsNearestCentroidOnOverlap() {
        Random rnd = new Random(2);
        float[][] c = centres(rnd, 3, 16);
        int[] ytr = new int[60], yte = new int[600];
        float[][] xtr = blobs(rnd, c, 60, 1.0, ytr), xte = blobs(rnd, c, 600, 1.0, yte);
        double lr = Metrics.accuracy(yte, LogisticRegression.train(xtr, ytr, 42).predict(xte));
        // nearest true centre is the Bayes rule for equal isotropic blobs: an upper reference
        int ok = 0;
        for (int i = 0; i < xte.length; i++) {
            int best = 0;
            double bd = Double.MAX_VALUE;
            for (int k = 0; k < c.length; k++) {
                double dd = 0;
                for (int d = 0; d < 16; d++) dd += (xte[i][d] - c[k][d]) * (xte[i][d] - c[k][d]);
                if (dd < bd) {
                    bd = dd;
                    best = k;
                }
            }
            if (best == yte[i]) ok++;
        }
        double bayes = (double) ok / xte.length;
        assertTrue(lr > bayes - 0.12, "logistic regression " + lr + " vs Bayes rule " + bayes);
        assertTrue(lr > 0.5);
    }
}
