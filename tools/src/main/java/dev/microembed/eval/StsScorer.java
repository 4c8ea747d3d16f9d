package dev.microembed.eval;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * The one dev-set STS scorer: Spearman × 100 between the cosine of each pair's two sentence vectors and the gold score,
 * for each language's STS set and, with {@code cross}, for the cross-lingual sets built from the line-aligned files in
 * both directions ({@code en-xx}: sentence1 from the English set, sentence2 from xx, gold from English; {@code xx-en}
 * the reverse). The distill stages select and report with it (through {@link #report}, which rounds), the training
 * stage selects epochs with its exact scores ({@code dev.microembed.train.DevEvaluation}). Each language's distinct
 * sentences are embedded once.
 */
public final class StsScorer {
    private final Map<String, StsData> byLang = new LinkedHashMap<>();
    private final boolean cross;

    public StsScorer(Map<String, StsData> byLang, boolean cross) {
        this.byLang.putAll(byLang);
        this.cross = cross;
    }

    /** {@code stsb-<lang>-dev.csv} of each language in {@code dir} (the first {@code maxPairs} pairs of each; 0 = all). */
    public static StsScorer read(Path dir, List<String> languages, int maxPairs, boolean cross) throws IOException {
        Map<String, StsData> m = new LinkedHashMap<>();
        for (String l : languages) {
            StsData d = StsData.read(devFile(dir, l));
            m.put(l, maxPairs > 0 ? d.head(maxPairs) : d);
        }
        return new StsScorer(m, cross);
    }

    /** The dev file of one language. */
    public static Path devFile(Path dir, String lang) { return dir.resolve("stsb-" + lang + "-dev.csv"); }

    public Set<String> languages() { return byLang.keySet(); }

    public StsData data(String lang) { return byLang.get(lang); }

    /** The distinct sentences of one language's set, in file order (what is embedded, e.g. for caching teacher vectors). */
    public List<String> sentences(String lang) {
        Set<String> u = new LinkedHashSet<>();
        for (StsData.Pair p : byLang.get(lang).pairs()) { u.add(p.sentence1()); u.add(p.sentence2()); }
        return new ArrayList<>(u);
    }

    /** Embeds each language's sentences with {@code embedder} and scores every set; see {@link #scoreVectors}. */
    public Map<String, Double> score(Function<List<String>, float[][]> embedder) {
        Map<String, Map<String, float[]>> vecs = new HashMap<>();
        for (String l : byLang.keySet()) {
            List<String> sent = sentences(l);
            float[][] v = embedder.apply(sent);
            Map<String, float[]> m = new HashMap<>();
            for (int i = 0; i < v.length; i++) m.put(sent.get(i), v[i]);
            vecs.put(l, m);
        }
        return scoreVectors(vecs);
    }

    /**
     * Exact Spearman × 100 per set from sentence vectors per language: each language, then (with {@code cross} and an
     * English set) {@code en-xx} and {@code xx-en} for every other language.
     */
    public Map<String, Double> scoreVectors(Map<String, Map<String, float[]>> vecs) {
        Map<String, Double> out = new LinkedHashMap<>();
        for (String l : byLang.keySet()) out.put(l, spearman(byLang.get(l), vecs.get(l), vecs.get(l)));
        if (cross && byLang.containsKey("en")) {
            for (String l : byLang.keySet()) {
                if (l.equals("en")) continue;
                out.put("en-" + l, spearman(StsData.crossLingual(byLang.get("en"), byLang.get(l)), vecs.get("en"), vecs.get(l)));
                out.put(l + "-en", spearman(StsData.crossLingual(byLang.get(l), byLang.get("en")), vecs.get(l), vecs.get("en")));
            }
        }
        return out;
    }

    /**
     * The scores as the pipeline reports them and selects by: every set rounded to 2 decimals, then {@code avg_other}
     * (the non-English languages), {@code avg_cross} (the cross-lingual sets) and {@code score}, the mean of en,
     * avg_other and avg_cross (those present), all computed from the rounded sets and rounded.
     */
    public Map<String, Object> report(Map<String, Double> scores) {
        Map<String, Object> out = new LinkedHashMap<>();
        List<Double> other = new ArrayList<>(), crossScores = new ArrayList<>();
        for (String l : byLang.keySet()) {
            double s = round(scores.get(l));
            out.put(l, s);
            if (!l.equals("en")) other.add(s);
        }
        for (Map.Entry<String, Double> e : scores.entrySet()) {
            if (byLang.containsKey(e.getKey())) continue;
            double s = round(e.getValue());
            out.put(e.getKey(), s);
            crossScores.add(s);
        }
        double en = out.get("en") instanceof Double d ? d : Double.NaN;
        double ao = mean(other), ac = mean(crossScores);
        if (!other.isEmpty()) out.put("avg_other", round(ao));
        if (!crossScores.isEmpty()) out.put("avg_cross", round(ac));
        List<Double> parts = new ArrayList<>();
        if (!Double.isNaN(en)) parts.add(en);
        if (!other.isEmpty()) parts.add(ao);
        if (!crossScores.isEmpty()) parts.add(ac);
        out.put("score", round(mean(parts)));
        return out;
    }

    /** The selection criterion of a {@link #report}: its {@code score}. */
    public static double selectionScore(Map<String, Object> report) {
        return ((Number) report.get("score")).doubleValue();
    }

    private static double spearman(StsData d, Map<String, float[]> v1, Map<String, float[]> v2) {
        double[] pred = new double[d.size()];
        for (int i = 0; i < pred.length; i++) {
            StsData.Pair p = d.pairs().get(i);
            pred[i] = cosine(v1.get(p.sentence1()), v2.get(p.sentence2()));
        }
        return 100 * Metrics.spearman(pred, d.scores());
    }

    /** Cosine in double precision; 0 when either vector is zero. */
    public static double cosine(float[] a, float[] b) {
        double ab = 0, aa = 0, bb = 0;
        for (int i = 0; i < a.length; i++) { ab += a[i] * (double) b[i]; aa += a[i] * (double) a[i]; bb += b[i] * (double) b[i]; }
        return aa == 0 || bb == 0 ? 0 : ab / Math.sqrt(aa * bb);
    }

    private static double mean(List<Double> l) {
        return l.isEmpty() ? Double.NaN : l.stream().mapToDouble(Double::doubleValue).average().orElse(Double.NaN);
    }

    static double round(double v) { return Math.round(v * 100) / 100.0; }
}
