package dev.microembed.tokenizer;

import dev.microembed.model.Json;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Builds a Hugging Face {@code tokenizer.json} for a BERT WordPiece vocabulary, the shape every
 * microembed model ships: BertNormalizer, BertPreTokenizer, WordPiece, no post-processor (no special
 * tokens are added), and the vocabulary expansion (emoji, hashtags, slang) as added tokens with ids
 * after the WordPiece vocabulary, matched on the raw text ({@code normalized: false}).
 */
public final class TokenizerJsonWriter {
    private static final Set<String> SPECIALS = Set.of("[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]");

    private TokenizerJsonWriter() {}

    /**
     * @param vocab       WordPiece vocabulary in id order ({@code ##} marks continuations)
     * @param addedTokens extra whole tokens, given ids {@code vocab.size() + i}; none may already be in {@code vocab}
     * @param lowercase   true for uncased vocabularies (lower-casing and accent stripping, as BERT uncased)
     */
    public static String write(List<String> vocab, List<String> addedTokens, boolean lowercase) {
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("version", "1.0");
        root.put("truncation", null);
        root.put("padding", null);
        List<Object> added = new ArrayList<>();
        for (int i = 0; i < vocab.size(); i++)
            if (SPECIALS.contains(vocab.get(i))) added.add(addedToken(i, vocab.get(i), true));
        Set<String> seen = new java.util.HashSet<>(vocab);
        for (int i = 0; i < addedTokens.size(); i++) {
            String t = addedTokens.get(i);
            if (!seen.add(t)) throw new IllegalArgumentException("added token already in the vocabulary: " + t);
            added.add(addedToken(vocab.size() + i, t, false));
        }
        root.put("added_tokens", added);
        Map<String, Object> norm = new LinkedHashMap<>();
        norm.put("type", "BertNormalizer");
        norm.put("clean_text", true);
        norm.put("handle_chinese_chars", true);
        norm.put("strip_accents", null);
        norm.put("lowercase", lowercase);
        root.put("normalizer", norm);
        root.put("pre_tokenizer", Map.of("type", "BertPreTokenizer"));
        root.put("post_processor", null);
        Map<String, Object> dec = new LinkedHashMap<>();
        dec.put("type", "WordPiece");
        dec.put("prefix", "##");
        dec.put("cleanup", true);
        root.put("decoder", dec);
        Map<String, Object> model = new LinkedHashMap<>();
        model.put("type", "WordPiece");
        model.put("unk_token", "[UNK]");
        model.put("continuing_subword_prefix", "##");
        model.put("max_input_chars_per_word", 100);
        Map<String, Object> v = new LinkedHashMap<>();
        for (int i = 0; i < vocab.size(); i++) {
            if (v.put(vocab.get(i), i) != null) throw new IllegalArgumentException("duplicate vocabulary entry: " + vocab.get(i));
        }
        model.put("vocab", v);
        root.put("model", model);
        return Json.write(root, false);
    }

    private static Map<String, Object> addedToken(int id, String content, boolean special) {
        Map<String, Object> t = new LinkedHashMap<>();
        t.put("id", id);
        t.put("content", content);
        t.put("single_word", false);
        t.put("lstrip", false);
        t.put("rstrip", false);
        t.put("normalized", false);
        t.put("special", special);
        return t;
    }
}
