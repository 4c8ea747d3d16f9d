package dev.microembed.distill;

import dev.microembed.eval.StaticEncoder;
import dev.microembed.eval.StsScorer;
import dev.microembed.model.SafetensorsWriter;
import dev.microembed.tokenizer.Tokenizer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Stage 5: int8 with per-dimension symmetric scales ({@link Quantizer}). Input: {@code trained-embeddings.safetensors}
 * when the training stage wrote one (with its {@code weights} if present), else {@code pca-embeddings.safetensors}
 * with the weights of {@code weights-choice.json}. Non-uniform weights are tried both ways — folded into the rows
 * (pooling {@code mean}) and applied at run time (pooling {@code weighted_mean}, +4 bytes per token) — and the int8
 * variant with the better STS dev score wins (folded on a tie within {@code fold_tolerance}, as it is smaller).
 *
 * <p>Validation on the dev sentences of every configured language: mean cosine between the int8 and the float
 * vector of each sentence ≥ {@code min_cosine} (0.995), and the STS Spearman drop from float to int8 ≤
 * {@code max_spearman_drop} (0.005, i.e. 0.5 points ×100) for English, the other-language average and the
 * cross-lingual average. Failing validation stops the pipeline unless {@code "enforce": false}.
 * Writes {@code quantized.safetensors} (I8 embeddings, F32 scales, optional F32 weights) and {@code quantize-report.json}.
 */
public final class QuantizeStage implements Stage {
    private final DistillConfig config;

    public QuantizeStage(DistillConfig config) { this.config = config; }

    @Override public String name() { return "quantize"; }

    /** The trained table when the pipeline trains (it carries its weights), else the PCA table and the chosen weights. */
    @Override
    public List<String> inputs() {
        List<String> in = new ArrayList<>(List.of("tokenizer.json"));
        if (config.has("train")) in.add("trained-embeddings.safetensors");
        else in.addAll(List.of("pca-embeddings.safetensors", "weights-choice.json", "token-weights.safetensors"));
        in.addAll(config.devStsFiles());
        return in;
    }

    @Override public List<String> outputs() { return List.of("quantized.safetensors", "quantize-report.json"); }

    @Override
    public void run(Workspace ws, boolean resume) throws Exception {
        DistillConfig c = ws.config();
        Map<String, Object> s = c.section("quantize");
        double minCos = c.number(s, "min_cosine", 0.995), maxDrop = c.number(s, "max_spearman_drop", 0.005) * 100;
        double foldTol = c.number(s, "fold_tolerance", 0.1);
        boolean enforce = c.bool(s, "enforce", true);
        Artifacts.Matrix table;
        float[] weights;
        String source;
        if (ws.exists("trained-embeddings.safetensors")) {
            source = "trained-embeddings.safetensors";
            table = Artifacts.readMatrix(ws.file(source), "embeddings");
            weights = Artifacts.hasTensor(ws.file(source), "weights") ? Artifacts.readVector(ws.file(source), "weights") : WeightsStage.chosen(ws);
        } else {
            source = "pca-embeddings.safetensors";
            table = Artifacts.readMatrix(ws.file(source), "embeddings");
            weights = WeightsStage.chosen(ws);
        }
        StsScorer sts = c.devSts();
        Map<String, Object> report = new LinkedHashMap<>();
        report.put("source", source);
        record Variant(String name, Quantizer.Quantized q, float[] weights, Map<String, Object> result) {}
        List<Variant> variants = new ArrayList<>();
        Tokenizer tok = Tokenizer.load(ws.file("tokenizer.json"));
        StaticEncoder floatEnc = new StaticEncoder(tok, table.data(), table.cols(), weights);
        List<String> sentences = new ArrayList<>();
        for (String l : sts.languages()) sentences.addAll(sts.sentences(l));
        float[][] fv = floatEnc.apply(sentences);
        Map<String, Object> floatScores = sts.report(sts.score(floatEnc));
        report.put("float", floatScores);
        List<String> modes = weights == null ? List.of("uniform") : List.of("folded", "dynamic");
        for (String mode : modes) {
            Quantizer.Quantized q = Quantizer.quantize(mode.equals("folded") ? Quantizer.fold(table, weights) : table);
            float[] w = mode.equals("dynamic") ? weights : null;
            Artifacts.Matrix deq = q.dequantize();
            StaticEncoder qEnc = new StaticEncoder(tok, deq.data(), deq.cols(), w);
            float[][] qv = qEnc.apply(sentences);
            double cos = 0, minSeen = 1;
            int counted = 0;
            for (int i = 0; i < fv.length; i++) {
                if (isZero(fv[i])) continue;
                double x = StsScorer.cosine(fv[i], qv[i]);
                cos += x;
                minSeen = Math.min(minSeen, x);
                counted++;
            }
            Map<String, Object> r = new LinkedHashMap<>();
            r.put("mean_cosine_int8_vs_float", VocabularyStage.round(cos / Math.max(1, counted), 6));
            r.put("min_cosine_int8_vs_float", VocabularyStage.round(minSeen, 6));
            r.put("sentences", counted);
            Map<String, Object> qs = sts.report(sts.score(qEnc));
            r.put("sts_dev", qs);
            double worst = 0;
            for (String k : List.of("en", "avg_other", "avg_cross"))
                if (qs.get(k) instanceof Number qn && floatScores.get(k) instanceof Number fn) {
                    double drop = fn.doubleValue() - qn.doubleValue();
                    r.put("spearman_drop_" + k, VocabularyStage.round(drop, 2));
                    worst = Math.max(worst, drop);
                }
            double maxSetDrop = 0;
            for (String k : qs.keySet())
                if (!k.startsWith("avg") && !k.equals("score") && floatScores.get(k) instanceof Number fn)
                    maxSetDrop = Math.max(maxSetDrop, fn.doubleValue() - ((Number) qs.get(k)).doubleValue());
            r.put("max_spearman_drop_single_set", VocabularyStage.round(maxSetDrop, 2));
            r.put("passes", cos / Math.max(1, counted) >= minCos && worst <= maxDrop);
            report.put(mode, r);
            ws.log().printf("quantize: %s: mean cosine %.5f, STS dev %s%n", mode, cos / Math.max(1, counted), WeightsStage.summary(qs));
            variants.add(new Variant(mode, q, w, r));
        }
        Variant pick = variants.get(0);
        if (variants.size() == 2) {
            double fs = StsScorer.selectionScore(stsDev(variants.get(0).result())), ds = StsScorer.selectionScore(stsDev(variants.get(1).result()));
            boolean fPass = (Boolean) variants.get(0).result().get("passes"), dPass = (Boolean) variants.get(1).result().get("passes");
            if ((dPass && !fPass) || (dPass == fPass && ds > fs + foldTol)) pick = variants.get(1);
        }
        report.put("chosen", pick.name());
        ws.writeJson("quantize-report.json", report);
        Map<String, Object> m = ws.metrics(name());
        m.put("source", source);
        m.put("weights_applied", pick.name());
        m.put("float_sts_dev", report.get("float"));
        m.put("int8_validation", pick.result());
        if (enforce && !(Boolean) pick.result().get("passes"))
            throw new IllegalStateException("int8 validation failed (min mean cosine " + minCos + ", max Spearman drop " + maxDrop
                    + " points): " + pick.result() + " — see " + ws.file("quantize-report.json"));
        SafetensorsWriter st = new SafetensorsWriter().metadata("format", "microembed").metadata("format_version", "1")
                .int8("embeddings", pick.q().values(), pick.q().rows(), pick.q().dim()).float32("scales", pick.q().scales(), pick.q().dim());
        if (pick.weights() != null) st.float32("weights", pick.weights(), pick.weights().length);
        SafetensorsWriter.writeAtomically(ws.file("quantized.safetensors"), st.toBytes());
        ws.log().printf("quantize: kept %s%n", pick.name());
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> stsDev(Map<String, Object> result) {
        return (Map<String, Object>) result.get("sts_dev");
    }

    private static boolean isZero(float[] v) {
        for (float x : v) if (x != 0) return false;
        return true;
    }
}
