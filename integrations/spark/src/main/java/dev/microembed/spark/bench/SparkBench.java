package dev.microembed.spark.bench;

import dev.microembed.Microembed;
import dev.microembed.spark.MicroembedSpark;
import dev.microembed.spark.ModelSource;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;

/**
 * Throughput of microembed on Spark against one JVM, on the same texts in the same run (docs/spark.md).
 *
 * <pre>
 * ./mvnw -pl integrations/spark -Pbench exec:exec -Dbench.args="--input ../../../shared/data/tweets --texts 1000000"
 * </pre>
 *
 * Reads every {@code *_text.txt} under the inputs (sorted), repeats the lines to {@code --texts} and writes them
 * to one file. Then, timing each after a warm-up on the first tenth:
 * <ol>
 *   <li>{@code Microembed.embedBatch} over the list in this JVM (one thread, no Spark);</li>
 *   <li>for each master ({@code local[1]}, {@code local[2]} by default): {@code spark.read().text(file)} written to
 *       Spark's {@code noop} sink with nothing else (the cost of reading and moving rows), with
 *       {@link MicroembedSpark#embed} (the per-partition transform) and with the {@code microembed_embed} UDF;
 *       then the transform written as Parquet (snappy) into the work folder, the cost of keeping the vectors.</li>
 * </ol>
 * Each line gives texts/s by wall clock and by process CPU time (the second is less sensitive to other load on
 * the machine). The last line is a JSON object with every figure; {@code --json FILE} writes it to a file.
 */
public final class SparkBench {
    private SparkBench() {}

    public static void main(String[] argv) throws IOException {
        Map<String, String> a = parse(argv);
        List<Path> inputs = Arrays.stream(a.getOrDefault("--input", "../../../shared/data/tweets").split(",")).map(Path::of).toList();
        int n = Integer.parseInt(a.getOrDefault("--texts", "1000000"));
        List<String> masters = List.of(a.getOrDefault("--masters", "local[1],local[2]").split(","));
        String partitionMb = a.getOrDefault("--partition-mb", "8");
        Path work = Path.of(a.getOrDefault("--work", "target/spark-bench"));
        String model = a.get("--model");

        List<String> source = readTexts(inputs);
        List<String> texts = new ArrayList<>(n);
        for (int i = 0; i < n; i++) texts.add(source.get(i % source.size()));
        Files.createDirectories(work);
        Path all = work.resolve("texts.txt"), warm = work.resolve("warm.txt");
        write(all, texts);
        write(warm, texts.subList(0, Math.max(1, n / 10)));
        long bytes = Files.size(all);

        Map<String, Object> result = new LinkedHashMap<>();
        result.put("texts", n);
        result.put("distinct_source_lines", source.size());
        result.put("input_bytes", bytes);
        result.put("java", System.getProperty("java.vm.version"));
        result.put("cpus_visible", Runtime.getRuntime().availableProcessors());
        result.put("load_average_start", ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
        System.out.printf(Locale.ROOT, "texts       %d (%d distinct lines repeated), %.1f MB, from %s%n", n, source.size(), bytes / 1e6, inputs);

        // 1. One JVM, no Spark.
        long heapBefore = settledHeap();
        try (Microembed m = model == null ? Microembed.loadDefault() : Microembed.load(Path.of(model))) {
            double modelHeapMb = Math.max(0, settledHeap() - heapBefore) / 1e6;
            long mappedBytes = Files.size(m.model().dir().resolve("model.safetensors"));
            result.put("kernel", m.kernelName());
            result.put("model_heap_mb", modelHeapMb);
            result.put("model_mapped_mb", mappedBytes / 1e6);
            System.out.printf(Locale.ROOT, "model       %s, kernel %s: %.1f MB of heap, %.1f MB mapped (off-heap)%n", m.model().dir(), m.kernelName(), modelHeapMb, mappedBytes / 1e6);
            m.embedBatch(texts.subList(0, Math.max(1, n / 10)));
            Timer t = Timer.start();
            float[][] v = m.embedBatch(texts);
            Run r = t.stop("embedBatch (one JVM, one thread)", n);
            result.put("embed_batch", r.json());
            if (v.length != n) throw new IllegalStateException("embedBatch returned " + v.length);
        }

        // 2. Spark, per master.
        ModelSource ms = model == null ? ModelSource.defaultModel() : ModelSource.path(Path.of(model).toAbsolutePath().toString());
        List<Object> sparkRuns = new ArrayList<>();
        for (String master : masters) {
            SparkSession spark = SparkSession.builder()
                    .master(master)
                    .appName("microembed-spark-bench")
                    .config("spark.ui.enabled", "false")
                    .config("spark.driver.host", "127.0.0.1")
                    .config("spark.driver.bindAddress", "127.0.0.1")
                    .config("spark.sql.files.maxPartitionBytes", partitionMb + "m")
                    .config("spark.local.dir", work.resolve("local").toAbsolutePath().toString())
                    .config("spark.sql.warehouse.dir", work.resolve("warehouse").toAbsolutePath().toString())
                    .getOrCreate();
            try {
                MicroembedSpark.register(spark, ms);
                Map<String, Object> runs = new LinkedHashMap<>();
                runs.put("master", master);
                int partitions = spark.read().text(all.toString()).rdd().getNumPartitions();
                runs.put("partitions", partitions);
                for (String mode : List.of("read_only", "transform", "udf", "transform_parquet")) {
                    boolean parquet = mode.endsWith("_parquet");
                    String plan = parquet ? mode.substring(0, mode.length() - "_parquet".length()) : mode;
                    sink(job(spark, warm, plan, ms), parquet ? work.resolve("out.parquet") : null);
                    Timer t = Timer.start();
                    sink(job(spark, all, plan, ms), parquet ? work.resolve("out.parquet") : null);
                    runs.put(mode, t.stop(master + " " + mode + " (" + partitions + " partitions)", n).json());
                }
                sparkRuns.add(runs);
            } finally {
                spark.stop();
            }
        }
        result.put("spark", sparkRuns);
        result.put("load_average_end", ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
        String json = Json.write(result);
        if (a.containsKey("--json")) Files.writeString(Path.of(a.get("--json")), json + "\n");
        System.out.println(json);
    }

    private static Dataset<Row> job(SparkSession spark, Path file, String mode, ModelSource ms) {
        Dataset<Row> df = spark.read().text(file.toString());
        return switch (mode) {
            case "read_only" -> df;
            case "transform" -> MicroembedSpark.embed(df, "value", "vector", ms);
            case "udf" -> df.select(functions.col("value"), functions.callUDF(MicroembedSpark.EMBED_UDF, functions.col("value")).as("vector"));
            default -> throw new IllegalArgumentException(mode);
        };
    }

    /** Runs the whole plan, every column materialised: into the noop sink (writing nothing) or into Parquet files at {@code parquet}. */
    private static void sink(Dataset<Row> df, Path parquet) {
        if (parquet == null) df.write().format("noop").mode("overwrite").save();
        else df.write().mode("overwrite").parquet(parquet.toAbsolutePath().toString());
    }

    /** Heap in use after garbage collection has settled. */
    private static long settledHeap() {
        var mem = ManagementFactory.getMemoryMXBean();
        long used = Long.MAX_VALUE;
        for (int i = 0; i < 5; i++) {
            System.gc();
            used = Math.min(used, mem.getHeapMemoryUsage().getUsed());
        }
        return used;
    }

    static List<String> readTexts(List<Path> inputs) throws IOException {
        List<Path> files = new ArrayList<>();
        for (Path in : inputs) {
            if (Files.isRegularFile(in)) {
                files.add(in);
                continue;
            }
            try (Stream<Path> s = Files.walk(in)) {
                s.filter(p -> p.getFileName().toString().endsWith("_text.txt")).sorted().forEach(files::add);
            }
        }
        List<String> out = new ArrayList<>();
        for (Path f : files) {
            for (String line : Files.readAllLines(f, StandardCharsets.UTF_8)) if (!line.isBlank()) out.add(line);
        }
        if (out.isEmpty()) throw new IllegalArgumentException("no text lines in " + inputs);
        return out;
    }

    private static void write(Path file, List<String> lines) {
        try (BufferedWriter w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            for (String s : lines) {
                w.write(s);
                w.write('\n');
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Map<String, String> parse(String[] argv) {
        Map<String, String> out = new LinkedHashMap<>();
        for (int i = 0; i < argv.length; i++) {
            String k = argv[i];
            if (k.equals("--help") || k.equals("-h")) {
                System.out.println("usage: SparkBench [--input DIR|FILE[,..]] [--texts 1000000] [--masters local[1],local[2]] [--partition-mb 8] [--model DIR] [--work target/spark-bench] [--json FILE]");
                System.exit(0);
            }
            if (!k.startsWith("--") || i + 1 >= argv.length) throw new IllegalArgumentException("expected --option value, got " + k);
            out.put(k, argv[++i]);
        }
        return out;
    }

    /** Wall clock and this process's CPU time. */
    record Timer(long wallStart, long cpuStart) {
        static Timer start() {
            return new Timer(System.nanoTime(), processCpu());
        }

        Run stop(String what, int texts) {
            Run r = new Run(what, texts, (System.nanoTime() - wallStart) / 1e9, (processCpu() - cpuStart) / 1e9);
            System.out.printf(Locale.ROOT, "%-50s %8.2f s wall %8.2f s cpu %,12.0f texts/s %,12.0f texts per cpu-s%n",
                    what, r.seconds, r.cpuSeconds, texts / r.seconds, texts / r.cpuSeconds);
            return r;
        }

        private static long processCpu() {
            return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
        }
    }

    record Run(String what, int texts, double seconds, double cpuSeconds) {
        Map<String, Object> json() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("seconds", seconds);
            m.put("cpu_seconds", cpuSeconds);
            m.put("texts_per_s", texts / seconds);
            m.put("texts_per_cpu_s", texts / cpuSeconds);
            return m;
        }
    }

    /** A minimal JSON writer for the result (maps, lists, numbers, strings). */
    static final class Json {
        private Json() {}

        static String write(Object o) {
            StringBuilder b = new StringBuilder();
            write(o, b);
            return b.toString();
        }

        private static void write(Object o, StringBuilder b) {
            if (o instanceof Map<?, ?> m) {
                b.append('{');
                boolean first = true;
                for (var e : m.entrySet()) {
                    if (!first) b.append(',');
                    first = false;
                    write(e.getKey().toString(), b);
                    b.append(':');
                    write(e.getValue(), b);
                }
                b.append('}');
            } else if (o instanceof List<?> l) {
                b.append('[');
                for (int i = 0; i < l.size(); i++) {
                    if (i > 0) b.append(',');
                    write(l.get(i), b);
                }
                b.append(']');
            } else if (o instanceof Double d) {
                b.append(d.isNaN() || d.isInfinite() ? "null" : String.format(Locale.ROOT, "%.6g", d));
            } else if (o instanceof Number x) {
                b.append(x);
            } else {
                String s = String.valueOf(o);
                b.append('"');
                for (char c : s.toCharArray()) {
                    if (c == '"' || c == '\\') b.append('\\').append(c);
                    else if (c < 0x20) b.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
                    else b.append(c);
                }
                b.append('"');
            }
        }
    }
}
