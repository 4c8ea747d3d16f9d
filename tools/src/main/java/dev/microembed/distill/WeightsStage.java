package dev.microembed.distill;

import dev.microembed.eval.StaticEncoder;
import dev.microembed.eval.StsScorer;
import dev.microembed.model.SafetensorsWriter;
import dev.microembed.tokenizer.Tokenizer;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Stage 4: pooling weights from real token statistics of the train-split corpora, tokenised with the model's
 * tokenizer. {@code probabilities} p(t) = count(t) / all tokens (0 for tokens never seen); {@code sif} = a / (a + p)
 * (Model2Vec's Zipf/SIF formula, but with measured p instead of the id rank; a chosen from {@code sif_a} on dev);
 * {@code idf} = ln((N + 1) / (df + 1)) + 1 over the N corpus texts. Each scheme and uniform weights are scored on
 * the STS dev sets with the PCA table; the best becomes the default ({@code weights-choice.json}). Whether the
 * chosen weights are folded into the rows or applied at run time is decided by measurement after quantisation.
 */
public final class WeightsStage implements Stage {
    private final DistillConfig config;

    public WeightsStage(DistillConfig config) { this.config = config; }

    @Override public String name() { return "weights"; }

    /** The tokenizer, the PCA table, the corpora it counts tokens on and the STS dev sets it scores on. */
    @Override
    public List<String> inputs() {
        List<String> in = new ArrayList<>(List.of("tokenizer.json", "pca-embeddings.safetensors"));
        try {
            for (java.nio.file.Path f : Corpora.files(config)) in.add(f.toString());
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        in.addAll(config.devStsFiles());
        return in;
    }

    @Override public List<String> outputs() { return List.of("token-weights.safetensors", "weights-choice.json"); }

    @Override
    public void run(Workspace ws, boolean resume) throws Exception {
        DistillConfig c = ws.config();
        Map<String, Object> s = c.section("weights");
        List<Double> grid = c.numbers(s, "sif_a", List.of(1e-5, 1e-4, 1e-3, 1e-2));
        String forced = c.str(s, "scheme", "auto");
        Corpora corpora = Corpora.load(c);
        Artifacts.Matrix table = Artifacts.readMatrix(ws.file("pca-embeddings.safetensors"), "embeddings");
        Map<String, Object> scores = new LinkedHashMap<>();
        String best = "uniform";
        double bestA = Double.NaN, bestScore;
        Tokenizer tok = Tokenizer.load(ws.file("tokenizer.json"));
        int v = tok.vocabSize();
        if (table.rows() != v) throw new IllegalStateException("pca-embeddings has " + table.rows() + " rows, tokenizer " + v + " ids: rerun the stages after vocab");
        long[] count = new long[v], df = new long[v];
        long total = 0;
        List<int[]> enc = VocabularyStage.encodeAll(tok, corpora.texts());
        for (int[] ids : enc) {
            Set<Integer> seen = new HashSet<>();
            for (int id : ids) {
                count[id]++;
                total++;
                if (seen.add(id)) df[id]++;
            }
        }
        float[] prob = new float[v], idf = new float[v];
        int n = enc.size(), unseen = 0;
        for (int i = 0; i < v; i++) {
            prob[i] = (float) ((double) count[i] / total);
            idf[i] = (float) (Math.log((n + 1.0) / (df[i] + 1.0)) + 1.0);
            if (count[i] == 0) unseen++;
        }
        Map<String, Object> m = ws.metrics(name());
        m.put("corpus_tokens", total);
        m.put("corpus_texts", n);
        m.put("tokens_never_seen", unseen);

        StsScorer sts = c.devSts();
        Map<String, Object> r = sts.report(sts.score(new StaticEncoder(tok, table.data(), table.cols(), null)));
        scores.put("uniform", r);
        bestScore = StsScorer.selectionScore(r);
        ws.log().printf("weights: uniform -> %s%n", r);
        for (double a : grid) {
            r = sts.report(sts.score(new StaticEncoder(tok, table.data(), table.cols(), sif(prob, a))));
            scores.put("sif a=" + a, r);
            ws.log().printf("weights: sif a=%g -> %s%n", a, r);
            if (StsScorer.selectionScore(r) > bestScore) { bestScore = StsScorer.selectionScore(r); best = "sif"; bestA = a; }
        }
        r = sts.report(sts.score(new StaticEncoder(tok, table.data(), table.cols(), idf)));
        scores.put("idf", r);
        ws.log().printf("weights: idf -> %s%n", r);
        if (StsScorer.selectionScore(r) > bestScore) { bestScore = StsScorer.selectionScore(r); best = "idf"; bestA = Double.NaN; }
        if (!forced.equals("auto")) {
            if (!List.of("uniform", "sif", "idf").contains(forced)) throw c.bad("scheme", "must be auto, uniform, sif or idf");
            best = forced;
            if (forced.equals("sif") && Double.isNaN(bestA)) bestA = grid.get(0);
        }
        double a = Double.isNaN(bestA) ? (grid.isEmpty() ? 1e-3 : grid.get(0)) : bestA;
        SafetensorsWriter.writeAtomically(ws.file("token-weights.safetensors"), new SafetensorsWriter()
                .float32("probabilities", prob, prob.length).float32("sif", sif(prob, a), prob.length).float32("idf", idf, idf.length).toBytes());
        Map<String, Object> choice = new LinkedHashMap<>();
        choice.put("scheme", best);
        if (best.equals("sif")) choice.put("sif_a", a);
        choice.put("sts_dev", scores);
        ws.writeJson("weights-choice.json", choice);
        m.put("scheme", best);
        if (best.equals("sif")) m.put("sif_a", a);
        Map<String, Object> brief = new LinkedHashMap<>();
        for (Map.Entry<String, Object> e : scores.entrySet()) brief.put(e.getKey(), summary((Map<?, ?>) e.getValue()));
        m.put("sts_dev_float_pca_by_scheme", brief);
        ws.log().printf("weights: default %s%s%n", best, best.equals("sif") ? " a=" + a : "");
    }

    static Map<String, Object> summary(Map<?, ?> r) {
        Map<String, Object> b = new LinkedHashMap<>();
        for (String k : List.of("en", "avg_other", "avg_cross", "score")) if (r.containsKey(k)) b.put(k, r.get(k));
        return b;
    }

    public static float[] sif(float[] prob, double a) {
        float[] w = new float[prob.length];
        for (int i = 0; i < w.length; i++) w[i] = (float) (a / (a + prob[i]));
        return w;
    }

    /** The weights the choice names, or null for uniform. */
    public static float[] chosen(Workspace ws) throws java.io.IOException {
        Map<?, ?> choice = (Map<?, ?>) ws.readJson("weights-choice.json");
        String scheme = (String) choice.get("scheme");
        return switch (scheme) {
            case "uniform" -> null;
            case "sif" -> Artifacts.readVector(ws.file("token-weights.safetensors"), "sif");
            case "idf" -> Artifacts.readVector(ws.file("token-weights.safetensors"), "idf");
            default -> throw new IllegalStateException("weights-choice.json: unknown scheme " + scheme);
        };
    }

}
