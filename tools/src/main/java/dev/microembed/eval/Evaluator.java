package dev.microembed.eval;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Runs quality tasks for one model: fetches vectors (embedding cache first), computes the task's
 * metrics and returns them as {@link Result}s. Dense models: cosine similarity for STS, cosine
 * nearest neighbour for bitext, {@link LogisticRegression} for classification; {@link LexicalModel}s
 * answer each primitive themselves.
 */
public final class Evaluator {
    /** Per-task caps (0 = no cap), applied with {@link Sampling#spread} and reported in {@code n}. */
    public record Limits(int stsPairs, int bitextPairs, int trainRows, int testRows, boolean bitextTail) {
        public static final Limits NONE = new Limits(0, 0, 0, 0, false);
    }

    /** A task with its data loaded and capped. */
    public record Loaded(Task task, StsData sts, List<String> bitextA, List<String> bitextB, Task.Classify.Data cls) {
        public int texts() {
            if (sts != null) return 2 * sts.size();
            if (bitextA != null) return bitextA.size() + bitextB.size();
            return cls.trainText().size() + cls.testText().size();
        }
    }

    /** Progress sink: texts done, and a short status message. */
    public interface Progress {
        void step(long texts);

        void status(String message);

        Progress NONE = new Progress() {
            public void step(long t) {}

            public void status(String m) {}
        };
    }

    private final EmbeddingCache cache;
    private final Progress progress;
    private final Map<String, float[][]> memo = new HashMap<>();

    public Evaluator(EmbeddingCache cache, Progress progress) {
        this.cache = cache;
        this.progress = progress;
    }

    public static Loaded load(Task task, Limits limits) throws IOException {
        return switch (task) {
            case Task.Sts s -> {
                StsData d = s.load();
                if (limits.stsPairs() > 0 && d.size() > limits.stsPairs()) {
                    d = new StsData(d.name(), Sampling.pick(d.pairs(), Sampling.spread(d.size(), limits.stsPairs())));
                }
                yield new Loaded(task, d, null, null, null);
            }
            case Task.Bitext b -> {
                List<List<String>> ab = b.load();
                List<String> a = ab.get(0), bb = ab.get(1);
                if (limits.bitextTail() && limits.bitextPairs() > 0) {
                    // The training stage trains on every Tatoeba line except this tail, so only the tail is held out.
                    int n = HeldOut.tailSize(a.size(), limits.bitextPairs());
                    a = a.subList(a.size() - n, a.size());
                    bb = bb.subList(bb.size() - n, bb.size());
                } else if (limits.bitextPairs() > 0 && a.size() > limits.bitextPairs()) {
                    // Tatoeba protocol uses the first lines; keep a prefix so results match other tools'
                    a = a.subList(0, limits.bitextPairs());
                    bb = bb.subList(0, limits.bitextPairs());
                }
                yield new Loaded(task, null, a, bb, null);
            }
            case Task.Classify c -> {
                Task.Classify.Data d = c.load();
                int[] tr = Sampling.spread(d.trainText().size(), limits.trainRows());
                int[] te = Sampling.spread(d.testText().size(), limits.testRows());
                yield new Loaded(task, null, null, null, new Task.Classify.Data(
                        Sampling.pick(d.trainText(), tr), Sampling.pick(d.trainLabels(), tr),
                        Sampling.pick(d.testText(), te), Sampling.pick(d.testLabels(), te)));
            }
        };
    }

    public List<Result> run(EvalModel model, Loaded data) throws Exception {
        Task t = data.task();
        progress.status(model.name() + " " + t.id());
        List<Result> out = new ArrayList<>();
        String m = model.name(), id = t.id(), kind = t.kind(), lang = t.language();
        switch (t) {
            case Task.Sts s -> {
                StsData d = data.sts();
                double[] pred;
                if (model instanceof LexicalModel lx) {
                    pred = lx.pairScores(d.sentences1(), d.sentences2());
                    progress.step(2L * d.size());
                } else {
                    float[][] a = vectors(model, d.sentences1()), b = vectors(model, d.sentences2());
                    pred = new double[a.length];
                    for (int i = 0; i < a.length; i++) pred[i] = dot(a[i], b[i]);
                }
                double[] gold = d.scores();
                out.add(new Result(m, id, kind, lang, "spearman", 100 * Metrics.spearman(pred, gold), d.size(), true));
                out.add(new Result(m, id, kind, lang, "pearson", 100 * Metrics.pearson(pred, gold), d.size(), false));
            }
            case Task.Bitext b -> {
                List<String> a = data.bitextA(), bb = data.bitextB();
                int[] ab, ba;
                if (model instanceof LexicalModel lx) {
                    ab = lx.nearest(a, bb);
                    ba = lx.nearest(bb, a);
                    progress.step(a.size() + bb.size());
                } else {
                    float[][] va = vectors(model, a), vb = vectors(model, bb);
                    ab = nearest(va, vb);
                    ba = nearest(vb, va);
                }
                double accAb = 100 * correct(ab), accBa = 100 * correct(ba);
                out.add(new Result(m, id, kind, lang, "accuracy", (accAb + accBa) / 2, a.size(), true));
                out.add(new Result(m, id, kind, lang, "accuracy_a_to_b", accAb, a.size(), false));
                out.add(new Result(m, id, kind, lang, "accuracy_b_to_a", accBa, a.size(), false));
            }
            case Task.Classify c -> {
                Task.Classify.Data d = data.cls();
                int[] pred;
                if (model instanceof LexicalModel lx) {
                    pred = lx.classify(d.trainText(), d.trainLabels(), d.testText());
                    progress.step(d.trainText().size() + d.testText().size());
                } else {
                    float[][] tr = vectors(model, d.trainText()), te = vectors(model, d.testText());
                    pred = LogisticRegression.train(tr, d.trainLabels(), 42).predict(te);
                }
                int n = d.testLabels().length;
                out.add(new Result(m, id, kind, lang, "macro_f1", 100 * Metrics.macroF1(d.testLabels(), pred), n, true));
                out.add(new Result(m, id, kind, lang, "accuracy", 100 * Metrics.accuracy(d.testLabels(), pred), n, false));
            }
        }
        return out;
    }

    /** The text lists a task embeds (for dense models). */
    static List<List<String>> textLists(Loaded data) {
        if (data.sts() != null) return List.of(data.sts().sentences1(), data.sts().sentences2());
        if (data.bitextA() != null) return List.of(data.bitextA(), data.bitextB());
        return List.of(data.cls().trainText(), data.cls().testText());
    }

    /**
     * True when running the task costs no model inference: a lexical or uncached (fast) model, or
     * every text list already in the embedding cache.
     */
    public boolean cheap(EvalModel model, Loaded data) {
        if (model instanceof LexicalModel || model.cacheId() == null || cache == null) return true;
        for (List<String> texts : textLists(data)) {
            String key = EmbeddingCache.key(model.cacheId(), texts);
            if (!memo.containsKey(model.name() + "/" + key) && !cache.contains(model.name(), key)) return false;
        }
        return true;
    }

    /** Vectors of texts: this run's memo, then the disk cache, then the model in batches. */
    float[][] vectors(EvalModel model, List<String> texts) throws Exception {
        String id = model.cacheId();
        String key = EmbeddingCache.key(id == null ? model.name() + "@nocache" : id, texts);
        String memoKey = model.name() + "/" + key;
        float[][] v = memo.get(memoKey);
        if (v == null && id != null && cache != null) v = cache.get(model.name(), key, texts.size());
        if (v == null) {
            model.prepare(texts);
            v = new float[texts.size()][];
            int batch = 512;
            for (int start = 0; start < texts.size(); start += batch) {
                int end = Math.min(texts.size(), start + batch);
                float[][] part = model.embed(texts.subList(start, end));
                System.arraycopy(part, 0, v, start, part.length);
                progress.step(end - start);
            }
            if (id != null && cache != null) cache.put(model.name(), key, v);
        } else {
            progress.step(texts.size());
        }
        memo.put(memoKey, v);
        if (memo.size() > 64) memo.clear(); // bound memory on large runs; the disk cache still hits
        return v;
    }

    static double dot(float[] a, float[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) s += (double) a[i] * b[i];
        return s;
    }

    /** Index of the most similar row of {@code candidates} for each query (first on ties). */
    static int[] nearest(float[][] queries, float[][] candidates) {
        int[] out = new int[queries.length];
        for (int i = 0; i < queries.length; i++) {
            if (dot(queries[i], queries[i]) == 0) { // empty text: no answer rather than candidate 0
                out[i] = -1;
                continue;
            }
            int best = -1;
            double bestScore = Double.NEGATIVE_INFINITY;
            for (int j = 0; j < candidates.length; j++) {
                double s = dot(queries[i], candidates[j]);
                if (s > bestScore) {
                    bestScore = s;
                    best = j;
                }
            }
            out[i] = best;
        }
        return out;
    }

    private static double correct(int[] nearest) {
        int ok = 0;
        for (int i = 0; i < nearest.length; i++) if (nearest[i] == i) ok++;
        return (double) ok / nearest.length;
    }
}
