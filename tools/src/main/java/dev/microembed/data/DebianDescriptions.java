package dev.microembed.data;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Debian's translated package descriptions ({@code Translation-<lang>} files, deb822 records of {@code Package:},
 * {@code Description-md5:} and {@code Description-<lang>:} with continuation lines). Every foreign file is aligned with
 * {@code Translation-en} by {@code Description-md5} (the md5 of the English description the translation was made from).
 *
 * <p>Pairs: the short descriptions (first line); and the long descriptions split into paragraphs at {@code " ."} lines:
 * when both have the same number of paragraphs, paragraphs of the same kind (prose, or a bullet list) and the same number
 * of units (sentences, {@link Text#sentences}; or a list's lead-in line and items) are paired unit by unit; other
 * paragraphs and verbatim (two-space indented, no bullets) paragraphs are skipped. Pairs whose sides are equal (untranslated) or have no letter are dropped.
 */
public final class DebianDescriptions {
    private DebianDescriptions() {}

    /** One description: short line and long-description paragraphs (each a list of raw lines, without the leading space). */
    public record Description(String pkg, String shortText, List<List<String>> paragraphs) {}

    private static final Pattern BULLET = Pattern.compile("^\\s*[-*+•o]\\s+.*");
    private static final int MAX_CHARS = 600;

    /** Parses a Translation file: md5 → description (the first record of an md5 wins). */
    public static Map<String, Description> parse(byte[] file, String name) {
        String text = new String(file, StandardCharsets.UTF_8);
        Map<String, Description> out = new LinkedHashMap<>();
        String pkg = null, md5 = null, shortText = null;
        List<String> longLines = null;
        int ln = 0;
        for (String line : (text + "\n\n").split("\n", -1)) {
            ln++;
            if (line.isEmpty()) {
                if (md5 != null && shortText != null) out.putIfAbsent(md5, new Description(pkg, shortText, paragraphs(longLines)));
                pkg = md5 = shortText = null;
                longLines = null;
                continue;
            }
            if (line.charAt(0) == ' ' || line.charAt(0) == '\t') {
                if (longLines != null) longLines.add(line.substring(1));
                continue;
            }
            int colon = line.indexOf(':');
            if (colon < 0) throw new IllegalArgumentException(name + ":" + ln + ": not a deb822 field line");
            String field = line.substring(0, colon), value = line.substring(colon + 1).strip();
            longLines = null;
            if (field.equals("Package")) pkg = value;
            else if (field.equals("Description-md5")) md5 = value;
            else if (field.startsWith("Description-")) {
                shortText = value;
                longLines = new ArrayList<>();
            }
        }
        return out;
    }

    private static List<List<String>> paragraphs(List<String> lines) {
        List<List<String>> out = new ArrayList<>();
        if (lines == null) return out;
        List<String> cur = new ArrayList<>();
        for (String l : lines) {
            if (l.strip().equals(".")) {
                if (!cur.isEmpty()) out.add(cur);
                cur = new ArrayList<>();
            } else {
                cur.add(l);
            }
        }
        if (!cur.isEmpty()) out.add(cur);
        return out;
    }

    /** A paragraph's units: {@code kind} 'p' prose sentences, 'l' list items, 'v' verbatim (not paired). */
    public record Units(char kind, List<String> units) {}

    static Units units(List<String> para) {
        boolean list = false, indented = false;
        for (String l : para) {
            if (BULLET.matcher(l).matches()) list = true;
            else if (l.startsWith(" ")) indented = true;
        }
        if (!list) return indented ? new Units('v', List.of()) : new Units('p', Text.sentences(Text.joinLines(para)));
        List<String> items = new ArrayList<>();
        List<String> cur = null;
        for (String l : para) {
            if (BULLET.matcher(l).matches()) {
                if (cur != null) items.add(Text.clean(Text.joinLines(cur)));
                cur = new ArrayList<>(List.of(l.strip().substring(1)));
            } else if (cur == null) {
                cur = new ArrayList<>(List.of(l)); // a lead-in before the first bullet ("Features:") is a unit too
            } else {
                cur.add(l);
            }
        }
        if (cur != null) items.add(Text.clean(Text.joinLines(cur)));
        return new Units('l', items);
    }

    /** The pairs of one foreign Translation file against the English descriptions, in the foreign file's order. */
    public static List<Pair> align(String lang, Map<String, Description> foreign, Map<String, Description> english) {
        return align(lang, foreign, english, new java.util.HashMap<>());
    }

    /** As {@link #align(String, Map, Map)}, with a cache of the English paragraphs' units shared across languages. */
    public static List<Pair> align(String lang, Map<String, Description> foreign, Map<String, Description> english,
            Map<String, List<Units>> englishUnits) {
        List<Pair> out = new ArrayList<>();
        for (Map.Entry<String, Description> e : foreign.entrySet()) {
            Description en = english.get(e.getKey());
            if (en == null) continue;
            Description f = e.getValue();
            add(out, lang, f.shortText(), en.shortText());
            if (f.paragraphs().size() != en.paragraphs().size()) continue;
            List<Units> enUnits = englishUnits.computeIfAbsent(e.getKey(), k -> en.paragraphs().stream().map(DebianDescriptions::units).toList());
            for (int i = 0; i < f.paragraphs().size(); i++) {
                Units fu = units(f.paragraphs().get(i)), eu = enUnits.get(i);
                if (fu.kind() != eu.kind() || fu.kind() == 'v' || fu.units().size() != eu.units().size()) continue;
                for (int k = 0; k < fu.units().size(); k++) add(out, lang, fu.units().get(k), eu.units().get(k));
            }
        }
        return out;
    }

    private static void add(List<Pair> out, String lang, String foreign, String english) {
        String f = Text.clean(foreign), e = Text.clean(english);
        if (f.isEmpty() || e.isEmpty() || f.equals(e) || !Text.hasLetter(f) || !Text.hasLetter(e)) return;
        if (f.length() > MAX_CHARS || e.length() > MAX_CHARS) return;
        out.add(new Pair(lang, f, e));
    }

    /** English sentences of the long descriptions for the corpus: prose paragraphs only (no lists, no verbatim text). */
    public static List<String> englishSentences(Map<String, Description> english) {
        List<String> out = new ArrayList<>();
        for (Description d : english.values())
            for (List<String> p : d.paragraphs()) {
                Units u = units(p);
                if (u.kind() == 'p') out.addAll(u.units());
            }
        return out;
    }
}
