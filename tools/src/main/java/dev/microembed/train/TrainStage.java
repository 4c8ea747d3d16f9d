package dev.microembed.train;

import dev.microembed.data.ParallelConfig;
import dev.microembed.distill.DistillConfig;
import dev.microembed.distill.Stage;
import dev.microembed.distill.Workspace;
import dev.microembed.model.Json;
import dev.microembed.model.SafetensorsReader;
import dev.microembed.model.SafetensorsWriter;
import dev.microembed.teacher.OnnxTeacher;
import dev.microembed.tokenizer.Tokenizer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ForkJoinPool;

/**
 * Pipeline stage "train" (when the config has a {@code "train"} object): plain-distilled table in, trained table
 * out. Reads {@code tokenizer.json}, {@code pca-embeddings.safetensors} (in the sentence and teacher spaces
 * {@code token-embeddings.safetensors}), {@code pca.safetensors} and {@code token-weights.safetensors}; embeds the English training sentences
 * with the teacher once (cached); trains rows (+ pooling weights) against the teacher's sentence
 * embeddings, monolingually (corpus) and across languages; keeps the epoch with the best STS dev score
 * (epoch 0 is the plain table) and writes {@code trained-embeddings.safetensors}: F32 {@code embeddings}
 * [V, 64] and F32 {@code weights} [V] (weighted mean pooling; folding the weights into the rows gives the same
 * normalised vectors under plain mean pooling, and the quantize stage measures which to ship).
 * In the sentence space it also writes that space's basis, {@code trained-pca.safetensors}, which the export ships.
 * Per epoch it checkpoints, so {@code resume} continues after a kill.
 */
public final class TrainStage implements Stage {
    /** The trained table, which the quantize stage prefers to the plain one. */
    public static final String OUTPUT = "trained-embeddings.safetensors";

    private final DistillConfig config;
    private final TrainConfig cfg;

    /**
     * The stage of a distill config's {@code "train"} object. Unknown keys and bad values fail here, when the pipeline
     * is built, before any stage runs.
     */
    public TrainStage(DistillConfig config) {
        this.config = config;
        this.cfg = TrainConfig.fromMap(config.section("train"), TrainConfig.defaults());
        if (!cfg.output().equals(OUTPUT))
            throw config.bad("train", "sets \"output\": in the pipeline the trained table must be " + OUTPUT + ", which quantize reads");
    }

    @Override public String name() { return "train"; }

    /**
     * The plain-distilled artifacts, the parallel stage's pairs and English corpus, and the shared data: STS train and dev
     * files, every Tatoeba pair file (the held-out slices of all of them are kept out of training), the tweets, and the
     * teacher.
     */
    @Override
    public List<String> inputs() {
        boolean fullRows = !cfg.space().equals("pca");
        List<String> in = new ArrayList<>(List.of("tokenizer.json", "pca.safetensors", fullRows ? "token-embeddings.safetensors" : "pca-embeddings.safetensors"));
        if (cfg.initWeights().equals("auto")) in.add("weights-choice.json");
        if (!cfg.initWeights().equals("uniform")) in.add("token-weights.safetensors");
        // The held-out pairs of every source the parallel stage writes are scored on dev, trained on or not.
        List<String> pairs = new ArrayList<>(cfg.pairSources());
        if (config.has("parallel")) for (String s : ParallelConfig.from(config).sources()) if (!pairs.contains(s)) pairs.add(s);
        for (String s : pairs) in.add(TrainingData.pairsFile(s));
        if (cfg.englishCorpus() > 0) in.add(TrainingData.ENGLISH_CORPUS);
        try {
            for (Path f : TrainingData.files(cfg)) in.add(f.toString());
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        in.addAll(OnnxTeacher.files("e5-small-v2"));
        return in;
    }

    @Override
    public List<String> outputs() {
        return cfg.space().equals("sentence") ? List.of(OUTPUT, cfg.named("trained-pca", ".safetensors")) : List.of(OUTPUT);
    }

    @Override
    public void run(Workspace ws, boolean resume) throws Exception {
        train(ws.dir(), cfg, resume);
    }

    /** Trains on the artifacts in {@code workDir} (the pipeline stage, and {@code microembed train}); returns the report. */
    /** The teacher pass of {@link #train} alone: fills the text-keyed cache that a later run reuses. */
    static void fillTeacherCache(Path workDir, TrainConfig cfg) throws Exception {
        Tokenizer tok = Tokenizer.load(workDir.resolve("tokenizer.json"));
        TrainingData data = TrainingData.build(cfg, tok, workDir);
        System.err.printf("train: %d English teacher targets%n", data.english.size());
        TeacherTargets.embed(workDir, TeacherTargets.CACHE, data.english, cfg.teacherBatch(), OnnxTeacher::e5SmallV2);
    }

    public static Map<String, Object> train(Path workDir, TrainConfig cfg, boolean resume) throws Exception {
        long t0 = System.nanoTime();
        Map<String, Object> report = new LinkedHashMap<>();
        report.put("config", cfg.toMap());
        Tokenizer tok = Tokenizer.load(workDir.resolve("tokenizer.json"));
        boolean teacherSpace = cfg.space().equals("teacher"), sentenceSpace = cfg.space().equals("sentence");
        boolean fullRows = teacherSpace || sentenceSpace; // start from the teacher-dim token table

        float[] components, mean, rows;
        int pcaDim, teacherDim, vocab, dim;
        try (SafetensorsReader pca = SafetensorsReader.open(workDir.resolve("pca.safetensors"));
             SafetensorsReader table = SafetensorsReader.open(workDir.resolve(fullRows ? "token-embeddings.safetensors" : "pca-embeddings.safetensors"))) {
            components = pca.floats("components");
            mean = pca.floats("mean");
            pcaDim = (int) pca.shape("components")[0];
            teacherDim = (int) pca.shape("components")[1];
            long[] shape = table.shape("embeddings");
            vocab = (int) shape[0];
            dim = (int) shape[1];
            rows = table.floats("embeddings");
        }
        if (tok.vocabSize() > vocab) throw new IOException(workDir.resolve("tokenizer.json") + ": " + tok.vocabSize() + " ids but the table has " + vocab + " rows");
        if (fullRows) for (int t = 0; t < vocab; t++) for (int d = 0; d < dim; d++) rows[t * dim + d] -= mean[d];
        float[] weights = initialWeights(workDir, cfg.initWeights(), vocab);

        // Data and teacher targets.
        long tData = System.nanoTime();
        TrainingData data = TrainingData.build(cfg, tok, workDir);
        report.put("examples", data.size());
        report.put("examples_by_source", data.examplesBySource);
        report.put("english_targets", data.english.size());
        System.err.printf("train: %d examples, %d English teacher targets (%.0f s to tokenize)%n", data.size(), data.english.size(), (System.nanoTime() - tData) / 1e9);
        long tTeacher = System.nanoTime();
        float[][] teacher = TeacherTargets.embed(workDir, TeacherTargets.CACHE, data.english, cfg.teacherBatch(), OnnxTeacher::e5SmallV2);
        report.put("teacher_seconds_this_run", (System.nanoTime() - tTeacher) / 1e9);
        float[][] targets = new float[teacher.length][];
        float[] center = mean;
        if (cfg.centerTargets().equals("corpus")) {
            // Teacher sentence vectors share a large common direction; removing the corpus mean leaves the
            // part that tells sentences apart, which is what cosine similarity between outputs should carry.
            center = new float[teacherDim];
            for (float[] t : teacher) for (int d = 0; d < teacherDim; d++) center[d] += t[d] / teacher.length;
        }
        if (sentenceSpace) {
            // The basis is fitted on sentences: word and label targets would pull it toward what tells
            // single words apart (measured: PCA-64 kept 52 % instead of 59 % of the sentence variance).
            float[][] fitOn = teacher;
            if (cfg.pcaFit().equals("sentences")) fitOn = data.sentenceTargets.stream().mapToObj(i -> teacher[i]).toArray(float[][]::new);
            // "base": the basis of the STS-B/Tatoeba/tweets sentences only, so thousands of technical
            // package descriptions do not decide which 64 directions the table keeps.
            if (cfg.pcaFit().equals("base")) fitOn = data.baseTargets.stream().mapToObj(i -> teacher[i]).toArray(float[][]::new);
            report.put("sentence_pca_fitted_on", fitOn.length);
            SentencePca sp = SentencePca.fit(fitOn, pcaDim);
            System.err.printf("train: sentence PCA-%d keeps %.1f %% of the corpus sentence variance%n", pcaDim, 100 * sp.keptShare());
            report.put("sentence_pca_kept_variance", sp.keptShare());
            for (int i = 0; i < teacher.length; i++) targets[i] = project(teacher[i], sp.mean(), sp.components(), pcaDim, teacherDim);
            rows = projectRows(rows, vocab, sp.components(), pcaDim, teacherDim);
            dim = pcaDim;
            new SafetensorsWriter().metadata("stage", "train").metadata("what", "PCA of the teacher's corpus sentence embeddings: the basis of "
                            + cfg.output() + " (rows = (token vector - token mean) . components^T)")
                    .float32("components", sp.components(), pcaDim, teacherDim).float32("mean", sp.mean(), teacherDim)
                    .float32("explained_variance", sp.explainedVariance(), pcaDim).write(workDir.resolve(cfg.named("trained-pca", ".safetensors")));
        } else {
            for (int i = 0; i < teacher.length; i++) targets[i] = project(teacher[i], center, teacherSpace ? null : components, pcaDim, teacherDim);
        }
        StaticModel model = new StaticModel(vocab, dim, rows, weights);
        int[] target = data.target.stream().mapToInt(Integer::intValue).toArray();
        int[] group = data.group.stream().mapToInt(Integer::intValue).toArray();
        int[] partnerKey = data.partnerKey.stream().mapToInt(Integer::intValue).toArray();
        report.put("groups", data.groups.size());

        DevEvaluation dev = new DevEvaluation(Path.of(cfg.dataDir()), cfg.stsLanguages(), cfg.tatoebaLanguages(), cfg.tatoebaHoldout())
                .withHeldOutPairs(workDir, cfg.devPairs()).selectOnHeldOut(!cfg.pairSources().isEmpty());
        Map<String, int[]> idCache = new HashMap<>();
        Trainer trainer = new Trainer(model, cfg);
        Path ckpt = workDir.resolve(cfg.named("train-checkpoint", ".safetensors"));
        List<Object> history = new ArrayList<>();
        int startEpoch = 0, bestEpoch = 0;
        double bestSelection;
        float[] bestRows, bestWeights;
        if (resume && Files.exists(ckpt) && Checkpoint.matches(ckpt, cfg)) {
            Checkpoint c = Checkpoint.load(ckpt, trainer);
            startEpoch = c.epochsDone(); bestEpoch = c.bestEpoch(); bestSelection = c.bestSelection();
            bestRows = c.bestRows(); bestWeights = c.bestWeights();
            history.addAll(c.history());
            System.err.printf("train: resumed after epoch %d (best so far: epoch %d)%n", startEpoch, bestEpoch);
        } else {
            Map<String, Double> plain = dev.evaluate(DevEvaluation.student(tok, model, idCache));
            history.add(epochEntry(0, Double.NaN, plain));
            bestSelection = plain.get("selection");
            bestRows = model.rows.clone(); bestWeights = model.weights.clone();
            System.err.println("train: plain  " + summary(plain));
        }
        int[] capOfGroup = capOfGroup(cfg, data.groups);
        ForkJoinPool pool = new ForkJoinPool(cfg.threads());
        try {
            for (int e = startEpoch; e < cfg.epochs(); e++) {
                long te = System.nanoTime();
                double loss = trainer.epoch(e, data.ids, target, targets, group, capOfGroup, data.partner, partnerKey, pool);
                double secs = (System.nanoTime() - te) / 1e9;
                Map<String, Double> m = dev.evaluate(DevEvaluation.student(tok, model, idCache));
                Map<String, Object> entry = epochEntry(e + 1, loss, m);
                entry.put("seconds", secs);
                history.add(entry);
                System.err.printf("train: epoch %d loss %.4f (%.0f s)  %s%n", e + 1, loss, secs, summary(m));
                if (m.get("selection") > bestSelection) {
                    bestSelection = m.get("selection"); bestEpoch = e + 1;
                    bestRows = model.rows.clone(); bestWeights = model.weights.clone();
                }
                Checkpoint.save(ckpt, cfg, trainer, e + 1, bestEpoch, bestSelection, bestRows, bestWeights, history);
            }
        } finally {
            pool.shutdown();
        }

        // Export the best epoch: rows and pooling weights kept apart (quantisation decides folded vs run-time
        // weights by measurement; folding is equivalent under normalised mean pooling). Teacher space: rows
        // projected by the PCA components (linear per row, so weights commute with it).
        float[] outRows = bestRows;
        int outDim = dim;
        if (teacherSpace) { outRows = projectRows(bestRows, vocab, components, pcaDim, teacherDim); outDim = pcaDim; }
        StaticModel exported = new StaticModel(vocab, outDim, outRows, bestWeights);
        Map<String, Double> finalMetrics = dev.evaluate(DevEvaluation.student(tok, exported, new HashMap<>()));
        Map<String, Double> int8Metrics = dev.evaluate(DevEvaluation.student(tok,
                new StaticModel(vocab, outDim, int8RoundTrip(exported.folded(), vocab, outDim), ones(vocab)), new HashMap<>()));
        report.put("best_epoch", bestEpoch);
        report.put("history", history);
        report.put("final", finalMetrics);
        report.put("final_int8_folded", int8Metrics);
        report.put("seconds", (System.nanoTime() - t0) / 1e9);
        System.err.println("train: final (epoch " + bestEpoch + ", exported) " + summary(finalMetrics));
        System.err.println("train: same, weights folded, int8 per-dimension symmetric round trip  " + summary(int8Metrics));
        new SafetensorsWriter().metadata("stage", "train")
                .metadata("weights", "pooling weights (init " + cfg.initWeights() + (cfg.learnWeights() ? ", learned" : ", fixed")
                        + "); v = sum_i weights[t_i] * embeddings[t_i], then L2-normalise")
                .metadata("best_epoch", Integer.toString(bestEpoch)).metadata("config", Json.write(cfg.toMap(), false))
                .float32("embeddings", outRows, vocab, outDim).float32("weights", bestWeights, vocab).write(workDir.resolve(cfg.output()));
        SafetensorsWriter.writeAtomically(workDir.resolve(cfg.named("train-report", ".json")),
                Json.write(report, true).getBytes(StandardCharsets.UTF_8));
        return report;
    }

    static float[] initialWeights(Path workDir, String kind, int vocab) throws IOException {
        if (kind.equals("auto")) {
            // The scheme the weights stage chose on dev (weights-choice.json), so epoch 0 is exactly the plain model.
            Path choice = workDir.resolve("weights-choice.json");
            kind = Files.exists(choice) ? (String) ((Map<?, ?>) Json.parse(Files.readString(choice))).get("scheme") : "sif";
            System.err.println("train: initial pooling weights: " + kind);
        }
        if (kind.equals("uniform")) return ones(vocab);
        float[] x;
        try (SafetensorsReader w = SafetensorsReader.open(workDir.resolve("token-weights.safetensors"))) { x = w.floats(kind); }
        if (x.length < vocab) throw new IOException(workDir.resolve("token-weights.safetensors") + ": " + kind + " has " + x.length + " entries, need " + vocab);
        return java.util.Arrays.copyOf(x, vocab);
    }

    /** The table after int8 quantisation with per-dimension symmetric scales and back (as distill exports it). */
    static float[] int8RoundTrip(float[] rows, int vocab, int dim) {
        float[] max = new float[dim], out = new float[rows.length];
        for (int t = 0; t < vocab; t++) for (int d = 0; d < dim; d++) max[d] = Math.max(max[d], Math.abs(rows[t * dim + d]));
        for (int t = 0; t < vocab; t++)
            for (int d = 0; d < dim; d++) {
                float scale = max[d] / 127f;
                out[t * dim + d] = scale == 0 ? 0 : Math.round(rows[t * dim + d] / scale) * scale;
            }
        return out;
    }

    /**
     * The sampler's cap per group: {@code group_cap} for every group, or with {@code group_cap_scope} "pairs" only
     * for the groups of a pair source and of the English corpus, so STS-B, Tatoeba and the tweets stay whole each
     * epoch (capping them too cost the parallel-data candidate 5.8 points of English STS-B dev).
     */
    static int[] capOfGroup(TrainConfig cfg, List<String> groups) {
        int[] cap = new int[groups.size()];
        for (int g = 0; g < cap.length; g++) {
            String name = groups.get(g), family = name.contains("-") ? name.substring(0, name.lastIndexOf('-')) : name;
            boolean capped = cfg.groupCapScope().equals("all") || cfg.pairSources().contains(family) || family.equals("corpus");
            cap[g] = capped ? cfg.groupCap() : 0;
        }
        return cap;
    }

    static float[] ones(int n) { float[] o = new float[n]; java.util.Arrays.fill(o, 1f); return o; }

    /** (t - mean), projected by the PCA components when given, L2-normalised. */
    static float[] project(float[] t, float[] mean, float[] components, int pcaDim, int teacherDim) {
        float[] c = new float[teacherDim];
        for (int d = 0; d < teacherDim; d++) c[d] = t[d] - mean[d];
        if (components == null) { StaticModel.normalize(c); return c; }
        float[] p = new float[pcaDim];
        for (int k = 0; k < pcaDim; k++) {
            double s = 0;
            for (int d = 0; d < teacherDim; d++) s += (double) c[d] * components[k * teacherDim + d];
            p[k] = (float) s;
        }
        StaticModel.normalize(p);
        return p;
    }

    /** Centred teacher-space rows times the PCA components (the mean was subtracted at load). */
    static float[] projectRows(float[] rows, int vocab, float[] components, int pcaDim, int teacherDim) {
        float[] out = new float[vocab * pcaDim];
        for (int t = 0; t < vocab; t++)
            for (int k = 0; k < pcaDim; k++) {
                double s = 0;
                for (int d = 0; d < teacherDim; d++) s += (double) rows[t * teacherDim + d] * components[k * teacherDim + d];
                out[t * pcaDim + k] = (float) s;
            }
        return out;
    }

    static Map<String, Object> epochEntry(int epoch, double loss, Map<String, Double> metrics) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("epoch", epoch);
        if (!Double.isNaN(loss)) m.put("loss", loss);
        m.put("metrics", metrics);
        return m;
    }

    static String summary(Map<String, Double> m) {
        return String.format("en %.1f | other avg %.1f | cross avg %.1f | min %.1f | tatoeba avg %.1f (STS langs %.1f)",
                m.get("sts-en"), m.get("sts-other-avg"), m.get("cross-avg"), m.get("sts-min"), m.get("tatoeba-avg"),
                m.getOrDefault("tatoeba-sts-languages-avg", Double.NaN));
    }
}
