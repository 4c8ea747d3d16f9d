package dev.microembed.lucene.cli;

import dev.microembed.Microembed;
import dev.microembed.ModelFormatException;
import dev.microembed.lucene.Fusion;
import dev.microembed.lucene.Hit;
import dev.microembed.lucene.IndexBuilder;
import dev.microembed.lucene.IndexProblem;
import dev.microembed.lucene.IndexSearch;
import dev.microembed.lucene.MicroembedLucene;
import dev.microembed.lucene.SearchMode;
import dev.microembed.lucene.bench.HybridEval;
import dev.microembed.lucene.bench.IndexBench;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.logging.Level;
import java.util.logging.Logger;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * The Lucene commands of {@code microembed} (the launcher sends {@code index}, {@code index-*} and
 * {@code search --index} here). Exit codes as in the runtime: 0 ok, 1 unreadable, missing or unsuitable
 * file or index, 2 bad arguments.
 */
@Command(name = "microembed", mixinStandardHelpOptions = true, version = LuceneMain.VERSION,
        subcommands = {LuceneMain.Index.class, LuceneMain.Search.class, HybridEval.class, IndexBench.class},
        description = "Persistent microembed + BM25 indexes in Apache Lucene (docs/lucene.md).")
public final class LuceneMain implements Runnable {
    static final String VERSION = "microembed-lucene 0.1.0-SNAPSHOT";
    /** Lucene announces its SIMD provider at INFO on every start; kept (a strong reference) at WARNING. */
    private static final Logger LUCENE_VECTORIZATION = Logger.getLogger("org.apache.lucene.internal.vectorization");

    static {
        LUCENE_VECTORIZATION.setLevel(Level.WARNING);
    }

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        throw new ParameterException(spec.commandLine(), "name a command: index, search, index-eval or index-bench");
    }

    public static void main(String[] args) {
        PrintWriter out = new PrintWriter(new OutputStreamWriter(new FileOutputStream(FileDescriptor.out), StandardCharsets.UTF_8), false);
        PrintWriter err = new PrintWriter(new OutputStreamWriter(new FileOutputStream(FileDescriptor.err), StandardCharsets.UTF_8), true);
        int code = run(args, out, err, System.err);
        out.flush();
        err.flush();
        System.exit(code);
    }

    /** Runs one command line; {@code progress} gets progress bars (null: none). Returns the exit code. */
    public static int run(String[] args, PrintWriter out, PrintWriter err, PrintStream progress) {
        CommandLine cl = new CommandLine(new LuceneMain(), new CommandLine.IFactory() {
            @Override
            public <K> K create(Class<K> cls) throws Exception {
                K k = CommandLine.defaultFactory().create(cls);
                if (k instanceof Base b) b.progress = progress;
                return k;
            }
        });
        cl.setOut(out).setErr(err).setCaseInsensitiveEnumValuesAllowed(true).setUsageHelpAutoWidth(false);
        cl.setExecutionExceptionHandler((e, cmd, parsed) -> {
            out.flush();
            if (e instanceof IndexProblem || e instanceof ModelFormatException || e instanceof UncheckedIOException || e instanceof IOException) {
                err.println("microembed: " + e.getMessage());
                return 1;
            }
            if (e instanceof IllegalArgumentException) {
                err.println("microembed: " + e.getMessage());
                return 2;
            }
            throw e;
        });
        int code = cl.execute(args);
        out.flush();
        return code;
    }

    /** Options and plumbing every command shares. */
    public abstract static class Base implements Callable<Integer> {
        @Spec
        protected CommandSpec spec;

        @Option(names = "--model", paramLabel = "DIR", description = "Model folder (default: the shipped model).")
        protected Path model;

        /** Where progress bars go (null: none); set by {@link #run}. */
        protected PrintStream progress;

        protected PrintWriter out() {
            return spec.commandLine().getOut();
        }

        protected PrintWriter err() {
            return spec.commandLine().getErr();
        }

        protected Microembed loadModel() {
            return model != null ? Microembed.load(model) : Microembed.loadDefault();
        }

        /** The command line as typed after {@code microembed}, for reports. */
        protected String commandLine() {
            return "./microembed " + String.join(" ", spec.commandLine().getParseResult().originalArgs());
        }

        protected ParameterException usage(String message) {
            return new ParameterException(spec.commandLine(), message);
        }
    }

    @Command(name = "index", mixinStandardHelpOptions = true, version = LuceneMain.VERSION, sortOptions = false,
            description = {"Builds a persistent Lucene index of FILE, one document per non-blank line:",
                    "stored text, a BM25 field and the microembed vector (int8 scalar-quantised",
                    "HNSW, dot product). Resumable: after a kill, run the same command again.",
                    "Atomic: the index appears at DIR only when complete (docs/lucene.md)."})
    public static final class Index extends Base {
        @Option(names = "--corpus", required = true, paramLabel = "FILE", description = "UTF-8 text, one text per line.")
        Path corpus;

        @Option(names = "--index", required = true, paramLabel = "DIR", description = "Where the index goes (built in DIR.tmp-build first).")
        Path index;

        @Option(names = "--force", description = "Replace a finished index at DIR.")
        boolean force;

        @Option(names = "--commit-every", paramLabel = "LINES", description = "Commit (a resume point) every LINES lines and at least every minute (default ${DEFAULT-VALUE}).")
        long commitEvery = IndexBuilder.DEFAULT_COMMIT_EVERY;

        @Option(names = "--max-conn", paramLabel = "N", description = "HNSW neighbours per node (default ${DEFAULT-VALUE}).")
        int maxConn = MicroembedLucene.DEFAULT_MAX_CONN;

        @Option(names = "--beam-width", paramLabel = "N", description = "HNSW construction beam width (default ${DEFAULT-VALUE}).")
        int beamWidth = MicroembedLucene.DEFAULT_BEAM_WIDTH;

        @Option(names = "--no-merge", description = "Leave several segments (a faster build, slower queries).")
        boolean noMerge;

        @Option(names = "--no-progress", description = "No progress bar.")
        boolean noProgress;

        @Override
        public Integer call() {
            if (commitEvery < 1) throw usage("--commit-every must be at least 1, got " + commitEvery);
            if (maxConn < 1 || maxConn > 512) throw usage("--max-conn must be in 1..512, got " + maxConn);
            if (beamWidth < 1 || beamWidth > 3200) throw usage("--beam-width must be in 1..3200, got " + beamWidth);
            PrintWriter err = err();
            try (Microembed m = loadModel()) {
                IndexBuilder.Result r = new IndexBuilder(corpus, index).force(force).commitEvery(commitEvery).hnsw(maxConn, beamWidth)
                        .forceMerge(!noMerge).progress(noProgress ? null : progress).log(s -> err.println("microembed: " + s)).build(m);
                out().printf(Locale.ROOT, "indexed %d texts (%d lines) of %s into %s in %.1f s%s%n", r.info().texts(), r.info().lines(),
                        corpus, r.index(), r.seconds(), r.resumedAfterLine() > 0 ? " (resumed after line " + r.resumedAfterLine() + ")" : "");
            }
            return 0;
        }
    }

    @Command(name = "search", mixinStandardHelpOptions = true, version = LuceneMain.VERSION, sortOptions = false,
            description = {"Searches an index built by microembed index; prints rank, score, line",
                    "number and text. (search --corpus FILE is the runtime's one-off search.)"})
    public static final class Search extends Base {
        @Option(names = "--index", required = true, paramLabel = "DIR", description = "An index built by microembed index.")
        Path index;

        @Option(names = "--query", required = true, paramLabel = "TEXT", description = "The query.")
        String query;

        @Option(names = "-k", paramLabel = "N", description = "How many hits (default ${DEFAULT-VALUE}).")
        int k = 10;

        @Option(names = "--mode", paramLabel = "MODE", description = "vector, bm25 or hybrid (default: hybrid).")
        SearchMode mode = SearchMode.HYBRID;

        @Option(names = "--fusion", paramLabel = "F", description = "Hybrid fusion: rrf (reciprocal rank, k=60) or weighted (default: weighted).")
        String fusion;

        @Option(names = "--weight", paramLabel = "W", description = "Semantic weight of --fusion weighted, 0..1 (default ${DEFAULT-VALUE}).")
        double weight = 0.7;

        @Option(names = "--candidates", paramLabel = "N", description = "HNSW candidates rescored exactly (default ${DEFAULT-VALUE}).")
        int candidates = IndexSearch.DEFAULT_CANDIDATES;

        @Override
        public Integer call() throws IOException {
            if (k < 1) throw usage("-k must be at least 1, got " + k);
            if (candidates < 1) throw usage("--candidates must be at least 1, got " + candidates);
            if (!(weight >= 0 && weight <= 1)) throw usage("--weight must be in 0..1, got " + weight);
            Fusion f = fusion == null ? Fusion.DEFAULT : switch (fusion.toLowerCase(Locale.ROOT)) {
                case "rrf" -> new Fusion.Rrf(60);
                case "weighted" -> new Fusion.Weighted(weight);
                default -> throw usage("--fusion must be rrf or weighted, got " + fusion);
            };
            if (fusion == null && weight != 0.7 && f instanceof Fusion.Weighted) f = new Fusion.Weighted(weight);
            try (IndexSearch s = IndexSearch.open(index, model)) {
                s.candidates(candidates).fusion(f);
                List<Hit> hits = s.search(query, k, mode);
                String score = switch (mode) {
                    case VECTOR -> "cosine";
                    case BM25 -> "bm25";
                    case HYBRID -> f.name();
                };
                PrintWriter out = out();
                out.println("rank\t" + score + "\tline\ttext");
                for (int r = 0; r < hits.size(); r++) {
                    Hit h = hits.get(r);
                    out.printf(Locale.ROOT, "%d\t%.4f\t%d\t%s%n", r + 1, h.score(), h.line(), h.text());
                }
                if (hits.isEmpty()) err().println("microembed: no hits" + (mode == SearchMode.VECTOR ? " (the query has no known token)" : ""));
            }
            return 0;
        }
    }
}
