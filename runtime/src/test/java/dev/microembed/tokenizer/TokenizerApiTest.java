package dev.microembed.tokenizer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.microembed.Fixtures;
import dev.microembed.ModelFormatException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The public contract: lookups, errors naming the file, caps, thread safety. Parity with the reference tokenizer is tested in the tools (heavy tier). */
class TokenizerApiTest {
    static final List<String> VOCAB = List.of("[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]", "hello", "world", "##s", "##ly",
            "un", "##believ", "##able", ".", ",", "!", "a", "##b", "b");

    /** VOCAB, uncased, without added tokens or with "😀" and "#love" (committed fixtures written by the tools' TokenizerJsonWriter). */
    static Tokenizer small(boolean withAdded) {
        return Tokenizer.load(Fixtures.tokenizer(withAdded ? "small-uncased-added.json" : "small-uncased.json"));
    }

    @Test
    void lookupsAndIds() {
        Tokenizer t = small(true);
        assertEquals(VOCAB.size() + 2, t.vocabSize());
        assertEquals(1, t.unknownId());
        assertEquals("hello", t.token(5));
        assertEquals("##s", t.token(7));
        assertEquals("😀", t.token(VOCAB.size()));
        assertEquals(VOCAB.size() + 1, t.id("#love"));
        assertEquals(6, t.id("world"));
        assertEquals(-1, t.id("nope"));
        assertNull(t.token(-1));
        assertNull(t.token(1_000_000));
        assertEquals(List.of("hello", "world", "##s", "!", "😀", "un", "##believ", "##able", "[UNK]", "#love"),
                t.tokens("Hello WORLDS!😀 unbelievable xyz #love"));
    }

    @Test
    void capDropAndEmpty() {
        Tokenizer t = small(false);
        assertEquals(0, t.encode("hello", new int[0], false));
        assertEquals(0, t.encode("", new int[4], false));
        int[] out = new int[2];
        assertEquals(2, t.encode("xyz hello xyz world hello", out, true));
        assertArrayEquals(new int[] {5, 6}, out);
        assertArrayEquals(new int[] {1, 5, 1, 6}, t.encode("xyz hello qq world"));
        assertArrayEquals(new int[] {1}, t.encode("a".repeat(101))); // max_input_chars_per_word
        assertArrayEquals(new int[] {15, 16, 16}, t.encode("abb"));
    }

    @Test
    void badJsonSaysWhat() {
        assertThrows(IllegalArgumentException.class, () -> Tokenizer.fromJson("{"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Tokenizer.fromJson("{\"model\":{\"type\":\"BPE\",\"vocab\":{}}}"));
        assertTrue(e.getMessage().contains("WordPiece"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Tokenizer.fromJson("[]"));
        assertTrue(e.getMessage().contains("object"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Tokenizer.fromJson(
                "{\"model\":{\"type\":\"WordPiece\",\"vocab\":{\"a\":-3}},\"pre_tokenizer\":{\"type\":\"BertPreTokenizer\"}}"));
        assertTrue(e.getMessage().contains("model.vocab"), e.getMessage());
    }

    @Test
    void loadNamesTheFile(@TempDir Path dir) throws Exception {
        Path missing = dir.resolve("missing.json");
        ModelFormatException e = assertThrows(ModelFormatException.class, () -> Tokenizer.load(missing));
        assertTrue(e.getMessage().contains("missing.json"), e.getMessage());
        Path bad = dir.resolve("tokenizer.json");
        Files.writeString(bad, "{\"model\": [1,2", StandardCharsets.UTF_8);
        e = assertThrows(ModelFormatException.class, () -> Tokenizer.load(bad));
        assertTrue(e.getMessage().contains("tokenizer.json"), e.getMessage());
        Files.write(bad, new byte[] {'{', (byte) 0xC3, '}'});
        e = assertThrows(ModelFormatException.class, () -> Tokenizer.load(bad));
        assertTrue(e.getMessage().contains("UTF-8"), e.getMessage());
        Files.copy(Fixtures.tokenizer("small-cased.json"), bad, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        assertArrayEquals(new int[] {5}, Tokenizer.load(bad).encode("hello"));
    }

    @Test
    void threadsGetTheSameIds() throws Exception {
        Tokenizer t = Tokenizer.load(Fixtures.vocab().resolve("tokenizer.json")); // the shipped model's
        List<String> texts = new ArrayList<>();
        for (int i = 0; i < 400; i++) texts.add("Tweet " + i + " 😀 #love Ünïcödé 中文 " + "x".repeat(i % 120) + " done.");
        List<int[]> expected = texts.stream().map(t::encode).toList();
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<Boolean>> fs = new ArrayList<>();
            for (int k = 0; k < 4; k++)
                fs.add(pool.submit(() -> {
                    int[] out = new int[512];
                    for (int r = 0; r < 20; r++)
                        for (int i = 0; i < texts.size(); i++) {
                            int n = t.encode(texts.get(i), out, false);
                            if (!java.util.Arrays.equals(java.util.Arrays.copyOf(out, n), expected.get(i))) return false;
                        }
                    return true;
                }));
            for (Future<Boolean> f : fs) assertTrue(f.get());
        } finally {
            pool.shutdown();
        }
    }
}
