package dev.microembed.data;

import dev.microembed.model.Json;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * CLDR emoji annotations (npm {@code cldr-annotations-full}, {@code cldr-annotations-derived-full}):
 * {@code annotations[Derived]/<locale>/annotations.json} = {@code {"annotations": {"identity": ..., "annotations":
 * {"😀": {"default": [keywords...], "tts": ["name"]}}}}} (top-level key {@code annotationsDerived} in derived files). A pair is the locale's {@code tts} name of an emoji and the
 * English ({@code en}) one, e.g. {@code grinsendes Gesicht} ↔ {@code grinning face}; derived files give the
 * compositional names (skin tones, flags: {@code Flagge: Deutschland} ↔ {@code flag: Germany}). Keywords are not paired:
 * each locale lists them alphabetically and with a different number of entries, so the first keyword of two locales is
 * usually not the same concept. Inherited values ({@code ↑↑↑}) and names equal to the English one are dropped.
 */
public final class CldrAnnotations {
    private CldrAnnotations() {}

    /** emoji → tts name of one annotations.json. */
    @SuppressWarnings("unchecked")
    public static Map<String, String> names(byte[] json, String name) {
        Object root;
        try {
            root = Json.parse(new String(json, StandardCharsets.UTF_8));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(name + ": " + e.getMessage(), e);
        }
        Object a = root instanceof Map<?, ?> m ? (m.containsKey("annotations") ? m.get("annotations") : m.get("annotationsDerived")) : null;
        if (!(a instanceof Map<?, ?> top)) throw new IllegalArgumentException(name + ": no \"annotations\" or \"annotationsDerived\" object");
        Map<String, String> out = new LinkedHashMap<>();
        Object b = top.get("annotations");
        if (b == null) return out; // a locale with an identity only (no names yet)
        if (!(b instanceof Map<?, ?> map)) throw new IllegalArgumentException(name + ": annotations.annotations is not an object");
        for (Map.Entry<?, ?> e : map.entrySet()) {
            if (!(e.getValue() instanceof Map<?, ?> v)) continue;
            Object tts = v.get("tts");
            if (tts instanceof List<?> l && !l.isEmpty() && l.get(0) instanceof String s) {
                s = Text.clean(s);
                if (!s.isEmpty() && !s.equals("↑↑↑")) out.put((String) e.getKey(), s);
            }
        }
        return out;
    }

    /** Pairs of one locale's names against the English names, in the locale file's order. */
    public static List<Pair> pairs(String lang, Map<String, String> foreign, Map<String, String> english) {
        List<Pair> out = new ArrayList<>();
        for (Map.Entry<String, String> e : foreign.entrySet()) {
            String en = english.get(e.getKey());
            if (en == null || en.equals(e.getValue()) || !Text.hasLetter(e.getValue()) || !Text.hasLetter(en)) continue;
            out.add(new Pair(lang, e.getValue(), en));
        }
        return out;
    }
}
