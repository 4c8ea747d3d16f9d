package dev.microembed.data;

import dev.microembed.distill.DistillConfig;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The {@code "parallel"} object of a distill config. Unknown keys are an error.
 * <pre>
 * "parallel": {
 *   "dir": "${training_data}",                 // the installed folder (scripts/install-training-data.sh)
 *   "sources": ["freedict", "debian-descriptions", "gettext", "cldr"],
 *   "english_sources": ["debian-descriptions", "prose"],   // or "prose/&lt;package&gt;" entries
 *   "heldout_percent": 3,                      // HeldOutSplit
 *   "max_pairs_per_language": {"freedict": 30000, "debian-descriptions": 40000, "gettext": 40000, "cldr": 10000},
 *   "english_corpus_max": 600000,              // 0 = no cap
 *   "seed": 42                                 // the English corpus shuffle
 * }
 * </pre>
 */
public record ParallelConfig(Path dir, List<String> sources, List<String> englishSources, int heldoutPercent,
        Map<String, Integer> maxPairsPerLanguage, int englishCorpusMax, long seed) {

    public static final List<String> SOURCES = List.of("freedict", "debian-descriptions", "gettext", "cldr");
    static final Set<String> KEYS = Set.of("dir", "sources", "english_sources", "heldout_percent", "max_pairs_per_language",
            "english_corpus_max", "seed");

    public static ParallelConfig from(DistillConfig c) {
        Map<String, Object> s = c.section("parallel");
        for (String k : s.keySet())
            if (!KEYS.contains(k)) throw c.bad("parallel." + k, "is not a key of \"parallel\" (known: " + KEYS.stream().sorted().toList() + ")");
        Path dir = c.path(c.str(s, "dir", "${training_data}"));
        List<String> sources = c.strings(s, "sources", SOURCES);
        for (String src : sources)
            if (!SOURCES.contains(src)) throw c.bad("parallel.sources", "has unknown source \"" + src + "\" (known: " + SOURCES + ")");
        if (sources.stream().distinct().count() != sources.size()) throw c.bad("parallel.sources", "lists a source twice");
        List<String> english = c.strings(s, "english_sources", List.of("debian-descriptions", "prose"));
        for (String e : english)
            if (!e.equals("debian-descriptions") && !e.equals("prose") && !e.matches("prose/[^/]+"))
                throw c.bad("parallel.english_sources", "entries are \"debian-descriptions\", \"prose\" or \"prose/<package>\", not \"" + e + "\"");
        int held = c.integer(s, "heldout_percent", 3);
        if (held < 0 || held > 100) throw c.bad("parallel.heldout_percent", "must be 0..100");
        Map<String, Integer> caps = new LinkedHashMap<>(Map.of("freedict", 30000, "debian-descriptions", 40000, "gettext", 40000, "cldr", 10000));
        Map<String, Object> capSection;
        Object raw = s.get("max_pairs_per_language");
        if (raw != null) {
            if (!(raw instanceof Map<?, ?> m)) throw c.bad("parallel.max_pairs_per_language", "must be an object");
            capSection = new LinkedHashMap<>();
            for (var e : m.entrySet()) capSection.put((String) e.getKey(), e.getValue());
        } else {
            capSection = Map.of();
        }
        for (String k : capSection.keySet()) {
            if (!SOURCES.contains(k)) throw c.bad("parallel.max_pairs_per_language." + k, "is not a source (known: " + SOURCES + ")");
            int v = c.integer(capSection, k, 0);
            if (v < 0) throw c.bad("parallel.max_pairs_per_language." + k, "must be >= 0 (0 = no cap)");
            caps.put(k, v);
        }
        int max = c.integer(s, "english_corpus_max", 600000);
        if (max < 0) throw c.bad("parallel.english_corpus_max", "must be >= 0 (0 = no cap)");
        long seed = c.integer(s, "seed", 42);
        return new ParallelConfig(dir, List.copyOf(sources), List.copyOf(english), held, Map.copyOf(caps), max, seed);
    }

    public int cap(String source) { return maxPairsPerLanguage.getOrDefault(source, 0); }

    public boolean englishFrom(String origin) {
        if (englishSources.contains(origin)) return true;
        return origin.startsWith("prose/") && englishSources.contains("prose");
    }
}
