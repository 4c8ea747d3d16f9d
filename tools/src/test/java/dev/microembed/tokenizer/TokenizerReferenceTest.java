package dev.microembed.tokenizer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The runtime tokenizer against the reference (DJL's native Hugging Face tokenizers) on hand-made edge cases:
 * odd added-token files and lone surrogates. Heavy tier: loads a native library and reads ../shared.
 * (Moved from the runtime's TokenizerApiTest.)
 */
@Tag("heavy")
class TokenizerReferenceTest {
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
