package dev.microembed.tokenizer;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The Unicode character properties the reference tokenizer (Hugging Face tokenizers 0.21.4 as
 * shipped in DJL 0.36.0) uses, loaded from {@code bert-unicode.txt} (same data as
 * {@code spec/unicode/bert-unicode.txt}). They are data, not {@link Character} calls, because the
 * Rust crates inside the reference use older Unicode versions than the JDK; the file was generated
 * by probing the reference over every code point ({@code UnicodeTableGenerator}, test scope).
 * Sets are sorted inclusive ranges plus a bitmap for the BMP; mappings are sorted key arrays.
 */
final class UnicodeTables {
    /** Orders int[] records by their first element (a class, not a lambda: lambda bootstrap slows a cold start). */
    private static final java.util.Comparator<int[]> BY_FIRST = new java.util.Comparator<>() {
        @Override
        public int compare(int[] a, int[] b) {
            return Integer.compare(a[0], b[0]);
        }
    };

    static final String RESOURCE = "bert-unicode.txt";

    /** unicode_categories' {@code is_other}: Cc, Cf, Co, Cn (of its Unicode version); clean_text drops these. */
    static final CodePointSet OTHER;
    /** Rust {@code char::is_whitespace} (White_Space). */
    static final CodePointSet WHITESPACE;
    /** BertPreTokenizer's punctuation: ASCII punctuation or unicode_categories' P*. */
    static final CodePointSet PUNCTUATION;
    /** unicode_categories' Mn, removed by strip_accents after NFD. */
    static final CodePointSet NONSPACING_MARK;
    /** Rust regex {@code \w} (used only by single_word added tokens). */
    static final CodePointSet REGEX_WORD;
    /** Rust regex {@code \s} (used only by lstrip / rstrip added tokens). */
    static final CodePointSet REGEX_SPACE;
    /** Full canonical decomposition (NFD) of code points that decompose. */
    private static final CodePointMap NFD;
    /** Rust {@code char::to_lowercase} for code points that change. */
    private static final CodePointMap LOWER;
    /** Canonical combining class, as ranges. */
    private static final int[] CCC_START, CCC_END, CCC_VALUE;
    /** Canonical combining class for the BMP. */
    private static final byte[] CCC_BMP = new byte[65536];

    static {
        Map<String, List<int[]>> ranges = new HashMap<>();
        Map<String, List<int[]>> maps = new HashMap<>();
        List<int[]> ccc = new ArrayList<>();
        byte[] text;
        try (InputStream in = UnicodeTables.class.getResourceAsStream(RESOURCE)) {
            if (in == null) throw new IllegalStateException("missing resource " + RESOURCE);
            text = in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        // parsed byte by byte (not readLine + split + parseInt): this runs on every cold start, interpreted
        int[] fields = new int[64];
        for (int p = 0, n = text.length, lineNo = 1; p < n; lineNo++) {
            int end = p;
            while (end < n && text[end] != '\n') end++;
            if (end > p && text[p] != '#') {
                int nameEnd = p;
                while (nameEnd < end && text[nameEnd] != ' ') nameEnd++;
                String name = new String(text, p, nameEnd - p, StandardCharsets.ISO_8859_1);
                int count = 0;
                for (int q = nameEnd; q < end; ) {
                    q++; // the space before a field
                    int v = 0, digits = 0;
                    for (; q < end && text[q] != ' '; q++, digits++) {
                        int d = Character.digit(text[q], 16);
                        if (d < 0 || digits == 6 || count == fields.length) throw new IllegalStateException(RESOURCE + " line " + lineNo + " is malformed");
                        v = v << 4 | d;
                    }
                    if (digits == 0) throw new IllegalStateException(RESOURCE + " line " + lineNo + " is malformed");
                    fields[count++] = v;
                }
                if (count == 0) throw new IllegalStateException(RESOURCE + " line " + lineNo + " has no code point");
                int[] v = Arrays.copyOf(fields, count);
                switch (name) {
                    case "lower", "nfd" -> maps.computeIfAbsent(name, k -> new ArrayList<>()).add(v);
                    case "ccc" -> ccc.add(v);
                    default -> ranges.computeIfAbsent(name, k -> new ArrayList<>()).add(v);
                }
            }
            p = end + 1;
        }
        OTHER = new CodePointSet(ranges.get("other"));
        WHITESPACE = new CodePointSet(ranges.get("whitespace"));
        PUNCTUATION = new CodePointSet(ranges.get("punctuation"));
        NONSPACING_MARK = new CodePointSet(ranges.get("mark_nonspacing"));
        REGEX_WORD = new CodePointSet(ranges.get("regex_word"));
        REGEX_SPACE = new CodePointSet(ranges.get("regex_space"));
        NFD = new CodePointMap(maps.get("nfd"));
        LOWER = new CodePointMap(maps.get("lower"));
        ccc.sort(BY_FIRST);
        CCC_START = new int[ccc.size()];
        CCC_END = new int[ccc.size()];
        CCC_VALUE = new int[ccc.size()];
        for (int i = 0; i < ccc.size(); i++) {
            int[] v = ccc.get(i);
            CCC_START[i] = v[0];
            CCC_END[i] = v[1];
            CCC_VALUE[i] = v[2];
            for (int c = v[0]; c <= Math.min(v[1], 0xFFFF); c++) CCC_BMP[c] = (byte) v[2];
        }
    }

    private UnicodeTables() {}

    /** HF's {@code is_chinese_char}: the CJK ideograph blocks BertNormalizer surrounds with spaces. */
    static boolean isChinese(int cp) {
        return (cp >= 0x4E00 && cp <= 0x9FFF)
                || (cp >= 0x3400 && cp <= 0x4DBF)
                || (cp >= 0x20000 && cp <= 0x2A6DF)
                || (cp >= 0x2A700 && cp <= 0x2B73F)
                || (cp >= 0x2B740 && cp <= 0x2B81F)
                || (cp >= 0x2B920 && cp <= 0x2CEAF)
                || (cp >= 0xF900 && cp <= 0xFAFF)
                || (cp >= 0x2F800 && cp <= 0x2FA1F);
    }

    /** Canonical combining class (0 for starters). */
    static int ccc(int cp) {
        if (cp < 0x10000) return CCC_BMP[cp] & 0xFF;
        int i = Arrays.binarySearch(CCC_START, cp);
        if (i < 0) i = -i - 2;
        return i >= 0 && cp <= CCC_END[i] ? CCC_VALUE[i] : 0;
    }

    /** Writes the NFD of cp into out at pos; returns the number of code points written. */
    static int decompose(int cp, int[] out, int pos) {
        if (cp >= 0xAC00 && cp <= 0xD7A3) { // Hangul syllables: algorithmic, not in the table
            int s = cp - 0xAC00;
            out[pos] = 0x1100 + s / 588;
            out[pos + 1] = 0x1161 + (s % 588) / 28;
            if (s % 28 == 0) return 2;
            out[pos + 2] = 0x11A7 + s % 28;
            return 3;
        }
        return NFD.apply(cp, out, pos);
    }

    /** Writes Rust's {@code char::to_lowercase(cp)} into out at pos; returns the count written. */
    static int lowercase(int cp, int[] out, int pos) {
        return LOWER.apply(cp, out, pos);
    }

    /** A set of code points: inclusive ranges, with a bitmap for the BMP. */
    static final class CodePointSet {
        private final long[] bmp = new long[1024];
        private final int[] start, end;

        CodePointSet(List<int[]> ranges) {
            List<int[]> rs = ranges == null ? List.of() : new ArrayList<>(ranges);
            rs.sort(BY_FIRST);
            start = new int[rs.size()];
            end = new int[rs.size()];
            for (int i = 0; i < rs.size(); i++) {
                int[] r = rs.get(i);
                start[i] = r[0];
                end[i] = r.length > 1 ? r[1] : r[0];
                for (int c = start[i]; c <= Math.min(end[i], 0xFFFF); c++) bmp[c >>> 6] |= 1L << c;
            }
        }

        boolean contains(int cp) {
            if (cp < 0x10000) return cp >= 0 && (bmp[cp >>> 6] & (1L << cp)) != 0;
            int i = Arrays.binarySearch(start, cp);
            if (i < 0) i = -i - 2;
            return i >= 0 && cp <= end[i];
        }
    }

    /** A code point to code point sequence map; absent keys map to themselves. */
    static final class CodePointMap {
        private final int[] keys, offsets, data;

        CodePointMap(List<int[]> entries) {
            List<int[]> es = entries == null ? List.of() : new ArrayList<>(entries);
            es.sort(BY_FIRST);
            keys = new int[es.size()];
            offsets = new int[es.size() + 1];
            int total = 0;
            for (int[] e : es) total += e.length - 1;
            data = new int[total];
            int p = 0;
            for (int i = 0; i < es.size(); i++) {
                int[] e = es.get(i);
                keys[i] = e[0];
                offsets[i] = p;
                for (int j = 1; j < e.length; j++) data[p++] = e[j];
            }
            offsets[es.size()] = p;
        }

        int apply(int cp, int[] out, int pos) {
            int i = Arrays.binarySearch(keys, cp);
            if (i < 0) {
                out[pos] = cp;
                return 1;
            }
            int n = offsets[i + 1] - offsets[i];
            System.arraycopy(data, offsets[i], out, pos, n);
            return n;
        }
    }
}
