package dev.microembed.lucene.bench;

import dev.microembed.Microembed;
import dev.microembed.lucene.IndexBuilder;
import dev.microembed.lucene.IndexSearch;
import dev.microembed.lucene.MicroembedLucene;
import dev.microembed.lucene.SearchMode;
import dev.microembed.lucene.cli.LuceneMain;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.PrintWriter;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import org.apache.lucene.index.LeafReaderContext;
import org.apache.lucene.index.NumericDocValues;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.util.VectorUtil;
import org.apache.lucene.util.Version;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code microembed index-bench}: at each corpus size, the build rate of {@code microembed index} (texts/s,
 * end to end: hashing, embedding, HNSW, merge to one segment, commit) and the single-thread query latency of
 * HNSW search (with exact rescoring) against brute force over the same vectors (exact dot product, top 10),
 * with recall@10 of HNSW against brute force for several candidate counts; BM25 and hybrid latency beside them.
 *
 * <p>Texts: every distinct non-blank line of the shared tweets, the Tatoeba files and the STS-B train files (all
 * languages), shuffled with a fixed seed; beyond those, texts made of two random pool lines joined by a space
 * (distinct vectors, unlike verbatim repeats, which would make top-10 ties). Queries: distinct STS-B English dev
 * sentences, which are not in the corpus. A size runs only while the previous one took less than
 * {@code --budget-s} in total.
 */
@Command(name = "index-bench", mixinStandardHelpOptions = true, version = "microembed-lucene 0.1.0-SNAPSHOT", sortOptions = false,
        description = {"Index build rate, query latency p50/p99 and recall@10 of HNSW against",
                "brute force, at several corpus sizes (docs/lucene.md)."})
public final class IndexBench extends LuceneMain.Base {
    @Option(names = "--data", paramLabel = "DIR", description = "Shared data folder (default: ../shared/data of the checkout).")
    Path data;

    @Option(names = "--sizes", paramLabel = "N,N,...", split = ",", description = "Corpus sizes (default: 10000,100000,1000000).")
    List<Integer> sizes = List.of(10_000, 100_000, 1_000_000);

    @Option(names = "--queries", paramLabel = "N", description = "Timed queries per method (default ${DEFAULT-VALUE}).")
    int queries = 1000;

    @Option(names = "--candidates", paramLabel = "N,N,...", split = ",", description = "HNSW candidate counts to measure (default: 10,20,50,100).")
    List<Integer> candidates = List.of(10, 20, 50, 100);

    @Option(names = "--max-conn", paramLabel = "N", description = "HNSW neighbours per node (default ${DEFAULT-VALUE}).")
    int maxConn = MicroembedLucene.DEFAULT_MAX_CONN;

    @Option(names = "--beam-width", paramLabel = "N", description = "HNSW construction beam width (default ${DEFAULT-VALUE}).")
    int beamWidth = MicroembedLucene.DEFAULT_BEAM_WIDTH;

    @Option(names = "--budget-s", paramLabel = "S", description = "Skip the next size when one took longer than S seconds in total (default ${DEFAULT-VALUE}).")
    double budgetSeconds = 240;

    @Option(names = "--work", paramLabel = "DIR", description = "Where corpora and indexes go (default: target/index-bench of the checkout); removed after each size.")
    Path work;

    @Option(names = "--out", paramLabel = "FILE", description = "Also write the Markdown report here.")
    Path out;

    @Option(names = "--no-progress", description = "No progress bar.")
    boolean noProgress;

    static final int K = 10;

    /** Results of one size. */
    record SizeResult(int n, double buildSeconds, double mergeSeconds, long indexBytes, double bruteEmbedSeconds,
                      Map<String, double[]> latencyMs, Map<Integer, Double> recall, double totalSeconds) {}

    @Override
    public Integer call() throws IOException {
        if (queries < 1) throw usage("--queries must be at least 1");
        for (int n : sizes) if (n < K) throw usage("--sizes must be at least " + K + ", got " + n);
        for (int c : candidates) if (c < 1) throw usage("--candidates must be at least 1");
        List<Integer> order = sizes.stream().sorted().toList();
        Path dir = SharedData.require(data != null ? data : SharedData.defaultDir());
        Path workDir = work != null ? work : Path.of(System.getProperty("microembed.home", "."), "target", "index-bench");
        String header = header(dir);
        PrintWriter err = err();
        List<SizeResult> done = new ArrayList<>();
        String skipped = null;
        try (Microembed m = loadModel()) {
            long t0 = System.nanoTime();
            List<String> pool = pool(m, dir);
            List<String> qs = queries(m, dir, queries);
            err.printf(Locale.ROOT, "index-bench: %d distinct texts, %d queries (%.1f s)%n", pool.size(), qs.size(), (System.nanoTime() - t0) / 1e9);
            Files.createDirectories(workDir);
            for (int i = 0; i < order.size(); i++) {
                int n = order.get(i);
                if (i > 0 && done.getLast().totalSeconds() > budgetSeconds) {
                    skipped = String.format(Locale.ROOT, "%s not measured: the %,d-text run took %.0f s in total, over the %.0f s budget (--budget-s) "
                            + "for this shared machine", order.subList(i, order.size()).stream().map(x -> String.format(Locale.ROOT, "%,d", x)).toList(),
                            done.getLast().n(), done.getLast().totalSeconds(), budgetSeconds);
                    err.println("index-bench: " + skipped);
                    break;
                }
                err.printf(Locale.ROOT, "index-bench: %,d texts%n", n);
                done.add(runSize(m, corpus(pool, n), qs, workDir, err));
                String partial = report(header, done, skipped);
                if (out != null) write(out, partial);
            }
        }
        String report = report(header, done, skipped);
        out().print(report);
        out().flush();
        if (out != null) write(out, report);
        return 0;
    }

    private static void write(Path file, String text) throws IOException {
        if (file.toAbsolutePath().getParent() != null) Files.createDirectories(file.toAbsolutePath().getParent());
        Files.writeString(file, text);
    }

    /** Distinct non-blank lines of tweets, Tatoeba and STS-B train (one line each), with a non-zero vector, shuffled (seed 42). */
    static List<String> pool(Microembed m, Path data) {
        LinkedHashSet<String> texts = new LinkedHashSet<>();
        for (Path f : SharedData.tweetFiles(data)) texts.addAll(SharedData.lines(f));
        try (Stream<Path> s = Files.list(data.resolve("parallel/tatoeba"))) {
            for (Path f : s.filter(p -> !p.getFileName().toString().endsWith(".md")).sorted().toList()) texts.addAll(SharedData.lines(f));
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        try (Stream<Path> s = Files.list(data.resolve("sts/stsb-multi-mt"))) {
            for (Path f : s.filter(p -> p.getFileName().toString().endsWith("-train.csv")).sorted().toList())
                for (List<String> r : SharedData.csv(f)) for (int c = 0; c < Math.min(2, r.size()); c++) texts.add(r.get(c));
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        float[] v = new float[m.dim()];
        List<String> out = new ArrayList<>(texts.size());
        for (String t : texts) {
            String one = t.replaceAll("\\s+", " ").strip();
            if (one.isEmpty()) continue;
            m.embed(one, v);
            if (!MicroembedLucene.isZero(v)) out.add(one);
        }
        List<String> dedup = new ArrayList<>(new LinkedHashSet<>(out));
        java.util.Collections.shuffle(dedup, new Random(42));
        return dedup;
    }

    /** The first {@code n} texts of the pool, then pairs of pool texts (seed 7) until there are {@code n}. */
    static List<String> corpus(List<String> pool, int n) {
        List<String> c = new ArrayList<>(pool.subList(0, Math.min(n, pool.size())));
        Random r = new Random(7);
        while (c.size() < n) c.add(pool.get(r.nextInt(pool.size())) + " " + pool.get(r.nextInt(pool.size())));
        return c;
    }

    static List<String> queries(Microembed m, Path data, int n) {
        LinkedHashSet<String> q = new LinkedHashSet<>();
        float[] v = new float[m.dim()];
        for (List<String> r : SharedData.csv(data.resolve("sts/stsb-multi-mt/stsb-en-dev.csv")))
            for (int c = 0; c < Math.min(2, r.size()); c++) {
                String t = r.get(c).replaceAll("\\s+", " ").strip();
                m.embed(t, v);
                if (!t.isEmpty() && !MicroembedLucene.isZero(v)) q.add(t);
            }
        List<String> all = new ArrayList<>(q);
        return all.subList(0, Math.min(n, all.size()));
    }

    private SizeResult runSize(Microembed m, List<String> texts, List<String> qs, Path workDir, PrintWriter err) throws IOException {
        long t0 = System.nanoTime();
        int n = texts.size();
        Path corpusFile = workDir.resolve("corpus-" + n + ".txt"), indexDir = workDir.resolve("index-" + n);
        try (BufferedWriter w = Files.newBufferedWriter(corpusFile, StandardCharsets.UTF_8)) {
            for (String t : texts) {
                w.write(t);
                w.write('\n');
            }
        }
        IndexBuilder.Result built = new IndexBuilder(corpusFile, indexDir).force(true).hnsw(maxConn, beamWidth)
                .progress(noProgress ? null : progress).log(s -> err.println("index-bench: " + s)).build(m);
        long indexBytes = size(indexDir);

        long tb = System.nanoTime();
        float[][] vectors = new float[n][m.dim()];
        for (int i = 0; i < n; i++) m.embed(texts.get(i), vectors[i]);
        double bruteEmbed = (System.nanoTime() - tb) / 1e9;

        Map<String, double[]> latency = new LinkedHashMap<>();
        Map<Integer, Double> recall = new LinkedHashMap<>();
        try (IndexSearch s = IndexSearch.open(indexDir, m)) {
            long[] lineOf = lines(s);
            float[] kth = new float[qs.size()];
            // warm-up, then timed: brute force
            bruteForce(m, vectors, qs.subList(0, Math.min(qs.size(), n >= 500_000 ? 50 : 200)), null);
            latency.put("brute force (exact)", bruteForce(m, vectors, qs, kth));
            for (int c : candidates) {
                s.candidates(c);
                timeVector(m, s, qs, null, null, null, null);
                double[] hits = new double[1];
                latency.put("HNSW, " + c + " candidates", timeVector(m, s, qs, lineOf, vectors, kth, hits));
                recall.put(c, hits[0] / (qs.size() * (double) K));
            }
            s.candidates(IndexSearch.DEFAULT_CANDIDATES);
            for (SearchMode mode : List.of(SearchMode.BM25, SearchMode.HYBRID)) {
                time(qs, q -> s.search(q, K, mode));
                latency.put(mode == SearchMode.BM25 ? "BM25" : "hybrid (" + s.fusion().name() + ", " + IndexSearch.DEFAULT_CANDIDATES + " candidates)",
                        time(qs, q -> s.search(q, K, mode)));
            }
        }
        deleteTree(indexDir);
        Files.deleteIfExists(corpusFile);
        double total = (System.nanoTime() - t0) / 1e9;
        err.printf(Locale.ROOT, "index-bench: %,d texts done in %.0f s (build %.0f s)%n", n, total, built.seconds());
        return new SizeResult(n, built.seconds(), built.mergeSeconds(), indexBytes, bruteEmbed, latency, recall, total);
    }

    /** Corpus index (0-based) of each Lucene document, from the line doc values. */
    private static long[] lines(IndexSearch s) throws IOException {
        var reader = s.searcher().getIndexReader();
        long[] out = new long[reader.maxDoc()];
        for (LeafReaderContext leaf : reader.leaves()) {
            NumericDocValues dv = leaf.reader().getNumericDocValues(MicroembedLucene.LINE);
            for (int d = 0; d < leaf.reader().maxDoc(); d++) out[leaf.docBase + d] = dv.advanceExact(d) ? dv.longValue() - 1 : -1;
        }
        return out;
    }

    /** Brute-force top 10 per query (latencies in ms, sorted); fills the 10th best exact score per query when asked. */
    private static double[] bruteForce(Microembed m, float[][] vectors, List<String> qs, float[] kth) {
        double[] ms = new double[qs.size()];
        float[] q = new float[m.dim()];
        int[] idx = new int[K];
        float[] sc = new float[K];
        for (int i = 0; i < qs.size(); i++) {
            long t = System.nanoTime();
            m.embed(qs.get(i), q);
            Arrays.fill(sc, Float.NEGATIVE_INFINITY);
            Arrays.fill(idx, -1);
            for (int d = 0; d < vectors.length; d++) {
                float s = VectorUtil.dotProduct(q, vectors[d]);
                if (s <= sc[K - 1]) continue;
                int j = K - 1;
                while (j > 0 && sc[j - 1] < s) {
                    sc[j] = sc[j - 1];
                    idx[j] = idx[j - 1];
                    j--;
                }
                sc[j] = s;
                idx[j] = d;
            }
            ms[i] = (System.nanoTime() - t) / 1e6;
            if (kth != null) kth[i] = sc[K - 1];
        }
        Arrays.sort(ms);
        return ms;
    }

    /**
     * HNSW top 10 per query (latencies in ms, sorted). With {@code hits}: adds the number of results whose exact
     * score reaches the brute-force 10th best (ties count as found).
     */
    private static double[] timeVector(Microembed m, IndexSearch s, List<String> qs, long[] lineOf, float[][] vectors, float[] kth, double[] hits) {
        double[] ms = new double[qs.size()];
        float[] q = new float[m.dim()];
        for (int i = 0; i < qs.size(); i++) {
            long t = System.nanoTime();
            m.embed(qs.get(i), q);
            ScoreDoc[] top = s.vector(q, K);
            ms[i] = (System.nanoTime() - t) / 1e6;
            if (hits != null) {
                for (ScoreDoc d : top) {
                    int c = (int) lineOf[d.doc];
                    if (c >= 0 && VectorUtil.dotProduct(q, vectors[c]) >= kth[i] - 1e-5f) hits[0]++;
                }
            }
        }
        Arrays.sort(ms);
        return ms;
    }

    private static double[] time(List<String> qs, java.util.function.Consumer<String> query) {
        double[] ms = new double[qs.size()];
        for (int i = 0; i < qs.size(); i++) {
            long t = System.nanoTime();
            query.accept(qs.get(i));
            ms[i] = (System.nanoTime() - t) / 1e6;
        }
        Arrays.sort(ms);
        return ms;
    }

    static double percentile(double[] sorted, double p) {
        int i = (int) Math.ceil(p / 100 * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, i))];
    }

    private static void deleteTree(Path dir) throws IOException {
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : s.sorted(java.util.Comparator.reverseOrder()).toList()) Files.delete(p);
        }
    }

    private static long size(Path dir) throws IOException {
        try (Stream<Path> s = Files.walk(dir)) {
            return s.filter(Files::isRegularFile).mapToLong(p -> p.toFile().length()).sum();
        }
    }

    private String header(Path data) {
        StringBuilder b = new StringBuilder();
        b.append("# Lucene index benchmark (microembed index-bench)\n\n");
        b.append("Command: `").append(commandLine()).append("`.\n");
        b.append("Date: ").append(LocalDate.now()).append(". Machine: ").append(Machine.describe()).append(".\n");
        b.append("JDK ").append(System.getProperty("java.version")).append(", Lucene ").append(Version.LATEST)
                .append(", heap max ").append(Runtime.getRuntime().maxMemory() >> 20).append(" MB, JVM flags: ")
                .append(String.join(" ", ManagementFactory.getRuntimeMXBean().getInputArguments())).append(".\n");
        b.append("Load average at start: ").append(Machine.loadAverage()).append(" (the machine is shared with a training job).\n");
        b.append(String.format(Locale.ROOT, "HNSW maxConn %d, beamWidth %d, int8 (7-bit) scalar quantisation, DOT_PRODUCT; merged to one segment. ", maxConn, beamWidth));
        b.append("Data: `").append(data).append("`: distinct lines of the tweets, Tatoeba and STS-B train files, shuffled; beyond them, two random lines joined. ");
        b.append(String.format(Locale.ROOT, "Queries: %d distinct STS-B English dev sentences (not in the corpus), one thread, embedding included, after a warm-up pass.%n", queries));
        return b.toString();
    }

    static String report(String header, List<SizeResult> done, String skipped) {
        StringBuilder b = new StringBuilder(header).append('\n');
        b.append("## Build\n\n| texts | index build s | texts/s | of which merge s | index MB | brute force: embed s | texts/s |\n|---:|---:|---:|---:|---:|---:|---:|\n");
        for (SizeResult r : done)
            b.append(String.format(Locale.ROOT, "| %,d | %.1f | %,.0f | %.1f | %.1f | %.2f | %,.0f |%n", r.n(), r.buildSeconds(), r.n() / r.buildSeconds(),
                    r.mergeSeconds(), r.indexBytes() / 1e6, r.bruteEmbedSeconds(), r.n() / r.bruteEmbedSeconds()));
        b.append("\n## Query latency, top 10 (ms, p50 / p99)\n\n| method |");
        for (SizeResult r : done) b.append(String.format(Locale.ROOT, " %,d |", r.n()));
        b.append("\n|---|").append("---:|".repeat(done.size())).append('\n');
        if (!done.isEmpty()) {
            for (String method : done.getFirst().latencyMs().keySet()) {
                b.append("| ").append(method).append(" |");
                for (SizeResult r : done) {
                    double[] ms = r.latencyMs().get(method);
                    b.append(ms == null ? " – |" : String.format(Locale.ROOT, " %.3f / %.3f |", percentile(ms, 50), percentile(ms, 99)));
                }
                b.append('\n');
            }
            b.append("\n## Recall@10 of HNSW (exact rescoring of the candidates) against brute force\n\n| candidates |");
            for (SizeResult r : done) b.append(String.format(Locale.ROOT, " %,d |", r.n()));
            b.append("\n|---:|").append("---:|".repeat(done.size())).append('\n');
            for (int c : done.getFirst().recall().keySet()) {
                b.append("| ").append(c).append(" |");
                for (SizeResult r : done) b.append(String.format(Locale.ROOT, " %.3f |", r.recall().getOrDefault(c, Double.NaN)));
                b.append('\n');
            }
            b.append("\nTotal time per size (build, brute force, every query pass): ");
            for (SizeResult r : done) b.append(String.format(Locale.ROOT, "%,d: %.0f s; ", r.n(), r.totalSeconds()));
            b.setLength(b.length() - 2);
            b.append(".\n");
        }
        if (skipped != null) b.append("\n").append(skipped).append(".\n");
        return b.toString();
    }
}
