package dev.microembed.tokenizer;

import static org.junit.jupiter.api.Assertions.*;

import dev.microembed.Fixtures;
import dev.microembed.ModelFormatException;
import dev.microembed.model.Json;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The general pipeline without the native reference (the heavy tools tests compare with it on the shared corpora and
 * random Unicode): the committed SentencePiece fixtures against the ids {@code spm_encode} printed for the same
 * model, hand-made Unigram/Metaspace cases, and one clear error per unsupported component.
 */
class TokenizerPipelineTest {
    static final String[] LINES = {"Hello world, this is a test.", "Der Hund schläft 🐶 ☃", "  Ｆｕｌｌｗｉｄｔｈ  ﬁ spaces   here  "};
    @TempDir Path tmp;

    static Tokenizer fixture(String name) {
        return Tokenizer.load(Fixtures.model2vec("tokenizers/" + name + ".json"));
    }

    @Test
    void unigramNmtNfkcMatchesSpmEncode() {
        Tokenizer t = fixture("spm-unigram-4k");
        assertEquals("Unigram (pipeline)", t.describe());
        assertEquals(4000, t.vocabSize());
        assertEquals(-1, t.unknownId(), "a Unigram model has no unk_token: Model2Vec keeps its unknown ids");
        // spm_encode --model=uni4k.model --output_format=id (SentencePiece 0.1.97)
        assertArrayEquals(new int[] {925, 859, 3, 1494, 18, 19, 5, 3, 274, 75, 162, 12, 325, 69, 25}, t.encode(LINES[0]));
        assertArrayEquals(new int[] {3, 1590, 1358, 541, 18, 219, 824, 3, 0, 3, 0}, t.encode(LINES[1]));
        assertArrayEquals(new int[] {143, 13, 129, 328, 19, 274, 459, 479, 9, 745, 1208, 8}, t.encode(LINES[2]));
        assertEquals(List.of("▁He", "llo", "▁", "wor", "l", "d", ",", "▁", "th", "is", "▁is", "▁a", "▁te", "st", "."), t.tokens(LINES[0]));
        assertArrayEquals(new int[0], t.encode(""));
        assertArrayEquals(new int[0], t.encode("   "), "only whitespace: stripped, nothing left");
        assertArrayEquals(new int[] {1}, t.encode("<s>"), "control pieces are added tokens");
    }

    @Test
    void unigramByteFallbackCaseFoldingMatchesSpmEncode() {
        Tokenizer t = fixture("spm-unigram-2k-byte-fallback");
        assertArrayEquals(new int[] {647, 805, 303, 347, 641, 261, 259, 486, 342, 477, 267, 499, 333, 277}, t.encode(LINES[0]));
        assertArrayEquals(new int[] {633, 983, 363, 619, 273, 444, 1040, 259, 243, 162, 147, 185, 259, 229, 155, 134}, t.encode(LINES[1]));
        assertArrayEquals(new int[] {692, 341, 491, 274, 486, 580, 989, 263, 1022, 647, 286}, t.encode(LINES[2]));
        assertEquals(List.of("▁", "<0xE2>", "<0x98>", "<0x83>"), t.tokens("☃"));
    }

    @Test
    void cappedEncodingIsAPrefix() {
        Tokenizer t = fixture("spm-unigram-4k");
        int[] all = t.encode(LINES[0] + " " + LINES[1]);
        for (int cap : new int[] {1, 2, 5, all.length, all.length + 3}) {
            int[] out = new int[cap];
            int n = t.encode(LINES[0] + " " + LINES[1], out, true);
            assertEquals(Math.min(cap, all.length), n);
            assertArrayEquals(java.util.Arrays.copyOf(all, n), java.util.Arrays.copyOf(out, n));
        }
    }

    /** A small Unigram tokenizer.json: pieces with scores, unk_id 0. */
    static String unigramJson(Object normalizer, Object preTokenizer, boolean byteFallback, Object... piecesAndScores) {
        List<Object> vocab = new ArrayList<>();
        for (int i = 0; i < piecesAndScores.length; i += 2) vocab.add(List.of(piecesAndScores[i], piecesAndScores[i + 1]));
        Map<String, Object> model = new LinkedHashMap<>();
        model.put("type", "Unigram");
        model.put("unk_id", 0L);
        model.put("vocab", vocab);
        model.put("byte_fallback", byteFallback);
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("normalizer", normalizer);
        root.put("pre_tokenizer", preTokenizer);
        root.put("model", model);
        return Json.write(root, false);
    }

    static Map<String, Object> metaspace(String prepend, boolean split) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("type", "Metaspace");
        m.put("replacement", "▁");
        m.put("prepend_scheme", prepend);
        m.put("split", split);
        return m;
    }

    @Test
    void viterbiPicksTheBestScoringSegmentation() {
        // "abc": a+b+c = -9, ab+c = -5, a+bc = -4.5 (best), abc missing
        Tokenizer t = Tokenizer.fromJson(unigramJson(null, null, false, "<unk>", 0.0, "a", -3.0, "b", -3.0, "c", -3.0, "ab", -2.0, "bc", -1.5));
        assertEquals(List.of("a", "bc"), t.tokens("abc"));
        // unknown code points are fused into one unk; a supplementary character counts as one position
        assertArrayEquals(new int[] {1, 0, 2}, t.encode("axy😀b"));
    }

    @Test
    void metaspaceSchemesAndSplit() {
        Object[] vocab = {"<unk>", 0.0, "▁", -0.2, "a", -1.0, "b", -1.0, "▁a", -0.5, "▁b", -0.5, "a▁b", -0.1};
        assertEquals(List.of("▁a", "▁b"), Tokenizer.fromJson(unigramJson(null, metaspace("always", true), false, vocab)).tokens("a b"));
        assertEquals(List.of("a", "▁b"), Tokenizer.fromJson(unigramJson(null, metaspace("never", true), false, vocab)).tokens("a b"));
        assertEquals(List.of("▁", "a▁b"), Tokenizer.fromJson(unigramJson(null, metaspace("always", false), false, vocab)).tokens("a b"));
        assertEquals(List.of("▁a", "▁b"), Tokenizer.fromJson(unigramJson(null, metaspace("first", true), false, vocab)).tokens("a b"));
    }

    @Test
    void normalizersOfASequence() {
        Map<String, Object> seq = new LinkedHashMap<>();
        seq.put("type", "Sequence");
        seq.put("normalizers", List.of(Map.of("type", "NFKC"), Map.of("type", "Lowercase"),
                Map.of("type", "Replace", "pattern", Map.of("String", "x"), "content", "b"),
                Map.of("type", "Replace", "pattern", Map.of("Regex", "a{2,}"), "content", "a"),
                Map.of("type", "Strip", "strip_left", true, "strip_right", true)));
        Tokenizer t = Tokenizer.fromJson(unigramJson(seq, null, false, "<unk>", 0.0, "a", -1.0, "b", -1.0, "ς", -1.0, "σ", -1.0));
        assertEquals(List.of("a", "b"), t.tokens("  ＡAAX \t"));
        assertEquals(List.of("σ"), t.tokens("Σ"), "Lowercase maps per code point: no final-sigma rule");
    }

    @Test
    void unsupportedComponentsNameTheirType(@TempDir Path dir) throws Exception {
        String bpe = "{\"model\":{\"type\":\"BPE\",\"vocab\":{},\"merges\":[]}}";
        assertTrue(assertThrows(IllegalArgumentException.class, () -> Tokenizer.fromJson(bpe)).getMessage().contains("model type \"BPE\" is not supported"));
        String norm = unigramJson(Map.of("type", "Prepend", "prepend", "x"), null, false, "<unk>", 0.0);
        assertTrue(assertThrows(IllegalArgumentException.class, () -> Tokenizer.fromJson(norm)).getMessage().contains("normalizer type \"Prepend\" is not supported"));
        String nested = unigramJson(Map.of("type", "Sequence", "normalizers", List.of(Map.of("type", "ByteLevel"))), null, false, "<unk>", 0.0);
        assertTrue(assertThrows(IllegalArgumentException.class, () -> Tokenizer.fromJson(nested)).getMessage().contains("normalizer type \"ByteLevel\""));
        String pre = unigramJson(null, Map.of("type", "ByteLevel", "add_prefix_space", false), false, "<unk>", 0.0);
        assertTrue(assertThrows(IllegalArgumentException.class, () -> Tokenizer.fromJson(pre)).getMessage().contains("pre_tokenizer type \"ByteLevel\" is not supported"));
        Path file = dir.resolve("tokenizer.json");
        Files.writeString(file, bpe);
        ModelFormatException e = assertThrows(ModelFormatException.class, () -> Tokenizer.load(file));
        assertEquals(file, e.file());
        String badMap = unigramJson(Map.of("type", "Precompiled", "precompiled_charsmap", "AAAA"), null, false, "<unk>", 0.0);
        assertThrows(IllegalArgumentException.class, () -> Tokenizer.fromJson(badMap));
    }

    @Test
    void wordPieceBehindAnotherNormalizerRunsThePipeline() throws Exception {
        String json = Files.readString(Fixtures.tokenizer("small-uncased.json"));
        @SuppressWarnings("unchecked") Map<String, Object> root = (Map<String, Object>) Json.parse(json);
        Tokenizer fused = Tokenizer.fromJson(json);
        assertEquals("WordPiece (BERT fast path)", fused.describe());
        root.put("normalizer", Map.of("type", "Sequence", "normalizers", List.of(root.get("normalizer"))));
        Tokenizer general = Tokenizer.fromJson(Json.write(root, false));
        assertEquals("WordPiece (pipeline)", general.describe());
        for (String s : new String[] {"Hello, World!", "unaffable straße", "  über  CAFÉ 中文 ", "", "[UNK] x"})
            assertArrayEquals(fused.encode(s), general.encode(s), s);
    }
}
