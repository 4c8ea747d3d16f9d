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

/**
 * {@code microembed train --work DIR [--resume] [options]}: runs the training stage alone on a distill
 * work dir, for reruns and ablations ({@code --tag} keeps each variant's checkpoint, report and output
 * apart). {@code --eval-teacher} instead scores the teacher itself on the same dev sets (cached).
 */
public final class TrainCommand {
    private TrainCommand() {}

    static final String USAGE = """
            usage: microembed train --work DIR [--resume] [--config FILE] [options]
              --config FILE        JSON: a distill config with a "train" object, or the train object itself
              --set KEY=JSON       override one train key (repeatable), e.g. --set epochs=6 --set space='"teacher"'
              --epochs N  --tag NAME  --output FILE  --space pca|teacher  --init-weights sif|idf|uniform
              --no-corpus  --no-cross-lingual  --no-learn-weights  --tiny (CI-sized data, 2 epochs)
              --eval-teacher       score the teacher (e5-small-v2) on the dev sets instead of training
              --eval-model DIR     score a finished model folder (e.g. vocab/) on the same dev sets, held-out pairs included
            keys and defaults: %s
            """;

    public static int run(String[] args) {
        try {
            Path work = null;
            boolean resume = false, evalTeacher = false;
            Path evalModel = null;
            Map<String, Object> overrides = new LinkedHashMap<>();
            Map<String, Object> fromFile = Map.of();
            for (int i = 0; i < args.length; i++) {
                String a = args[i];
                switch (a) {
                    case "--work" -> work = Path.of(value(args, ++i, a));
                    case "--resume" -> resume = true;
                    case "--eval-teacher" -> evalTeacher = true;
                    case "--eval-model" -> evalModel = Path.of(value(args, ++i, a));
                    case "--config" -> fromFile = trainObject(Path.of(value(args, ++i, a)));
                    case "--set" -> {
                        String kv = value(args, ++i, a);
                        int eq = kv.indexOf('=');
                        if (eq < 1) throw new IllegalArgumentException("--set wants KEY=JSON, got " + kv);
                        overrides.put(kv.substring(0, eq), Json.parse(kv.substring(eq + 1)));
                    }
                    case "--epochs" -> overrides.put("epochs", Long.parseLong(value(args, ++i, a)));
                    case "--tag" -> overrides.put("tag", value(args, ++i, a));
                    case "--output" -> overrides.put("output", value(args, ++i, a));
                    case "--space" -> overrides.put("space", value(args, ++i, a));
                    case "--init-weights" -> overrides.put("initWeights", value(args, ++i, a));
                    case "--no-corpus" -> overrides.put("corpus", false);
                    case "--no-cross-lingual" -> overrides.put("crossLingual", false);
                    case "--no-learn-weights" -> overrides.put("learnWeights", false);
                    case "--tiny" -> overrides.putAll(tiny());
                    case "--help", "-h" -> { System.out.printf(USAGE, Json.write(TrainConfig.defaults().toMap(), false)); return 0; }
                    default -> throw new IllegalArgumentException("unknown option " + a);
                }
            }
            if (work == null) throw new IllegalArgumentException("--work DIR is required");
            TrainConfig cfg = TrainConfig.fromMap(overrides, TrainConfig.fromMap(fromFile, TrainConfig.defaults()));
            if (evalTeacher) evalTeacher(work, cfg);
            else if (evalModel != null) evalModel(work, evalModel, cfg);
            else TrainStage.run(work, cfg, resume);
            return 0;
        } catch (IllegalArgumentException e) {
            System.err.println("microembed train: " + e.getMessage());
            System.err.printf(USAGE, Json.write(TrainConfig.defaults().toMap(), false));
            return 2;
        } catch (Exception e) {
            System.err.println("microembed train: failed: " + e);
            e.printStackTrace();
            return 1;
        }
    }

    /** The CI variant: at most 150 lines per source file, 300 tweets, German only, two epochs of small batches. */
    static Map<String, Object> tiny() {
        Map<String, Object> t = new LinkedHashMap<>();
        t.put("maxSentencesPerSource", 150L);
        t.put("maxTweets", 300L);
        t.put("epochs", 2L);
        t.put("batchSize", 128L);
        t.put("stsLanguages", List.of("de"));
        t.put("tatoebaLanguages", List.of("deu"));
        return t;
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> trainObject(Path file) throws Exception {
        Object o = Json.parse(Files.readString(file, StandardCharsets.UTF_8));
        if (!(o instanceof Map)) throw new IllegalArgumentException(file + ": not a JSON object");
        Map<String, Object> m = (Map<String, Object>) o;
        Object t = m.get("train");
        if (t == null) return m;
        if (!(t instanceof Map)) throw new IllegalArgumentException(file + ": \"train\" is not a JSON object");
        return (Map<String, Object>) t;
    }

    private static String value(String[] args, int i, String opt) {
        if (i >= args.length) throw new IllegalArgumentException(opt + " needs a value");
        return args[i];
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
