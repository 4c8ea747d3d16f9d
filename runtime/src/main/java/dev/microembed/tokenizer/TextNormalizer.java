package dev.microembed.tokenizer;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The normalizer stage of a tokenizer pipeline (Hugging Face's {@code normalizer}), on whole strings. Only the ids
 * matter here, so no alignments are kept. The BERT fast path does not use these: {@link Tokenizer} fuses
 * {@link BertNormalizer} with pre-tokenization; {@link Bert} adapts it for the general pipeline.
 */
interface TextNormalizer {
    String normalize(String s);

    /** Hugging Face's {@code Sequence}: each in order. */
    record Sequence(List<TextNormalizer> steps) implements TextNormalizer {
        @Override
        public String normalize(String s) {
            for (TextNormalizer n : steps) s = n.normalize(s);
            return s;
        }
    }

    /** {@code Replace} with a literal pattern: every non-overlapping occurrence, left to right. */
    record ReplaceString(String pattern, String content) implements TextNormalizer {
        @Override
        public String normalize(String s) {
            return pattern.isEmpty() ? s : s.replace(pattern, content);
        }
    }

    /** {@code Replace} with a regular expression (Oniguruma in HF; the patterns tokenizers use mean the same in java.util.regex). */
    record ReplaceRegex(Pattern pattern, String content, String required) implements TextNormalizer {
        /** {@code required}: a literal every match contains (or ""), checked first so most texts skip the regex. */
        ReplaceRegex(Pattern pattern, String content) {
            this(pattern, content, requiredLiteral(pattern.pattern()));
        }

        /** For {@code c{n,}} / {@code c{n}} / {@code c+} with a plain character c: c repeated (n or 1) times; else "". */
        static String requiredLiteral(String regex) {
            java.util.regex.Matcher m = Pattern.compile("([^\\\\.\\[\\](){}*+?^$|])(?:\\{(\\d{1,2})(?:,\\d*)?\\}|\\+)").matcher(regex);
            if (!m.matches()) return "";
            int n = m.group(2) == null ? 1 : Integer.parseInt(m.group(2));
            return m.group(1).repeat(n);
        }

        @Override
        public String normalize(String s) {
            if (!required.isEmpty() && !s.contains(required)) return s;
            Matcher m = pattern.matcher(s);
            return m.find() ? m.replaceAll(Matcher.quoteReplacement(content)) : s;
        }
    }

    /** {@code Strip}: leading and/or trailing White_Space (Rust's {@code char::is_whitespace}). */
    record Strip(boolean left, boolean right) implements TextNormalizer {
        @Override
        public String normalize(String s) {
            int from = 0, to = s.length();
            if (left) while (from < to && isWhiteSpace(s.charAt(from))) from++;
            if (right) while (to > from && isWhiteSpace(s.charAt(to - 1))) to--;
            return s.substring(from, to);
        }
    }

    /** Unicode's White_Space property (all in the BMP), which Rust's {@code char::is_whitespace} implements. */
    static boolean isWhiteSpace(char c) {
        return (c >= 0x09 && c <= 0x0D) || c == 0x20 || c == 0x85 || c == 0xA0 || c == 0x1680 || (c >= 0x2000 && c <= 0x200A)
                || c == 0x2028 || c == 0x2029 || c == 0x202F || c == 0x205F || c == 0x3000;
    }

    /** {@code Lowercase}: Rust's {@code char::to_lowercase} per code point (no final-sigma rule, unlike String.toLowerCase). */
    record Lowercase() implements TextNormalizer {
        @Override
        public String normalize(String s) {
            StringBuilder b = null;
            for (int i = 0; i < s.length(); ) {
                int cp = s.codePointAt(i);
                int n = Character.charCount(cp);
                int lower = Character.toLowerCase(cp);
                if (lower != cp || cp == 0x130) {
                    if (b == null) b = new StringBuilder(s.length() + 4).append(s, 0, i);
                    if (cp == 0x130) b.append("i\u0307"); // the one unconditional multi-char lower-case mapping
                    else b.appendCodePoint(lower);
                } else if (b != null) b.appendCodePoint(cp);
                i += n;
            }
            return b == null ? s : b.toString();
        }
    }

    /** {@code NFC}, {@code NFD}, {@code NFKC}, {@code NFKD}. */
    record UnicodeForm(java.text.Normalizer.Form form) implements TextNormalizer {
        @Override
        public String normalize(String s) {
            return java.text.Normalizer.isNormalized(s, form) ? s : java.text.Normalizer.normalize(s, form);
        }
    }

    /** {@link BertNormalizer} as a pipeline stage (when a BERT normalizer meets another pre-tokenizer or model). */
    record Bert(BertNormalizer normalizer) implements TextNormalizer {
        @Override
        public String normalize(String s) {
            return normalizer.normalizeString(s);
        }
    }

    /** No normalizer. */
    TextNormalizer IDENTITY = s -> s;

}
