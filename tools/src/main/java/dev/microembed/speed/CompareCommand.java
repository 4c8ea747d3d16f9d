package dev.microembed.speed;

import dev.microembed.Microembed;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code microembed bench --compare}: microembed's speed as ratios against other tokenizers, in one run. */
@Command(name = "bench", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"With --compare: times, interleaved in one process on the same texts, microembed embed, its",
                "tokenizer alone, Hugging Face tokenizers (Rust, same tokenizer.json, no special tokens), Lucene's",
                "StandardAnalyzer and String.getBytes(UTF_8); prints medians per text and, as the last line,",
                "ratio embed/hf_tokenize=<x> embed/lucene_analyze=<y> embed/utf8=<z>  (docs/speed.md).",
                "Without --compare, bench is the runtime's latency benchmark (microembed bench --help)."})
public final class CompareCommand implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Option(names = "--compare", description = "Run the side-by-side comparison (required here).")
    boolean compare;

    @Option(names = "--input", paramLabel = "FILE", description = "Text files, one text a line (default: every val_text.txt under ../shared/data/tweets/xlm-t, all 8 languages).")
    List<Path> inputs;

    @Option(names = "--model", paramLabel = "DIR", description = "Model folder (default: the shipped vocab/).")
    Path modelDir;

    @Option(names = "--rounds", paramLabel = "N", description = "Timed rounds; each runs every contestant once over all texts (default: ${DEFAULT-VALUE}).")
    int rounds = 21;

    @Option(names = "--warmup", paramLabel = "SECONDS", description = "Interleaved warm-up before the rounds (default: ${DEFAULT-VALUE}).")
    double warmup = 5;

    @Option(names = "--max-texts", paramLabel = "N", description = "Use only the first N texts (0 = all; default: all).")
    int maxTexts;

    @Override
    public Integer call() {
        if (!compare) throw new ParameterException(spec.commandLine(), "this is bench --compare; the plain bench is the runtime's (microembed bench --input FILE)");
        if (rounds < 1) throw new ParameterException(spec.commandLine(), "--rounds must be at least 1");
        if (warmup < 0 || Double.isNaN(warmup)) throw new ParameterException(spec.commandLine(), "--warmup must be 0 or more seconds");
        if (maxTexts < 0) throw new ParameterException(spec.commandLine(), "--max-texts must be 0 or more");
        List<Path> files = inputs != null ? inputs : defaultInputs();
        for (Path f : files) if (!Files.isRegularFile(f)) throw new ParameterException(spec.commandLine(), f + ": no such file");
        List<String> texts = CompareBench.readTexts(files);
        if (maxTexts > 0 && texts.size() > maxTexts) texts = texts.subList(0, maxTexts);
        if (texts.isEmpty()) throw new ParameterException(spec.commandLine(), "no texts in " + files);
        PrintWriter out = spec.commandLine().getOut();
        try (Microembed m = Microembed.load(modelDir != null ? modelDir : Microembed.defaultModelDir());
             CompareBench bench = new CompareBench(m, texts)) {
            bench.report(bench.run(warmup, rounds), files, out);
        }
        return 0;
    }

    /** Every language's validation tweets of xlm-t under the shared data beside the checkout. */
    static List<Path> defaultInputs() {
        Path dir = sharedData().resolve("tweets/xlm-t");
        try (var dirs = Files.list(dir)) {
            return dirs.map(d -> d.resolve("val_text.txt")).filter(Files::isRegularFile).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(dir + ": cannot list the tweets (pass --input FILE)", e);
        }
    }

    /** {@code <microembed.shared>/data}, else {@code ../shared/data} beside the checkout (microembed.home), else beside the working directory. */
    static Path sharedData() {
        String shared = System.getProperty("microembed.shared");
        if (shared != null) return Path.of(shared, "data");
        String home = System.getProperty("microembed.home", System.getProperty("microembed.root"));
        return (home != null ? Path.of(home) : Path.of("")).toAbsolutePath().resolve("../shared/data").normalize();
    }
}
