package dev.microembed.json;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Writes JSON that {@link JsonReader} reads back to an equal value: Map, List, String, Number, Boolean, null, and
 * int[] / long[] as arrays. The output is always valid UTF-8 JSON: control characters and lone surrogates are
 * written as hex escapes, and NaN or infinity (which JSON cannot hold) are an error.
 */
public final class JsonWriter {
    private JsonWriter() {
    }

    /** Writes a value built from Map, List, String, Number, Boolean and null; pretty when indent is true. */
    public static String write(Object v, boolean indent) {
        StringBuilder b = new StringBuilder();
        write(b, v, indent ? 0 : -1);
        return b.toString();
    }

    private static void write(StringBuilder b, Object v, int level) {
        if (v == null) b.append("null");
        else if (v instanceof String str) quote(b, str);
        else if (v instanceof Boolean || v instanceof Integer || v instanceof Long || v instanceof Short || v instanceof Byte) b.append(v);
        else if (v instanceof Number n) {
            double d = n.doubleValue();
            if (Double.isNaN(d) || Double.isInfinite(d)) throw new IllegalArgumentException("JSON cannot hold " + d);
            if (v instanceof Float f) b.append(Float.toString(f)); else b.append(Double.toString(d));
        } else if (v instanceof Map<?, ?> m) {
            b.append('{');
            boolean first = true;
            for (Map.Entry<?, ?> e : m.entrySet()) {
                if (!first) b.append(',');
                first = false;
                if (level >= 0) newline(b, level + 1); // compact output (level -1) stays on one line
                quote(b, String.valueOf(e.getKey()));
                b.append(level >= 0 ? ": " : ":");
                write(b, e.getValue(), level >= 0 ? level + 1 : -1);
            }
            if (!m.isEmpty()) newline(b, level);
            b.append('}');
        } else if (v instanceof List<?> l) {
            b.append('[');
            for (int i = 0; i < l.size(); i++) {
                if (i > 0) b.append(level >= 0 ? ", " : ",");
                write(b, l.get(i), level >= 0 ? level + 1 : -1);
            }
            b.append(']');
        } else if (v instanceof int[] a) {
            List<Object> l = new ArrayList<>();
            for (int x : a) l.add(x);
            write(b, l, level);
        } else if (v instanceof long[] a) {
            List<Object> l = new ArrayList<>();
            for (long x : a) l.add(x);
            write(b, l, level);
        } else throw new IllegalArgumentException("cannot write " + v.getClass() + " as JSON");
    }

    private static void newline(StringBuilder b, int level) {
        if (level < 0) return;
        b.append('\n');
        for (int i = 0; i < level; i++) b.append("  ");
    }

    private static void quote(StringBuilder b, String str) {
        b.append('"');
        for (int i = 0; i < str.length(); i++) {
            char c = str.charAt(i);
            switch (c) {
                case '"': b.append("\\\""); break;
                case '\\': b.append("\\\\"); break;
                case '\n': b.append("\\n"); break;
                case '\r': b.append("\\r"); break;
                case '\t': b.append("\\t"); break;
                default:
                    // Escape controls and lone surrogates so the output is always valid UTF-8 JSON.
                    if (c < 0x20 || (Character.isSurrogate(c) && !validPair(str, i))) b.append(String.format("\\u%04x", (int) c));
                    else b.append(c);
            }
        }
        b.append('"');
    }

    private static boolean validPair(String s, int i) {
        char c = s.charAt(i);
        if (Character.isHighSurrogate(c)) return i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1));
        return i > 0 && Character.isHighSurrogate(s.charAt(i - 1));
    }
}
