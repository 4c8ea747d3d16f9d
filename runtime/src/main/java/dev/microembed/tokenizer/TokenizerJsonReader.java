package dev.microembed.tokenizer;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A strict JSON reader over the UTF-8 bytes of a tokenizer.json (decoding and validating UTF-8 as
 * it goes). Values become Map / List / String / Long / Double / Boolean / null, except
 * {@code model.vocab}: its (typically 100k+) entries are scanned straight into one char array plus
 * offset and id arrays ({@link Vocab}), so loading creates no String or boxed object per entry.
 * Duplicate keys and nesting deeper than 64 are errors; messages give the byte offset.
 */
final class TokenizerJsonReader {
    private static final int MAX_DEPTH = 64;

    /** model.vocab: key k is chars[start[k], start[k] + length[k]), id[k] its value. */
    static final class Vocab {
        char[] chars = new char[1 << 12];
        int charCount;
        int[] start = new int[256], length = new int[256], id = new int[256];
        int size;
        int maxId = -1;
    }

    private final byte[] b;
    private final int end;
    private int pos;
    private char[] buf = new char[64];

    private TokenizerJsonReader(byte[] bytes) {
        this.b = bytes;
        this.end = bytes.length;
    }

    /** Parses one JSON value from UTF-8 bytes; trailing non-whitespace is an error. */
    static Object parse(byte[] bytes) {
        TokenizerJsonReader p = new TokenizerJsonReader(bytes);
        p.skipWs();
        Object v = p.value(0, false);
        p.skipWs();
        if (p.pos != p.end) throw p.error("unexpected trailing characters");
        return v;
    }

    private IllegalArgumentException error(String what) {
        if (pos < end && b[pos] < 0 && utf8Length(pos) < 0)
            return new IllegalArgumentException("not valid UTF-8 at byte offset " + pos);
        return new IllegalArgumentException("malformed JSON at byte offset " + pos + ": " + what);
    }

    private void skipWs() {
        while (pos < end) {
            byte c = b[pos];
            if (c == ' ' || c == '\n' || c == '\r' || c == '\t') pos++;
            else break;
        }
    }

    private Object value(int depth, boolean inModel) {
        if (depth > MAX_DEPTH) throw error("nesting deeper than " + MAX_DEPTH);
        if (pos >= end) throw error("unexpected end of input");
        byte c = b[pos];
        switch (c) {
            case '{': return object(depth, inModel);
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

    private Map<String, Object> object(int depth, boolean isModel) {
        Map<String, Object> m = new LinkedHashMap<>();
        pos++;
        skipWs();
        if (pos < end && b[pos] == '}') { pos++; return m; }
        while (true) {
            skipWs();
            if (pos >= end || b[pos] != '"') throw error("expected object key");
            String k = string();
            skipWs();
            if (pos >= end || b[pos] != ':') throw error("expected ':'");
            pos++;
            skipWs();
            int before = m.size();
            Object v;
            if (depth == 1 && isModel && k.equals("vocab") && pos < end && b[pos] == '{') v = vocab();
            else v = value(depth + 1, depth == 0 && k.equals("model"));
            m.put(k, v);
            if (m.size() == before) throw error("duplicate key \"" + k + "\"");
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
            a.add(value(depth + 1, false));
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

    /** The model.vocab object, scanned into flat arrays. */
    private Vocab vocab() {
        Vocab v = new Vocab();
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
            long id = -1;
            int digits = 0;
            while (pos < end && b[pos] >= '0' && b[pos] <= '9' && digits < 12) {
                id = (digits == 0 ? 0 : id * 10) + (b[pos] - '0');
                digits++;
                pos++;
            }
            if (digits == 0 || (digits > 1 && b[numberAt] == '0') || (pos < end && isNumberChar(b[pos]))) {
                // not a plain non-negative integer: parse it generically for the error message
                pos = numberAt;
                Object o = value(2, false);
                String key = new String(v.chars, keyStart, keyLength);
                if (o instanceof Long l) throw new IllegalArgumentException("model.vocab[\"" + key + "\"] has id " + l + " out of range");
                throw new IllegalArgumentException("model.vocab[\"" + key + "\"] must be an integer");
            }
            if (id > Integer.MAX_VALUE - 16)
                throw new IllegalArgumentException("model.vocab[\"" + new String(v.chars, keyStart, keyLength) + "\"] has id " + id + " out of range");
            checkWellFormed(v.chars, keyStart, keyLength);
            if (v.size == v.start.length) {
                int cap = v.size * 2;
                v.start = Arrays.copyOf(v.start, cap);
                v.length = Arrays.copyOf(v.length, cap);
                v.id = Arrays.copyOf(v.id, cap);
            }
            v.start[v.size] = keyStart;
            v.length[v.size] = keyLength;
            v.id[v.size] = (int) id;
            v.size++;
            v.charCount = keyStart + keyLength;
            v.maxId = Math.max(v.maxId, (int) id);
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

    private static boolean isNumberChar(byte c) {
        return (c >= '0' && c <= '9') || c == '.' || c == 'e' || c == 'E' || c == '+' || c == '-';
    }

    private static void checkWellFormed(char[] s, int from, int length) {
        for (int i = from, to = from + length; i < to; i++) {
            char c = s[i];
            if (!Character.isSurrogate(c)) continue;
            if (Character.isHighSurrogate(c) && i + 1 < to && Character.isLowSurrogate(s[i + 1])) i++;
            else throw new IllegalArgumentException("model.vocab entry contains a lone surrogate");
        }
    }

    private String string() {
        Vocab sink = null;
        int n = decodeString(sink, 0);
        return new String(buf, 0, n);
    }

    /**
     * Decodes the string at pos (opening quote) into v.chars from offset at (or into buf when v is
     * null); returns its length in chars and leaves pos after the closing quote.
     */
    private int decodeString(Vocab v, int at) {
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
                pos += 2;
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
                        if (pos + 4 > end) throw error("short \\u escape");
                        int cp = 0;
                        for (int i = 0; i < 4; i++) {
                            int h = Character.digit(b[pos + i], 16);
                            if (h < 0) throw error("bad \\u escape");
                            cp = cp * 16 + h;
                        }
                        out[o++] = (char) cp;
                        pos += 4;
                    }
                    default -> {
                        pos -= 2;
                        throw error("bad escape");
                    }
                }
                continue;
            }
            if (c >= 0) throw error("control character in string");
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

    /** Length of the well-formed UTF-8 sequence (lead byte >= 0x80) at p, or -1. */
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

    private Object number() {
        int start = pos;
        boolean negative = b[pos] == '-';
        if (negative) pos++;
        boolean integral = true;
        long value = 0;
        int digits = 0;
        while (pos < end) {
            byte c = b[pos];
            if (c >= '0' && c <= '9') {
                value = value * 10 + (c - '0');
                digits++;
                pos++;
            } else if (c == '.' || c == 'e' || c == 'E' || c == '+' || c == '-') {
                integral = false;
                pos++;
            } else break;
        }
        if (integral && digits > 0 && digits <= 18 && !(digits > 1 && b[negative ? start + 1 : start] == '0'))
            return negative ? -value : value;
        String t = new String(b, start, pos - start, java.nio.charset.StandardCharsets.ISO_8859_1);
        try {
            if (integral && t.length() <= 18) return Long.parseLong(t);
            return Double.parseDouble(t);
        } catch (NumberFormatException e) {
            throw error("bad number " + t);
        }
    }
}
