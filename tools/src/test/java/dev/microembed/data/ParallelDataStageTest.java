package dev.microembed.data;

import static org.junit.jupiter.api.Assertions.*;

import dev.microembed.model.Json;
import dev.microembed.model.ModelFolder;
import dev.microembed.tools.ToolsMain;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The {@code parallel} stage end to end on a fixture training-data folder, through {@code distill --only parallel}. */
class ParallelDataStageTest {
    static final List<String> OUTPUTS = List.of("pairs-freedict.tsv", "pairs-debian-descriptions.tsv", "pairs-gettext.tsv",
            "pairs-cldr.tsv", "english-corpus.txt", "parallel-report.json");

    static Path config(Path tmp, Path data, String extra) throws Exception {
        Path c = tmp.resolve("parallel-test.json");
        Files.writeString(c, "{\"name\": \"parallel-test\", \"parallel\": {\"dir\": \"" + data.toString().replace("\\", "/")
                + "\", \"heldout_percent\": 3, \"max_pairs_per_language\": {\"freedict\": 30000, \"debian-descriptions\": 40000, \"gettext\": 40000, \"cldr\": 10000},"
                + " \"english_corpus_max\": 600000" + extra + "}}");
        return c;
    }

    static int run(Path config, Path work) {
        return ToolsMain.run("distill", "--config", config.toString(), "--work", work.toString(), "--out", work.resolve("out").toString(), "--only", "parallel");
    }

    static List<String[]> rows(Path f) throws Exception {
        List<String[]> out = new ArrayList<>();
        for (String l : Files.readAllLines(f, StandardCharsets.UTF_8)) out.add(l.split("\t", -1));
        return out;
    }

    @Test
    void writesPairsCorpusAndReportDeterministically(@TempDir Path tmp) throws Exception {
        Path data = Fixtures.trainingData(tmp.resolve("data"));
        Path cfg = config(tmp, data, ""), work = tmp.resolve("work");
        assertEquals(0, run(cfg, work));
        for (String o : OUTPUTS) assertTrue(Files.isRegularFile(work.resolve(o)), o);

        Map<String, String> splitOfEnglish = new HashMap<>();
        for (String source : ParallelConfig.SOURCES) {
            List<String[]> rows = rows(work.resolve("pairs-" + source + ".tsv"));
            assertFalse(rows.isEmpty(), source);
            String prevLang = "";
            for (String[] r : rows) {
                assertEquals(4, r.length, source + ": 4 tab-separated fields");
                assertTrue(r[0].matches("[a-z]{3}"), r[0]);
                assertTrue(r[1].equals("train") || r[1].equals("heldout"));
                assertTrue(r[0].compareTo(prevLang) >= 0, "grouped by language in code order");
                prevLang = r[0];
                for (String t : List.of(r[2], r[3])) assertEquals(Text.clean(t), t);
                assertEquals(HeldOutSplit.split(r[3], 3), r[1], "the one held-out rule");
                String before = splitOfEnglish.putIfAbsent(HeldOutSplit.normalise(r[3]), r[1]);
                if (before != null) assertEquals(before, r[1], "an English text is held out everywhere or nowhere");
            }
        }
        List<String[]> fd = rows(work.resolve("pairs-freedict.tsv"));
        assertTrue(fd.stream().anyMatch(r -> r[0].equals("deu") && r[2].equals("Hund") && r[3].equals("dog")));
        assertEquals(1, fd.stream().filter(r -> r[0].equals("deu") && r[2].equals("Hund") && r[3].equals("dog")).count(), "deu-eng and eng-deu deduplicated");
        assertTrue(fd.stream().anyMatch(r -> r[0].equals("deu") && r[1].equals("heldout") && r[2].equals("Hallo Welt") && r[3].equals("hello world")));
        assertTrue(fd.stream().anyMatch(r -> r[0].equals("jpn") && r[2].equals("縦横")));
        List<String[]> dd = rows(work.resolve("pairs-debian-descriptions.tsv"));
        assertTrue(dd.stream().anyMatch(r -> r[0].equals("por") && r[2].equals("olá mundo")), "pt_BR merged into por");
        assertTrue(dd.stream().anyMatch(r -> r[0].equals("deu") && r[2].equals("Hallo Welt") && r[1].equals("heldout")));
        List<String[]> gt = rows(work.resolve("pairs-gettext.tsv"));
        assertTrue(gt.stream().anyMatch(r -> r[0].equals("por") && r[2].equals("Salvar como")));
        assertTrue(gt.stream().anyMatch(r -> r[0].equals("deu") && r[2].equals("Öffnen") && r[3].equals("Open")));
        assertFalse(gt.stream().anyMatch(r -> r[0].equals("eng") || r[0].equals("srp")), "en_GB and sr@latin skipped");
        List<String[]> cl = rows(work.resolve("pairs-cldr.tsv"));
        assertTrue(cl.stream().anyMatch(r -> r[0].equals("cmn") && r[2].equals("狗臉") && r[3].equals("dog face")));
        assertTrue(cl.stream().anyMatch(r -> r[0].equals("deu") && r[2].equals("winkende Hand: helle Hautfarbe")));

        List<String> corpus = Files.readAllLines(work.resolve("english-corpus.txt"));
        assertTrue(corpus.contains("It is written in C and has no dependencies."));
        assertTrue(corpus.contains("The best way to predict the future is to invent it."));
        assertTrue(corpus.contains("the dog barked all night"));
        assertFalse(corpus.contains("Too short."));
        for (String s : corpus) assertFalse(HeldOutSplit.heldOut(s, 3), "held-out sentences are not in the corpus: " + s);
        assertEquals(corpus.size(), corpus.stream().distinct().count());

        Map<?, ?> report = (Map<?, ?>) Json.parse(Files.readString(work.resolve("parallel-report.json")));
        Map<?, ?> fdr = (Map<?, ?>) ((Map<?, ?>) report.get("sources")).get("freedict");
        long train = 0, held = 0;
        for (Object v : ((Map<?, ?>) fdr.get("languages")).values()) {
            train += (Long) ((Map<?, ?>) v).get("train");
            held += (Long) ((Map<?, ?>) v).get("heldout");
        }
        assertEquals(fdr.get("train"), train);
        assertEquals(fdr.get("heldout"), held);
        assertEquals((long) fd.size(), train + held);
        List<?> files = (List<?>) fdr.get("files");
        assertEquals(6, files.size());
        Map<?, ?> f0 = (Map<?, ?>) files.get(0);
        assertEquals("freedict/freedict-deu-eng.dict.dz", f0.get("file"));
        assertEquals("pkg-freedict", f0.get("package"));
        assertEquals("1.0-1", f0.get("version"));
        assertEquals(ModelFolder.sha256(data.resolve("freedict/freedict-deu-eng.dict.dz")), f0.get("sha256"));
        Map<?, ?> eng = (Map<?, ?>) report.get("english_corpus");
        assertEquals((long) corpus.size(), eng.get("sentences"));
        assertTrue(((Map<?, ?>) eng.get("by_origin")).containsKey("prose/fortunes"));

        // the stage metrics (what the manifest gets): the same summary, files as a count and a digest
        Map<?, ?> pipeline = (Map<?, ?>) Json.parse(Files.readString(work.resolve("pipeline.json")));
        Map<?, ?> st = (Map<?, ?>) ((Map<?, ?>) pipeline.get("stages")).get("parallel");
        assertEquals(Boolean.TRUE, st.get("done"));
        Map<?, ?> m = (Map<?, ?>) ((Map<?, ?>) ((Map<?, ?>) st.get("metrics")).get("sources")).get("freedict");
        assertEquals(6L, m.get("files"));
        assertEquals(fdr.get("languages"), m.get("languages"));

        // deterministic: a second run writes the same bytes
        Path work2 = tmp.resolve("work2");
        assertEquals(0, run(cfg, work2));
        for (String o : OUTPUTS) {
            if (o.equals("parallel-report.json")) continue; // holds the run time
            assertArrayEquals(Files.readAllBytes(work.resolve(o)), Files.readAllBytes(work2.resolve(o)), o);
        }
    }

    @Test
    void failureLeavesThePreviousOutputsAndNoPartialFile(@TempDir Path tmp) throws Exception {
        Path data = Fixtures.trainingData(tmp.resolve("data"));
        Path cfg = config(tmp, data, ""), work = tmp.resolve("work");
        assertEquals(0, run(cfg, work));
        Map<String, byte[]> before = new HashMap<>();
        for (String o : OUTPUTS) before.put(o, Files.readAllBytes(work.resolve(o)));
        // a corrupt catalog (and no sources.tsv, so the sha256 check does not catch it first)
        Files.delete(data.resolve("sources.tsv"));
        Files.write(data.resolve("gettext/testpkg/de/test.mo"), new byte[] {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21});
        assertNotEquals(0, run(cfg, work));
        for (String o : OUTPUTS) assertArrayEquals(before.get(o), Files.readAllBytes(work.resolve(o)), o + " unchanged");
        try (Stream<Path> s = Files.list(work)) {
            assertEquals(List.of(), s.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".tmp")).toList(), "no temporary file left");
        }
    }

    @Test
    void changedInstalledFileIsAnError(@TempDir Path tmp) throws Exception {
        Path data = Fixtures.trainingData(tmp.resolve("data"));
        Files.writeString(data.resolve("debian-descriptions/Translation-de"), Fixtures.DE_DESCRIPTIONS + "\n");
        InstalledFiles files = new InstalledFiles(data);
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> files.read(data.resolve("debian-descriptions/Translation-de")));
        assertTrue(e.getMessage().contains("install-training-data.sh"), e.getMessage());
    }

    @Test
    void missingDataAndBadConfigAreClearErrors(@TempDir Path tmp) throws Exception {
        var cfgMissing = dev.microembed.distill.DistillConfig.load(config(tmp, tmp.resolve("nowhere"), ""));
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> new InstalledFiles(ParallelConfig.from(cfgMissing).dir()));
        assertTrue(e.getMessage().contains("scripts/install-training-data.sh"), e.getMessage());

        Path data = Fixtures.trainingData(tmp.resolve("data"));
        org.junit.jupiter.api.Assertions.assertDoesNotThrow(() -> new InstalledFiles(data).kindDir("gettext"));
        dev.microembed.data.InstalledFiles f = new InstalledFiles(data);
        Files.createDirectories(data.resolve("empty"));
        IllegalStateException e2 = assertThrows(IllegalStateException.class, () -> f.kindDir("empty"));
        assertTrue(e2.getMessage().contains("install-training-data.sh"));
        // a config whose source is missing fails through the command with exit code 1, before writing anything
        Path noCldr = tmp.resolve("data2");
        Fixtures.trainingData(noCldr);
        try (Stream<Path> w = Files.walk(noCldr.resolve("cldr"))) {
            for (Path p : w.sorted(java.util.Comparator.reverseOrder()).toList()) Files.delete(p);
        }
        Path work = tmp.resolve("w");
        assertEquals(1, run(config(tmp, noCldr, ""), work));
        assertFalse(Files.exists(work.resolve("pairs-freedict.tsv")));

        for (String bad : List.of(", \"colour\": 1", ", \"sources\": [\"tatoeba\"]", ", \"seed\": \"x\"",
                ", \"english_sources\": [\"wikipedia\"]")) {
            var c = dev.microembed.distill.DistillConfig.load(config(tmp, data, bad));
            assertThrows(IllegalArgumentException.class, () -> ParallelConfig.from(c), bad);
        }
    }

    @Test
    void capsAndSourceSelection(@TempDir Path tmp) throws Exception {
        Path data = Fixtures.trainingData(tmp.resolve("data"));
        Path c = tmp.resolve("small.json");
        Files.writeString(c, "{\"name\": \"small\", \"parallel\": {\"dir\": \"" + data + "\", \"sources\": [\"freedict\", \"cldr\"],"
                + " \"english_sources\": [\"prose/fortunes\"], \"max_pairs_per_language\": {\"freedict\": 2, \"cldr\": 1}}}");
        var cfg = dev.microembed.distill.DistillConfig.load(c);
        assertEquals(List.of("pairs-freedict.tsv", "pairs-cldr.tsv", "english-corpus.txt", "parallel-report.json"), new ParallelDataStage(cfg).outputs());
        Path work = tmp.resolve("w");
        assertEquals(0, run(c, work));
        assertFalse(Files.exists(work.resolve("pairs-gettext.tsv")));
        Map<String, Integer> perLang = new HashMap<>();
        for (String[] r : rows(work.resolve("pairs-freedict.tsv"))) perLang.merge(r[0], 1, Integer::sum);
        assertEquals(2, perLang.get("deu"));
        for (String[] r : rows(work.resolve("pairs-cldr.tsv"))) perLang.merge("cldr-" + r[0], 1, Integer::sum);
        assertEquals(1, perLang.get("cldr-deu"));
        List<String> corpus = Files.readAllLines(work.resolve("english-corpus.txt"));
        assertTrue(corpus.contains("The best way to predict the future is to invent it."));
        assertFalse(corpus.contains("It is written in C and has no dependencies."), "descriptions not selected");
        Path bad = tmp.resolve("bad.json");
        Files.writeString(bad, "{\"parallel\": {\"dir\": \"" + data + "\", \"max_pairs_per_language\": {\"tatoeba\": 1}}}");
        assertThrows(IllegalArgumentException.class, () -> ParallelConfig.from(dev.microembed.distill.DistillConfig.load(bad)));
    }
}
