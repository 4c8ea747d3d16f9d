package dev.microembed.data;

import java.lang.Character.UnicodeScript;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/** Text cleaning, sentence splitting and the English-sentence filter shared by the readers. */
public final class Text {
    private Text() {}

    /** Tabs, newlines, other control characters and any run of white space become one space; trimmed. */
    public static String clean(String s) {
        if (s == null) return "";
        if (alreadyClean(s)) return s;
        StringBuilder b = new StringBuilder(s.length());
        boolean space = false;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            boolean ws = Character.isWhitespace(c) || Character.isSpaceChar(c) || Character.isISOControl(c) || c == '\uFEFF';
            if (ws) {
                space = true;
            } else {
                if (space && !b.isEmpty()) b.append(' ');
                space = false;
                b.append(c);
            }
        }
        return b.toString();
    }

    private static boolean alreadyClean(String s) {
        int n = s.length();
        if (n == 0) return true;
        if (s.charAt(0) == ' ' || s.charAt(n - 1) == ' ') return false;
        char prev = 'x';
        for (int i = 0; i < n; i++) {
            char c = s.charAt(i);
            if (c == ' ') {
                if (prev == ' ') return false;
            } else if (c < 0x21 || (c >= 0x7F && c <= 0xA0) || c == '\u1680' || (c >= 0x2000 && c <= 0x200A) || c == '\u2028'
                    || c == '\u2029' || c == '\u202F' || c == '\u205F' || c == '\u3000' || c == '\uFEFF' || c == '\u180E') {
                return false;
            }
            prev = c;
        }
        return true;
    }

    /**
     * Joins wrapped lines with spaces, except between two CJK characters (Han, kana, CJK punctuation), where a line
     * break is not a word break.
     */
    public static String joinLines(List<String> lines) {
        StringBuilder b = new StringBuilder();
        for (String l : lines) {
            String t = l.strip();
            if (t.isEmpty()) continue;
            if (!b.isEmpty()) {
                if (!(cjk(b.codePointBefore(b.length())) && cjk(t.codePointAt(0)))) b.append(' ');
            }
            b.append(t);
        }
        return b.toString();
    }

    static boolean cjk(int cp) {
        UnicodeScript s = UnicodeScript.of(cp);
        if (s == UnicodeScript.HAN || s == UnicodeScript.HIRAGANA || s == UnicodeScript.KATAKANA) return true;
        return (cp >= 0x3000 && cp <= 0x303F) || (cp >= 0xFF00 && cp <= 0xFFEF) || cp == 0x30FC;
    }

    public static boolean hasLetter(String s) {
        for (int i = 0; i < s.length(); ) {
            int cp = s.codePointAt(i);
            if (Character.isLetter(cp)) return true;
            i += Character.charCount(cp);
        }
        return false;
    }

    public static int words(String s) {
        int n = 0;
        boolean in = false;
        for (int i = 0; i < s.length(); i++) {
            boolean ws = s.charAt(i) == ' ';
            if (!ws && !in) n++;
            in = !ws;
        }
        return n;
    }

    private static final java.util.regex.Pattern LIST_ITEM = java.util.regex.Pattern.compile("(\\d+|[a-zA-Z])[.)] ");
    private static final Set<String> ABBREVIATIONS = Set.of("mr", "mrs", "ms", "dr", "prof", "sr", "jr", "st", "vs", "cf", "approx",
            "incl", "e.g", "i.e", "eg", "ie", "z.b", "bzw", "usw", "ca", "no", "nr", "vol", "fig", "resp", "esp", "viz", "al");

    private static boolean closing(int cp) {
        return cp == '"' || cp == '\'' || cp == ')' || cp == ']' || cp == '»' || cp == '”' || cp == '’' || cp == '」' || cp == '』' || cp == '）';
    }

    private static boolean opening(int cp) {
        return cp == '"' || cp == '\'' || cp == '(' || cp == '[' || cp == '«' || cp == '“' || cp == '‘' || cp == '„' || cp == '「' || cp == '¿' || cp == '¡';
    }

    /** A letter that can start a sentence: upper or title case, or a letter of a script without case (CJK, Arabic, Hangul...). */
    private static boolean sentenceStart(int cp) {
        if (!Character.isLetter(cp)) return Character.isDigit(cp);
        return Character.isUpperCase(cp) || Character.isTitleCase(cp) || !Character.isLowerCase(cp);
    }

    /**
     * Splits a paragraph into sentences: after {@code . ! ?} (and closing quotes/brackets) followed by white space and
     * a sentence start (capital, digit or caseless-script letter, possibly after an opening quote), except after a single
     * letter ("George W. Bush") or a common abbreviation; after {@code 。！？} (and Devanagari {@code ।}, Arabic {@code ؟})
     * always. Each sentence is cleaned; empty ones are dropped.
     */
    public static List<String> sentences(String paragraph) {
        String p = clean(paragraph);
        List<String> out = new ArrayList<>();
        int start = 0, n = p.length();
        for (int i = 0; i < n; ) {
            int cp = p.codePointAt(i);
            int next = i + Character.charCount(cp);
            boolean cjk = cp == '。' || cp == '！' || cp == '？' || cp == '।' || cp == '؟';
            if (cp == '.' || cp == '!' || cp == '?' || cp == '…' || cjk) {
                int j = next;
                while (j < n && (closing(p.codePointAt(j)) || p.charAt(j) == '.' || p.charAt(j) == '!' || p.charAt(j) == '?'))
                    j += Character.charCount(p.codePointAt(j));
                boolean split;
                int k = j;
                if (cjk) {
                    while (k < n && p.charAt(k) == ' ') k++;
                    split = k < n;
                } else {
                    split = false;
                    if (k < n && p.charAt(k) == ' ') {
                        while (k < n && p.charAt(k) == ' ') k++;
                        int m = k;
                        if (m < n && opening(p.codePointAt(m))) m += Character.charCount(p.codePointAt(m));
                        split = m < n && sentenceStart(p.codePointAt(m)) && !(cp == '.' && abbreviationBefore(p, i));
                    }
                }
                if (split) {
                    add(out, p.substring(start, j));
                    start = k;
                    i = k;
                    continue;
                }
                i = j;
                continue;
            }
            i = next;
        }
        add(out, p.substring(start));
        return out;
    }

    private static boolean abbreviationBefore(String p, int dot) {
        int b = dot;
        while (b > 0 && p.charAt(b - 1) != ' ' && !opening(p.charAt(b - 1))) b--;
        String w = p.substring(b, dot);
        if (w.codePointCount(0, w.length()) == 1 && Character.isLetter(w.codePointAt(0))) return true;
        return ABBREVIATIONS.contains(w.toLowerCase(Locale.ROOT));
    }

    private static void add(List<String> out, String s) {
        s = s.trim();
        if (!s.isEmpty()) out.add(s);
    }

    /**
     * The English corpus filter: 4-60 words; no URL, e-mail, code or markup characters; not a list item; at least 75 %
     * of the non-space characters letters, at least 90 % of the letters Latin; not shouted (more than half capitals);
     * and starting with a letter, digit or quote.
     */
    public static boolean englishSentence(String s) {
        int w = words(s);
        if (w < 4 || w > 60) return false;
        if (s.contains("://") || s.contains("www.") || s.contains("::") || s.contains("->") || s.contains("()") || s.contains("=="))
            return false;
        int letters = 0, latin = 0, upper = 0, nonSpace = 0;
        for (int i = 0; i < s.length(); ) {
            int cp = s.codePointAt(i);
            i += Character.charCount(cp);
            if (cp == ' ') continue;
            nonSpace++;
            switch (cp) {
                case '{', '}', '<', '>', '|', '\\', '=', '$', '@', '^', '~', '`', '#', '_' -> { return false; }
                default -> {}
            }
            if (Character.isLetter(cp)) {
                letters++;
                if (UnicodeScript.of(cp) == UnicodeScript.LATIN) latin++;
                if (Character.isUpperCase(cp)) upper++;
            }
        }
        if (letters < 0.75 * nonSpace || latin < 0.9 * letters || upper * 2 > letters) return false;
        int first = s.codePointAt(0);
        if (!(Character.isLetter(first) || Character.isDigit(first) || first == '"' || first == '\'' || first == '“' || first == '(')) return false;
        // list items: "1. foo", "a) foo", "- foo"
        if (LIST_ITEM.matcher(s).lookingAt()) return false;
        return true;
    }
}
