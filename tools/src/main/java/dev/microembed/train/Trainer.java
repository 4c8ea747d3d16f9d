package dev.microembed.train;

import java.util.List;
import java.util.Random;
import java.util.concurrent.ForkJoinPool;
import java.util.stream.IntStream;
import me.tongfei.progressbar.ProgressBar;

/**
 * One epoch of minibatch training: pooling and per-sentence loss gradients run in parallel over the
 * batch, then one sequential scatter into the touched rows and a sparse Adam step.
 */
final class Trainer {
    final StaticModel model;
    final float[] initialRows, initialWeights;
    final SparseAdam rowAdam, weightAdam; // weightAdam null when weights are fixed
    private final float[] gradRows, gradWeights;
    private final SparseAdam.Touched touched;
    private final TrainConfig cfg;

    Trainer(StaticModel model, TrainConfig cfg) {
        this.model = model;
        this.cfg = cfg;
        this.initialRows = model.rows.clone();
        this.initialWeights = model.weights.clone();
        double rms = 0;
        for (float x : model.rows) rms += (double) x * x;
        rms = Math.sqrt(rms / model.rows.length);
        double meanW = 0;
        for (float w : model.weights) meanW += Math.abs(w);
        meanW /= model.weights.length;
        this.rowAdam = new SparseAdam(model.vocab, model.dim, cfg.learningRate() * rms, cfg.l2Pull());
        this.weightAdam = cfg.learnWeights() ? new SparseAdam(model.vocab, 1, cfg.weightLearningRate() * meanW, 0) : null;
        this.gradRows = new float[model.rows.length];
        this.gradWeights = cfg.learnWeights() ? new float[model.vocab] : null;
        this.touched = new SparseAdam.Touched(model.vocab);
    }

    /** Runs one epoch over every example (unit target vectors); returns the mean loss. */
    double epoch(int epoch, List<int[]> ids, int[] target, float[][] targets, ForkJoinPool pool) throws Exception {
        int n = ids.size();
        return epoch(epoch, ids, target, targets, new int[n], 0, null, null, pool);
    }

    /**
     * The examples drawn for one epoch: every example of a group (a source × language) when it has at
     * most {@code groupCap} (key {@code group_cap}), else a fresh random {@code groupCap} of them, so a large source cannot drown
     * the others (the ten STS-B languages had 22k examples each against a few hundred for most languages).
     * Then shuffled.
     */
    static int[] sample(int n, int[] group, int groupCap, long seed) {
        return sample(n, group, sameCap(group, groupCap), seed);
    }

    /** One cap for every group that occurs in {@code group}. */
    private static int[] sameCap(int[] group, int groupCap) {
        int groups = 0;
        for (int g : group) groups = Math.max(groups, g + 1);
        int[] capOfGroup = new int[groups];
        java.util.Arrays.fill(capOfGroup, groupCap);
        return capOfGroup;
    }

    /** As above with a cap per group; a cap of 0 or less keeps every example of that group. */
    static int[] sample(int n, int[] group, int[] capOfGroup, long seed) {
        Random rnd = new Random(seed);
        int[] order;
        if (java.util.Arrays.stream(capOfGroup).noneMatch(c -> c > 0)) {
            order = IntStream.range(0, n).toArray();
        } else {
            int groups = capOfGroup.length;
            List<List<Integer>> byGroup = new java.util.ArrayList<>();
            for (int g = 0; g < groups; g++) byGroup.add(new java.util.ArrayList<>());
            for (int i = 0; i < n; i++) byGroup.get(group[i]).add(i);
            java.util.ArrayList<Integer> picked = new java.util.ArrayList<>();
            for (int g = 0; g < groups; g++) {
                List<Integer> members = byGroup.get(g);
                int cap = capOfGroup[g] > 0 ? capOfGroup[g] : members.size();
                if (members.size() > cap) java.util.Collections.shuffle(members, rnd);
                picked.addAll(members.subList(0, Math.min(cap, members.size())));
            }
            order = picked.stream().mapToInt(Integer::intValue).toArray();
        }
        for (int i = order.length - 1; i > 0; i--) { int j = rnd.nextInt(i + 1); int t = order[i]; order[i] = order[j]; order[j] = t; }
        return order;
    }

    /**
     * One epoch with the sampler and the pair term: {@code target[ex] < 0} means no teacher target
     * (the example only takes part in the pair term), {@code partner[ex]} are the token ids of the English
     * side of a translation (null for none) and {@code partnerKey[ex]} names that English text.
     */
    double epoch(int epoch, List<int[]> ids, int[] target, float[][] targets, int[] group, int groupCap,
                 List<int[]> partner, int[] partnerKey, ForkJoinPool pool) throws Exception {
        return epoch(epoch, ids, target, targets, group, sameCap(group, groupCap), partner, partnerKey, pool);
    }

    /** As above with a cap per group (0: every example of that group every epoch). */
    double epoch(int epoch, List<int[]> ids, int[] target, float[][] targets, int[] group, int[] capOfGroup,
                 List<int[]> partner, int[] partnerKey, ForkJoinPool pool) throws Exception {
        int b = cfg.batchSize(), dim = model.dim;
        int[] perm = sample(ids.size(), group, capOfGroup, cfg.seed() * 31 + epoch);
        int n = perm.length;
        double lossSum = 0;
        try (ProgressBar pb = new ProgressBar("epoch " + (epoch + 1) + "/" + cfg.epochs(), n)) {
            for (int s = 0; s < n; s += b) {
                int m = Math.min(b, n - s), start = s;
                float[][] v = new float[m][dim], g = new float[m][dim];
                double[] loss = new double[m];
                pool.submit(() -> IntStream.range(0, m).parallel().forEach(i -> {
                    int ex = perm[start + i];
                    model.pool(ids.get(ex), v[i]);
                    if (target[ex] < 0) return;
                    loss[i] = StaticModel.cosineLoss(v[i], targets[target[ex]], g[i]);
                    for (int d = 0; d < dim; d++) g[i][d] /= m;
                })).get();
                double batchLoss = 0;
                for (double l : loss) batchLoss += l;
                if (cfg.contrastive() > 0) {
                    // Teacher-target InfoNCE over the examples that have a target.
                    int[] with = IntStream.range(0, m).filter(i -> target[perm[start + i]] >= 0).toArray();
                    int k = with.length;
                    if (k > 1) {
                        float[][] vv = new float[k][], u = new float[k][], gg = new float[k][];
                        int[] tid = new int[k];
                        for (int a = 0; a < k; a++) {
                            int i = with[a];
                            vv[a] = v[i]; gg[a] = g[i]; tid[a] = target[perm[start + i]]; u[a] = targets[tid[a]];
                        }
                        batchLoss += cfg.contrastive() * k * pool.submit(() -> StaticModel.contrastiveLoss(vv, u, tid, cfg.temperature(), cfg.contrastive() * k / m, gg)).get();
                    }
                }
                int[] paired = partner == null || cfg.pairContrastive() <= 0 ? new int[0]
                        : IntStream.range(0, m).filter(i -> partner.get(perm[start + i]) != null).toArray();
                float[][] w = new float[paired.length][dim], gw = new float[paired.length][dim];
                if (paired.length > 1) {
                    int k = paired.length;
                    float[][] vv = new float[k][], gv = new float[k][];
                    int[] key = new int[k];
                    pool.submit(() -> IntStream.range(0, k).parallel().forEach(a -> model.pool(partner.get(perm[start + paired[a]]), w[a]))).get();
                    for (int a = 0; a < k; a++) { vv[a] = v[paired[a]]; gv[a] = g[paired[a]]; key[a] = partnerKey[perm[start + paired[a]]]; }
                    double scale = cfg.pairContrastive() * k / m;
                    batchLoss += cfg.pairContrastive() * k * pool.submit(() -> StaticModel.pairContrastiveLoss(vv, w, key, cfg.temperature(), scale, gv, gw)).get();
                }
                lossSum += batchLoss;
                for (int i = 0; i < m; i++) model.scatter(ids.get(perm[start + i]), g[i], gradRows, gradWeights, touched);
                // Anchored: the English side's gradient is dropped, so translations move toward English and the
                // English geometry (held by the teacher targets) is not pulled toward the other languages.
                if (paired.length > 1 && !cfg.pairAnchor().equals("english")) for (int a = 0; a < paired.length; a++) model.scatter(partner.get(perm[start + paired[a]]), gw[a], gradRows, gradWeights, touched);
                rowAdam.update(model.rows, initialRows, gradRows, touched);
                if (weightAdam != null) weightAdam.update(model.weights, initialWeights, gradWeights, touched);
                touched.clear();
                pb.stepBy(m);
            }
        }
        return lossSum / Math.max(1, n);
    }
}
