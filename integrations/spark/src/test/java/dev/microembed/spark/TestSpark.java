package dev.microembed.spark;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.SparkSession;

/** One real local[2] SparkSession for all test classes of the run (stopped when the JVM exits), and test texts. */
final class TestSpark {
    private static SparkSession session;

    private TestSpark() {}

    static synchronized SparkSession session() {
        if (session == null) {
            Path tmp = Path.of(System.getProperty("spark.test.tmp", System.getProperty("java.io.tmpdir")));
            session = SparkSession.builder()
                    .master("local[2]")
                    .appName("microembed-spark-test")
                    .config("spark.ui.enabled", "false")
                    .config("spark.driver.host", "127.0.0.1")
                    .config("spark.driver.bindAddress", "127.0.0.1")
                    .config("spark.sql.shuffle.partitions", "4")
                    .config("spark.default.parallelism", "4")
                    .config("spark.local.dir", tmp.resolve("local").toString())
                    .config("spark.sql.warehouse.dir", tmp.resolve("warehouse").toString())
                    .getOrCreate();
            SparkSession s = session;
            Runtime.getRuntime().addShutdownHook(new Thread(s::stop));
        }
        return session;
    }

    static Path root() {
        return Path.of(System.getProperty("microembed.root", "../..")).toAbsolutePath().normalize();
    }

    /** The shipped model folder. */
    static Path vocab() {
        return root().resolve("vocab");
    }

    /** The texts of the shared test vectors (spec/test-vectors.jsonl): tweets and sentences in many scripts. */
    static List<String> specTexts() {
        try {
            List<String> out = new ArrayList<>();
            for (String line : Files.readAllLines(root().resolve("spec/test-vectors.jsonl"), StandardCharsets.UTF_8)) {
                String prefix = "{\"text\":\"";
                if (line.startsWith(prefix)) out.add(unescape(line, prefix.length()));
            }
            if (out.size() < 100) throw new IllegalStateException("only " + out.size() + " texts in spec/test-vectors.jsonl");
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The JSON string starting at {@code from} (after its opening quote), up to its closing quote. */
    private static String unescape(String s, int from) {
        StringBuilder b = new StringBuilder();
        for (int i = from; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '"') return b.toString();
            if (c != '\\') {
                b.append(c);
                continue;
            }
            char e = s.charAt(++i);
            switch (e) {
                case 'n' -> b.append('\n');
                case 't' -> b.append('\t');
                case 'r' -> b.append('\r');
                case 'b' -> b.append('\b');
                case 'f' -> b.append('\f');
                case 'u' -> {
                    b.append((char) Integer.parseInt(s.substring(i + 1, i + 5), 16));
                    i += 4;
                }
                default -> b.append(e);
            }
        }
        throw new IllegalArgumentException("unterminated JSON string: " + s);
    }
}
