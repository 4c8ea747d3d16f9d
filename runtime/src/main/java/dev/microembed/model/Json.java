package dev.microembed.model;

import dev.microembed.json.JsonReader;
import dev.microembed.json.JsonWriter;

/**
 * The runtime's JSON for code outside the module (tools, integrations, tests): it delegates to the one reader and
 * writer in {@code dev.microembed.json}, which has the rules (strict, depth-limited, duplicate keys rejected,
 * objects as {@link java.util.LinkedHashMap}, integers as Long, other numbers as Double).
 */
public final class Json {
    private Json() {
    }

    /** Parses one JSON value from text; trailing non-whitespace is an error ({@link IllegalArgumentException}). */
    public static Object parse(String text) {
        return JsonReader.parse(text);
    }

    /** Parses one JSON value from UTF-8 bytes (validated as they are read). */
    public static Object parse(byte[] utf8) {
        return JsonReader.parse(utf8);
    }

    /** Writes a value built from Map, List, String, Number, Boolean and null; pretty when indent is true. */
    public static String write(Object v, boolean indent) {
        return JsonWriter.write(v, indent);
    }
}
