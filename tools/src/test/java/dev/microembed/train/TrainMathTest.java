package dev.microembed.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ForkJoinPool;
import org.junit.jupiter.api.Test;

/** Hand-written gradients against central finite differences, and a tiny training run that must learn. */
class TrainMathTest {
    private static final int V = 12, D = 6;

    private static StaticModel randomModel(Random r) {
        float[] rows = new float[V * D], w = new float[V];
        for (int i = 0; i < rows.length; i++) rows[i] = (float) r.nextGaussian();
        for (int i = 0; i < V; i++) w[i] = 0.5f + r.nextFloat();
        return new StaticModel(V, D, rows, w);
    }

    private static float[] unit(Random r) {
        float[] u = new float[D];
        for (int d = 0; d < D; d++) u[d] = (float) r.nextGaussian();
        StaticModel.normalize(u);
        return u;
    }

    /** Loss of a batch as a function of the model, in double precision of the float forward pass. */
    private static double batchLoss(StaticModel m, int[][] ids, float[][] u, int[] tid, double contrastive) {
        float[][] v = new float[ids.length][D], g = new float[ids.length][D];
        double loss = 0;
        for (int i = 0; i < ids.length; i++) { m.pool(ids[i], v[i]); loss += StaticModel.cosineLoss(v[i], u[i], g[i]); }
        // contrastiveLoss returns the batch mean and its gradient is that of scale x the mean
        if (contrastive > 0) loss += contrastive * StaticModel.contrastiveLoss(v, u, tid, 0.5, contrastive, new float[ids.length][D]);
        return loss;
    }

    private static void checkGradients(double contrastive) {
        Random r = new Random(7);
        StaticModel m = randomModel(r);
        int[][] ids = {{1, 2, 3, 2}, {4, 5}, {1, 6, 7, 8, 9}, {10, 11, 3}};
        int[] tid = {0, 1, 2, 0}; // examples 0 and 3 share a target: not negatives of each other
        float[][] u = {unit(r), unit(r), unit(r), null};
        u[3] = u[0];
        float[][] v = new float[ids.length][D], g = new float[ids.length][D];
        for (int i = 0; i < ids.length; i++) { m.pool(ids[i], v[i]); StaticModel.cosineLoss(v[i], u[i], g[i]); }
        if (contrastive > 0) StaticModel.contrastiveLoss(v, u, tid, 0.5, contrastive, g);
        float[] gRows = new float[V * D], gW = new float[V];
        SparseAdam.Touched touched = new SparseAdam.Touched(V);
        for (int i = 0; i < ids.length; i++) m.scatter(ids[i], g[i], gRows, gW, touched);
        double h = 1e-3;
        for (int k = 0; k < V * D; k += 5) {
            float keep = m.rows[k];
            m.rows[k] = (float) (keep + h); double up = batchLoss(m, ids, u, tid, contrastive);
            m.rows[k] = (float) (keep - h); double down = batchLoss(m, ids, u, tid, contrastive);
            m.rows[k] = keep;
            assertEquals((up - down) / (2 * h), gRows[k], 2e-3, "d loss / d rows[" + k + "]");
        }
        for (int t = 0; t < V; t++) {
            float keep = m.weights[t];
            m.weights[t] = (float) (keep + h); double up = batchLoss(m, ids, u, tid, contrastive);
            m.weights[t] = (float) (keep - h); double down = batchLoss(m, ids, u, tid, contrastive);
            m.weights[t] = keep;
            assertEquals((up - down) / (2 * h), gW[t], 2e-3, "d loss / d weights[" + t + "]");
        }
        assertEquals(11, touched.count); // ids 1..11 occur, 0 does not
        assertTrue(!touched.marked[0]);
    }

    @Test
    void cosineGradientMatchesFiniteDifferences() { checkGradients(0); }

    @Test
    void contrastiveGradientMatchesFiniteDifferences() { checkGradients(0.7); }

    /** The pair term as a function of the model: translations ids[i] against English sides en[i]. */
    private static double pairLoss(StaticModel m, int[][] ids, int[][] en, int[] key) {
        float[][] v = new float[ids.length][D], w = new float[ids.length][D];
        for (int i = 0; i < ids.length; i++) { m.pool(ids[i], v[i]); m.pool(en[i], w[i]); }
        return StaticModel.pairContrastiveLoss(v, w, key, 0.3, 1.0, new float[ids.length][D], new float[ids.length][D]);
    }

    @Test
    void pairContrastiveGradientMatchesFiniteDifferences() {
        Random r = new Random(7);
        StaticModel m = randomModel(r);
        int b = 5;
        int[][] ids = new int[b][], en = new int[b][];
        for (int i = 0; i < b; i++) {
            ids[i] = new int[] {r.nextInt(V), r.nextInt(V), r.nextInt(V)};
            en[i] = new int[] {r.nextInt(V), r.nextInt(V)};
        }
        int[] key = {0, 1, 2, 1, 3}; // pairs 1 and 3 share an English text: not each other's negatives
        float[][] v = new float[b][D], w = new float[b][D], gv = new float[b][D], gw = new float[b][D];
        for (int i = 0; i < b; i++) { m.pool(ids[i], v[i]); m.pool(en[i], w[i]); }
        StaticModel.pairContrastiveLoss(v, w, key, 0.3, 1.0, gv, gw);
        float[] gradRows = new float[V * D], gradW = new float[V];
        SparseAdam.Touched touched = new SparseAdam.Touched(V);
        for (int i = 0; i < b; i++) { m.scatter(ids[i], gv[i], gradRows, gradW, touched); m.scatter(en[i], gw[i], gradRows, gradW, touched); }
        double h = 1e-3;
        for (int k = 0; k < V * D; k++) {
            float keep = m.rows[k];
            m.rows[k] = (float) (keep + h); double up = pairLoss(m, ids, en, key);
            m.rows[k] = (float) (keep - h); double down = pairLoss(m, ids, en, key);
            m.rows[k] = keep;
            assertEquals((up - down) / (2 * h), gradRows[k], 2e-3, "row entry " + k);
        }
    }

    @Test
    void samplerCapsEachGroupAndKeepsSmallGroupsWhole() {
        int[] group = new int[130];
        for (int i = 100; i < 130; i++) group[i] = 1 + (i % 3); // group 0: 100 examples; groups 1-3: 10 each
        int[] order = Trainer.sample(group.length, group, 20, 5L);
        int[] count = new int[4];
        java.util.Set<Integer> distinct = new java.util.HashSet<>();
        for (int ex : order) { count[group[ex]]++; distinct.add(ex); }
        assertEquals(20, count[0]);
        assertEquals(10, count[1]); assertEquals(10, count[2]); assertEquals(10, count[3]);
        assertEquals(order.length, distinct.size(), "no example twice in an epoch");
        assertEquals(130, Trainer.sample(group.length, group, 0, 5L).length, "no cap: every example");
    }

    @Test
    void capScopePairsCapsOnlyPairSourceAndCorpusGroups() {
        TrainConfig cfg = TrainConfig.fromMap(java.util.Map.of("group_cap", 20, "group_cap_scope", "pairs",
                "pair_sources", java.util.List.of("debian-descriptions")), TrainConfig.defaults());
        java.util.List<String> groups = java.util.List.of("sts-en", "debian-descriptions-eng", "debian-descriptions-fr", "corpus-en", "tatoeba-fra");
        assertArrayEquals(new int[] {0, 20, 20, 20, 0}, TrainStage.capOfGroup(cfg, groups));
        TrainConfig all = TrainConfig.fromMap(java.util.Map.of("group_cap", 20), TrainConfig.defaults());
        assertArrayEquals(new int[] {20, 20, 20, 20, 20}, TrainStage.capOfGroup(all, groups));
        int[] group = new int[130];
        for (int i = 100; i < 130; i++) group[i] = 1; // group 0 (uncapped): 100 examples; group 1 (cap 5): 30
        int[] order = Trainer.sample(group.length, group, new int[] {0, 5}, 7L);
        int[] count = new int[2];
        for (int ex : order) count[group[ex]]++;
        assertEquals(100, count[0]); assertEquals(5, count[1]);
    }

    @Test
    void anchoredPairTermMovesOnlyTheTranslationSide() throws Exception {
        // Translations use ids 1..5, their English sides ids 6..10; pair term only (no teacher targets).
        for (String anchor : List.of("none", "english")) {
            Random r = new Random(5);
            StaticModel m = randomModel(r);
            float[] before = m.rows.clone();
            List<int[]> ids = new ArrayList<>(), partner = new ArrayList<>();
            int n = 40;
            int[] target = new int[n], key = new int[n];
            for (int i = 0; i < n; i++) {
                ids.add(new int[] {1 + i % 5, 1 + (i / 5) % 5});
                partner.add(new int[] {6 + i % 5, 6 + (i / 5) % 5});
                target[i] = -1;
                key[i] = i % 25;
            }
            TrainConfig cfg = TrainConfig.fromMap(Map.of("batch_size", 8L, "contrastive", 0.0, "pair_contrastive", 1.0,
                    "pair_anchor", anchor), TrainConfig.defaults());
            ForkJoinPool pool = new ForkJoinPool(2);
            new Trainer(m, cfg).epoch(0, ids, target, new float[0][], new int[n], 0, partner, key, pool);
            pool.shutdown();
            double movedForeign = 0, movedEnglish = 0;
            for (int t = 1; t <= 10; t++) for (int d = 0; d < D; d++) {
                double delta = Math.abs(m.rows[t * D + d] - before[t * D + d]);
                if (t <= 5) movedForeign += delta; else movedEnglish += delta;
            }
            assertTrue(movedForeign > 0, anchor + ": translation rows move");
            if (anchor.equals("english")) assertEquals(0.0, movedEnglish, 0.0, "anchored: English rows stay");
            else assertTrue(movedEnglish > 0, "unanchored: English rows move too");
        }
    }

    @Test
    void tinyTrainingRunLowersTheLossAndLeavesUntouchedRowsAlone() throws Exception {
        Random r = new Random(3);
        StaticModel m = randomModel(r);
        float[] before = m.rows.clone();
        List<int[]> ids = new ArrayList<>();
        int n = 200;
        int[] target = new int[n];
        float[][] targets = new float[20][];
        for (int i = 0; i < targets.length; i++) targets[i] = unit(r);
        for (int i = 0; i < n; i++) {
            int len = 1 + r.nextInt(4);
            int[] x = new int[len];
            for (int j = 0; j < len; j++) x[j] = 1 + r.nextInt(V - 2); // ids 0 and V-1 never occur
            ids.add(x);
            target[i] = i % targets.length;
        }
        TrainConfig cfg = TrainConfig.fromMap(Map.of("batch_size", 16L, "epochs", 12L, "learning_rate", 0.05, "contrastive", 0.2), TrainConfig.defaults());
        Trainer tr = new Trainer(m, cfg);
        ForkJoinPool pool = new ForkJoinPool(2);
        double first = tr.epoch(0, ids, target, targets, pool), last = first;
        for (int e = 1; e < cfg.epochs(); e++) last = tr.epoch(e, ids, target, targets, pool);
        pool.shutdown();
        assertTrue(last < 0.8 * first, "loss " + first + " -> " + last);
        for (int d = 0; d < D; d++) {
            assertEquals(before[d], m.rows[d], 0f, "row 0 is never touched");
            assertEquals(before[(V - 1) * D + d], m.rows[(V - 1) * D + d], 0f, "last row is never touched");
        }
    }

    @Test
    void resumingFromACheckpointGivesTheSameTableAsAnUninterruptedRun(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
        Random r = new Random(5);
        List<int[]> ids = new ArrayList<>();
        int n = 64;
        int[] target = new int[n];
        float[][] targets = new float[8][];
        for (int i = 0; i < targets.length; i++) targets[i] = unit(r);
        for (int i = 0; i < n; i++) { ids.add(new int[] {1 + r.nextInt(V - 1), 1 + r.nextInt(V - 1)}); target[i] = i % targets.length; }
        TrainConfig cfg = TrainConfig.fromMap(Map.of("batch_size", 8L, "epochs", 2L), TrainConfig.defaults());
        ForkJoinPool pool = new ForkJoinPool(2);
        StaticModel straight = randomModel(new Random(9));
        Trainer a = new Trainer(straight, cfg);
        a.epoch(0, ids, target, targets, pool);
        a.epoch(1, ids, target, targets, pool);

        StaticModel first = randomModel(new Random(9));
        Trainer b = new Trainer(first, cfg);
        b.epoch(0, ids, target, targets, pool);
        java.nio.file.Path ckpt = dir.resolve("ckpt.safetensors");
        Checkpoint.save(ckpt, cfg, b, 1, 1, 0.5, first.rows, first.weights, new ArrayList<>());
        StaticModel resumed = randomModel(new Random(9));
        Trainer c = new Trainer(resumed, cfg);
        assertTrue(Checkpoint.matches(ckpt, cfg));
        assertTrue(!Checkpoint.matches(ckpt, TrainConfig.fromMap(Map.of("batch_size", 16L), cfg)));
        assertEquals(1, Checkpoint.load(ckpt, c).epochsDone());
        c.epoch(1, ids, target, targets, pool);
        pool.shutdown();
        org.junit.jupiter.api.Assertions.assertArrayEquals(straight.rows, resumed.rows);
        org.junit.jupiter.api.Assertions.assertArrayEquals(straight.weights, resumed.weights);
    }

    @Test
    void configRejectsUnknownKeysAndBadValues() {
        org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class, () -> TrainConfig.fromMap(Map.of("epochz", 3L), TrainConfig.defaults()));
        // One key style, snake_case: the camelCase spelling of a key is unknown (the message names the right one).
        IllegalArgumentException camel = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> TrainConfig.fromMap(Map.of("maxPairsPerGroup", 3L), TrainConfig.defaults()));
        assertTrue(camel.getMessage().contains("\"max_pairs_per_group\""), camel.getMessage());
        org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class, () -> TrainConfig.fromMap(Map.of("space", "pcaa"), TrainConfig.defaults()));
        org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class, () -> TrainConfig.fromMap(Map.of("corpus", false, "cross_lingual", false), TrainConfig.defaults()));
    }

    @Test
    void holdoutSliceIsTheLastHundredLinesOrHalf() {
        assertEquals(100, TrainingData.holdoutSize(500, 100));
        assertEquals(26, TrainingData.holdoutSize(52, 100));
        assertEquals(100, TrainingData.holdoutSize(200, 100));
        assertEquals(99, TrainingData.holdoutSize(199, 100));
    }

    @Test
    void retrievalCountsTheAlignedLineOrAnIdenticalText() {
        float[][] q = {{1, 0}, {0, 1}, {0.7f, 0.7f}};
        float[][] c = {{1, 0}, {0.1f, 1}, {0, 1}};
        // query 2 retrieves candidate 1 or 0 (not 2): wrong unless the texts are equal
        assertEquals(2.0 / 3, DevEvaluation.retrievalAccuracy(q, c, java.util.List.of("a", "b", "c")), 1e-12);
        assertEquals(1.0, DevEvaluation.retrievalAccuracy(q, c, java.util.List.of("a", "b", "b")), 1e-12);
    }
}
