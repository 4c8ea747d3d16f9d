package dev.microembed.eval;

import static org.junit.jupiter.api.Assertions.*;

import org.junit.jupiter.api.Test;

class MetricsTest {
    @Test
    void pearsonOfLinearRelationIsOne() {
        assertEquals(1.0, Metrics.pearson(new double[] {1, 2, 3, 4}, new double[] {3, 5, 7, 9}), 1e-12);
        assertEquals(-1.0, Metrics.pearson(new double[] {1, 2, 3, 4}, new double[] {4, 3, 2, 1}), 1e-12);
    }

    @Test
    void pearsonMatchesHandComputedValue() {
        // x = 1..5, y = 2,4,5,4,5 -> r = 0.7745966692 (numpy.corrcoef)
        assertEquals(0.7745966692414834,
                Metrics.pearson(new double[] {1, 2, 3, 4, 5}, new double[] {2, 4, 5, 4, 5}), 1e-12);
    }

    @Test
    void spearmanIsRankBasedAndHandlesTies() {
        // monotone but non-linear: Spearman 1, Pearson < 1
        double[] x = {1, 2, 3, 4, 5};
        double[] y = {1, 4, 9, 16, 1000};
        assertEquals(1.0, Metrics.spearman(x, y), 1e-12);
        assertTrue(Metrics.pearson(x, y) < 0.9);
        // scipy.stats.spearmanr([1,2,3,4,5],[2,4,5,4,5]) = 0.7378647873726218
        assertEquals(0.7378647873726218, Metrics.spearman(x, new double[] {2, 4, 5, 4, 5}), 1e-12);
    }

    @Test
    void ranksAverageTies() {
        assertArrayEquals(new double[] {1, 2.5, 2.5, 4}, Metrics.ranks(new double[] {0.1, 0.5, 0.5, 0.9}));
        assertArrayEquals(new double[] {3, 1, 2}, Metrics.ranks(new double[] {9, -1, 0}));
    }

    @Test
    void constantInputGivesNaN() {
        assertTrue(Double.isNaN(Metrics.pearson(new double[] {1, 1, 1}, new double[] {1, 2, 3})));
        assertTrue(Double.isNaN(Metrics.spearman(new double[] {1, 2, 3}, new double[] {5, 5, 5})));
    }

    @Test
    void rejectsBadInput() {
        assertThrows(IllegalArgumentException.class, () -> Metrics.pearson(new double[] {1, 2}, new double[] {1}));
        assertThrows(IllegalArgumentException.class, () -> Metrics.spearman(new double[] {1}, new double[] {1}));
        assertThrows(IllegalArgumentException.class,
                () -> Metrics.pearson(new double[] {1, Double.NaN}, new double[] {1, 2}));
    }

    @Test
    void accuracyAndMacroF1() {
        int[] gold = {0, 0, 1, 1, 2, 2};
        int[] pred = {0, 1, 1, 1, 2, 0};
        assertEquals(4.0 / 6, Metrics.accuracy(gold, pred), 1e-12);
        // sklearn f1_score(gold, pred, average="macro"): class0 P=.5 R=.5 F=.5; class1 P=2/3 R=1 F=.8;
        // class2 P=1 R=.5 F=2/3 -> mean 0.6555...
        assertEquals((0.5 + 0.8 + 2.0 / 3) / 3, Metrics.macroF1(gold, pred), 1e-12);
        assertEquals(1.0, Metrics.macroF1(gold, gold), 1e-12);
    }

    @Test
    void macroF1CountsClassesOnlyPredicted() {
        // class 1 never in gold but predicted: F1 0 for it, as scikit-learn does
        assertEquals(0.5 * (2.0 / 3) + 0, Metrics.macroF1(new int[] {0, 0}, new int[] {0, 1}), 1e-12);
    }
}
