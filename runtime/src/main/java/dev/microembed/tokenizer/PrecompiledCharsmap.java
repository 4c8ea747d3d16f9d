package dev.microembed.tokenizer;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.text.BreakIterator;

/**
 * Hugging Face's {@code Precompiled} normalizer: SentencePiece's compiled normalisation rules (e.g. {@code nmt_nfkc}),
 * stored as {@code precompiled_charsmap}: a little-endian u32 byte length of a darts-clone double-array trie, that
 * many bytes of trie units, then a blob of NUL-terminated replacement strings. The trie maps UTF-8 byte sequences to
 * blob offsets. As the reference ({@code spm_precompiled}): per extended grapheme cluster, a cluster of fewer than
 * 6 UTF-8 bytes whose bytes start with a key is replaced whole by the replacement of the SHORTEST such key;
 * otherwise each code point is looked up the same way and replaced, or kept.
 */
final class PrecompiledCharsmap implements TextNormalizer {
    private final int[] units;
    private final byte[] normalized;
    /** Per BMP code point: its replacement alone, NO_RULE, or null until first needed (racy but idempotent). */
    private final String[] single = new String[65536];
    private static final String NO_RULE = new String("no rule"); // compared by identity

    PrecompiledCharsmap(byte[] charsmap) {
        if (charsmap.length < 4) throw new IllegalArgumentException("precompiled_charsmap is shorter than its 4-byte header");
        ByteBuffer b = ByteBuffer.wrap(charsmap).order(ByteOrder.LITTLE_ENDIAN);
        long trieBytes = b.getInt() & 0xFFFFFFFFL;
        if (trieBytes % 4 != 0 || trieBytes > charsmap.length - 4L)
            throw new IllegalArgumentException("precompiled_charsmap: trie size " + trieBytes + " does not fit the " + charsmap.length + "-byte blob");
        units = new int[(int) (trieBytes / 4)];
        for (int i = 0; i < units.length; i++) units[i] = b.getInt();
        normalized = new byte[charsmap.length - 4 - (int) trieBytes];
        b.get(normalized);
        if (units.length == 0) throw new IllegalArgumentException("precompiled_charsmap has an empty trie");
    }

    private static boolean hasLeaf(int unit) {
        return ((unit >>> 8) & 1) == 1;
    }

    private static int value(int unit) {
        return unit & 0x7FFFFFFF;
    }

    private static int label(int unit) {
        return unit & 0x800000FF;
    }

    private static int offset(int unit) {
        return (unit >>> 10) << ((unit & (1 << 9)) >>> 6);
    }

    /** Blob offset of the shortest key that prefixes utf8[from, to), or -1 (darts-clone's common prefix search, first result). */
    private int shortestPrefix(byte[] utf8, int from, int to) {
        int[] u = units;
        int pos = 0;
        pos ^= offset(u[0]);
        for (int i = from; i < to; i++) {
            int c = utf8[i] & 0xFF;
            if (c == 0) return -1;
            pos ^= c;
            if (pos < 0 || pos >= u.length) return -1; // a hostile trie: no match rather than a crash
            int unit = u[pos];
            if (label(unit) != c) return -1;
            pos ^= offset(unit);
            if (pos < 0 || pos >= u.length) return -1;
            if (hasLeaf(unit)) return value(u[pos]);
        }
        return -1;
    }

    /** The NUL-terminated replacement at offset, or null when the offset is outside the blob. */
    private String replacement(int at) {
        if (at < 0 || at >= normalized.length) return null;
        int end = at;
        while (end < normalized.length && normalized[end] != 0) end++;
        return new String(normalized, at, end - at, StandardCharsets.UTF_8);
    }

    private String transform(String chunk) {
        byte[] utf8 = chunk.getBytes(StandardCharsets.UTF_8);
        int at = shortestPrefix(utf8, 0, utf8.length);
        return at < 0 ? null : replacement(at);
    }

    /** The replacement of one BMP code point (cached), or null. */
    private String transformChar(char c) {
        String r = single[c];
        if (r == null) {
            String t = transform(String.valueOf(c));
            r = t == null ? NO_RULE : t;
            single[c] = r;
        }
        return r == NO_RULE ? null : r;
    }

    @Override
    public String normalize(String s) {
        if (s.isEmpty()) return s;
        // printable ASCII and tab/newline (no CR: CR LF is one grapheme): every char is a grapheme of its own
        boolean simple = true;
        for (int i = 0; i < s.length() && simple; i++) {
            char c = s.charAt(i);
            simple = c < 0x80 && c != '\r';
        }
        if (simple) {
            StringBuilder out = null;
            for (int i = 0; i < s.length(); i++) {
                char c = s.charAt(i);
                String r = transformChar(c);
                if (r != null && !(r.length() == 1 && r.charAt(0) == c)) {
                    if (out == null) out = new StringBuilder(s.length() + 8).append(s, 0, i);
                    out.append(r);
                } else if (out != null) out.append(c);
            }
            return out == null ? s : out.toString();
        }
        StringBuilder out = new StringBuilder(s.length() + 8);
        BreakIterator graphemes = BreakIterator.getCharacterInstance(java.util.Locale.ROOT);
        graphemes.setText(s);
        int start = graphemes.first();
        for (int end = graphemes.next(); end != BreakIterator.DONE; start = end, end = graphemes.next()) {
            if (end - start == 1 && !Character.isSurrogate(s.charAt(start))) {
                String r = transformChar(s.charAt(start));
                if (r != null) out.append(r);
                else out.append(s.charAt(start));
                continue;
            }
            String g = s.substring(start, end);
            if (utf8Length(g) < 6) {
                String r = transform(g);
                if (r != null) {
                    out.append(r);
                    continue;
                }
            }
            for (int i = 0; i < g.length(); ) {
                int cp = g.codePointAt(i);
                int n = Character.charCount(cp);
                String r = transform(g.substring(i, i + n));
                if (r != null) out.append(r);
                else out.appendCodePoint(cp);
                i += n;
            }
        }
        return out.toString();
    }

    private static int utf8Length(String s) {
        int n = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < 0x80) n++;
            else if (c < 0x800) n += 2;
            else if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
                n += 4;
                i++;
            } else n += 3;
        }
        return n;
    }
}
