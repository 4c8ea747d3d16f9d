package dev.microembed.eval;

import static org.junit.jupiter.api.Assertions.*;

import dev.microembed.model.Json;
import dev.microembed.model.ModelWriter;
import dev.microembed.tokenizer.TokenizerJsonWriter;
import dev.microembed.tools.ToolsMain;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs the whole harness (task parsing, both model families, metrics, speed probe in a child JVM,
 * JSON and report) on a tiny synthetic slice with fast models: BM25 and microembed on a fixture
 * model whose token vectors are random, i.e. a bag-of-words model. The data is built so that the
 * answers are known: bitext sides are the same words in another order, classes own distinct words.
 */
class EvalHarnessTest {
    static final List<String> WORDS = List.of("apple", "river", "stone", "cloud", "garden", "window", "yellow", "music",
            "winter", "silver", "forest", "candle", "bridge", "rabbit", "ocean", "pepper", "valley", "mirror", "thunder",
            "blanket", "copper", "meadow", "lantern", "harbor", "pencil", "orange", "castle", "feather", "island", "tiger",
            "violet", "marble", "planet", "summer", "basket", "dragon", "engine", "saddle", "walnut", "zebra");

    @TempDir
    static Path dir;
    static Path model, data;

    @BeforeAll
    static void fixtures() throws Exception {
        Random rnd = new Random(7);
        // fixture model: [PAD], [UNK], the words; 16-d random int8 rows
        List<String> vocab = new ArrayList<>(List.of("[PAD]", "[UNK]"));
        vocab.addAll(WORDS);
        int dim = 16;
        byte[] table = new byte[vocab.size() * dim];
        for (int i = 2 * dim; i < table.length; i++) table[i] = (byte) (rnd.nextInt(255) - 127);
        float[] scales = new float[dim];
        java.util.Arrays.fill(scales, 1f / 127);
        model = dir.resolve("model");
        new ModelWriter().table(table, vocab.size(), dim, scales)
                .tokenizerJson(TokenizerJsonWriter.write(vocab, List.of(), true)).write(model);

        data = dir.resolve("data");
        Files.createDirectories(data);
        StringBuilder en = new StringBuilder(), de = new StringBuilder();
        for (int i = 0; i < 40; i++) {
            List<String> a = pick(rnd, 5);
            int keep = i % 6;
            List<String> b = new ArrayList<>(a.subList(0, keep));
            while (b.size() < 5) {
                String w = WORDS.get(rnd.nextInt(WORDS.size()));
                if (!a.contains(w)) b.add(w);
            }
            en.append(String.join(" ", a)).append(",\"").append(String.join(" ", b)).append("\",").append(keep).append('\n');
            de.append("\"").append(String.join(" ", a).toUpperCase()).append("\",").append(String.join(" ", b).toUpperCase())
                    .append(',').append(keep).append(".0\n");
        }
        Files.writeString(data.resolve("sts-en-dev.csv"), en);
        Files.writeString(data.resolve("sts-de-dev.csv"), de);
        StringBuilder ba = new StringBuilder(), bb = new StringBuilder();
        for (int i = 0; i < 30; i++) {
            List<String> a = pick(rnd, 4);
            ba.append(String.join(" ", a)).append('\n');
            Collections.reverse(a);
            bb.append(String.join(" ", a)).append('\n');
        }
        Path tat = Files.createDirectories(data.resolve("tatoeba"));
        Files.writeString(tat.resolve("xxx-eng.xxx"), ba);
        Files.writeString(tat.resolve("xxx-eng.eng"), bb);
        Path cls = Files.createDirectories(data.resolve("tweets/xlm-t/toy"));
        writeClass(rnd, cls, "train", 60);
        writeClass(rnd, cls, "val", 30);
    }

    static List<String> pick(Random rnd, int k) {
        List<String> w = new ArrayList<>(WORDS);
        Collections.shuffle(w, rnd);
        return new ArrayList<>(w.subList(0, k));
    }

    /** Class c owns words 10c..10c+9; each text has three of its words and one from anywhere. */
    static void writeClass(Random rnd, Path d, String split, int n) throws Exception {
        StringBuilder t = new StringBuilder(), l = new StringBuilder();
        for (int i = 0; i < n; i++) {
            int c = i % 3;
            List<String> words = new ArrayList<>();
            for (int k = 0; k < 3; k++) words.add(WORDS.get(10 * c + rnd.nextInt(10)));
            words.add(WORDS.get(rnd.nextInt(WORDS.size())));
            t.append(String.join(" ", words)).append('\n');
            l.append(c).append('\n');
        }
        Files.writeString(d.resolve(split + "_text.txt"), t);
        Files.writeString(d.resolve(split + "_labels.txt"), l);
    }

    record Outcome(int code, String out, String err) {}

    /** {@code microembed eval ARGS...} through the tools entry point. */
    static Outcome run(String... args) {
        PrintStream oldOut = System.out, oldErr = System.err;
        ByteArrayOutputStream out = new ByteArrayOutputStream(), err = new ByteArrayOutputStream();
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
        try {
            String[] line = new String[args.length + 1];
            line[0] = "eval";
            System.arraycopy(args, 0, line, 1, args.length);
            int code = ToolsMain.run(line);
            return new Outcome(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(oldOut);
            System.setErr(oldErr);
        }
    }

    @Test
    @SuppressWarnings("unchecked")
    void runsAllTaskKindsForBm25AndMicroembedWithReport() throws Exception {
        Path json = dir.resolve("out.json"), report = dir.resolve("report");
        Outcome o = run("--models", "bm25,microembed:" + model + ",microembed-f32:" + model, "--no-progress",
                "--data", data.toString(), "--cache", dir.resolve("cache").toString(), "--speed-texts", "20",
                "--json", json.toString(), "--report", report.toString(),
                "sts:" + data.resolve("sts-*-dev.csv"),
                "sts:" + data.resolve("sts-en-dev.csv") + "+" + data.resolve("sts-de-dev.csv"),
                "bitext:" + data.resolve("tatoeba"),
                "classify:" + data.resolve("tweets/xlm-t"));
        assertEquals(0, o.code(), o.err());
        assertTrue(o.out().contains("sts:sts-en-dev+sts-de-dev"), o.out());
        assertTrue(o.out().contains("skipped microembed-f32"), o.out()); // fixture has no float table

        Map<String, Object> root = (Map<String, Object>) Json.parse(Files.readString(json));
        List<Map<String, Object>> results = (List<Map<String, Object>>) root.get("results");
        // 2 models x (3 sts x 2 metrics + 1 bitext x 3 + 1 classify x 2) + speed entries
        for (String m : List.of("bm25", "microembed-int8[model]")) {
            for (String task : List.of("sts:sts-en-dev", "sts:sts-de-dev", "sts:sts-en-dev+sts-de-dev", "bitext:xxx-eng", "classify:xlm-t/toy")) {
                assertTrue(results.stream().anyMatch(r -> r.get("model").equals(m) && r.get("task").equals(task)
                        && r.containsKey("metric") && r.containsKey("n")), m + " " + task);
            }
            assertTrue(value(results, m, "speed:tweets", "texts_per_s") > 0);
            // same words in reverse order: a bag-of-words model must find every translation
            assertEquals(100.0, value(results, m, "bitext:xxx-eng", "accuracy"), 1e-9, m);
            // classes own disjoint words: well above chance (33) for both; the 16-d random fixture
            // vectors overlap, so only BM25 is expected near perfect
            assertTrue(value(results, m, "classify:xlm-t/toy", "macro_f1") > (m.equals("bm25") ? 90 : 50), m + "\n" + o.out());
        }
        // gold = number of shared words: lexical BM25 must rank pairs almost perfectly
        assertTrue(value(results, "bm25", "sts:sts-en-dev", "spearman") > 80);
        assertTrue(value(results, "microembed-int8[model]", "sts:sts-en-dev", "spearman") > 50);
        // cross-lingual pairs with upper-cased sentence2: the lower-casing fixture tokenizer sees the same words
        assertEquals(value(results, "microembed-int8[model]", "sts:sts-en-dev", "spearman"),
                value(results, "microembed-int8[model]", "sts:sts-en-dev+sts-de-dev", "spearman"), 1e-9);

        String md = Files.readString(report.resolve("README.md"));
        assertTrue(md.contains("| bm25 |") && md.contains("quality-sts.png"), md);
        for (String png : List.of("quality-sts.png", "quality-bitext-retrieval.png", "quality-classification.png", "quality-vs-speed.png")) {
            byte[] b = Files.readAllBytes(report.resolve(png));
            assertTrue(b.length > 1000 && b[1] == 'P' && b[2] == 'N' && b[3] == 'G', png);
        }
    }

    static double value(List<Map<String, Object>> results, String model, String task, String metric) {
        return results.stream().filter(r -> r.get("model").equals(model) && r.get("task").equals(task) && r.get("metric").equals(metric))
                .mapToDouble(r -> ((Number) r.get("value")).doubleValue()).findFirst().orElseThrow(() -> new AssertionError(model + " " + task + " " + metric));
    }

    @Test
    void malformedInputFailsWithFileLineAndReason() throws Exception {
        Path bad = dir.resolve("bad.csv");
        Files.writeString(bad, "a,b,1\nc,d,2\ne,f\n");
        Outcome o = run("--models", "bm25", "--no-progress", "--speed-texts", "0", "sts:" + bad);
        assertEquals(1, o.code());
        assertTrue(o.err().contains(bad + ":3: expected 3 fields"), o.err());

        Path labels = dir.resolve("labels.txt"), text = dir.resolve("text.txt");
        Files.writeString(text, "x\ny\n");
        Files.writeString(labels, "0\npositive\n");
        o = run("--models", "bm25", "--no-progress", "--speed-texts", "0", "classify:" + text + "," + labels + "," + text + "," + labels);
        assertEquals(1, o.code());
        assertTrue(o.err().contains(labels + ":2: label 'positive'"), o.err());

        o = run("--models", "bm25", "--no-progress", "sts:" + dir.resolve("nothing-*.csv"));
        assertEquals(1, o.code());
        assertTrue(o.err().contains("matches no file"), o.err());

        o = run("--models", "nosuchmodel", "--no-progress", "sts:" + data.resolve("sts-en-dev.csv"));
        assertEquals(1, o.code());
        assertTrue(o.err().contains("unknown model 'nosuchmodel'"), o.err());
    }
}
