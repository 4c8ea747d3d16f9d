package dev.microembed.distill;

import dev.microembed.eval.StsData;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The text corpora of a config's {@code "corpora"} section, train splits only: tweets ({@code *_text.txt}, one per
 * line) and STS train CSVs (both sentences of each pair, de-duplicated per file). Each text carries its
 * language, taken from the path (xlm-t folder names, {@code stsb-<lang>-*}, tweeteval = English).
 */
public final class Corpora {
    public record Doc(String lang, boolean tweet, String text) {}

    private static final Map<String, String> LANGUAGE_NAMES = Map.of("arabic", "ar", "english", "en", "french", "fr",
            "german", "de", "hindi", "hi", "italian", "it", "portuguese", "pt", "spanish", "es");

    private final List<Doc> docs;
    private final List<Path> files;

    private Corpora(List<Doc> docs, List<Path> files) {
        this.docs = docs;
        this.files = files;
    }

    public List<Doc> docs() { return docs; }
    public List<Path> files() { return files; }

    public List<String> texts() { return docs.stream().map(Doc::text).toList(); }

    public static Corpora load(DistillConfig c) throws IOException {
        Map<String, Object> s = c.section("corpora");
        int maxLines = c.integer(s, "max_lines_per_file", 0);
        List<Doc> docs = new ArrayList<>();
        List<Path> files = new ArrayList<>();
        for (String g : c.strings(s, "tweets", List.of())) {
            for (Path f : c.glob(g)) {
                guardSplit(f);
                files.add(f);
                String lang = language(f);
                List<String> lines = Files.readAllLines(f, StandardCharsets.UTF_8);
                int n = 0;
                for (String line : lines) {
                    if (line.isBlank()) continue;
                    if (maxLines > 0 && n++ >= maxLines) break;
                    docs.add(new Doc(lang, true, line));
                }
            }
        }
        for (String g : c.strings(s, "sts_train", List.of())) {
            for (Path f : c.glob(g)) {
                guardSplit(f);
                files.add(f);
                String lang = language(f);
                Set<String> uniq = new LinkedHashSet<>();
                StsData d = StsData.read(f);
                if (maxLines > 0) d = d.head(maxLines);
                for (StsData.Pair p : d.pairs()) {
                    uniq.add(p.sentence1());
                    uniq.add(p.sentence2());
                }
                for (String t : uniq) docs.add(new Doc(lang, false, t));
            }
        }
        if (docs.isEmpty()) throw new IllegalArgumentException(c.file() + ": the \"corpora\" section names no texts");
        return new Corpora(docs, files);
    }

    /** The corpus files of a config, in the order {@link #load} reads them (as stage inputs). */
    public static List<Path> files(DistillConfig c) throws IOException {
        Map<String, Object> s = c.section("corpora");
        List<Path> files = new ArrayList<>();
        for (String key : List.of("tweets", "sts_train"))
            for (String g : c.strings(s, key, List.of())) for (Path f : c.glob(g)) { guardSplit(f); files.add(f); }
        return files;
    }

    /** Dev/val/test splits are for model selection or not to be used at all: refuse them as training text. */
    private static void guardSplit(Path f) {
        String n = f.getFileName().toString();
        if (n.contains("dev") || n.startsWith("val") || n.contains("_val") || n.contains("test"))
            throw new IllegalArgumentException("refusing " + f + ": corpora must be train splits only");
    }

    public static String language(Path f) {
        String n = f.getFileName().toString();
        if (n.startsWith("stsb-")) return n.split("-")[1];
        for (Path p = f.getParent(); p != null; p = p.getParent()) {
            String code = LANGUAGE_NAMES.get(p.getFileName() == null ? "" : p.getFileName().toString());
            if (code != null) return code;
            if (p.getFileName() != null && p.getFileName().toString().equals("tweeteval")) return "en";
        }
        return "und";
    }
}
