package dev.microembed.train;

import dev.microembed.eval.StaticEncoder;
import dev.microembed.eval.StsData;
import dev.microembed.eval.StsScorer;
import dev.microembed.tokenizer.Tokenizer;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * In-memory model selection and reporting on the dev splits: STS dev Spearman×100 for English and each
 * other language, English↔other pairs built from the line-aligned dev files (both directions) — both from
 * {@link StsScorer}, unrounded —, Tatoeba retrieval accuracy×100 on the held-out slice (mean of foreign→English
 * and English→foreign) and the held-out pairs of the parallel stage's sources.
 * Sentences are tokenized once; one evaluation of a float table takes about a second.
 */
final class DevEvaluation {
    private final List<String> languages;
    private final StsScorer sts;
    private final Map<String, List<String>[]> tatoeba;
    /** Held-out pairs of the parallel stage's sources, per "source-lang". */
    private final Map<String, HeldOutPairs> pairs = new java.util.TreeMap<>();

    /** Queries with their gold candidates: {@code gold[q]} indexes {@code candidates}. */
    record Retrieval(List<String> queries, List<String> candidates, int[][] gold) {}

    /** foreign→English and (for sentences) English→foreign retrieval over one held-out slice. */
    record HeldOutPairs(String source, String lang, Retrieval toEnglish, Retrieval fromEnglish) {}

    static final int MIN_HELDOUT_QUERIES = 20;

    private boolean selectOnHeldOut = true;

    /**
     * Whether "selection" weighs the held-out signals (true) or stays the STS-B dev mean; "selection-wide"
     * always reports the wide one. The training stage keeps STS-B-only selection for runs without pair
     * sources, so the default config reproduces its model whether or not pair artifacts lie in the work dir.
     */
    DevEvaluation selectOnHeldOut(boolean on) { selectOnHeldOut = on; return this; }

    /**
     * Adds the held-out split of every pairs artifact in the work dir (whether or not training uses that
     * source, so ablations are scored on the same sets): per language the first {@code max} distinct foreign
     * texts (file order) and every English text paired with them. Dictionaries are scored foreign→English
     * only (P@1 against any listed translation, the MUSE protocol); sentence sources both ways, averaged,
     * like Tatoeba. Languages with fewer than {@value #MIN_HELDOUT_QUERIES} held-out texts are skipped.
     */
    DevEvaluation withHeldOutPairs(Path workDir, int max) throws IOException {
        for (String source : TrainingData.pairSourcesIn(workDir)) {
            Map<String, Map<String, java.util.LinkedHashSet<String>>> byLang = new java.util.TreeMap<>();
            for (TrainingData.PairLine p : TrainingData.readPairs(workDir.resolve(TrainingData.pairsFile(source)))) {
                if (!p.heldOut()) continue;
                Map<String, java.util.LinkedHashSet<String>> m = byLang.computeIfAbsent(p.lang(), k -> new LinkedHashMap<>());
                if (m.size() >= max && !m.containsKey(p.foreign())) continue;
                m.computeIfAbsent(p.foreign(), k -> new java.util.LinkedHashSet<>()).add(p.english());
            }
            boolean dictionary = source.equals("freedict");
            for (var e : byLang.entrySet()) {
                if (e.getValue().size() < MIN_HELDOUT_QUERIES) continue;
                Retrieval to = retrieval(e.getValue());
                Map<String, java.util.LinkedHashSet<String>> inverse = new LinkedHashMap<>();
                for (var q : e.getValue().entrySet()) for (String en : q.getValue()) inverse.computeIfAbsent(en, k -> new java.util.LinkedHashSet<>()).add(q.getKey());
                pairs.put(source + "-" + e.getKey(), new HeldOutPairs(source, e.getKey(), to, dictionary ? null : retrieval(inverse)));
            }
        }
        return this;
    }

    private static Retrieval retrieval(Map<String, java.util.LinkedHashSet<String>> goldByQuery) {
        List<String> queries = new ArrayList<>(goldByQuery.keySet()), candidates = new ArrayList<>();
        Map<String, Integer> index = new HashMap<>();
        int[][] gold = new int[queries.size()][];
        for (int q = 0; q < queries.size(); q++) {
            var g = goldByQuery.get(queries.get(q));
            gold[q] = new int[g.size()];
            int k = 0;
            for (String c : g) gold[q][k++] = index.computeIfAbsent(c, x -> { candidates.add(x); return candidates.size() - 1; });
        }
        return new Retrieval(queries, candidates, gold);
    }

    /** Share of queries whose nearest candidate is one of its gold candidates. */
    static double precisionAt1(Retrieval r, Function<List<String>, float[][]> embedder) {
        float[][] q = embedder.apply(r.queries()), c = embedder.apply(r.candidates());
        int ok = 0;
        for (int i = 0; i < q.length; i++) {
            int best = nearest(q[i], c);
            for (int g : r.gold()[i]) if (g == best) { ok++; break; }
        }
        return (double) ok / q.length;
    }

    DevEvaluation(Path dataDir, List<String> languages, List<String> tatoebaLanguages, int holdout) throws IOException {
        this.languages = languages;
        List<String> all = new ArrayList<>(List.of("en"));
        all.addAll(languages);
        sts = StsScorer.read(dataDir.resolve(TrainingData.STS_DIR), all, 0, true);
        for (String l : languages)
            if (sts.data(l).size() != sts.data("en").size()) throw new IOException("stsb-" + l + "-dev.csv is not line-aligned with stsb-en-dev.csv");
        tatoeba = TrainingData.tatoebaHeldOut(dataDir, tatoebaLanguages, holdout);
    }

    /** Every sentence the evaluation embeds (for a teacher pass). */
    List<String> allTexts() {
        List<String> all = new ArrayList<>();
        for (String l : sts.languages()) for (StsData.Pair r : sts.data(l).pairs()) { all.add(r.sentence1()); all.add(r.sentence2()); }
        for (List<String>[] p : tatoeba.values()) { all.addAll(p[0]); all.addAll(p[1]); }
        for (HeldOutPairs p : pairs.values()) { all.addAll(p.toEnglish().queries()); all.addAll(p.toEnglish().candidates()); }
        return all;
    }

    /**
     * A student embedder over a model's current rows and weights: the float {@link StaticEncoder}, with each text's
     * pooling ids cached in {@code idCache} (the same texts are embedded every epoch).
     */
    static Function<List<String>, float[][]> student(Tokenizer tok, StaticModel model, Map<String, int[]> idCache) {
        StaticEncoder enc = new StaticEncoder(tok, model.rows, model.dim, model.weights, TrainingData.MAX_TOKENS);
        return texts -> {
            float[][] out = new float[texts.size()][model.dim];
            for (int i = 0; i < out.length; i++) {
                int[] ids = idCache.computeIfAbsent(texts.get(i), enc::ids);
                enc.pool(ids, ids.length, out[i]);
            }
            return out;
        };
    }

    /** All metrics (×100) plus aggregates; "selection" is what model selection maximises (STS dev only). */
    Map<String, Double> evaluate(Function<List<String>, float[][]> embedder) {
        Map<String, Double> r = new LinkedHashMap<>();
        Map<String, Double> scores = sts.score(embedder);
        r.put("sts-en", scores.get("en"));
        double langSum = 0, crossSum = 0, min = r.get("sts-en");
        for (String l : languages) {
            double s = scores.get(l), enx = scores.get("en-" + l), xen = scores.get(l + "-en");
            r.put("sts-" + l, s); r.put("cross-en-" + l, enx); r.put("cross-" + l + "-en", xen);
            langSum += s; crossSum += enx + xen;
            min = Math.min(min, Math.min(s, Math.min(enx, xen)));
        }
        double langAvg = langSum / languages.size(), crossAvg = crossSum / (2 * languages.size());
        r.put("sts-other-avg", langAvg);
        r.put("cross-avg", crossAvg);
        r.put("sts-min", min);
        r.put("selection", (r.get("sts-en") + langAvg + crossAvg) / 3);
        double tSum = 0, tSts = 0;
        int nSts = 0;
        for (var e : tatoeba.entrySet()) {
            float[][] x = embedder.apply(e.getValue()[0]), en = embedder.apply(e.getValue()[1]);
            double acc = 100 * (retrievalAccuracy(x, en, e.getValue()[1]) + retrievalAccuracy(en, x, e.getValue()[0])) / 2;
            r.put("tatoeba-" + e.getKey(), acc);
            tSum += acc;
            if (TATOEBA_OF_STS.containsKey(e.getKey()) && languages.contains(TATOEBA_OF_STS.get(e.getKey()))) { tSts += acc; nSts++; }
        }
        r.put("tatoeba-avg", tSum / tatoeba.size());
        if (nSts > 0) r.put("tatoeba-sts-languages-avg", tSts / nSts);
        if (!pairs.isEmpty()) {
            Map<String, double[]> bySource = new java.util.TreeMap<>();
            for (var e : pairs.entrySet()) {
                HeldOutPairs p = e.getValue();
                double acc = 100 * precisionAt1(p.toEnglish(), embedder);
                if (p.fromEnglish() != null) acc = (acc + 100 * precisionAt1(p.fromEnglish(), embedder)) / 2;
                r.put("heldout-" + e.getKey(), acc);
                double[] sum = bySource.computeIfAbsent(p.source(), k -> new double[2]);
                sum[0] += acc; sum[1]++;
            }
            double srcSum = 0;
            for (var e : bySource.entrySet()) { double a = e.getValue()[0] / e.getValue()[1]; r.put("heldout-" + e.getKey() + "-avg", a); srcSum += a; }
            r.put("heldout-avg", srcSum / bySource.size());
            // With held-out pairs, selection also weighs the signals that share no sentence and no domain
            // with STS-B: the Tatoeba tail of every language and the held-out pairs (one part each).
            double wide = (r.get("sts-en") + langAvg + crossAvg + r.get("tatoeba-avg") + r.get("heldout-avg")) / 5;
            r.put("selection-wide", wide);
            if (selectOnHeldOut) r.put("selection", wide);
        }
        return r;
    }

    /** Tatoeba's ISO 639-3 codes of the ten STS languages. */
    static final Map<String, String> TATOEBA_OF_STS = Map.of("deu", "de", "spa", "es", "fra", "fr", "ita", "it", "jpn", "ja",
            "nld", "nl", "pol", "pl", "por", "pt", "rus", "ru", "cmn", "zh");

    static double dot(float[] a, float[] b) {
        double s = 0;
        for (int d = 0; d < a.length; d++) s += (double) a[d] * b[d];
        return s;
    }

    /** Index of the candidate with the largest dot product with {@code q} (the first on ties). */
    static int nearest(float[] q, float[][] candidates) {
        int best = -1;
        double bestScore = Double.NEGATIVE_INFINITY;
        for (int j = 0; j < candidates.length; j++) {
            double s = dot(q, candidates[j]);
            if (s > bestScore) { bestScore = s; best = j; }
        }
        return best;
    }

    /** Share of queries whose nearest candidate is the aligned line (or a line with the same text). */
    static double retrievalAccuracy(float[][] queries, float[][] candidates, List<String> candidateTexts) {
        int ok = 0;
        for (int i = 0; i < queries.length; i++) {
            int best = nearest(queries[i], candidates);
            if (best == i || candidateTexts.get(best).equals(candidateTexts.get(i))) ok++;
        }
        return (double) ok / queries.length;
    }
}
