package dev.microembed.eval;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code microembed eval}: quality, speed and memory of several models on tasks named by path. */
@Command(name = "microembed eval", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Evaluates models on STS, bitext retrieval and classification tasks, plus speed and memory.",
                "Tasks: sts:FILE.csv | sts:EN.csv+XX.csv (cross-lingual: sentence1 from EN, sentence2 from XX) |",
                "       bitext:FILE_A,FILE_B | classify:TRAIN_TEXT,TRAIN_LABELS,TEST_TEXT,TEST_LABELS;",
                "       a glob or folder expands to one task per file (docs/evaluation.md)."})
public final class EvalCommand implements Callable<Integer> {
    /** Tatoeba languages of the dev suite: the STS and tweet languages plus a spread of scripts and families. */
    static final List<String> DEV_TATOEBA = List.of("deu", "fra", "spa", "ita", "por", "nld", "pol", "rus", "jpn",
            "cmn", "ara", "hin", "tur", "kor", "vie", "heb", "ell", "swe", "fin", "ind", "ukr", "ces", "hun", "ron");
    static final List<String> STS_LANGS = List.of("de", "es", "fr", "it", "ja", "nl", "pl", "pt", "ru", "zh");

    @Option(names = "--models", paramLabel = "LIST", description = "Comma-separated: microembed[:DIR], microembed-f32[:DIR], e5-small-v2, e5-small-v2-int8, bm25, fasttext, or all (default: ${DEFAULT-VALUE}).")
    String models = "all";

    @Option(names = "--json", paramLabel = "FILE", description = "Write every number as JSON.")
    Path json;

    @Option(names = "--report", paramLabel = "DIR", description = "Write a Markdown report with PNG charts.")
    Path report;

    @Option(names = "--dev-suite", description = "Add every dev split of the shared data: STS dev (11 languages), en-xx cross-lingual STS, tweet val classification (xlm-t, tweeteval) and a 24-language Tatoeba slice.")
    boolean devSuite;

    @Option(names = "--data", paramLabel = "DIR", description = "Shared data folder (default: ../shared/data of the checkout).")
    Path data;

    @Option(names = "--cache", paramLabel = "DIR", description = "Embedding and fastText cache (default: ~/.cache/microembed/eval).")
    Path cache;

    @Option(names = "--max-sts", paramLabel = "N", description = "Evaluate at most N pairs per STS file, spread evenly (0 = all; default ${DEFAULT-VALUE}).")
    int maxSts = 0;

    @Option(names = "--max-bitext", paramLabel = "N", description = "Use the first N lines of each bitext pair (0 = all; default ${DEFAULT-VALUE}).")
    int maxBitext = 0;

    @Option(names = "--max-train", paramLabel = "N", description = "Train classifiers on at most N rows, spread evenly (0 = all; default ${DEFAULT-VALUE}).")
    int maxTrain = 2000;

    @Option(names = "--max-test", paramLabel = "N", description = "Test classifiers on at most N rows, spread evenly (0 = all; default ${DEFAULT-VALUE}).")
    int maxTest = 1000;

    @Option(names = "--speed-texts", paramLabel = "N", description = "Tweets timed per model in the speed probe (0 = no speed probe; default ${DEFAULT-VALUE}).")
    int speedTexts = 1000;

    @Option(names = "--no-progress", description = "No progress bar (for logs and CI).")
    boolean noProgress;

    @Parameters(paramLabel = "TASK", arity = "0..*", description = "Tasks (see above).")
    List<String> taskSpecs = new ArrayList<>();

    private String[] rawArgs = new String[0];

    public static int run(String[] args) {
        EvalCommand cmd = new EvalCommand();
        cmd.rawArgs = args;
        CommandLine cl = new CommandLine(cmd);
        cl.setExecutionExceptionHandler((ex, line, parsed) -> {
            if (ex instanceof IllegalArgumentException || ex instanceof IOException) {
                System.err.println("microembed eval: " + ex.getMessage());
                return 1;
            }
            throw ex;
        });
        return cl.execute(args);
    }

    static Path root() {
        String home = System.getProperty("microembed.home", System.getProperty("microembed.root", "."));
        return Path.of(home).toAbsolutePath().normalize();
    }

    @Override
    public Integer call() throws Exception {
        Path root = root();
        Path dataDir = data != null ? data : root.resolve("../shared/data").normalize();
        Path cacheDir = cache != null ? cache : Path.of(System.getProperty("user.home"), ".cache", "microembed", "eval");
        List<String> specs = new ArrayList<>(taskSpecs);
        if (devSuite) specs.addAll(devSuiteTasks(dataDir));
        if (specs.isEmpty()) {
            System.err.println("microembed eval: no tasks; name some (sts:FILE.csv ...) or use --dev-suite (see --help)");
            return 2;
        }
        List<Task> tasks = TaskParser.parse(specs);
        Evaluator.Limits limits = new Evaluator.Limits(maxSts, maxBitext, maxTrain, maxTest);
        List<Evaluator.Loaded> loaded = new ArrayList<>();
        for (Task t : tasks) loaded.add(Evaluator.load(t, limits)); // malformed input fails here, before any model runs
        List<String> modelSpecs = ModelRegistry.expand(models);
        if (modelSpecs.isEmpty()) throw new IllegalArgumentException("--models names no model");

        long perModel = loaded.stream().mapToLong(Evaluator.Loaded::texts).sum();
        var ctx = new ModelRegistry.Context(root, dataDir, cacheDir, msg -> System.err.println(msg));
        List<String> names = new ArrayList<>();
        Map<String, String> descriptions = new LinkedHashMap<>(), skipped = new LinkedHashMap<>();
        Map<String, String> specOf = new LinkedHashMap<>();
        List<Result> results = new ArrayList<>();
        long t0 = System.nanoTime();
        try (ProgressBar bar = noProgress ? null : new ProgressBarBuilder().setTaskName("eval")
                .setInitialMax(perModel * modelSpecs.size()).setStyle(ProgressBarStyle.COLORFUL_UNICODE_BLOCK)
                .setUnit(" texts", 1).setUpdateIntervalMillis(500).continuousUpdate().build()) {
            Evaluator.Progress progress = bar == null ? Evaluator.Progress.NONE : new Evaluator.Progress() {
                public void step(long n) {
                    bar.stepBy(n);
                }

                public void status(String m) {
                    bar.setExtraMessage(m.length() > 48 ? m.substring(0, 48) : m);
                }
            };
            Evaluator ev = new Evaluator(new EmbeddingCache(cacheDir), progress);
            for (String spec : modelSpecs) {
                EvalModel model;
                try {
                    progress.status("loading " + spec);
                    model = ModelRegistry.create(spec, ctx);
                } catch (ModelRegistry.Skip s) {
                    skipped.put(spec, s.getMessage());
                    if (bar != null) bar.stepBy(perModel);
                    continue;
                }
                try (model) {
                    names.add(model.name());
                    descriptions.put(model.name(), model.description());
                    specOf.put(model.name(), spec);
                    for (Evaluator.Loaded l : loaded) results.addAll(ev.run(model, l));
                }
            }
        }
        if (speedTexts > 0) {
            for (String name : names) {
                System.err.println("speed probe: " + name + " (" + speedTexts + " tweets, fresh JVM)");
                Map<String, Object> s = SpeedProbe.runChild(specOf.get(name), ctx, speedTexts);
                int n = ((Number) s.getOrDefault("n", 0)).intValue();
                for (String[] row : Report.SPEED_ROWS) {
                    Object v = s.get(row[0]);
                    if (v instanceof Number num) {
                        results.add(new Result(name, "speed:tweets", "speed", "multi", row[0], num.doubleValue(), n, row[0].equals("texts_per_s")));
                    }
                }
            }
        }
        Map<String, Object> meta = new LinkedHashMap<>();
        meta.put("date", Instant.now().toString());
        meta.put("machine", Runtime.getRuntime().availableProcessors() + " CPUs, Java " + System.getProperty("java.version")
                + ", " + System.getProperty("os.name") + " " + System.getProperty("os.arch"));
        meta.put("data", dataDir.toString());
        meta.put("limits", "max-sts " + maxSts + ", max-bitext " + maxBitext + ", max-train " + maxTrain + ", max-test " + maxTest + " (0 = all)");
        meta.put("wall_s", Math.round((System.nanoTime() - t0) / 1e9));
        Report.Run run = new Report.Run(names, descriptions, skipped, results,
                "microembed eval " + String.join(" ", rawArgs), meta);
        System.out.println();
        System.out.print(Report.table(run));
        for (var e : skipped.entrySet()) System.out.println("skipped " + e.getKey() + ": " + e.getValue());
        System.out.println("wall time " + meta.get("wall_s") + " s");
        if (json != null) Report.writeJson(run, json);
        if (report != null) Report.writeMarkdown(run, report);
        return 0;
    }

    /** Task specs of {@code --dev-suite}: every dev/val split in the shared data. */
    static List<String> devSuiteTasks(Path data) {
        Path sts = data.resolve("sts/stsb-multi-mt");
        if (!Files.isDirectory(sts)) throw new IllegalArgumentException("--dev-suite: shared data not found at " + data + " (use --data DIR)");
        List<String> out = new ArrayList<>();
        out.add("sts:" + sts.resolve("stsb-*-dev.csv"));
        for (String l : STS_LANGS) out.add("sts:" + sts.resolve("stsb-en-dev.csv") + "+" + sts.resolve("stsb-" + l + "-dev.csv"));
        out.add("classify:" + data.resolve("tweets/xlm-t"));
        out.add("classify:" + data.resolve("tweets/tweeteval"));
        Path tat = data.resolve("parallel/tatoeba");
        for (String l : DEV_TATOEBA) out.add("bitext:" + tat.resolve(l + "-eng." + l) + "," + tat.resolve(l + "-eng.eng"));
        return out;
    }
}
