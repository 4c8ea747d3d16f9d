package dev.microembed.data;

import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Readers for the Debian-packaged English prose under {@code prose/<package>/}, chosen by file name:
 * fortune cookie files (no extension; quotes separated by {@code %} lines, {@code -- Author} lines dropped), dictd
 * dictionaries ({@code .index} + {@code .dict.dz}: FOLDOC, GCIDE definitions; cross-reference braces, tags, citations
 * and dates removed), WordNet {@code data.noun|verb|adj|adv} (glosses and quoted examples), Perl POD ({@code .pod},
 * commands and verbatim blocks skipped, formatting codes unwrapped), reStructuredText ({@code .rst.txt}: titles,
 * directives, indented blocks skipped, roles unwrapped) and plain text ({@code .txt}, {@code .txt.gz}). Each returns
 * text units (paragraphs or glosses) that {@link EnglishCorpus} splits into sentences and filters.
 */
public final class EnglishProse {
    private EnglishProse() {}

    /** The format of a prose file by its name; null for files that are not read (a dictd .index is read with its .dict.dz). */
    public static String format(String fileName) {
        if (fileName.endsWith(".dict.dz")) return "dictd";
        if (fileName.endsWith(".index")) return null;
        if (fileName.matches("data\\.(noun|verb|adj|adv)")) return "wordnet";
        if (fileName.endsWith(".pod")) return "pod";
        if (fileName.endsWith(".rst.txt") || fileName.endsWith(".rst")) return "rst";
        if (fileName.endsWith(".txt") || fileName.endsWith(".txt.gz")) return "plain";
        if (!fileName.contains(".")) return "fortune";
        return null;
    }

    /** Formats whose sentences must end with terminal punctuation (WordNet glosses do not). */
    public static boolean needsTerminalPunctuation(String format) {
        return !format.equals("wordnet");
    }

    static String decode(byte[] b) {
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPLACE)
                    .onUnmappableCharacter(CodingErrorAction.REPLACE).decode(java.nio.ByteBuffer.wrap(b)).toString();
        } catch (java.nio.charset.CharacterCodingException e) {
            throw new IllegalStateException(e);
        }
    }

    static List<List<String>> blocks(String text) {
        List<List<String>> out = new ArrayList<>();
        List<String> cur = new ArrayList<>();
        for (String l : text.replace("\r", "").split("\n", -1)) {
            if (l.isBlank()) {
                if (!cur.isEmpty()) out.add(cur);
                cur = new ArrayList<>();
            } else {
                cur.add(l);
            }
        }
        if (!cur.isEmpty()) out.add(cur);
        return out;
    }

    private static final Pattern ATTRIBUTION = Pattern.compile("^\\s*--.*");

    public static List<String> fortunes(byte[] file) {
        List<String> out = new ArrayList<>();
        StringBuilder cur = new StringBuilder();
        for (String l : (decode(file).replace("\r", "") + "\n%").split("\n")) {
            if (l.equals("%")) {
                if (!cur.toString().isBlank()) out.add(cur.toString());
                cur.setLength(0);
            } else if (!ATTRIBUTION.matcher(l).matches()) {
                cur.append(l).append(' ');
            }
        }
        return out;
    }

    private static final Pattern DATE = Pattern.compile("\\(\\d{4}-\\d\\d-\\d\\d\\)");

    public static List<String> dictd(byte[] index, byte[] dictDz, String name) {
        List<String> out = new ArrayList<>();
        for (DictdReader.Entry e : DictdReader.read(index, dictDz, name)) {
            int nl = e.text().indexOf('\n');
            if (nl < 0) continue;
            for (List<String> block : blocks(e.text().substring(nl + 1))) {
                String p = String.join(" ", block).strip();
                if (p.startsWith("Syn:") || p.startsWith("See") || p.startsWith("Ant:")) continue;
                if (p.startsWith("Note:") || p.startsWith("Usage:")) p = p.substring(p.indexOf(':') + 1);
                p = FreeDictReader.removeBracketed(p, '[', ']');
                p = FreeDictReader.removeBracketed(p, '<', '>');
                p = DATE.matcher(p).replaceAll(" ").replace("{", "").replace("}", "");
                out.add(p);
            }
        }
        return out;
    }

    public static List<String> wordnet(byte[] file) {
        List<String> out = new ArrayList<>();
        for (String l : decode(file).split("\n")) {
            if (l.startsWith(" ") || l.isEmpty()) continue; // the licence header
            int bar = l.indexOf(" | ");
            if (bar < 0) continue;
            for (String part : l.substring(bar + 3).split(";")) {
                String t = part.strip();
                if (t.startsWith("\"")) {
                    int end = t.lastIndexOf('"');
                    t = end > 0 ? t.substring(1, end) : t.substring(1);
                }
                if (!t.isBlank()) out.add(t);
            }
        }
        return out;
    }

    private static final Pattern POD_CODE = Pattern.compile("[A-Z]<([^<>]*)>");
    private static final Pattern POD_CODE_DOUBLE = Pattern.compile("[A-Z]<<+\\s+(.*?)\\s+>>+");

    public static List<String> pod(byte[] file) {
        List<String> out = new ArrayList<>();
        boolean inBegin = false;
        for (List<String> block : blocks(decode(file))) {
            String first = block.get(0);
            if (first.startsWith("=begin")) inBegin = true;
            if (first.startsWith("=end")) { inBegin = false; continue; }
            if (inBegin || first.startsWith("=") || Character.isWhitespace(first.charAt(0))) continue;
            String p = String.join(" ", block);
            p = POD_CODE_DOUBLE.matcher(p).replaceAll("$1");
            for (int k = 0; k < 4; k++) {
                String q = POD_CODE.matcher(p).replaceAll(m -> {
                    String inner = m.group(1);
                    char code = m.group().charAt(0);
                    if (code == 'X' || code == 'Z') return "";
                    if (code == 'L' && inner.contains("|")) inner = inner.substring(0, inner.indexOf('|'));
                    if (code == 'E') return inner.equals("lt") ? "<" : inner.equals("gt") ? ">" : inner.equals("verbar") ? "|" : inner.equals("sol") ? "/" : "";
                    return java.util.regex.Matcher.quoteReplacement(inner);
                });
                if (q.equals(p)) break;
                p = q;
            }
            out.add(p);
        }
        return out;
    }

    private static final Pattern RST_UNDERLINE = Pattern.compile("^([=\\-~^\"'`#*+<>:._])\\1{2,}\\s*$");
    private static final Pattern RST_ROLE = Pattern.compile(":[\\w:.-]+:`([^`<]*?)\\s*(<[^>]*>)?`");
    private static final Pattern RST_LINK = Pattern.compile("`([^`<]*?)\\s*(<[^>]*>)?`_{1,2}");

    public static List<String> rst(byte[] file) {
        List<String> out = new ArrayList<>();
        for (List<String> block : blocks(decode(file))) {
            String first = block.get(0);
            if (Character.isWhitespace(first.charAt(0)) || first.startsWith("..") || first.startsWith(">>>") || first.startsWith("|")) continue;
            boolean title = false;
            for (String l : block) if (RST_UNDERLINE.matcher(l).matches()) title = true;
            if (title) continue;
            String p = String.join(" ", block);
            p = RST_ROLE.matcher(p).replaceAll(m -> java.util.regex.Matcher.quoteReplacement(m.group(1).replaceFirst("^[~!]", "")));
            p = RST_LINK.matcher(p).replaceAll(m -> java.util.regex.Matcher.quoteReplacement(m.group(1)));
            p = p.replace("``", "").replace("**", "").replaceAll("(?<=\\s|^)\\*(\\S[^*]*)\\*", "$1");
            if (p.endsWith("::")) p = p.substring(0, p.length() - 1);
            out.add(p);
        }
        return out;
    }

    public static List<String> plain(byte[] file) {
        List<String> out = new ArrayList<>();
        for (List<String> block : blocks(decode(file))) out.add(String.join(" ", block));
        return out;
    }
}
