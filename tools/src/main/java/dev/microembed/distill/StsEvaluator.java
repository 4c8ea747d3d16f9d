package dev.microembed.distill;

import dev.microembed.eval.Metrics;
import dev.microembed.eval.StsData;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * STS dev scores (Spearman × 100 of cosine vs gold) for model selection: each configured language of
 * {@code stsb-multi-mt/stsb-<lang>-dev.csv}, and English↔other cross-lingual sets built from the line-aligned files
 * in both directions ({@code en-xx}: sentence1 English, sentence2 in xx; {@code xx-en} the reverse). Each language's
 * sentences are encoded once. Summary keys: {@code avg_other} (non-English languages), {@code avg_cross} (all
 * cross-lingual sets) and {@code score} = mean of en, avg_other and avg_cross (the selection criterion).
 */
public final class StsEvaluator {
    private final Map<String, StsData> byLang = new LinkedHashMap<>();
    private final boolean cross;

    public StsEvaluator(Map<String, StsData> byLang, boolean cross) {
        this.byLang.putAll(byLang);
        this.cross = cross;
    }

    /** From the config's "eval" section: sts_dir, languages, max_pairs (0 = all), cross. */
    public static StsEvaluator fromConfig(DistillConfig c) throws IOException {
        Map<String, Object> s = c.section("eval");
        Path dir = c.path(c.str(s, "sts_dir", "${data}/sts/stsb-multi-mt"));
        List<String> langs = c.strings(s, "languages", List.of("en", "de", "es", "fr", "it", "ja", "nl", "pl", "pt", "ru", "zh"));
        int max = c.integer(s, "max_pairs", 0);
        Map<String, StsData> m = new LinkedHashMap<>();
        for (String l : langs) {
            StsData d = StsData.read(dir.resolve("stsb-" + l + "-dev.csv"));
            m.put(l, max > 0 ? d.head(max) : d);
        }
        return new StsEvaluator(m, c.bool(s, "cross", true));
    }

    public Set<String> languages() { return byLang.keySet(); }

    /** All sentences of one language's dev file, de-duplicated (e.g. for caching teacher vectors). */
    public List<String> sentences(String lang) {
        Set<String> u = new LinkedHashSet<>();
        for (StsData.Pair p : byLang.get(lang).pairs()) { u.add(p.sentence1()); u.add(p.sentence2()); }
        return new ArrayList<>(u);
    }

    /** Encodes each language's sentences with {@code encoder} and scores all sets. */
    public Map<String, Object> evaluate(SentenceEncoder encoder) {
        Map<String, Map<String, float[]>> vecs = new HashMap<>();
        for (String l : byLang.keySet()) {
            List<String> sent = sentences(l);
            float[][] v = encoder.encode(sent);
            Map<String, float[]> m = new HashMap<>();
            for (int i = 0; i < v.length; i++) m.put(sent.get(i), v[i]);
            vecs.put(l, m);
        }
        return scoreVectors(vecs);
    }

    /** Scores from precomputed sentence vectors per language. */
    public Map<String, Object> scoreVectors(Map<String, Map<String, float[]>> vecs) {
        Map<String, Object> out = new LinkedHashMap<>();
        List<Double> other = new ArrayList<>(), crossScores = new ArrayList<>();
        for (String l : byLang.keySet()) {
            double s = spearman(byLang.get(l), vecs.get(l), vecs.get(l));
            out.put(l, s);
            if (!l.equals("en")) other.add(s);
        }
        if (cross && byLang.containsKey("en")) {
            for (String l : byLang.keySet()) {
                if (l.equals("en")) continue;
                double a = spearman(StsData.crossLingual(byLang.get("en"), byLang.get(l)), vecs.get("en"), vecs.get(l));
                double b = spearman(StsData.crossLingual(byLang.get(l), byLang.get("en")), vecs.get(l), vecs.get("en"));
                out.put("en-" + l, a);
                out.put(l + "-en", b);
                crossScores.add(a);
                crossScores.add(b);
            }
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

    public static double score(Map<String, Object> result) {
        return ((Number) result.get("score")).doubleValue();
    }

    private static double spearman(StsData d, Map<String, float[]> v1, Map<String, float[]> v2) {
        double[] pred = new double[d.size()];
        for (int i = 0; i < pred.length; i++) {
            StsData.Pair p = d.pairs().get(i);
            pred[i] = cosine(v1.get(p.sentence1()), v2.get(p.sentence2()));
        }
        return round(100 * Metrics.spearman(pred, d.scores()));
    }

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
