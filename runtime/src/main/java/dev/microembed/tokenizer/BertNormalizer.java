package dev.microembed.tokenizer;

/**
 * Hugging Face's {@code BertNormalizer}, one code point at a time: clean_text (drop NUL, U+FFFD and
 * "other" characters, map whitespace to a space), handle_chinese_chars (surround CJK ideographs
 * with spaces), strip_accents (NFD, then drop non-spacing marks; defaults to the lowercase flag),
 * lowercase ({@code char::to_lowercase}). HF runs each step over the whole string; every step but
 * NFD's canonical reordering is a per-code-point map, so reordering is left to the
 * {@link CodePointBuffer} the output goes into (see {@link #REORDER_BARRIER}).
 */
final class BertNormalizer {
    /** Upper bound of entries {@link #normalize} writes for one input code point. */
    static final int MAX_EXPANSION = 32;
    /**
     * Written by {@link #normalize} (strip_accents only) where NFD produced a starter (ccc 0) that
     * strip_accents then removed: it still ends a canonical-reordering run.
     */
    static final int REORDER_BARRIER = -1;

    final boolean cleanText;
    final boolean handleChineseChars;
    final boolean stripAccents;
    final boolean lowercase;

    BertNormalizer(boolean cleanText, boolean handleChineseChars, Boolean stripAccents, boolean lowercase) {
        this.cleanText = cleanText;
        this.handleChineseChars = handleChineseChars;
        this.stripAccents = stripAccents != null ? stripAccents : lowercase;
        this.lowercase = lowercase;
    }

    /** The normalizer of a tokenizer.json with {@code "normalizer": null}. */
    static BertNormalizer identity() {
        return new BertNormalizer(false, false, false, false);
    }

    /** clean_text's whitespace test: TAB, LF, CR or White_Space. */
    static boolean isCleanWhitespace(int cp) {
        return cp == '\t' || cp == '\n' || cp == '\r' || UnicodeTables.WHITESPACE.contains(cp);
    }

    /** clean_text's removal test: NUL, U+FFFD, or an "other" character except TAB, LF, CR. */
    static boolean isRemoved(int cp) {
        if (cp == 0 || cp == 0xFFFD) return true;
        if (cp == '\t' || cp == '\n' || cp == '\r') return false;
        return UnicodeTables.OTHER.contains(cp);
    }

    /**
     * Writes the normalization of one code point into out at pos and returns the number of entries
     * written (0 when removed). Entries are code points or {@link #REORDER_BARRIER}. tmp is scratch
     * of at least {@link #MAX_EXPANSION} entries.
     */
    int normalize(int cp, int[] out, int pos, int[] tmp) {
        if (cleanText) {
            if (isRemoved(cp)) return 0;
            if (isCleanWhitespace(cp)) cp = ' ';
        }
        int p = pos;
        boolean cjk = handleChineseChars && UnicodeTables.isChinese(cp);
        if (cjk) out[p++] = ' ';
        int n;
        if (stripAccents) {
            int d = UnicodeTables.decompose(cp, tmp, 0);
            n = 0;
            for (int i = 0; i < d; i++) {
                int c = tmp[i];
                if (!UnicodeTables.NONSPACING_MARK.contains(c)) tmp[n++] = c;
                else if (UnicodeTables.ccc(c) == 0) tmp[n++] = REORDER_BARRIER;
            }
        } else {
            tmp[0] = cp;
            n = 1;
        }
        for (int i = 0; i < n; i++) {
            int c = tmp[i];
            if (lowercase && c >= 0) p += UnicodeTables.lowercase(c, out, p);
            else out[p++] = c;
        }
        if (cjk) out[p++] = ' ';
        return p - pos;
    }

    /** Normalizes a whole string as HF does (used for the contents of normalized added tokens). */
    String normalizeString(CharSequence s) {
        CodePointBuffer buf = new CodePointBuffer(s.length() + 16);
        int[] out = new int[MAX_EXPANSION];
        int[] tmp = new int[MAX_EXPANSION];
        for (int i = 0; i < s.length(); ) {
            int cp = Character.codePointAt(s, i);
            i += Character.charCount(cp);
            int n = normalize(cp, out, 0, tmp);
            for (int k = 0; k < n; k++) buf.add(out[k], stripAccents);
        }
        return buf.toString();
    }
}
