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
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code microembed eval}: quality, speed and memory of several models on tasks named by path. */
@Command(name = "eval", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Evaluates models on STS, bitext retrieval and classification tasks, plus speed and memory.",
                "Tasks: sts:FILE.csv | sts:EN.csv+XX.csv (cross-lingual: sentence1 from EN, sentence2 from XX) |",
                "       bitext:FILE_A,FILE_B | classify:TRAIN_TEXT,TRAIN_LABELS,TEST_TEXT,TEST_LABELS;",
                "       a glob or folder expands to one task per file (docs/evaluation.md)."})
public final class EvalCommand implements Callable<Integer> {
    /** Tatoeba languages of the dev suite: the STS and tweet languages plus a spread of scripts and families. */
    static final List<String> DEV_TATOEBA = List.of("deu", "fra", "spa", "ita", "por", "nld", "pol", "rus", "jpn",
            "cmn", "ara", "hin", "tur", "kor", "vie", "heb", "ell", "swe", "fin", "ind", "ukr", "ces", "hun", "ron");
    /**
     * Dev-suite samples, sized so the two ONNX teachers fit the 30-minute
     * budget on a busy 2-core machine (about 26,000 texts each); static models would not need them. STS pairs and classifier
     * rows are spread evenly over each file; Tatoeba keeps the held-out tail the training stage never sees.
     */
    static final int DEV_STS_PAIRS = 500, DEV_BITEXT_LINES = 100, DEV_TRAIN_ROWS = 500, DEV_TEST_ROWS = 300;
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

    @Option(names = "--max-sts", paramLabel = "N", description = "Evaluate at most N pairs per STS file, spread evenly (0 = all; default: all, 500 with --dev-suite).")
    Integer maxSts;

    @Option(names = "--max-bitext", paramLabel = "N", description = "Use the first N lines of each bitext pair (0 = all; default: all, 100 with --dev-suite).")
    Integer maxBitext;

    @Option(names = "--bitext-tail", description = "Use the held-out tail of each bitext pair instead of its first lines: the last N lines, or the last half of a file shorter than 2N (the lines the training stage never trains on; default with --dev-suite).")
    Boolean bitextTail;

    @Option(names = "--max-train", paramLabel = "N", description = "Train classifiers on at most N rows, spread evenly (0 = all; default 2000, 500 with --dev-suite).")
    Integer maxTrain;

    @Option(names = "--max-test", paramLabel = "N", description = "Test classifiers on at most N rows, spread evenly (0 = all; default 1000, 300 with --dev-suite).")
    Integer maxTest;

    @Option(names = "--speed-texts", paramLabel = "N", description = "Tweets timed per model in the speed probe (0 = no speed probe; default ${DEFAULT-VALUE}).")
    int speedTexts = 1000;

    @Option(names = "--budget-s", paramLabel = "SECONDS", description = "Time budget per model: tasks whose embeddings are cached run first; "
            + "tasks needing new inference start only while the model's budget lasts, the rest are listed as not run (0 = no budget; default ${DEFAULT-VALUE}).")
    int budgetSeconds = 0;

    @Option(names = "--no-progress", description = "No progress bar (for logs and CI).")
    boolean noProgress;

    @Parameters(paramLabel = "TASK", arity = "0..*", description = "Tasks (see above).")
    List<String> taskSpecs = new ArrayList<>();

    @Spec CommandSpec spec;

    static Path root() {
        String home = System.getProperty("microembed.home", System.getProperty("microembed.root", "."));
        return Path.of(home).toAbsolutePath().normalize();
    }

    /** Exit code 0 done, 1 unreadable data or a failed model, 2 no tasks. */
    @Override
    public Integer call() throws Exception {
        try {
            return evaluate();
        } catch (IllegalArgumentException | IOException e) {
            System.err.println("microembed eval: " + e.getMessage());
            return 1;
        }
    }

    private int evaluate() throws Exception {
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
        int stsCap = maxSts != null ? maxSts : devSuite ? DEV_STS_PAIRS : 0;
        int bitextCap = maxBitext != null ? maxBitext : devSuite ? DEV_BITEXT_LINES : 0;
        int trainCap = maxTrain != null ? maxTrain : devSuite ? DEV_TRAIN_ROWS : 2000;
        int testCap = maxTest != null ? maxTest : devSuite ? DEV_TEST_ROWS : 1000;
        boolean tail = bitextTail != null ? bitextTail : devSuite;
        Evaluator.Limits limits = new Evaluator.Limits(stsCap, bitextCap, trainCap, testCap, tail);
        List<Evaluator.Loaded> loaded = new ArrayList<>();
        for (Task t : tasks) loaded.add(Evaluator.load(t, limits)); // malformed input fails here, before any model runs
        List<String> modelSpecs = ModelRegistry.expand(models);
        if (modelSpecs.isEmpty()) throw new IllegalArgumentException("--models names no model");

        long perModel = loaded.stream().mapToLong(Evaluator.Loaded::texts).sum();
        var ctx = new ModelRegistry.Context(root, dataDir, cacheDir, msg -> System.err.println(msg));
        List<String> names = new ArrayList<>();
        Map<String, String> descriptions = new LinkedHashMap<>(), skipped = new LinkedHashMap<>();
        Map<String, String> specOf = new LinkedHashMap<>();
        Map<String, List<String>> notRun = new LinkedHashMap<>();
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
                    // one prepare() over every text that still needs inference (fastText resolves
                    // all unseen words in a single tool call instead of one per task)
                    List<String> pending = new ArrayList<>();
                    for (Evaluator.Loaded l : loaded) if (!ev.cheap(model, l)) for (List<String> t : Evaluator.textLists(l)) pending.addAll(t);
                    if (!pending.isEmpty()) model.prepare(pending);
                    long start = System.nanoTime();
                    List<Evaluator.Loaded> expensive = new ArrayList<>();
                    for (Evaluator.Loaded l : loaded) {
                        if (budgetSeconds > 0 && !ev.cheap(model, l)) expensive.add(l); // after the cached ones
                        else results.addAll(ev.run(model, l));
                    }
                    for (Evaluator.Loaded l : expensive) {
                        if ((System.nanoTime() - start) / 1e9 > budgetSeconds) {
                            notRun.computeIfAbsent(model.name(), k -> new ArrayList<>()).add(l.task().id());
                            if (bar != null) bar.stepBy(l.texts());
                        } else {
                            results.addAll(ev.run(model, l));
                        }
                    }
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
        // table order = task order of the command line, whatever order the budget ran them in
        Map<String, Integer> taskOrder = new LinkedHashMap<>();
        for (Evaluator.Loaded l : loaded) taskOrder.put(l.task().id(), taskOrder.size());
        results.sort(java.util.Comparator.comparingInt((Result r) -> names.indexOf(r.model()))
                .thenComparingInt(r -> taskOrder.getOrDefault(r.task(), Integer.MAX_VALUE)));
        Map<String, Object> meta = new LinkedHashMap<>();
        meta.put("date", Instant.now().toString());
        meta.put("machine", Runtime.getRuntime().availableProcessors() + " CPUs, Java " + System.getProperty("java.version")
                + ", " + System.getProperty("os.name") + " " + System.getProperty("os.arch"));
        meta.put("data", display(dataDir));
        meta.put("limits", "max-sts " + limits.stsPairs() + ", max-bitext " + limits.bitextPairs() + (limits.bitextTail() ? " (held-out tail)" : " (first lines)") + ", max-train " + limits.trainRows() + ", max-test " + limits.testRows() + " (0 = all)");
        meta.put("load_average_at_end", loadAverage());
        if (budgetSeconds > 0) meta.put("budget_s_per_model", budgetSeconds);
        if (!notRun.isEmpty()) {
            List<String> nr = new ArrayList<>();
            for (var e : notRun.entrySet()) nr.add(e.getKey() + ": " + e.getValue().size() + " tasks not run (budget): " + String.join(" ", e.getValue()));
            meta.put("not_run", nr);
        }
        meta.put("wall_s", Math.round((System.nanoTime() - t0) / 1e9));
        Report.Run run = new Report.Run(names, descriptions, skipped, results,
                "microembed " + String.join(" ", spec.commandLine().getParseResult().originalArgs()), meta);
        System.out.println();
        System.out.print(Report.table(run));
        for (var e : skipped.entrySet()) System.out.println("skipped " + e.getKey() + ": " + e.getValue());
        for (var e : notRun.entrySet()) System.out.println(e.getKey() + ": " + e.getValue().size() + " tasks not run within --budget-s " + budgetSeconds);
        System.out.println("wall time " + meta.get("wall_s") + " s");
        if (json != null) Report.writeJson(run, json);
        if (report != null) Report.writeMarkdown(run, report);
        return 0;
    }

    /** A path as shown in reports: relative to the checkout when inside or next to it. */
    static String display(Path p) {
        Path abs = p.toAbsolutePath().normalize(), root = root();
        return abs.startsWith(root.getParent() == null ? root : root.getParent()) ? root.relativize(abs).toString() : abs.toString();
    }

    /** The 1/5/15-minute load averages: speed numbers on a shared machine need this context. */
    static String loadAverage() {
        try {
            String[] f = Files.readString(Path.of("/proc/loadavg")).trim().split(" ");
            return f[0] + " " + f[1] + " " + f[2];
        } catch (IOException | RuntimeException e) {
            return "unknown";
        }
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
