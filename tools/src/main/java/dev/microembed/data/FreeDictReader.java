package dev.microembed.data;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * FreeDict dictionaries in dictd format ({@code freedict-eng-xxx} and {@code freedict-xxx-eng}) → word/phrase pairs.
 *
 * <p>An entry is a headword line ({@code headword /ipa/ <pos>}, Japanese: {@code [tags] 漢字 /ipa/, かな /ipa/}) and
 * translation lines: numbered senses ({@code 1. a, b}) or one unnumbered sense ({@code a <masc>, b <fem> [domain]});
 * a line after a sense's translation line is a gloss and ignored, as are {@code Note:}, {@code Synonym(s):},
 * {@code Antonym(s):} and {@code see:} lines. Quoted examples {@code "phrase"  - translation} (the quoted side in the
 * headword's language) are kept as phrase/sentence pairs. From a sense, {@code /ipa/}, {@code <...>}, {@code [...]},
 * {@code (...)} and {@code {...}} are removed and the rest is split on {@code ,} and {@code ;}; at most the first 2
 * translations of the first 2 senses are kept, each of at most 6 words, with letters, not ending in a stray sense
 * number, and not equal to the headword; pairs whose English side is only function words ({@code the}, {@code of},
 * {@code as is}, {@code the ... the}: no one-to-one translation, and the Wiktionary-derived dictionaries list fragments
 * for them) are dropped.
 * For {@code eng-xxx} the headword is English, for {@code xxx-eng} foreign.
 */
public final class FreeDictReader {
    private FreeDictReader() {}

    public record Result(String lang, List<Pair> pairs, int entries, int examples) {}

    private static final Pattern NAME = Pattern.compile("freedict-([a-z]{3})-([a-z]{3})");
    private static final Pattern SENSE = Pattern.compile("^(\\d+)\\.\\s*(.*)$");
    private static final Pattern SKIP = Pattern.compile("(?i)^(notes?|synonyms?|antonyms?|see( also)?|plural|usage|syn)\\s*:.*");
    private static final Pattern EXAMPLE = Pattern.compile("^\"(.+)\"\\s+-\\s+(.+)$");
    /** English function words: a pair whose English side has nothing else is dropped (no 1:1 translation). */
    static final java.util.Set<String> FUNCTION_WORDS = java.util.Set.of("the", "a", "an", "of", "to", "and", "or", "in", "on",
            "at", "by", "for", "with", "from", "as", "that", "than", "but", "if", "so", "it", "its", "is", "are", "be", "was",
            "were", "been", "not", "there", "then");

    static boolean onlyFunctionWords(String english) {
        for (String w : EnglishCorpus.words(english)) if (!FUNCTION_WORDS.contains(w)) return false;
        return true;
    }
    private static final Pattern TRAILING_NUMBER = Pattern.compile(".*\\s\\d+$");
    private static final Pattern IPA = Pattern.compile("/+[^/]*/+");
    private static final Pattern ITEM_SEPARATORS = Pattern.compile("[,;，；、]");
    private static final int MAX_WORDS = 6, SENSES = 2, PER_SENSE = 2;

    /** The (foreign language code, English is the headword) of {@code freedict-a-b}; null when it is not English ↔ xxx. */
    public static String[] direction(String baseName) {
        Matcher m = NAME.matcher(baseName);
        if (!m.matches()) return null;
        if (m.group(1).equals("eng") && !m.group(2).equals("eng")) return new String[] {m.group(2), "eng-first"};
        if (m.group(2).equals("eng") && !m.group(1).equals("eng")) return new String[] {m.group(1), "foreign-first"};
        return null;
    }

    public static Result read(byte[] index, byte[] dictDz, String baseName) {
        String[] dir = direction(baseName);
        if (dir == null) throw new IllegalArgumentException(baseName + ": not a freedict-eng-xxx or freedict-xxx-eng dictionary");
        String lang = Languages.iso3(dir[0]);
        if (lang == null) throw new IllegalArgumentException(baseName + ": unknown language code " + dir[0]);
        boolean englishHead = dir[1].equals("eng-first");
        List<Pair> pairs = new ArrayList<>();
        int entries = 0, examples = 0;
        for (DictdReader.Entry e : DictdReader.read(index, dictDz, baseName)) {
            entries++;
            String[] lines = e.text().split("\n");
            String head = headword(lines[0]);
            if (head.isEmpty() || !Text.hasLetter(head) || Text.words(head) > MAX_WORDS) continue;
            if (englishHead && onlyFunctionWords(head)) continue;
            List<String> senses = new ArrayList<>();
            boolean lastEmpty = false;
            for (int i = 1; i < lines.length; i++) {
                String t = lines[i].strip();
                if (t.isEmpty()) continue;
                if (t.charAt(0) == '"') {
                    Matcher ex = EXAMPLE.matcher(t);
                    if (ex.matches()) {
                        String quoted = Text.clean(ex.group(1)), other = Text.clean(ex.group(2));
                        if (phrase(quoted) && phrase(other) && !quoted.equals(other)) {
                            pairs.add(englishHead ? new Pair(lang, other, quoted) : new Pair(lang, quoted, other));
                            examples++;
                        }
                    }
                    continue;
                }
                char c0 = Character.toLowerCase(t.charAt(0));
                if ((c0 == 'n' || c0 == 's' || c0 == 'a' || c0 == 'p' || c0 == 'u') && t.indexOf(':') > 0 && SKIP.matcher(t).matches()) continue;
                Matcher sm = Character.isDigit(t.charAt(0)) ? SENSE.matcher(t) : null;
                if (sm != null && sm.matches()) {
                    senses.add(sm.group(2));
                    lastEmpty = stripMarkup(sm.group(2)).isBlank();
                } else if (senses.isEmpty()) {
                    senses.add(t);
                    lastEmpty = stripMarkup(t).isBlank();
                } else if (lastEmpty) {
                    senses.set(senses.size() - 1, t);
                    lastEmpty = stripMarkup(t).isBlank();
                } // else: a gloss line after the translation line
            }
            for (int s = 0; s < Math.min(SENSES, senses.size()); s++) {
                String sense = senses.get(s);
                if (sense.contains("(bak.)") || sense.toLowerCase(Locale.ROOT).startsWith("see ")) continue;
                int taken = 0;
                for (String item : items(sense)) {
                    if (taken == PER_SENSE) break;
                    if (item.equalsIgnoreCase(head)) continue;
                    if (!englishHead && onlyFunctionWords(item)) continue;
                    pairs.add(englishHead ? new Pair(lang, item, head) : new Pair(lang, head, item));
                    taken++;
                }
            }
        }
        return new Result(lang, pairs, entries, examples);
    }

    private static boolean phrase(String s) {
        return s.length() >= 2 && s.length() <= 300 && Text.hasLetter(s);
    }

    /** The headword of an entry's first line: tags and IPA removed, the first of several written forms. */
    static String headword(String firstLine) {
        String s = removeBracketed(firstLine, '[', ']');
        int ipa = s.indexOf(" /");
        if (s.startsWith("/")) ipa = 0;
        if (ipa >= 0) s = s.substring(0, ipa);
        s = stripMarkup(s);
        int comma = s.indexOf(',');
        if (comma >= 0) s = s.substring(0, comma);
        return trimPhrase(s);
    }

    /** Removes {@code /ipa/ <...> [...] (...) {...}}, innermost first. */
    static String stripMarkup(String s) {
        if (s.indexOf('/') >= 0) s = IPA.matcher(s).replaceAll(" ");
        s = removeBracketed(s, '[', ']');
        s = removeBracketed(s, '<', '>');
        s = removeBracketed(s, '(', ')');
        s = removeBracketed(s, '（', '）');
        s = removeBracketed(s, '{', '}');
        return s;
    }

    static String removeBracketed(String s, char open, char close) {
        if (s.indexOf(open) < 0) return s;
        StringBuilder b = new StringBuilder(s.length());
        int depth = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == open) { depth++; continue; }
            if (c == close && depth > 0) { depth--; if (depth == 0) b.append(' '); continue; }
            if (depth == 0) b.append(c);
        }
        return b.toString();
    }

    /** The translations of one sense, cleaned and filtered, in order. */
    static List<String> items(String sense) {
        String s = stripMarkup(sense).replace('~', ' ');
        List<String> out = new ArrayList<>();
        for (String part : ITEM_SEPARATORS.split(s)) {
            String t = trimPhrase(part);
            if (t.isEmpty() || !Text.hasLetter(t) || Text.words(t) > MAX_WORDS || !plain(t) || TRAILING_NUMBER.matcher(t).matches()) continue;
            out.add(t);
        }
        return out;
    }

    /** Cleans, drops "..." placeholders and leading/trailing symbols and periods. */
    static String trimPhrase(String s) {
        if (s.indexOf("...") >= 0 || s.indexOf('…') >= 0) s = s.replace("...", " ").replace('…', ' ');
        s = Text.clean(s);
        int a = 0, b = s.length();
        while (a < b && !Character.isLetterOrDigit(s.codePointAt(a))) a += Character.charCount(s.codePointAt(a));
        while (b > a && !Character.isLetterOrDigit(s.codePointBefore(b)) && !isMark(s.codePointBefore(b))) b -= Character.charCount(s.codePointBefore(b));
        return s.substring(a, b);
    }

    private static boolean isMark(int cp) {
        int t = Character.getType(cp);
        return t == Character.NON_SPACING_MARK || t == Character.COMBINING_SPACING_MARK || t == Character.ENCLOSING_MARK;
    }

    /** Letters, marks, digits, spaces and word-internal punctuation only. */
    private static boolean plain(String s) {
        for (int i = 0; i < s.length(); ) {
            int cp = s.codePointAt(i);
            i += Character.charCount(cp);
            if (Character.isLetterOrDigit(cp) || isMark(cp) || cp == ' ') continue;
            if ("-‐'’.·/!?・ー゠".indexOf(cp) >= 0) continue;
            return false;
        }
        return true;
    }

    // ---- English-side casing and the per-language cap ----

    /**
     * Lower-cases a capitalised first English word ("Extends", "Cuffs": some dictionaries capitalise every entry) when
     * its lower-case form is more frequent in the English corpus than the capitalised one; proper nouns stay.
     */
    public static String truecase(String english, Map<String, Integer> caseSensitiveCounts) {
        int sp = english.indexOf(' ');
        String w = sp < 0 ? english : english.substring(0, sp);
        if (w.length() < 2 || !Character.isUpperCase(w.codePointAt(0))) return english;
        String rest = w.substring(Character.charCount(w.codePointAt(0)));
        if (!rest.equals(rest.toLowerCase(Locale.ROOT))) return english;
        String lower = w.toLowerCase(Locale.ROOT);
        if (caseSensitiveCounts.getOrDefault(lower, 0) <= caseSensitiveCounts.getOrDefault(w, 0)) return english;
        return lower + english.substring(w.length());
    }

    /**
     * The order in which pairs are kept under the per-language cap: most frequent English side first, where the
     * frequency of a phrase is that of its rarest word (lower-cased, in the English corpus), then fewer words, then
     * shorter, then alphabetical (English, foreign) so the order is total and reproducible.
     */
    public static Comparator<Pair> capOrder(Map<String, Integer> lowerCounts) {
        return Comparator.<Pair>comparingInt(p -> -rarestWordCount(p.english(), lowerCounts))
                .thenComparingInt(p -> Text.words(p.english()))
                .thenComparingInt(p -> p.english().length())
                .thenComparing(Pair::english)
                .thenComparing(Pair::foreign);
    }

    static int rarestWordCount(String english, Map<String, Integer> lowerCounts) {
        int min = Integer.MAX_VALUE;
        for (String w : EnglishCorpus.words(english)) min = Math.min(min, lowerCounts.getOrDefault(w, 0));
        return min == Integer.MAX_VALUE ? 0 : min;
    }
}
