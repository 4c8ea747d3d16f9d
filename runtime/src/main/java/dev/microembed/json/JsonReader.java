package dev.microembed.json;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The runtime's one JSON reader: strict RFC 8259 over UTF-8 bytes, validating the UTF-8 as it decodes.
 * Objects become {@link LinkedHashMap} (key order kept), arrays {@link ArrayList}, strings {@link String},
 * numbers {@link Long} when integral and in range, otherwise {@link Double} (correctly rounded, the same double as
 * {@link Double#parseDouble}); {@code true}/{@code false}/{@code null} become Boolean and null.
 *
 * <p>Rejected, each with one message giving line, column and byte offset: invalid UTF-8 (overlong, surrogate code
 * points, beyond U+10FFFF, truncated), a byte order mark, raw control characters in strings, unknown escapes, numbers
 * outside the JSON grammar (leading zeros, {@code 1.}, {@code .5}, {@code +1}) or beyond the double range, duplicate
 * object keys, nesting deeper than {@link #MAX_DEPTH} (so a hostile file cannot overflow the stack), trailing text.
 * An escaped lone surrogate (backslash, u, D800) is valid JSON and is kept; callers that need well-formed text
 * (tokenizer pieces) check for it. Input size is capped by the callers, who know what a file may weigh.
 *
 * <p>One object can be read as an {@link IdMap} instead of a map (tokenizer.json's {@code model.vocab}: 100k+
 * entries scanned straight into flat arrays, no String or boxed value per entry), see {@link #parse(byte[], String...)}.
 */
public final class JsonReader {
    /** Deepest nesting of arrays and objects accepted. */
    public static final int MAX_DEPTH = 64;

    /**
     * An object of string keys to non-negative integers (up to {@code Integer.MAX_VALUE - 16}), read into flat
     * arrays: key k is {@code chars[start[k], start[k] + length[k])}, {@code id[k]} its value; {@code size} keys,
     * the largest value {@code maxId} (-1 when empty). Keys are well-formed UTF-16 (no lone surrogate). Duplicate
     * keys are kept in file order (a map would keep the last; Hugging Face's reader does too), the consumer decides.
     * Filled by the reader; treat it as read-only afterwards.
     */
    public static final class IdMap {
        public char[] chars = new char[1 << 12];
        public int charCount;
        public int[] start = new int[256], length = new int[256], id = new int[256];
        public int size;
        public int maxId = -1;

        private void add(int keyStart, int keyLength, int value) {
            if (size == start.length) {
                int cap = size * 2;
                start = Arrays.copyOf(start, cap);
                length = Arrays.copyOf(length, cap);
                id = Arrays.copyOf(id, cap);
            }
            start[size] = keyStart;
            length[size] = keyLength;
            id[size] = value;
            size++;
            charCount = keyStart + keyLength;
            maxId = Math.max(maxId, value);
        }
    }

    /** 10^0 … 10^22: every one is exact in a double (the limit of the exact fast path in {@link #number}). */
    private static final double[] POW10 = new double[23];
    static {
        double p = 1;
        for (int i = 0; i < POW10.length; i++, p *= 10) POW10[i] = p;
    }

    private final byte[] b;
    private final int end;
    private final String[] idMapPath;
    private int pos;
    private char[] buf = new char[64];

    private JsonReader(byte[] bytes, String[] idMapPath) {
        this.b = bytes;
        this.end = bytes.length;
        this.idMapPath = idMapPath;
    }

    /** Parses one JSON value from UTF-8 bytes; trailing non-whitespace is an error. */
    public static Object parse(byte[] utf8) {
        return parse(utf8, new String[0]);
    }

    /**
     * As {@link #parse(byte[])}, but the object reached from the root by the keys of {@code idMapPath} (for example
     * {@code "model", "vocab"}) is read as an {@link IdMap}. A value there that is not an object is read as usual.
     */
    public static Object parse(byte[] utf8, String... idMapPath) {
        JsonReader p = new JsonReader(utf8, idMapPath);
        if (utf8.length >= 3 && (utf8[0] & 0xFF) == 0xEF && (utf8[1] & 0xFF) == 0xBB && (utf8[2] & 0xFF) == 0xBF)
            throw p.error("starts with a byte order mark (JSON text is plain UTF-8)");
        p.skipWs();
        Object v = p.value(0, idMapPath.length == 0 ? -1 : 0);
        p.skipWs();
        if (p.pos != p.end) throw p.error("unexpected trailing characters");
        return v;
    }

    /**
     * Parses JSON held in a String (as read by {@code Files.readString}); positions in errors count the text's UTF-8
     * bytes, lines and code points. A lone surrogate char cannot be UTF-8 and is an error.
     */
    public static Object parse(String text) {
        int at = loneSurrogateAt(text); // (getBytes would silently write it as '?')
        if (at >= 0) throw new IllegalArgumentException("JSON text contains a lone surrogate at char offset " + at);
        return parse(text.getBytes(StandardCharsets.UTF_8));
    }

    private static int loneSurrogateAt(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) i++;
            else if (Character.isSurrogate(c)) return i;
        }
        return -1;
    }

    // ---------------------------------------------------------------- errors

    /** "line L, column C (byte offset N)" of pos; the column counts code points. Computed only for a message. */
    private String where() {
        int line = 1, column = 1;
        for (int i = 0; i < pos && i < end; i++) {
            if (b[i] == '\n') {
                line++;
                column = 1;
            } else if ((b[i] & 0xC0) != 0x80) column++; // not a UTF-8 continuation byte
        }
        return "line " + line + ", column " + column + " (byte offset " + pos + ")";
    }

    private IllegalArgumentException error(String what) {
        if (pos < end && b[pos] < 0 && utf8Length(pos) < 0)
            return new IllegalArgumentException("not valid UTF-8 at " + where());
        return new IllegalArgumentException("malformed JSON at " + where() + ": " + what);
    }

    // ---------------------------------------------------------------- values

    private void skipWs() {
        while (pos < end) {
            byte c = b[pos];
            if (c == ' ' || c == '\n' || c == '\r' || c == '\t') pos++;
            else break;
        }
    }

    /** pathMatched: how many keys of idMapPath lead here from the root, or -1 when this value is off that path. */
    private Object value(int depth, int pathMatched) {
        if (depth > MAX_DEPTH) throw error("nesting deeper than " + MAX_DEPTH);
        if (pos >= end) throw error("unexpected end of input");
        byte c = b[pos];
        switch (c) {
            case '{': return object(depth, pathMatched);
            case '[': return array(depth);
            case '"': return string();
            case 't': return literal("true", Boolean.TRUE);
            case 'f': return literal("false", Boolean.FALSE);
            case 'n': return literal("null", null);
            default:
                if (c == '-' || (c >= '0' && c <= '9')) return number();
                throw error("unexpected character");
        }
    }

    private Object literal(String word, Object v) {
        for (int i = 0; i < word.length(); i++)
            if (pos + i >= end || b[pos + i] != word.charAt(i)) throw error("expected " + word);
        pos += word.length();
        return v;
    }

    private Map<String, Object> object(int depth, int pathMatched) {
        Map<String, Object> m = new LinkedHashMap<>();
        pos++;
        skipWs();
        if (pos < end && b[pos] == '}') { pos++; return m; }
        while (true) {
            skipWs();
            if (pos >= end || b[pos] != '"') throw error("expected object key");
            int keyAt = pos;
            String k = string();
            skipWs();
            if (pos >= end || b[pos] != ':') throw error("expected ':'");
            pos++;
            skipWs();
            int childMatched = pathMatched >= 0 && pathMatched < idMapPath.length && k.equals(idMapPath[pathMatched]) ? pathMatched + 1 : -1;
            int before = m.size();
            if (childMatched == idMapPath.length && pos < end && b[pos] == '{') m.put(k, idMap(depth + 1));
            else m.put(k, value(depth + 1, childMatched)); // one hash lookup; an unchanged size means the key was already there
            if (m.size() == before) {
                pos = keyAt;
                throw error("duplicate key \"" + k + "\"");
            }
            skipWs();
            if (pos >= end) throw error("unterminated object");
            byte c = b[pos++];
            if (c == '}') return m;
            if (c != ',') {
                pos--;
                throw error("expected ',' or '}'");
            }
        }
    }

    private List<Object> array(int depth) {
        List<Object> a = new ArrayList<>();
        pos++;
        skipWs();
        if (pos < end && b[pos] == ']') { pos++; return a; }
        while (true) {
            skipWs();
            a.add(value(depth + 1, -1));
            skipWs();
            if (pos >= end) throw error("unterminated array");
            byte c = b[pos++];
            if (c == ']') return a;
            if (c != ',') {
                pos--;
                throw error("expected ',' or ']'");
            }
        }
    }

    /** The object at idMapPath, scanned into flat arrays. */
    private IdMap idMap(int depth) {
        IdMap v = new IdMap();
        pos++;
        skipWs();
        if (pos < end && b[pos] == '}') { pos++; return v; }
        while (true) {
            skipWs();
            if (pos >= end || b[pos] != '"') throw error("expected object key");
            int keyStart = v.charCount;
            int keyLength = decodeString(v, keyStart);
            skipWs();
            if (pos >= end || b[pos] != ':') throw error("expected ':'");
            pos++;
            skipWs();
            int numberAt = pos;
            long id = 0;
            int digits = 0;
            while (pos < end && b[pos] >= '0' && b[pos] <= '9' && digits < 12) {
                id = id * 10 + (b[pos] - '0');
                digits++;
                pos++;
            }
            if (digits == 0 || (digits > 1 && b[numberAt] == '0') || (pos < end && isNumberChar(b[pos]))) {
                // not a plain non-negative integer: read it as a value (a syntax error says so), then say what is wrong
                pos = numberAt;
                Object o = value(depth + 1, -1);
                pos = numberAt;
                String key = new String(v.chars, keyStart, keyLength);
                if (o instanceof Long l) throw new IllegalArgumentException(idMapEntry(key) + " has id " + l + " out of range, at " + where());
                throw new IllegalArgumentException(idMapEntry(key) + " must be an integer, at " + where());
            }
            if (id > Integer.MAX_VALUE - 16) {
                pos = numberAt;
                throw new IllegalArgumentException(idMapEntry(new String(v.chars, keyStart, keyLength)) + " has id " + id + " out of range, at " + where());
            }
            if (hasLoneSurrogate(v.chars, keyStart, keyLength)) {
                pos = numberAt;
                throw new IllegalArgumentException(String.join(".", idMapPath) + " has a key with a lone surrogate, before " + where());
            }
            v.add(keyStart, keyLength, (int) id);
            skipWs();
            if (pos >= end) throw error("unterminated object");
            byte c = b[pos++];
            if (c == '}') return v;
            if (c != ',') {
                pos--;
                throw error("expected ',' or '}'");
            }
        }
    }

    private String idMapEntry(String key) {
        return String.join(".", idMapPath) + "[\"" + key + "\"]";
    }

    private static boolean isNumberChar(byte c) {
        return (c >= '0' && c <= '9') || c == '.' || c == 'e' || c == 'E' || c == '+' || c == '-';
    }

    private static boolean hasLoneSurrogate(char[] s, int from, int length) {
        for (int i = from, to = from + length; i < to; i++) {
            char c = s[i];
            if (!Character.isSurrogate(c)) continue;
            if (Character.isHighSurrogate(c) && i + 1 < to && Character.isLowSurrogate(s[i + 1])) i++;
            else return true;
        }
        return false;
    }

    // ---------------------------------------------------------------- strings

    private String string() {
        int n = decodeString(null, 0);
        return new String(buf, 0, n);
    }

    /**
     * Decodes the string at pos (its opening quote) into v.chars from offset at (into buf when v is null); returns
     * its length in chars and leaves pos after the closing quote.
     */
    private int decodeString(IdMap v, int at) {
        char[] out = v == null ? buf : v.chars;
        int o = at;
        pos++;
        byte[] b = this.b;
        while (true) {
            if (out.length - o < 2) {
                out = Arrays.copyOf(out, out.length * 2 + 16);
                if (v == null) buf = out;
                else v.chars = out;
            }
            if (pos >= end) throw error("unterminated string");
            int c = b[pos];
            if (c >= 0x20 && c != '"' && c != '\\') { // printable ASCII (bytes >= 0x80 are negative)
                out[o++] = (char) c;
                pos++;
                continue;
            }
            if (c == '"') {
                pos++;
                return o - at;
            }
            if (c == '\\') {
                if (pos + 1 >= end) throw error("unterminated escape");
                byte e = b[pos + 1];
                switch (e) {
                    case '"' -> out[o++] = '"';
                    case '\\' -> out[o++] = '\\';
                    case '/' -> out[o++] = '/';
                    case 'b' -> out[o++] = '\b';
                    case 'f' -> out[o++] = '\f';
                    case 'n' -> out[o++] = '\n';
                    case 'r' -> out[o++] = '\r';
                    case 't' -> out[o++] = '\t';
                    case 'u' -> {
                        if (pos + 6 > end) throw error("short \\u escape");
                        int unit = 0;
                        for (int i = 2; i < 6; i++) {
                            int h = hexDigit(b[pos + i]);
                            if (h < 0) throw error("bad \\u escape (four hex digits expected)");
                            unit = unit << 4 | h;
                        }
                        out[o++] = (char) unit;
                        pos += 4;
                    }
                    default -> throw error("bad escape (JSON has \\\" \\\\ \\/ \\b \\f \\n \\r \\t \\uXXXX)");
                }
                pos += 2;
                continue;
            }
            if (c >= 0) throw error("control character in string (write it as a \\u escape)");
            int len = utf8Length(pos);
            if (len < 0) throw error("not valid UTF-8");
            int cp;
            if (len == 2) cp = (c & 0x1F) << 6 | (b[pos + 1] & 0x3F);
            else if (len == 3) cp = (c & 0x0F) << 12 | (b[pos + 1] & 0x3F) << 6 | (b[pos + 2] & 0x3F);
            else cp = (c & 0x07) << 18 | (b[pos + 1] & 0x3F) << 12 | (b[pos + 2] & 0x3F) << 6 | (b[pos + 3] & 0x3F);
            pos += len;
            if (cp < 0x10000) out[o++] = (char) cp;
            else {
                out[o++] = Character.highSurrogate(cp);
                out[o++] = Character.lowSurrogate(cp);
            }
        }
    }

    private static int hexDigit(byte c) {
        if (c >= '0' && c <= '9') return c - '0';
        if (c >= 'a' && c <= 'f') return c - 'a' + 10;
        if (c >= 'A' && c <= 'F') return c - 'A' + 10;
        return -1;
    }

    /** Length of the well-formed UTF-8 sequence (lead byte >= 0x80) at p, or -1 (RFC 3629: no overlong, no surrogates). */
    private int utf8Length(int p) {
        int c = b[p] & 0xFF;
        int n, lo = 0x80, hi = 0xBF;
        if (c >= 0xC2 && c <= 0xDF) n = 2;
        else if (c >= 0xE0 && c <= 0xEF) {
            n = 3;
            if (c == 0xE0) lo = 0xA0;
            else if (c == 0xED) hi = 0x9F; // no surrogates
        } else if (c >= 0xF0 && c <= 0xF4) {
            n = 4;
            if (c == 0xF0) lo = 0x90;
            else if (c == 0xF4) hi = 0x8F;
        } else return -1;
        if (p + n > end) return -1;
        int c1 = b[p + 1] & 0xFF;
        if (c1 < lo || c1 > hi) return -1;
        for (int i = 2; i < n; i++) if ((b[p + i] & 0xC0) != 0x80) return -1;
        return n;
    }

    // ---------------------------------------------------------------- numbers

    /**
     * A number as RFC 8259 writes it: {@code -? (0 | [1-9][0-9]*) (. [0-9]+)? ([eE] [+-]? [0-9]+)?}. An integer that
     * fits a long is a Long; anything else a Double rounded exactly as {@link Double#parseDouble}: a decimal with at
     * most 15 significant digits and a power of ten within 10^±22 is one exact IEEE multiplication or division of two
     * exact doubles, hence correctly rounded (Clinger's fast path: the shortest decimals of float scores in Unigram
     * vocabularies take it); every other one goes to {@link Double#parseDouble}.
     */
    private Object number() {
        int start = pos;
        boolean negative = b[pos] == '-';
        if (negative) pos++;
        long significand = 0; // the first 19 significant digits (only up to 15 are used as they are)
        int significantDigits = 0; // all digits from the first non-zero one
        if (pos < end && b[pos] == '0') pos++;
        else if (pos < end && b[pos] >= '1' && b[pos] <= '9') {
            while (pos < end && b[pos] >= '0' && b[pos] <= '9') {
                if (significantDigits < 19) significand = significand * 10 + (b[pos] - '0');
                significantDigits++;
                pos++;
            }
        } else throw error("bad number (a digit must follow '-')");
        boolean integral = true;
        int fractionDigits = 0; // digits after the point up to the last one kept in significand
        if (pos < end && b[pos] == '.') {
            integral = false;
            pos++;
            int digitsAt = pos;
            while (pos < end && b[pos] >= '0' && b[pos] <= '9') {
                int d = b[pos] - '0';
                if (significantDigits == 0 && d == 0) fractionDigits++; // the zeros of 0.000x
                else {
                    if (significantDigits < 19) {
                        significand = significand * 10 + d;
                        fractionDigits++;
                    }
                    significantDigits++;
                }
                pos++;
            }
            if (pos == digitsAt) throw error("bad number (a digit must follow '.')");
        }
        long exponent = 0;
        if (pos < end && (b[pos] == 'e' || b[pos] == 'E')) {
            integral = false;
            pos++;
            boolean negativeExponent = false;
            if (pos < end && (b[pos] == '+' || b[pos] == '-')) negativeExponent = b[pos++] == '-';
            int digitsAt = pos;
            while (pos < end && b[pos] >= '0' && b[pos] <= '9') {
                if (exponent < 1_000_000_000L) exponent = exponent * 10 + (b[pos] - '0'); // beyond: 0 or infinity anyway
                pos++;
            }
            if (pos == digitsAt) throw error("bad number (a digit must follow the exponent)");
            if (negativeExponent) exponent = -exponent;
        }
        if (pos < end && isNumberChar(b[pos]))
            throw error(integral && b[negative ? start + 1 : start] == '0' ? "bad number (no leading zeros)" : "bad number");

        if (integral && significantDigits <= 18) return negative ? -significand : significand;
        if (!integral && significantDigits <= 15) {
            if (significand == 0) return negative ? -0.0 : 0.0;
            long powerOfTen = exponent - fractionDigits;
            if (powerOfTen >= -22 && powerOfTen <= 22) {
                double v = powerOfTen < 0 ? significand / POW10[(int) -powerOfTen] : significand * POW10[(int) powerOfTen];
                return negative ? -v : v;
            }
        }
        String text = new String(b, start, pos - start, StandardCharsets.ISO_8859_1);
        if (integral && significantDigits == 19) {
            try {
                return Long.parseLong(text);
            } catch (NumberFormatException beyondLong) {
                // a Double, as every longer integer
            }
        }
        double v = Double.parseDouble(text); // the grammar above is a subset of what parseDouble accepts
        if (Double.isInfinite(v)) {
            pos = start;
            throw error("number " + (text.length() > 40 ? text.substring(0, 40) + "…" : text) + " is beyond the double range");
        }
        return v;
    }
}
