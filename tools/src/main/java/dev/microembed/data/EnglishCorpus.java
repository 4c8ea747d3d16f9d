package dev.microembed.data;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * The English sentences for corpus distillation: text units from the English package descriptions and the prose
 * packages are split into sentences ({@link Text#sentences}); leading enumerators and {@code (Domain.)} tags and
 * trailing {@code --Author} citations are removed; a sentence is kept when {@link Text#englishSentence} accepts it (and,
 * for prose formats that have it, it ends with terminal punctuation); exact duplicates are dropped (the first origin
 * counts). {@link #build} then removes the held-out sentences ({@link HeldOutSplit}), shuffles with a fixed seed and cuts.
 */
public final class EnglishCorpus {
    public record Sentence(String text, String origin) {}

    private final Map<String, String> sentences = new LinkedHashMap<>();
    private final Map<String, Integer> candidates = new TreeMap<>();

    private static final Pattern LEAD = Pattern.compile("^(\\d+\\.\\s+|[a-z]\\)\\s+|\\([^()]{1,20}\\)\\s+)+");
    private static final Pattern CITATION = Pattern.compile("\\s+--\\s*[\\p{Lu}\\d][^-]{0,60}$");

    /** Adds the sentences of some text units from one origin. */
    public void add(String origin, List<String> units, boolean terminalPunctuation) {
        for (String u : units) {
            for (String s : Text.sentences(u)) {
                s = CITATION.matcher(LEAD.matcher(s).replaceFirst("")).replaceFirst("").strip();
                if (s.isEmpty() || !Text.englishSentence(s)) continue;
                if (terminalPunctuation && !terminal(s)) continue;
                candidates.merge(origin, 1, Integer::sum);
                sentences.putIfAbsent(s, origin);
            }
        }
    }

    static boolean terminal(String s) {
        int i = s.length() - 1;
        while (i > 0 && "\"')”’]".indexOf(s.charAt(i)) >= 0) i--;
        return ".!?".indexOf(s.charAt(i)) >= 0;
    }

    public int unique() { return sentences.size(); }

    /** Accepted sentences per origin before de-duplication. */
    public Map<String, Integer> candidates() { return candidates; }

    /** The corpus: held-out sentences removed, shuffled with {@code seed}, at most {@code max} (0 = all). */
    public List<Sentence> build(int heldoutPercent, int max, long seed) {
        List<Sentence> out = new ArrayList<>(sentences.size());
        for (Map.Entry<String, String> e : sentences.entrySet())
            if (!HeldOutSplit.heldOut(e.getKey(), heldoutPercent)) out.add(new Sentence(e.getKey(), e.getValue()));
        Collections.shuffle(out, new Random(seed));
        return max > 0 && out.size() > max ? new ArrayList<>(out.subList(0, max)) : out;
    }

    /** Word counts over the unique sentences: {@code [0]} case-sensitive, {@code [1]} lower-cased. */
    public List<Map<String, Integer>> wordCounts() {
        Map<String, Integer> cased = new HashMap<>(1 << 20), lower = new HashMap<>(1 << 20);
        for (String s : sentences.keySet()) {
            for (String w : rawWords(s)) cased.merge(w, 1, Integer::sum);
        }
        for (var e : cased.entrySet()) lower.merge(e.getKey().toLowerCase(Locale.ROOT), e.getValue(), Integer::sum);
        return List.of(cased, lower);
    }

    /** The lower-cased words of a text (letters, marks, digits, inner apostrophes). */
    public static List<String> words(String s) {
        List<String> out = rawWords(s);
        out.replaceAll(w -> w.toLowerCase(Locale.ROOT));
        return out;
    }

    /** Runs of letters, marks and digits, with apostrophes between letters kept ({@code don't}). */
    static List<String> rawWords(String s) {
        List<String> out = new ArrayList<>();
        int n = s.length(), i = 0;
        while (i < n) {
            while (i < n && !wordChar(s.codePointAt(i))) i += Character.charCount(s.codePointAt(i));
            if (i >= n) break;
            int start = i;
            while (i < n) {
                int cp = s.codePointAt(i);
                if (wordChar(cp)) { i += Character.charCount(cp); continue; }
                if ((cp == '\'' || cp == '’') && i + 1 < n && Character.isLetter(s.codePointAt(i + 1))) { i++; continue; }
                break;
            }
            out.add(s.substring(start, i));
        }
        return out;
    }

    private static boolean wordChar(int cp) {
        if (cp < 128) return (cp >= 'a' && cp <= 'z') || (cp >= 'A' && cp <= 'Z') || (cp >= '0' && cp <= '9');
        int t = Character.getType(cp);
        return Character.isLetterOrDigit(cp) || t == Character.NON_SPACING_MARK || t == Character.COMBINING_SPACING_MARK || t == Character.ENCLOSING_MARK;
    }
}
