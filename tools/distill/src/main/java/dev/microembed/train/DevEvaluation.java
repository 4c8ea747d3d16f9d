package dev.microembed.train;

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
 * other language, English↔other pairs built from the line-aligned dev files (both directions), and
 * Tatoeba retrieval accuracy×100 on the held-out slice (mean of foreign→English and English→foreign).
 * Sentences are tokenized once; one evaluation of a float table takes about a second.
 */
final class DevEvaluation {
    private final List<String> languages;
    private final Map<String, List<StsCsv.Row>> sts = new LinkedHashMap<>();
    private final Map<String, List<String>[]> tatoeba;

    DevEvaluation(Path dataDir, List<String> languages, List<String> tatoebaLanguages, int holdout) throws IOException {
        this.languages = languages;
        Path dir = dataDir.resolve("sts/stsb-multi-mt");
        sts.put("en", StsCsv.read(dir.resolve("stsb-en-dev.csv")));
        for (String l : languages) {
            List<StsCsv.Row> rows = StsCsv.read(dir.resolve("stsb-" + l + "-dev.csv"));
            if (rows.size() != sts.get("en").size()) throw new IOException("stsb-" + l + "-dev.csv is not line-aligned with stsb-en-dev.csv");
            sts.put(l, rows);
        }
        tatoeba = TrainingData.tatoebaHeldOut(dataDir, tatoebaLanguages, holdout);
    }

    /** Every sentence the evaluation embeds (for a teacher pass). */
    List<String> allTexts() {
        List<String> all = new ArrayList<>();
        for (List<StsCsv.Row> rows : sts.values()) for (StsCsv.Row r : rows) { all.add(r.s1()); all.add(r.s2()); }
        for (List<String>[] p : tatoeba.values()) { all.addAll(p[0]); all.addAll(p[1]); }
        return all;
    }

    /** A student embedder over a model: tokenizes with the runtime tokenizer (cached per text). */
    static Function<List<String>, float[][]> student(Tokenizer tok, StaticModel model, Map<String, int[]> idCache) {
        return texts -> {
            float[][] out = new float[texts.size()][];
            int[] buf = new int[TrainingData.MAX_TOKENS];
            for (int i = 0; i < out.length; i++) {
                int[] ids = idCache.computeIfAbsent(texts.get(i), t -> java.util.Arrays.copyOf(buf, tok.encode(t, buf, true)));
                out[i] = new float[model.dim];
                model.embed(ids, out[i]);
            }
            return out;
        };
    }

    /** All metrics (×100) plus aggregates; "selection" is what model selection maximises (STS dev only). */
    Map<String, Double> evaluate(Function<List<String>, float[][]> embedder) {
        Map<String, Double> r = new LinkedHashMap<>();
        Map<String, float[][][]> vec = new HashMap<>();
        for (var e : sts.entrySet()) {
            List<String> a = new ArrayList<>(), b = new ArrayList<>();
            for (StsCsv.Row row : e.getValue()) { a.add(row.s1()); b.add(row.s2()); }
            vec.put(e.getKey(), new float[][][] {embedder.apply(a), embedder.apply(b)});
        }
        double[] gold = sts.get("en").stream().mapToDouble(StsCsv.Row::score).toArray();
        r.put("sts-en", 100 * spearman(cosines(vec.get("en")[0], vec.get("en")[1]), gold));
        double langSum = 0, crossSum = 0, min = r.get("sts-en");
        for (String l : languages) {
            double[] g = sts.get(l).stream().mapToDouble(StsCsv.Row::score).toArray();
            double s = 100 * spearman(cosines(vec.get(l)[0], vec.get(l)[1]), g);
            double enx = 100 * spearman(cosines(vec.get("en")[0], vec.get(l)[1]), gold);
            double xen = 100 * spearman(cosines(vec.get(l)[0], vec.get("en")[1]), gold);
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
        return r;
    }

    /** Tatoeba's ISO 639-3 codes of the ten STS languages. */
    static final Map<String, String> TATOEBA_OF_STS = Map.of("deu", "de", "spa", "es", "fra", "fr", "ita", "it", "jpn", "ja",
            "nld", "nl", "pol", "pl", "por", "pt", "rus", "ru", "cmn", "zh");

    static double[] cosines(float[][] a, float[][] b) {
        double[] c = new double[a.length];
        for (int i = 0; i < a.length; i++) c[i] = dot(a[i], b[i]);
        return c;
    }

    static double dot(float[] a, float[] b) {
        double s = 0;
        for (int d = 0; d < a.length; d++) s += (double) a[d] * b[d];
        return s;
    }

    /** Share of queries whose nearest candidate is the aligned line (or a line with the same text). */
    static double retrievalAccuracy(float[][] queries, float[][] candidates, List<String> candidateTexts) {
        int ok = 0;
        for (int i = 0; i < queries.length; i++) {
            int best = -1;
            double bestScore = Double.NEGATIVE_INFINITY;
            for (int j = 0; j < candidates.length; j++) {
                double s = dot(queries[i], candidates[j]);
                if (s > bestScore) { bestScore = s; best = j; }
            }
            if (best == i || candidateTexts.get(best).equals(candidateTexts.get(i))) ok++;
        }
        return (double) ok / queries.length;
    }

    static double spearman(double[] x, double[] y) { return pearson(ranks(x), ranks(y)); }

    static double pearson(double[] x, double[] y) {
        double mx = 0, my = 0;
        for (int i = 0; i < x.length; i++) { mx += x[i]; my += y[i]; }
        mx /= x.length; my /= y.length;
        double sxy = 0, sxx = 0, syy = 0;
        for (int i = 0; i < x.length; i++) { double a = x[i] - mx, b = y[i] - my; sxy += a * b; sxx += a * a; syy += b * b; }
        return sxx == 0 || syy == 0 ? 0 : sxy / Math.sqrt(sxx * syy);
    }

    /** Average ranks (ties share the mean rank). */
    static double[] ranks(double[] x) {
        Integer[] idx = new Integer[x.length];
        for (int i = 0; i < x.length; i++) idx[i] = i;
        java.util.Arrays.sort(idx, (a, b) -> Double.compare(x[a], x[b]));
        double[] r = new double[x.length];
        for (int i = 0; i < x.length; ) {
            int j = i;
            while (j + 1 < x.length && x[idx[j + 1]] == x[idx[i]]) j++;
            double avg = (i + j) / 2.0 + 1;
            for (int k = i; k <= j; k++) r[idx[k]] = avg;
            i = j + 1;
        }
        return r;
    }
}
