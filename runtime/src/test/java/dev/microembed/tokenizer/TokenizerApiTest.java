package dev.microembed.tokenizer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
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

/** The public contract: lookups, errors naming the file, caps, thread safety, odd added-token files. */
class TokenizerApiTest {
    static final List<String> VOCAB = List.of("[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]", "hello", "world", "##s", "##ly",
            "un", "##believ", "##able", ".", ",", "!", "a", "##b", "b");

    static Tokenizer small(List<String> added) {
        return Tokenizer.fromJson(TokenizerJsonWriter.write(VOCAB, added, true));
    }

    @Test
    void lookupsAndIds() {
        Tokenizer t = small(List.of("😀", "#love"));
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
        Tokenizer t = small(List.of());
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
        Files.writeString(bad, TokenizerJsonWriter.write(VOCAB, List.of(), false), StandardCharsets.UTF_8);
        assertArrayEquals(new int[] {5}, Tokenizer.load(bad).encode("hello"));
    }

    @Test
    void threadsGetTheSameIds() throws Exception {
        Tokenizer t = Tokenizer.fromJson(TestTokenizers.mbertJson());
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

    /** Added-token ids follow HF (file ids ignored), flags per id, contents already in the vocabulary. */
    @Test
    void oddAddedTokensMatchTheReference() throws Exception {
        String json = """
                {"added_tokens":[
                 {"id":900,"content":"zz","single_word":true,"lstrip":false,"rstrip":false,"normalized":false,"special":false},
                 {"id":3,"content":"hello","single_word":false,"lstrip":true,"rstrip":true,"normalized":true,"special":false},
                 {"id":50,"content":"[CLS]","single_word":false,"lstrip":false,"rstrip":false,"normalized":false,"special":true},
                 {"id":7,"content":"Qq","single_word":false,"lstrip":true,"rstrip":false,"normalized":true,"special":false},
                 {"id":8,"content":"zz","single_word":false,"lstrip":false,"rstrip":true,"normalized":false,"special":false},
                 {"id":9,"content":"","single_word":false,"lstrip":false,"rstrip":false,"normalized":false,"special":false},
                 {"id":10,"content":"ab","single_word":false,"lstrip":false,"rstrip":false,"normalized":false,"special":true}],
                 "normalizer":{"type":"BertNormalizer","clean_text":true,"handle_chinese_chars":true,"strip_accents":null,"lowercase":true},
                 "pre_tokenizer":{"type":"BertPreTokenizer"},
                 "model":{"type":"WordPiece","unk_token":"[UNK]","continuing_subword_prefix":"##","max_input_chars_per_word":5,
                  "vocab":{"[UNK]":0,"a":1,"##b":2,"b":3,"hello":4,"[CLS]":5,"##a":6,"z":7,"##z":8}}}""";
        Tokenizer t = Tokenizer.fromJson(json);
        try (HuggingFaceTokenizer ref = TestTokenizers.reference(json)) {
            for (String s : List.of("zz", "azz", "zz a", " zz  hello  a", "QQ qq  Qq", "[CLS]ab[CLS]", "aaaaa aaaaaa", "zzz zz.zz",
                    "HELLO hello\thello", "abab", "b ab", "hello zz hello", "zzhellozz", "  Qq  zz  ", "ÀB", "[cls]")) {
                assertArrayEquals(TestTokenizers.referenceIds(ref, s), t.encode(s), s);
            }
            for (String tok : List.of("zz", "hello", "[CLS]", "Qq", "ab", "a"))
                assertEquals(ref.encode(tok, false, false).getIds().length > 0 ? (int) ref.encode(tok, false, false).getIds()[0] : -1,
                        t.encode(tok).length > 0 ? t.encode(tok)[0] : -1, tok);
        }
        assertEquals(12, t.vocabSize()); // 9 vocab entries + zz (9) + Qq (10) + ab (11)
    }

    /** A lone surrogate makes the reference see lossy modified UTF-8: emoji and NUL become U+FFFD (removed). */
    @Test
    void loneSurrogatesAsTheReferenceSeesThem() throws Exception {
        String json = TestTokenizers.mbertJson();
        Tokenizer t = Tokenizer.fromJson(json);
        try (HuggingFaceTokenizer ref = TestTokenizers.reference(json)) {
            for (String s : List.of("😀\uD800", "a\uD800b", "a\u0000\uDC00b", "\uDBFF", "x😀y", "x😀y\uDFFF", "\uD83D\uDE00\uD83D", "😀 😀"))
                assertArrayEquals(TestTokenizers.referenceIds(ref, s), t.encode(s), s);
        }
        assertEquals(List.of(), t.tokens("😀\uD800"));
        assertEquals(List.of("😀"), t.tokens("😀"));
    }
}
