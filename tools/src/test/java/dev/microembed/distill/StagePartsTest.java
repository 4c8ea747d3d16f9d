package dev.microembed.distill;

import static org.junit.jupiter.api.Assertions.*;

import dev.microembed.tools.ToolsMain;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Unit tests of the stages' building blocks (no teacher, no shared data needed except where noted). */
class StagePartsTest {
    @Test
    void bertWordsSplitPunctuationCjkAndDropControls() {
        assertEquals(List.of("Hello", ",", "world", "!", "don", "’", "t"), BertWords.words("Hello, world!\u0000 don’t"));
        assertEquals(List.of("日", "本", "go"), BertWords.words("日本go"));
        assertEquals(List.of("love😍", "#", "tbt"), BertWords.words("love😍 #tbt\u200b"));
    }

    @Test
    void emojiTestParsingKeepsStatusZwjAndFlags(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("emoji-test.txt");
        Files.writeString(f, """
                # group: Smileys & Emotion
                1F600                                                  ; fully-qualified     # 😀 E1.0 grinning face
                2764 FE0F                                              ; fully-qualified     # ❤️ E0.6 red heart
                2764                                                   ; unqualified         # ❤ E0.6 red heart
                1F468 200D 1F469 200D 1F467                            ; fully-qualified     # 👨‍👩‍👧 E2.0 family
                1F1E9 1F1EA                                            ; fully-qualified     # 🇩🇪 E2.0 flag: Germany
                """);
        Map<String, String> m = VocabularyStage.readEmojiTest(f);
        assertEquals("fully-qualified", m.get("😀"));
        assertEquals("unqualified", m.get("❤"));
        assertEquals("fully-qualified", m.get("👨‍👩‍👧"));
        assertEquals("fully-qualified", m.get("🇩🇪"));
        Files.writeString(f, "1F600 fully-qualified # broken\n");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> VocabularyStage.readEmojiTest(f));
        assertTrue(e.getMessage().contains(":1:"), e.getMessage());
    }

    @Test
    void realEmojiListHasAllFullyQualifiedIncludingZwjAndFlags() throws Exception {
        Path f = Path.of("/usr/share/unicode/emoji/emoji-test.txt");
        Assumptions.assumeTrue(Files.isRegularFile(f), "unicode-data not installed");
        Map<String, String> m = VocabularyStage.readEmojiTest(f);
        long fq = m.values().stream().filter("fully-qualified"::equals).count();
        assertTrue(fq > 3000, "fully-qualified: " + fq);
        assertEquals("fully-qualified", m.get("🏳️‍🌈"));
        assertEquals("fully-qualified", m.get("🇯🇵"));
    }

    @Test
    void insideCountsSeeOnlyOccurrencesWithinLongerWords() {
        Map<String, Long> raw = new HashMap<>(Map.of("lol", 10L, "lol!", 5L, "lollipop", 2L, "#love", 7L, "#loveit", 3L, "(#love)", 1L));
        Map<String, Long> inside = VocabularyStage.insideCounts(Set.of("lol", "#love"), raw);
        assertEquals(2L, inside.get("lol"));
        assertEquals(3L, inside.get("#love"));
    }

    @Test
    void baseVocabularyFileErrorsNameTheLine(@TempDir Path dir) throws Exception {
        Path v = dir.resolve("vocab.txt");
        Files.writeString(v, "[PAD]\n[UNK]\nhello\nhello\n");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> VocabularyStage.readBase(v));
        assertTrue(e.getMessage().contains("vocab.txt:4") && e.getMessage().contains("duplicate"), e.getMessage());
        Files.writeString(v, "[PAD]\n[UNK]\nhello\n");
        assertEquals(List.of("[PAD]", "[UNK]", "hello"), VocabularyStage.readBase(v));
    }

    @Test
    void pcaRecoversAPlaneAndItsVariance() {
        Random r = new Random(1);
        int n = 2000, dim = 6;
        float[] x = new float[n * dim];
        double[] u = {1, 1, 0, 0, 0, 0}, w = {0, 0, 1, -1, 0, 0};
        for (int i = 0; i < n; i++) {
            double a = 3 * r.nextGaussian(), b = r.nextGaussian();
            for (int d = 0; d < dim; d++) x[i * dim + d] = (float) (5 + a * u[d] / Math.sqrt(2) + b * w[d] / Math.sqrt(2));
        }
        PcaStage.Pca pca = PcaStage.fit(new Artifacts.Matrix(x, n, dim), 2);
        assertEquals(1.0, pca.retained(), 1e-6);
        assertEquals(2, pca.dimsFor(0.95));
        assertEquals(9.0, pca.variance()[0], 0.8);
        assertEquals(1.0, pca.variance()[1], 0.15);
        assertEquals(1 / Math.sqrt(2), pca.components()[0], 1e-3); // largest coordinate positive
        double dot = 0;
        for (int d = 0; d < dim; d++) dot += pca.components()[d] * pca.components()[dim + d];
        assertEquals(0, dot, 1e-5);
        Artifacts.Matrix p = pca.project(new Artifacts.Matrix(x, n, dim));
        double mean = 0;
        for (int i = 0; i < n; i++) mean += p.get(i, 0);
        assertEquals(0, mean / n, 1e-4);
    }

    @Test
    void sifWeightIsAOverAPlusP() {
        float[] w = WeightsStage.sif(new float[] {0f, 1e-3f, 0.5f}, 1e-3);
        assertEquals(1f, w[0]);
        assertEquals(0.5f, w[1], 1e-6);
        assertEquals(1e-3 / (1e-3 + 0.5), w[2], 1e-6);
    }

    @Test
    void configErrorsNameTheFileAndKey(@TempDir Path dir) throws Exception {
        Path c = dir.resolve("bad.json");
        Files.writeString(c, "{\"vocab\": {\"target_size\": \"many\"}}");
        DistillConfig cfg = DistillConfig.load(c);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> cfg.integer(cfg.section("vocab"), "target_size", 1));
        assertTrue(e.getMessage().contains("bad.json") && e.getMessage().contains("target_size"), e.getMessage());
        Files.writeString(c, "[1, 2");
        e = assertThrows(IllegalArgumentException.class, () -> DistillConfig.load(c));
        assertTrue(e.getMessage().contains("bad.json"), e.getMessage());
        assertEquals(2, ToolsMain.run("distill", "--config", c.toString()));
    }

    @Test
    void aStageWhoseWorkDirInputsAreMissingDoesNotStart(@TempDir Path dir) throws Exception {
        Path c = dir.resolve("c.json");
        Files.writeString(c, "{\"name\": \"c\"}");
        java.io.PrintStream old = System.err;
        java.io.ByteArrayOutputStream err = new java.io.ByteArrayOutputStream();
        System.setErr(new java.io.PrintStream(err, true, java.nio.charset.StandardCharsets.UTF_8));
        int code;
        try {
            code = ToolsMain.run("distill", "--config", c.toString(), "--work", dir.resolve("work").toString(), "--only", "pca");
        } finally {
            System.setErr(old);
        }
        assertEquals(1, code);
        String msg = err.toString(java.nio.charset.StandardCharsets.UTF_8);
        assertTrue(msg.contains("stage pca reads token-embeddings.safetensors"), msg);
    }

    @Test
    void corporaRefuseDevSplits(@TempDir Path dir) throws Exception {
        Path dev = dir.resolve("stsb-en-dev.csv");
        Files.writeString(dev, "a,b,1\n");
        Path c = dir.resolve("c.json");
        Files.writeString(c, "{\"corpora\": {\"sts_train\": [\"" + dev + "\"]}}");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Corpora.load(DistillConfig.load(c)));
        assertTrue(e.getMessage().contains("train splits only"), e.getMessage());
    }
}
