package dev.microembed.tokenizer;

import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import dev.microembed.model.Json;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Finds every code point where our tables disagree with the reference tokenizer and corrects the
 * tables from what the reference does. The probe tokenizer's vocabulary holds every code point as a
 * word-initial and a {@code ##} token, so the reference's tokens show each code point's
 * normalization and its word boundaries exactly. For each configuration (cased; strip_accents only;
 * canonical ordering next to U+302E; lowercase only; a single_word added token) the text {@code "a" + cp + "b"}
 * (or the probe's variant of it) is compared, 400 code
 * points per call, falling back to one call per code point inside a differing batch.
 */
final class ReferenceProbe {
    private ReferenceProbe() {}

    static final int MAX = 0x10FFFF;
    static final String SINGLE_WORD_TOKEN = "@@";

    static String charVocabJson(boolean strip, boolean lower, boolean singleWordToken) {
        Map<String, Object> vocab = new LinkedHashMap<>();
        vocab.put("[UNK]", 0L);
        long id = 1;
        for (int cp = 0; cp <= MAX; cp++) {
            if (cp >= 0xD800 && cp <= 0xDFFF) continue;
            String s = Character.toString(cp);
            vocab.put(s, id++);
            vocab.put("##" + s, id++);
        }
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("version", "1.0");
        root.put("truncation", null);
        root.put("padding", null);
        List<Object> added = new ArrayList<>();
        if (singleWordToken) {
            Map<String, Object> t = new LinkedHashMap<>();
            t.put("id", id);
            t.put("content", SINGLE_WORD_TOKEN);
            t.put("single_word", true);
            t.put("lstrip", false);
            t.put("rstrip", false);
            t.put("normalized", false);
            t.put("special", false);
            added.add(t);
        }
        root.put("added_tokens", added);
        Map<String, Object> norm = new LinkedHashMap<>();
        norm.put("type", "BertNormalizer");
        norm.put("clean_text", true);
        norm.put("handle_chinese_chars", true);
        norm.put("strip_accents", strip);
        norm.put("lowercase", lower);
        root.put("normalizer", norm);
        root.put("pre_tokenizer", Map.of("type", "BertPreTokenizer"));
        root.put("post_processor", null);
        root.put("decoder", null);
        Map<String, Object> model = new LinkedHashMap<>();
        model.put("type", "WordPiece");
        model.put("unk_token", "[UNK]");
        model.put("continuing_subword_prefix", "##");
        model.put("max_input_chars_per_word", 100L);
        model.put("vocab", vocab);
        root.put("model", model);
        return Json.write(root, false);
    }

    interface Probe {
        String text(int cp);
    }

    /** Returns the number of corrections made to t. */
    static int correct(UnicodeTableGenerator.Tables t) throws java.io.IOException {
        int corrections = 0;
        Probe mid = cp -> "a" + Character.toString(cp) + "b";
        corrections += run("cased", charVocabJson(false, false, false), mid, (cp, ref) -> {
            // ref tokens of "a" cp "b": [a ##b] removed, [a b] whitespace, [a X b] isolated, else a word char
            boolean removed = ref.equals(List.of("a", "##b"));
            boolean ws = ref.equals(List.of("a", "b"));
            boolean iso = ref.size() == 3 && ref.get(0).equals("a") && ref.get(2).equals("b") && !ref.get(1).startsWith("##");
            t.other[cp] = removed && cp != 0 && cp != 0xFFFD;
            t.whitespace[cp] = ws;
            t.punctuation[cp] = iso && !UnicodeTables.isChinese(cp);
            return "cased " + ref;
        });
        corrections += run("strip_accents", charVocabJson(true, false, false), mid, (cp, ref) -> {
            int[] seq = inner(ref);
            if (seq.length == 0) t.markNonspacing[cp] = true;
            else if (seq.length == 1 && seq[0] == cp) {
                t.markNonspacing[cp] = false;
                t.nfd.remove(cp);
            } else t.nfd.put(cp, seq);
            return "strip " + ref;
        });
        corrections += run("lowercase", charVocabJson(false, true, false), mid, (cp, ref) -> {
            int[] seq = inner(ref);
            if (seq.length == 1 && seq[0] == cp) t.lower.remove(cp);
            else t.lower.put(cp, seq);
            return "lower " + ref;
        });
        // Canonical ordering is only visible for code points strip_accents keeps (not Mn in the reference),
        // next to U+302E (Mc, ccc 224). A code point newer than the reference's normalization data is a
        // starter there (ccc 0); assigned classes never change (Unicode stability policy), so a code point
        // that fails to move where our class says it would is set to 0.
        String strip = charVocabJson(true, false, false);
        corrections += run("ccc after U+302E", strip, cp -> "a\u302E" + Character.toString(cp) + "b", (cp, ref) -> {
            int[] seq = inner(ref);
            boolean moved = seq.length > 0 && seq[0] != 0x302E;
            if (!moved && t.ccc[cp] > 0 && t.ccc[cp] < 224) t.ccc[cp] = 0;
            else if (moved && (t.ccc[cp] == 0 || t.ccc[cp] >= 224)) t.notes.add(String.format("note: U+%04X has a reference ccc below 224 that the table lacks", cp));
            return "ccc-after " + ref;
        });
        corrections += run("ccc before U+302E", strip, cp -> "a" + Character.toString(cp) + "\u302Eb", (cp, ref) -> {
            int[] seq = inner(ref);
            boolean moved = seq.length > 0 && seq[seq.length - 1] != 0x302E;
            if (!moved && t.ccc[cp] > 224) t.ccc[cp] = 0;
            else if (moved && t.ccc[cp] <= 224) t.notes.add(String.format("note: U+%04X has a reference ccc above 224 that the table lacks", cp));
            return "ccc-before " + ref;
        });
        String sw = charVocabJson(false, false, true);
        corrections += run("single_word before", sw, cp -> Character.toString(cp) + SINGLE_WORD_TOKEN, (cp, ref) -> {
            t.regexWord[cp] = !ref.contains(SINGLE_WORD_TOKEN);
            return "word-before " + ref;
        });
        corrections += run("single_word after", sw, cp -> SINGLE_WORD_TOKEN + Character.toString(cp), (cp, ref) -> {
            t.regexWord[cp] = !ref.contains(SINGLE_WORD_TOKEN);
            return "word-after " + ref;
        });
        return corrections;
    }

    /** Code points of the tokens strictly between the leading "a" and trailing "b"/"##b". */
    static int[] inner(List<String> ref) {
        StringBuilder sb = new StringBuilder();
        for (int i = 1; i < ref.size() - 1; i++) {
            String s = ref.get(i);
            sb.append(s.startsWith("##") && s.length() > 2 ? s.substring(2) : s);
        }
        return sb.codePoints().toArray();
    }

    interface Fix {
        String apply(int cp, List<String> referenceTokens);
    }

    static int run(String name, String json, Probe probe, Fix fix) throws java.io.IOException {
        long t0 = System.nanoTime();
        Tokenizer ours = Tokenizer.fromJson(json);
        int fixes = 0;
        try (HuggingFaceTokenizer ref = TestTokenizers.reference(json)) {
            List<Integer> batch = new ArrayList<>();
            for (int cp = 0; cp <= MAX + 1; cp++) {
                if (cp <= MAX && cp >= 0xD800 && cp <= 0xDFFF) continue;
                if (cp <= MAX) batch.add(cp);
                if (batch.size() == 400 || (cp == MAX + 1 && !batch.isEmpty())) {
                    StringBuilder sb = new StringBuilder();
                    for (int c : batch) sb.append(probe.text(c)).append(' ');
                    String text = sb.toString();
                    if (!Arrays.equals(TestTokenizers.referenceIds(ref, text), ours.encode(text))) {
                        for (int c : batch) {
                            String one = probe.text(c);
                            if (!Arrays.equals(TestTokenizers.referenceIds(ref, one), ours.encode(one))) {
                                List<String> tokens = List.of(ref.encode(one, false, false).getTokens());
                                String what = fix.apply(c, tokens);
                                if (fixes < 40) System.out.printf("  %s U+%04X %s ours=%s%n", name, c, what, ours.tokens(one));
                                fixes++;
                            }
                        }
                    }
                    batch.clear();
                }
            }
        }
        System.out.printf("probe %s: %d code points differ (%.1f s)%n", name, fixes, (System.nanoTime() - t0) / 1e9);
        return fixes;
    }
}
