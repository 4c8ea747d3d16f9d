package dev.microembed.tokenizer;

import dev.microembed.json.JsonReader;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Reads a Hugging Face {@code tokenizer.json} (parsed by {@link JsonReader}, {@code model.vocab} as a flat
 * {@link JsonReader.IdMap}) into pipeline components:
 * normalizer → pre-tokenizer → model, plus the added tokens. Truncation, padding, post-processor and decoder do not
 * change the ids of an encoding without special tokens and are not read. Every problem is an
 * {@link IllegalArgumentException} saying what is wrong; an unsupported component names its type and what is supported.
 */
final class TokenizerConfig {
    static final String NORMALIZERS = "BertNormalizer, Sequence, Replace, Strip, Lowercase, NFC, NFD, NFKC, NFKD, Precompiled";
    static final String PRE_TOKENIZERS = "BertPreTokenizer, Metaspace (or none)";
    static final String MODELS = "WordPiece, Unigram";

    final Map<?, ?> root;
    final Map<?, ?> model;
    final String modelType;
    final List<AddedVocabulary.AddedToken> addedTokens;

    private TokenizerConfig(Map<?, ?> root) {
        this.root = root;
        this.model = object(root.get("model"), "model");
        Object type = model.get("type");
        if (type == null) this.modelType = model.get("vocab") instanceof List<?> ? "Unigram" : "WordPiece"; // untyped: as HF's untagged match
        else if (type.equals("WordPiece") || type.equals("Unigram")) this.modelType = (String) type;
        else throw new IllegalArgumentException("model type " + describe(type) + " is not supported (supported: " + MODELS + ")");
        this.addedTokens = addedTokens(root.get("added_tokens"));
    }

    static TokenizerConfig read(byte[] utf8) {
        return new TokenizerConfig(object(JsonReader.parse(utf8, "model", "vocab"), "tokenizer.json"));
    }

    private static String describe(Object type) {
        return type instanceof String s ? "\"" + s + "\"" : String.valueOf(type);
    }

    // ---------------------------------------------------------------- normalizer

    /** The normalizer object, or null when absent. */
    Map<?, ?> normalizerJson() {
        Object n = root.get("normalizer");
        return n == null ? null : object(n, "normalizer");
    }

    /** Whether the normalizer is absent or a BertNormalizer (the fused BERT path can run it). */
    boolean bertNormalizerOrNone() {
        Map<?, ?> n = normalizerJson();
        return n == null || "BertNormalizer".equals(n.get("type"));
    }

    BertNormalizer bertNormalizer() {
        Map<?, ?> norm = normalizerJson();
        return norm == null ? BertNormalizer.identity() : bertNormalizer(norm, "normalizer");
    }

    private static BertNormalizer bertNormalizer(Map<?, ?> norm, String where) {
        Object strip = norm.get("strip_accents");
        if (strip != null && !(strip instanceof Boolean)) throw new IllegalArgumentException(where + ".strip_accents must be true, false or null");
        return new BertNormalizer(bool(norm.get("clean_text"), true, where + ".clean_text"),
                bool(norm.get("handle_chinese_chars"), true, where + ".handle_chinese_chars"),
                (Boolean) strip, bool(norm.get("lowercase"), true, where + ".lowercase"));
    }

    /** The normalizer as a general pipeline stage. */
    TextNormalizer normalizer() {
        Map<?, ?> n = normalizerJson();
        return n == null ? TextNormalizer.IDENTITY : normalizer(n, "normalizer", 0);
    }

    private static TextNormalizer normalizer(Map<?, ?> n, String where, int depth) {
        if (depth > 16) throw new IllegalArgumentException(where + ": normalizers nested too deep");
        Object type = n.get("type");
        if (!(type instanceof String t)) throw new IllegalArgumentException(where + ".type is missing");
        return switch (t) {
            case "BertNormalizer" -> new TextNormalizer.Bert(bertNormalizer(n, where));
            case "Sequence" -> {
                if (!(n.get("normalizers") instanceof List<?> list)) throw new IllegalArgumentException(where + ".normalizers must be an array");
                List<TextNormalizer> steps = new ArrayList<>();
                for (int i = 0; i < list.size(); i++) steps.add(normalizer(object(list.get(i), where + ".normalizers[" + i + "]"), where + ".normalizers[" + i + "]", depth + 1));
                yield new TextNormalizer.Sequence(List.copyOf(steps));
            }
            case "Replace" -> {
                Map<?, ?> p = object(n.get("pattern"), where + ".pattern");
                if (!(n.get("content") instanceof String content)) throw new IllegalArgumentException(where + ".content must be a string");
                if (p.get("String") instanceof String s) yield new TextNormalizer.ReplaceString(s, content);
                if (p.get("Regex") instanceof String r) {
                    try {
                        yield new TextNormalizer.ReplaceRegex(Pattern.compile(r), content);
                    } catch (PatternSyntaxException e) {
                        throw new IllegalArgumentException(where + ".pattern.Regex " + describe(r) + " is not a supported regular expression: " + e.getDescription());
                    }
                }
                throw new IllegalArgumentException(where + ".pattern must be {\"String\": …} or {\"Regex\": …}");
            }
            case "Strip" -> new TextNormalizer.Strip(bool(n.get("strip_left"), true, where + ".strip_left"), bool(n.get("strip_right"), true, where + ".strip_right"));
            case "Lowercase" -> new TextNormalizer.Lowercase();
            case "NFC" -> new TextNormalizer.UnicodeForm(java.text.Normalizer.Form.NFC);
            case "NFD" -> new TextNormalizer.UnicodeForm(java.text.Normalizer.Form.NFD);
            case "NFKC" -> new TextNormalizer.UnicodeForm(java.text.Normalizer.Form.NFKC);
            case "NFKD" -> new TextNormalizer.UnicodeForm(java.text.Normalizer.Form.NFKD);
            case "Precompiled" -> {
                Object map = n.get("precompiled_charsmap");
                if (map == null || "".equals(map)) yield TextNormalizer.IDENTITY;
                if (!(map instanceof String b64)) throw new IllegalArgumentException(where + ".precompiled_charsmap must be a base64 string");
                byte[] bytes;
                try {
                    bytes = Base64.getDecoder().decode(b64);
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException(where + ".precompiled_charsmap is not valid base64");
                }
                yield new PrecompiledCharsmap(bytes);
            }
            default -> throw new IllegalArgumentException("normalizer type " + describe(t) + " is not supported (supported: " + NORMALIZERS + ")");
        };
    }

    // ---------------------------------------------------------------- pre-tokenizer

    Map<?, ?> preTokenizerJson() {
        Object p = root.get("pre_tokenizer");
        return p == null ? null : object(p, "pre_tokenizer");
    }

    boolean bertPreTokenizer() {
        Map<?, ?> p = preTokenizerJson();
        return p != null && "BertPreTokenizer".equals(p.get("type"));
    }

    PreTokenizer preTokenizer() {
        Map<?, ?> p = preTokenizerJson();
        if (p == null) return PreTokenizer.NONE;
        Object type = p.get("type");
        if ("BertPreTokenizer".equals(type)) return PreTokenizer.BERT;
        if ("Metaspace".equals(type)) {
            Object rep = p.get("replacement");
            if (!(rep instanceof String r) || r.length() != 1)
                throw new IllegalArgumentException("pre_tokenizer.replacement must be a one-character string (a supplementary character is not supported)");
            Object scheme = p.get("prepend_scheme");
            String prepend = scheme == null ? "always" : scheme instanceof String s ? s : null;
            if (prepend == null) throw new IllegalArgumentException("pre_tokenizer.prepend_scheme must be a string");
            Object addPrefix = p.get("add_prefix_space");
            if (Boolean.FALSE.equals(addPrefix)) {
                if (!prepend.equals("never") && scheme != null)
                    throw new IllegalArgumentException("pre_tokenizer: add_prefix_space false does not match prepend_scheme " + describe(scheme));
                prepend = "never";
            }
            return new PreTokenizer.Metaspace(r.charAt(0), prepend, bool(p.get("split"), true, "pre_tokenizer.split"));
        }
        throw new IllegalArgumentException("pre_tokenizer type " + describe(type) + " is not supported (supported: " + PRE_TOKENIZERS + ")");
    }

    // ---------------------------------------------------------------- models

    /** A Unigram model: {@code vocab} as [[piece, score], …], {@code unk_id}, {@code byte_fallback}. */
    Unigram unigram() {
        if (!(model.get("vocab") instanceof List<?> vocab)) throw new IllegalArgumentException("model.vocab of a Unigram model must be an array of [piece, score]");
        List<String> pieces = new ArrayList<>(vocab.size());
        double[] scores = new double[vocab.size()];
        for (int i = 0; i < vocab.size(); i++) {
            if (!(vocab.get(i) instanceof List<?> e) || e.size() != 2 || !(e.get(0) instanceof String piece) || !(e.get(1) instanceof Number score))
                throw new IllegalArgumentException("model.vocab[" + i + "] must be [piece, score]");
            if (hasLoneSurrogate(piece)) throw new IllegalArgumentException("model.vocab[" + i + "] contains a lone surrogate");
            double s = score.doubleValue();
            if (!Double.isFinite(s)) throw new IllegalArgumentException("model.vocab[" + i + "] has a non-finite score");
            pieces.add(piece);
            scores[i] = s;
        }
        Object unk = model.get("unk_id");
        int unkId = -1;
        if (unk != null) {
            if (!(unk instanceof Long l) || l < 0 || l >= pieces.size())
                throw new IllegalArgumentException("model.unk_id must be null or an id of the vocabulary");
            unkId = (int) (long) l;
        }
        return new Unigram(pieces, scores, unkId, bool(model.get("byte_fallback"), false, "model.byte_fallback"));
    }

    // ---------------------------------------------------------------- added tokens

    private static List<AddedVocabulary.AddedToken> addedTokens(Object addedObj) {
        List<AddedVocabulary.AddedToken> addedTokens = new ArrayList<>();
        if (addedObj == null) return addedTokens;
        if (!(addedObj instanceof List<?> list)) throw new IllegalArgumentException("added_tokens must be an array");
        for (int k = 0; k < list.size(); k++) {
            // (messages are built only on error: a string concatenation per token slows a cold load)
            if (!(list.get(k) instanceof Map<?, ?> t)) throw new IllegalArgumentException("added_tokens[" + k + "] must be a JSON object");
            Object content = t.get("content");
            if (!(content instanceof String c)) throw new IllegalArgumentException("added_tokens[" + k + "].content must be a string");
            if (hasLoneSurrogate(c)) throw new IllegalArgumentException("added_tokens[" + k + "].content contains a lone surrogate");
            boolean special = addedFlag(t, "special", false, k);
            addedTokens.add(new AddedVocabulary.AddedToken(c, addedFlag(t, "single_word", false, k),
                    addedFlag(t, "lstrip", false, k), addedFlag(t, "rstrip", false, k),
                    addedFlag(t, "normalized", !special, k), special));
        }
        return addedTokens;
    }

    // ---------------------------------------------------------------- JSON helpers

    static boolean hasLoneSurrogate(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) i++;
            else if (Character.isSurrogate(c)) return true;
        }
        return false;
    }

    private static boolean addedFlag(Map<?, ?> token, String field, boolean dflt, int k) {
        Object o = token.get(field);
        if (o == null) return dflt;
        if (o instanceof Boolean b) return b;
        throw new IllegalArgumentException("added_tokens[" + k + "]." + field + " must be true or false");
    }

    static Map<?, ?> object(Object o, String what) {
        if (o instanceof Map<?, ?> m) return m;
        throw new IllegalArgumentException(what + " must be a JSON object");
    }

    static String string(Object o, String dflt, String what) {
        if (o == null) return dflt;
        if (o instanceof String s) return s;
        throw new IllegalArgumentException(what + " must be a string");
    }

    static long number(Object o, long dflt, String what) {
        if (o == null && dflt >= 0) return dflt;
        if (o instanceof Long l) return l;
        throw new IllegalArgumentException(what + " must be an integer");
    }

    static boolean bool(Object o, boolean dflt, String what) {
        if (o == null) return dflt;
        if (o instanceof Boolean b) return b;
        throw new IllegalArgumentException(what + " must be true or false");
    }
}
