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

    /** Runs one epoch over {@code ids}/{@code target} (unit target vectors); returns the mean loss. */
    double epoch(int epoch, List<int[]> ids, int[] target, float[][] targets, ForkJoinPool pool) throws Exception {
        int n = ids.size(), b = cfg.batchSize(), dim = model.dim;
        int[] perm = IntStream.range(0, n).toArray();
        Random rnd = new Random(cfg.seed() * 31 + epoch);
        for (int i = n - 1; i > 0; i--) { int j = rnd.nextInt(i + 1); int t = perm[i]; perm[i] = perm[j]; perm[j] = t; }
        double lossSum = 0;
        try (ProgressBar pb = new ProgressBar("epoch " + (epoch + 1) + "/" + cfg.epochs(), n)) {
            for (int s = 0; s < n; s += b) {
                int m = Math.min(b, n - s), start = s;
                float[][] v = new float[m][dim], g = new float[m][dim];
                double[] loss = new double[m];
                pool.submit(() -> IntStream.range(0, m).parallel().forEach(i -> {
                    int ex = perm[start + i];
                    model.pool(ids.get(ex), v[i]);
                    loss[i] = StaticModel.cosineLoss(v[i], targets[target[ex]], g[i]);
                    for (int d = 0; d < dim; d++) g[i][d] /= m;
                })).get();
                double batchLoss = 0;
                for (double l : loss) batchLoss += l;
                if (cfg.contrastive() > 0) {
                    float[][] u = new float[m][];
                    int[] tid = new int[m];
                    for (int i = 0; i < m; i++) { tid[i] = target[perm[start + i]]; u[i] = targets[tid[i]]; }
                    batchLoss += cfg.contrastive() * m * pool.submit(() -> StaticModel.contrastiveLoss(v, u, tid, cfg.temperature(), cfg.contrastive(), g)).get();
                }
                lossSum += batchLoss;
                for (int i = 0; i < m; i++) model.scatter(ids.get(perm[start + i]), g[i], gradRows, gradWeights, touched);
                rowAdam.update(model.rows, initialRows, gradRows, touched);
                if (weightAdam != null) weightAdam.update(model.weights, initialWeights, gradWeights, touched);
                touched.clear();
                pb.stepBy(m);
            }
        }
        return lossSum / n;
    }
}
