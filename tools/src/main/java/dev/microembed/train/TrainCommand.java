package dev.microembed.train;

import dev.microembed.model.Json;
import dev.microembed.model.SafetensorsReader;
import dev.microembed.model.SafetensorsWriter;
import dev.microembed.teacher.OnnxTeacher;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code microembed train --work DIR [--resume] [options]}: runs the training stage alone on a distill
 * work dir, for reruns and ablations ({@code --tag} keeps each variant's checkpoint, report and output
 * apart). {@code --eval-teacher} instead scores the teacher itself on the same dev sets (cached),
 * {@code --eval-model DIR} a finished model folder. Exit code 0 done, 1 failed, 2 bad arguments or config.
 *
 * <p>The options that change train keys are setter methods: picocli calls them in command-line order, so a
 * later option overrides an earlier one ({@code --tiny --epochs 5} trains 5 epochs, {@code --epochs 5 --tiny} 2),
 * and all of them override {@code --config}.
 */
@Command(name = "train", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Train the token table of a distill work dir toward the teacher's sentence embeddings (docs/training.md).")
public final class TrainCommand implements Callable<Integer> {
    @Option(names = "--work", paramLabel = "DIR", description = "The distill work dir (e.g. .distill-work/full); required")
    Path work;

    @Option(names = "--resume", description = "Continue after the last finished epoch (same config; the epoch count may grow)")
    boolean resume;

    @Option(names = "--config", paramLabel = "FILE", description = "JSON: a distill config with a \"train\" object, or the train object itself")
    Path config;

    @Option(names = "--eval-teacher", description = "Score the teacher (e5-small-v2) on the dev sets instead of training")
    boolean evalTeacher;

    @Option(names = "--eval-model", paramLabel = "DIR", description = "Score a finished model folder (e.g. vocab/) on the same dev sets, held-out pairs included")
    Path evalModel;

    @Option(names = "--teacher-only", description = "Only fill the work dir's teacher cache for this config's English targets, then stop "
            + "(needs only tokenizer.json and the parallel artifacts; run it beside the other stages, or on a faster machine)")
    boolean teacherOnly;

    @Spec CommandSpec spec;

    /** Train keys set on the command line, in command-line order. */
    private final Map<String, Object> overrides = new LinkedHashMap<>();

    private int setsSeen; // picocli hands a repeated option's setter every value so far; apply only the new ones

    @Option(names = "--set", paramLabel = "KEY=JSON", description = "Override one train key (repeatable), e.g. --set epochs=6 --set space='\"teacher\"'")
    void set(java.util.List<String> keyValues) {
        for (String keyValue : keyValues.subList(Math.min(setsSeen, keyValues.size()), keyValues.size())) setOne(keyValue);
        setsSeen = keyValues.size();
    }

    private void setOne(String keyValue) {
        int eq = keyValue.indexOf('=');
        if (eq < 1) throw new ParameterException(spec.commandLine(), "--set wants KEY=JSON, got " + keyValue);
        Object value;
        try {
            value = Json.parse(keyValue.substring(eq + 1));
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), "--set " + keyValue + ": the value is not JSON (" + e.getMessage() + ")");
        }
        overrides.put(keyValue.substring(0, eq), value);
    }

    @Option(names = "--epochs", paramLabel = "N", description = "Key epochs")
    void epochs(long n) { overrides.put("epochs", n); }

    @Option(names = "--tag", paramLabel = "NAME", description = "Key tag: names this run's checkpoint and report")
    void tag(String name) { overrides.put("tag", name); }

    @Option(names = "--output", paramLabel = "FILE", description = "Key output: the trained table, in the work dir")
    void output(String file) { overrides.put("output", file); }

    @Option(names = "--space", paramLabel = "SPACE", description = "Key space: sentence, pca or teacher")
    void space(String space) { overrides.put("space", space); }

    @Option(names = "--init-weights", paramLabel = "KIND", description = "Key init_weights: auto, sif, idf or uniform")
    void initWeights(String kind) { overrides.put("init_weights", kind); }

    @Option(names = "--no-corpus", description = "Key corpus = false")
    void noCorpus(boolean on) { if (on) overrides.put("corpus", false); }

    @Option(names = "--no-cross-lingual", description = "Key cross_lingual = false")
    void noCrossLingual(boolean on) { if (on) overrides.put("cross_lingual", false); }

    @Option(names = "--no-learn-weights", description = "Key learn_weights = false")
    void noLearnWeights(boolean on) { if (on) overrides.put("learn_weights", false); }

    @Option(names = "--tiny", description = "The CI-sized variant: 150 lines per source, 300 tweets, German only, 2 epochs")
    void tiny(boolean on) { if (on) overrides.putAll(tiny()); }

    /** The usage footer: every train key with its default, one per line. */
    public static String keysAndDefaults() {
        StringBuilder b = new StringBuilder("%nTrain keys (--set, --config) and their defaults:%n");
        for (var e : TrainConfig.defaults().toMap().entrySet())
            b.append("  ").append(e.getKey()).append(" = ").append(Json.write(e.getValue(), false).replace("%", "%%")).append("%n");
        return b.toString();
    }

    @Override
    public Integer call() throws Exception {
        if (work == null) throw new ParameterException(spec.commandLine(), "--work DIR is required");
        TrainConfig cfg;
        try {
            cfg = config();
        } catch (IllegalArgumentException e) {
            System.err.println("microembed train: " + e.getMessage() + " (microembed train --help lists the keys)");
            return 2;
        }
        try {
            if (evalTeacher) evalTeacher(work, cfg);
            else if (evalModel != null) evalModel(work, evalModel, cfg);
            else if (teacherOnly) TrainStage.fillTeacherCache(work, cfg);
            else TrainStage.train(work, cfg, resume);
            return 0;
        } catch (Exception e) {
            System.err.println("microembed train: failed: " + e);
            e.printStackTrace();
            return 1;
        }
    }

    /** The defaults, then the {@code --config} file's train keys, then the options in command-line order. */
    TrainConfig config() throws java.io.IOException {
        Map<String, Object> fromFile = config == null ? Map.of() : trainObject(config);
        return TrainConfig.fromMap(overrides, TrainConfig.fromMap(fromFile, TrainConfig.defaults()));
    }

    /** The CI variant: at most 150 lines per source file, 300 tweets, German only, two epochs of small batches. */
    static Map<String, Object> tiny() {
        Map<String, Object> t = new LinkedHashMap<>();
        t.put("max_sentences_per_source", 150L);
        t.put("max_tweets", 300L);
        t.put("epochs", 2L);
        t.put("batch_size", 128L);
        t.put("sts_languages", List.of("de"));
        t.put("tatoeba_languages", List.of("deu"));
        return t;
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> trainObject(Path file) throws java.io.IOException {
        Object o;
        try {
            o = Json.parse(Files.readString(file, StandardCharsets.UTF_8));
        } catch (java.nio.file.NoSuchFileException e) {
            throw new IllegalArgumentException("--config " + file + ": file not found");
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(file + ": " + e.getMessage());
        }
        if (!(o instanceof Map)) throw new IllegalArgumentException(file + ": not a JSON object");
        Map<String, Object> m = (Map<String, Object>) o;
        Object t = m.get("train");
        if (t == null) return m;
        if (!(t instanceof Map)) throw new IllegalArgumentException(file + ": \"train\" is not a JSON object");
        return (Map<String, Object>) t;
    }

    /** A finished model folder through the runtime, on the training's dev sets (held-out pairs of {@code work} included). */
    static void evalModel(Path work, Path modelDir, TrainConfig cfg) throws Exception {
        DevEvaluation suite = new DevEvaluation(Path.of(cfg.dataDir()), cfg.stsLanguages(), cfg.tatoebaLanguages(), cfg.tatoebaHoldout())
                .withHeldOutPairs(work, cfg.devPairs());
        Map<String, Double> m;
        try (dev.microembed.Microembed model = dev.microembed.Microembed.load(modelDir)) {
            m = suite.evaluate(list -> list.stream().map(model::embed).toArray(float[][]::new));
        }
        System.err.println("model " + modelDir + ": " + TrainStage.summary(m));
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("model", modelDir.toString());
        out.put("metrics", m);
        String name = "dev-eval-" + modelDir.toAbsolutePath().normalize().getFileName() + ".json";
        SafetensorsWriter.writeAtomically(work.resolve(name), Json.write(out, true).getBytes(StandardCharsets.UTF_8));
        System.err.println("wrote " + work.resolve(name));
    }

    /** Teacher numbers on the same dev sets (e5 "query: " prefix, mean pooling); cached texts, JSON report. */
    static void evalTeacher(Path work, TrainConfig cfg) throws Exception {
        DevEvaluation dev = new DevEvaluation(Path.of(cfg.dataDir()), cfg.stsLanguages(), cfg.tatoebaLanguages(), cfg.tatoebaHoldout());
        List<String> texts = dev.allTexts();
        float[][] all = TeacherTargets.embed(work, "train-teacher-eval-cache.safetensors", texts, cfg.teacherBatch(), OnnxTeacher::e5SmallV2);
        Map<String, float[]> byText = new java.util.HashMap<>();
        for (int i = 0; i < texts.size(); i++) {
            float[] v = all[i].clone();
            StaticModel.normalize(v);
            byText.put(texts.get(i), v);
        }
        Map<String, Object> out = new LinkedHashMap<>();
        Map<String, Double> m = dev.evaluate(list -> list.stream().map(byText::get).toArray(float[][]::new));
        System.err.println("teacher: " + TrainStage.summary(m));
        out.put("teacher", m);
        Path pcaFile = work.resolve("pca.safetensors");
        if (Files.exists(pcaFile)) {
            // The same teacher vectors centred and projected to the PCA dims: the ceiling of the training targets.
            float[] comp, mean;
            int k, dim;
            try (var r = SafetensorsReader.open(pcaFile)) {
                comp = r.floats("components"); mean = r.floats("mean");
                k = (int) r.shape("components")[0]; dim = (int) r.shape("components")[1];
            }
            Map<String, float[]> projected = new java.util.HashMap<>();
            for (int i = 0; i < texts.size(); i++) projected.put(texts.get(i), TrainStage.project(all[i], mean, comp, k, dim));
            Map<String, Double> p = dev.evaluate(list -> list.stream().map(projected::get).toArray(float[][]::new));
            System.err.println("teacher, centred + PCA-" + k + ": " + TrainStage.summary(p));
            out.put("teacher_pca", p);
        }
        SafetensorsWriter.writeAtomically(work.resolve("train-teacher-eval.json"), Json.write(out, true).getBytes(StandardCharsets.UTF_8));
    }
}
