package dev.microembed.data;

import dev.microembed.distill.DistillConfig;
import dev.microembed.distill.Stage;
import dev.microembed.distill.Workspace;
import dev.microembed.model.ModelFolder;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * Stage {@code parallel}: turns the installed training data ({@code scripts/install-training-data.sh}, read from the
 * config's {@code "parallel".dir}; nothing is fetched) into aligned-pair artifacts in the work directory:
 * <ul>
 * <li>{@code pairs-<source>.tsv} for each configured source ({@code freedict}, {@code debian-descriptions},
 *     {@code gettext}, {@code cldr}): UTF-8, one pair per line {@code lang \t split \t foreign \t english}, lang an
 *     ISO 639-3 code as in the Tatoeba files ({@link Languages}), split {@code train} or {@code heldout}
 *     ({@link HeldOutSplit}); texts cleaned ({@link Text#clean}: no tabs, newlines or control characters), exact
 *     duplicates of (lang, foreign, english) dropped; lines grouped by language in code order; within a language
 *     FreeDict pairs are in cap order (frequent English words first, {@link FreeDictReader#capOrder}), the other
 *     sources in reading order (files sorted by path).</li>
 * <li>{@code english-corpus.txt}: one English sentence per line ({@link EnglishCorpus}).</li>
 * <li>{@code parallel-report.json}: per source the files read (path, sha256, package, version), counts per language
 *     and split, totals; the English corpus by origin. The same summary, with the file list reduced to a count and a
 *     digest, goes into the stage metrics (and so into the manifest).</li>
 * </ul>
 * Per-language caps ({@code max_pairs_per_language}, after de-duplication, before the split): FreeDict keeps the pairs
 * first in {@link FreeDictReader#capOrder}; the other sources keep a deterministic pseudo-random sample (the pairs with
 * the smallest 64-bit FNV-1a hash of {@code foreign \0 english}), written in reading order. All outputs are computed in
 * memory, written to temporary files, and only then renamed into place, so a failure leaves the previous outputs and
 * no partial file.
 */
public final class ParallelDataStage implements Stage {
    public static final String REPORT = "parallel-report.json", CORPUS = "english-corpus.txt";

    private final DistillConfig config;

    public ParallelDataStage(DistillConfig config) { this.config = config; }

    public static String pairsFile(String source) { return "pairs-" + source + ".tsv"; }

    @Override public String name() { return "parallel"; }

    /**
     * The folders of the installed training data it reads: one per source, and those of the English corpus. Which files
     * in them are read, with their sha256s, the stage records itself (the report, and per source a count and a digest in
     * its metrics, which the manifest lists).
     */
    @Override
    public List<String> inputs() {
        ParallelConfig cfg = ParallelConfig.from(config);
        Set<String> kinds = new java.util.LinkedHashSet<>(cfg.sources());
        if (cfg.englishFrom("debian-descriptions")) kinds.add("debian-descriptions");
        if (cfg.englishSources().stream().anyMatch(e -> e.startsWith("prose"))) kinds.add("prose");
        List<String> in = new ArrayList<>();
        for (String k : kinds) in.add(cfg.dir().resolve(k) + "/");
        return in;
    }

    @Override
    public List<String> outputs() {
        List<String> out = new ArrayList<>();
        for (String s : ParallelConfig.from(config).sources()) out.add(pairsFile(s));
        out.add(CORPUS);
        out.add(REPORT);
        return out;
    }

    /** Per-source result: pairs by language (sorted map), plus reading statistics. */
    private record SourcePairs(Map<String, List<Pair>> byLang, Map<String, Object> stats) {}

    @Override
    public void run(Workspace ws, boolean resume) throws Exception {
        long t0 = System.nanoTime();
        ParallelConfig cfg = ParallelConfig.from(ws.config());
        PrintStream log = ws.log();
        InstalledFiles files = new InstalledFiles(cfg.dir());
        if (!files.hasSourcesTsv())
            log.println("parallel: warning: " + cfg.dir().resolve("sources.tsv") + " missing; package versions will not be reported");
        // Fail early on a missing source, before any work.
        for (String s : cfg.sources()) files.kindDir(s);
        boolean englishDescriptions = cfg.englishFrom("debian-descriptions");
        if (englishDescriptions) files.kindDir("debian-descriptions");
        boolean anyProse = cfg.englishSources().stream().anyMatch(e -> e.startsWith("prose"));
        if (anyProse) files.kindDir("prose");
        log.printf("parallel: training data %s, sources %s, English from %s%n", files.dir(), cfg.sources(), cfg.englishSources());

        // ---- English descriptions (shared by the corpus and the debian-descriptions pairs) ----
        Map<String, DebianDescriptions.Description> englishDesc = null;
        if (englishDescriptions || cfg.sources().contains("debian-descriptions")) {
            Path en = files.kindDir("debian-descriptions").resolve("Translation-en");
            if (!Files.isRegularFile(en))
                throw new IllegalStateException(en + " missing: re-run " + InstalledFiles.INSTALLER + " " + files.dir());
            englishDesc = DebianDescriptions.parse(files.read(en), en.toString());
        }

        // ---- the English corpus and the pair sources, on up to THREADS threads (each task is independent and
        // deterministic; FreeDict waits for the corpus' word counts) ----
        final Map<String, DebianDescriptions.Description> englishDescriptionsMap = englishDesc;
        EnglishCorpus corpus = new EnglishCorpus();
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(THREADS);
        Map<String, java.util.concurrent.Future<SourcePairs>> futures = new LinkedHashMap<>();
        List<EnglishCorpus.Sentence> sentences;
        List<Map<String, Integer>> counts;
        Map<String, SourcePairs> results = new LinkedHashMap<>();
        try {
            java.util.concurrent.Future<List<Map<String, Integer>>> corpusDone = pool.submit(() -> {
                long tc = System.nanoTime();
                if (englishDescriptions) corpus.add("debian-descriptions", DebianDescriptions.englishSentences(englishDescriptionsMap), false);
                if (anyProse) readProse(files, cfg, corpus, log);
                List<Map<String, Integer>> wc = corpus.wordCounts();
                log.printf("parallel: English corpus %,d unique sentences (%.1f s)%n", corpus.unique(), (System.nanoTime() - tc) / 1e9);
                return wc;
            });
            for (String source : cfg.sources()) {
                if (source.equals("freedict")) continue;
                futures.put(source, pool.submit(() -> timed(source, log, () -> switch (source) {
                    case "debian-descriptions" -> debian(files, englishDescriptionsMap, log);
                    case "gettext" -> gettext(files, log);
                    case "cldr" -> cldr(files, log);
                    default -> throw new IllegalStateException(source);
                })));
            }
            counts = get(corpusDone);
            if (cfg.sources().contains("freedict")) {
                final List<Map<String, Integer>> wc = counts;
                futures.put("freedict", pool.submit(() -> timed("freedict", log, () -> freedict(files, wc, log))));
            }
            java.util.concurrent.Future<List<EnglishCorpus.Sentence>> built =
                    pool.submit(() -> corpus.build(cfg.heldoutPercent(), cfg.englishCorpusMax(), cfg.seed()));
            for (String source : cfg.sources()) results.put(source, get(futures.get(source)));
            sentences = get(built);
        } finally {
            pool.shutdownNow();
        }

        // ---- dedupe, cap, split; build outputs in memory ----
        Map<String, Object> report = new LinkedHashMap<>(), metrics = new LinkedHashMap<>();
        report.put("dir", files.dir().toString());
        report.put("heldout_percent", cfg.heldoutPercent());
        report.put("heldout_rule", "heldout iff first 8 bytes of SHA-256(lower-cased, space-normalised English) as unsigned mod 100 < heldout_percent");
        metrics.put("dir", files.dir().toString());
        metrics.put("heldout_percent", cfg.heldoutPercent());
        Map<String, Object> srcReport = new LinkedHashMap<>(), srcMetrics = new LinkedHashMap<>();
        Map<String, String> splitCache = new java.util.HashMap<>(); // English text -> split (texts repeat across languages)
        Map<String, byte[]> outputs = new LinkedHashMap<>();
        for (var e : results.entrySet()) {
            String source = e.getKey();
            Map<String, Object> r = new LinkedHashMap<>();
            StringBuilder tsv = new StringBuilder(1 << 20);
            Map<String, Object> langs = new TreeMap<>();
            long train = 0, held = 0, read = 0, dups = 0, capped = 0;
            for (var le : e.getValue().byLang().entrySet()) {
                String lang = le.getKey();
                List<Pair> unique = dedupe(le.getValue());
                read += le.getValue().size();
                dups += le.getValue().size() - unique.size();
                List<Pair> kept = source.equals("freedict") ? capFreeDict(unique, cfg.cap(source), counts.get(1)) : capSample(unique, cfg.cap(source));
                capped += unique.size() - kept.size();
                if (kept.isEmpty()) continue; // catalogs/files whose messages were all filtered out
                long t = 0, h = 0;
                for (Pair p : kept) {
                    String split = splitCache.computeIfAbsent(p.english(), en -> HeldOutSplit.split(en, cfg.heldoutPercent()));
                    if (split.equals(HeldOutSplit.TRAIN)) t++; else h++;
                    tsv.append(lang).append('\t').append(split).append('\t').append(p.foreign()).append('\t').append(p.english()).append('\n');
                }
                Map<String, Object> lc = new LinkedHashMap<>();
                lc.put("train", t);
                lc.put("heldout", h);
                lc.put("unique", unique.size());
                langs.put(lang, lc);
                train += t;
                held += h;
            }
            outputs.put(pairsFile(source), tsv.toString().getBytes(StandardCharsets.UTF_8));
            r.put("output", pairsFile(source));
            r.put("cap_per_language", cfg.cap(source));
            r.put("pairs", train + held);
            r.put("train", train);
            r.put("heldout", held);
            r.put("languages_count", langs.size());
            r.put("read", read);
            r.put("duplicates", dups);
            r.put("dropped_by_cap", capped);
            r.putAll(e.getValue().stats());
            r.put("languages", langs);
            Map<String, Object> m = new LinkedHashMap<>(r);
            addFiles(r, m, files.readUnder(source + "/"));
            srcReport.put(source, r);
            srcMetrics.put(source, m);
            log.printf("parallel: %-20s %,9d pairs (%,d train, %,d heldout) in %d languages%n", source, train + held, train, held, langs.size());
        }
        report.put("sources", srcReport);
        metrics.put("sources", srcMetrics);

        StringBuilder c = new StringBuilder(1 << 20);
        Map<String, Integer> byOrigin = new TreeMap<>();
        for (EnglishCorpus.Sentence s : sentences) {
            c.append(s.text()).append('\n');
            byOrigin.merge(s.origin(), 1, Integer::sum);
        }
        outputs.put(CORPUS, c.toString().getBytes(StandardCharsets.UTF_8));
        Map<String, Object> er = new LinkedHashMap<>();
        er.put("output", CORPUS);
        er.put("sentences", sentences.size());
        er.put("max", cfg.englishCorpusMax());
        er.put("unique_candidates", corpus.unique());
        er.put("seed", cfg.seed());
        er.put("by_origin", byOrigin);
        er.put("accepted_before_dedupe_by_origin", corpus.candidates());
        Map<String, Object> em = new LinkedHashMap<>(er);
        List<InstalledFiles.Read> englishFiles = new ArrayList<>();
        if (englishDescriptions) englishFiles.addAll(files.readUnder("debian-descriptions/Translation-en"));
        englishFiles.addAll(files.readUnder("prose/"));
        addFiles(er, em, englishFiles);
        report.put("english_corpus", er);
        metrics.put("english_corpus", em);
        double seconds = (System.nanoTime() - t0) / 1e9;
        report.put("seconds", Math.round(seconds * 10) / 10.0);
        outputs.put(REPORT, (dev.microembed.model.Json.write(report, true) + "\n").getBytes(StandardCharsets.UTF_8));

        writeAllAtomically(ws.dir(), outputs);
        ws.metrics(name()).putAll(metrics);
        log.printf("parallel: English corpus %,d sentences %s; outputs in %s (%.1f s)%n", sentences.size(), byOrigin, ws.dir(), seconds);
    }

    static final int THREADS = Math.max(1, Math.min(2, Runtime.getRuntime().availableProcessors()));

    private interface Task<T> { T call() throws Exception; }

    private static <T> T timed(String what, PrintStream log, Task<T> t) throws Exception {
        long ts = System.nanoTime();
        T r = t.call();
        log.printf("parallel: %s read in %.1f s%n", what, (System.nanoTime() - ts) / 1e9);
        return r;
    }

    /** The result of a task; its exception (an IllegalStateException naming the problem, an IOException...) rethrown as is. */
    private static <T> T get(java.util.concurrent.Future<T> f) throws Exception {
        try {
            return f.get();
        } catch (java.util.concurrent.ExecutionException e) {
            if (e.getCause() instanceof Exception ex) throw ex;
            throw e;
        }
    }

    private static void addFiles(Map<String, Object> report, Map<String, Object> metrics, List<InstalledFiles.Read> read) {
        List<Object> list = new ArrayList<>();
        Map<String, String> packages = new TreeMap<>();
        StringBuilder digest = new StringBuilder();
        for (InstalledFiles.Read r : read) {
            Map<String, Object> f = new LinkedHashMap<>();
            f.put("file", r.file());
            f.put("sha256", r.sha256());
            f.put("package", r.pkg());
            f.put("version", r.version());
            list.add(f);
            if (r.pkg() != null) packages.put(r.pkg(), r.version());
            digest.append(r.file()).append(' ').append(r.sha256()).append('\n');
        }
        report.put("packages", packages);
        report.put("files", list);
        metrics.put("packages", packages);
        metrics.put("files", list.size());
        metrics.put("files_sha256", ModelFolder.sha256(digest.toString().getBytes(StandardCharsets.UTF_8)));
    }

    // ---- sources ----

    private SourcePairs freedict(InstalledFiles files, List<Map<String, Integer>> counts, PrintStream log) throws IOException {
        Path dir = files.kindDir("freedict");
        List<Path> indexes = list(dir, p -> p.getFileName().toString().endsWith(".index"));
        Map<String, List<Pair>> byLang = new TreeMap<>();
        Map<String, Object> dicts = new TreeMap<>();
        int entries = 0, examples = 0;
        for (Path idx : indexes) {
            String base = idx.getFileName().toString().replaceFirst("\\.index$", "");
            if (FreeDictReader.direction(base) == null) { log.println("parallel: freedict: skipping " + base + " (not English <-> xxx)"); continue; }
            Path dz = dir.resolve(base + ".dict.dz");
            if (!Files.isRegularFile(dz)) throw new IllegalStateException(dz + " missing next to " + idx + ": re-run " + InstalledFiles.INSTALLER);
            FreeDictReader.Result r = FreeDictReader.read(files.read(idx), files.read(dz), base);
            List<Pair> cased = new ArrayList<>(r.pairs().size());
            for (Pair p : r.pairs()) cased.add(new Pair(p.lang(), p.foreign(), FreeDictReader.truecase(p.english(), counts.get(0))));
            byLang.computeIfAbsent(r.lang(), k -> new ArrayList<>()).addAll(cased);
            entries += r.entries();
            examples += r.examples();
            dicts.put(base, Map.of("entries", r.entries(), "pairs", r.pairs().size(), "examples", r.examples()));
        }
        Map<String, Object> stats = new LinkedHashMap<>();
        stats.put("entries", entries);
        stats.put("example_pairs_read", examples);
        stats.put("dictionaries", dicts);
        return new SourcePairs(byLang, stats);
    }

    private SourcePairs debian(InstalledFiles files, Map<String, DebianDescriptions.Description> english, PrintStream log) throws IOException {
        Path dir = files.kindDir("debian-descriptions");
        List<Path> tr = list(dir, p -> p.getFileName().toString().startsWith("Translation-"));
        Map<String, List<Pair>> byLang = new TreeMap<>();
        Map<String, Object> perFile = new TreeMap<>();
        Map<String, List<DebianDescriptions.Units>> englishUnits = new java.util.HashMap<>();
        for (Path f : tr) {
            String code = f.getFileName().toString().substring("Translation-".length());
            String lang = Languages.iso3(code);
            if (lang == null || Languages.english(lang)) {
                if (lang == null) log.println("parallel: debian-descriptions: skipping " + f.getFileName() + " (no ISO 639-3 code for " + code + ")");
                continue;
            }
            Map<String, DebianDescriptions.Description> foreign = DebianDescriptions.parse(files.read(f), f.toString());
            List<Pair> pairs = DebianDescriptions.align(lang, foreign, english, englishUnits);
            byLang.computeIfAbsent(lang, k -> new ArrayList<>()).addAll(pairs);
            perFile.put(f.getFileName().toString(), Map.of("lang", lang, "descriptions", foreign.size(), "pairs", pairs.size()));
        }
        Map<String, Object> stats = new LinkedHashMap<>();
        stats.put("english_descriptions", english.size());
        stats.put("translation_files", perFile);
        return new SourcePairs(byLang, stats);
    }

    private SourcePairs gettext(InstalledFiles files, PrintStream log) throws IOException {
        Path dir = files.kindDir("gettext");
        List<Path> mos;
        try (Stream<Path> w = Files.walk(dir)) {
            mos = w.filter(p -> p.getFileName().toString().endsWith(".mo") && Files.isRegularFile(p)).sorted().toList();
        }
        Map<String, List<Pair>> byLang = new TreeMap<>();
        Set<String> skipped = new java.util.TreeSet<>();
        Set<String> packages = new java.util.TreeSet<>();
        int catalogs = 0, messages = 0;
        for (Path mo : mos) {
            Path rel = dir.relativize(mo);
            if (rel.getNameCount() != 3) throw new IllegalStateException(mo + ": expected gettext/<package>/<locale>/<domain>.mo");
            String locale = rel.getName(1).toString();
            String lang = Languages.iso3(locale);
            if (lang == null || Languages.english(lang)) { skipped.add(locale); continue; }
            List<MoReader.Message> msgs = MoReader.read(files.read(mo), mo.toString());
            byLang.computeIfAbsent(lang, k -> new ArrayList<>()).addAll(GettextReader.pairs(lang, msgs));
            packages.add(rel.getName(0).toString());
            catalogs++;
            messages += msgs.size();
        }
        Map<String, Object> stats = new LinkedHashMap<>();
        stats.put("catalogs", catalogs);
        stats.put("messages", messages);
        stats.put("locales_skipped", new ArrayList<>(skipped));
        return new SourcePairs(byLang, stats);
    }

    private SourcePairs cldr(InstalledFiles files, PrintStream log) throws IOException {
        Path dir = files.kindDir("cldr");
        Map<String, List<Pair>> byLang = new TreeMap<>();
        Set<String> skipped = new java.util.TreeSet<>();
        int locales = 0;
        for (String sub : List.of("annotations", "annotationsDerived")) {
            Path base = dir.resolve(sub);
            if (!Files.isDirectory(base)) continue;
            Path enFile = base.resolve("en").resolve("annotations.json");
            if (!Files.isRegularFile(enFile)) throw new IllegalStateException(enFile + " missing: re-run " + InstalledFiles.INSTALLER);
            Map<String, String> english = CldrAnnotations.names(files.read(enFile), enFile.toString());
            for (Path locDir : list(base, Files::isDirectory)) {
                String locale = locDir.getFileName().toString();
                String lang = Languages.iso3(locale);
                if (lang == null || Languages.english(lang)) { if (lang == null) skipped.add(locale); continue; }
                Path f = locDir.resolve("annotations.json");
                if (!Files.isRegularFile(f)) continue;
                byLang.computeIfAbsent(lang, k -> new ArrayList<>())
                        .addAll(CldrAnnotations.pairs(lang, CldrAnnotations.names(files.read(f), f.toString()), english));
                locales++;
            }
        }
        if (locales == 0) throw new IllegalStateException(dir + " has no annotations/<locale>/annotations.json: re-run " + InstalledFiles.INSTALLER);
        Map<String, Object> stats = new LinkedHashMap<>();
        stats.put("locale_files", locales);
        stats.put("locales_skipped", new ArrayList<>(skipped));
        return new SourcePairs(byLang, stats);
    }

    private void readProse(InstalledFiles files, ParallelConfig cfg, EnglishCorpus corpus, PrintStream log) throws IOException {
        Path dir = files.kindDir("prose");
        for (Path pkgDir : list(dir, Files::isDirectory)) {
            String origin = "prose/" + pkgDir.getFileName();
            if (!cfg.englishFrom(origin)) continue;
            List<Path> all;
            try (Stream<Path> w = Files.walk(pkgDir)) {
                all = w.filter(Files::isRegularFile).sorted().toList();
            }
            long t = System.nanoTime();
            int before = corpus.unique();
            for (Path f : all) {
                String name = f.getFileName().toString();
                String format = EnglishProse.format(name);
                if (format == null) continue;
                List<String> units = switch (format) {
                    case "dictd" -> {
                        Path idx = f.resolveSibling(name.replaceFirst("\\.dict\\.dz$", ".index"));
                        if (!Files.isRegularFile(idx)) throw new IllegalStateException(idx + " missing next to " + f);
                        yield EnglishProse.dictd(files.read(idx), files.read(f), name);
                    }
                    case "wordnet" -> EnglishProse.wordnet(files.read(f));
                    case "pod" -> EnglishProse.pod(files.read(f));
                    case "rst" -> EnglishProse.rst(files.read(f));
                    case "plain" -> EnglishProse.plain(name.endsWith(".gz") ? DictdReader.gunzip(files.read(f)) : files.read(f));
                    case "fortune" -> EnglishProse.fortunes(files.read(f));
                    default -> throw new IllegalStateException(format);
                };
                corpus.add(origin, units, EnglishProse.needsTerminalPunctuation(format));
            }
            log.printf("parallel: %s: %,d new unique sentences (%.1f s)%n", origin, corpus.unique() - before, (System.nanoTime() - t) / 1e9);
        }
    }

    // ---- dedupe, caps ----

    static List<Pair> dedupe(List<Pair> pairs) {
        Set<Pair> seen = new java.util.HashSet<>(pairs.size() * 2);
        List<Pair> out = new ArrayList<>(pairs.size());
        for (Pair p : pairs) if (seen.add(p)) out.add(p);
        return out;
    }

    static List<Pair> capFreeDict(List<Pair> pairs, int cap, Map<String, Integer> lowerCounts) {
        int n = pairs.size();
        int[] freq = new int[n], words = new int[n];
        for (int i = 0; i < n; i++) {
            freq[i] = FreeDictReader.rarestWordCount(pairs.get(i).english(), lowerCounts);
            words[i] = Text.words(pairs.get(i).english());
        }
        Integer[] idx = new Integer[n];
        for (int i = 0; i < n; i++) idx[i] = i;
        Arrays.sort(idx, Comparator.<Integer>comparingInt(i -> -freq[i]).thenComparingInt(i -> words[i])
                .thenComparingInt(i -> pairs.get(i).english().length()).thenComparing(i -> pairs.get(i).english())
                .thenComparing(i -> pairs.get(i).foreign()));
        int k = cap > 0 ? Math.min(cap, n) : n;
        List<Pair> out = new ArrayList<>(k);
        for (int i = 0; i < k; i++) out.add(pairs.get(idx[i]));
        return out;
    }

    static List<Pair> capSample(List<Pair> pairs, int cap) {
        if (cap <= 0 || pairs.size() <= cap) return pairs;
        int n = pairs.size();
        long[] h = new long[n];
        Integer[] idx = new Integer[n];
        for (int i = 0; i < n; i++) {
            h[i] = fnv(pairs.get(i).foreign() + '\0' + pairs.get(i).english());
            idx[i] = i;
        }
        Arrays.sort(idx, Comparator.<Integer>comparingLong(i -> h[i]).thenComparingInt(i -> i));
        boolean[] keep = new boolean[n];
        for (int i = 0; i < cap; i++) keep[idx[i]] = true;
        List<Pair> out = new ArrayList<>(cap);
        for (int i = 0; i < n; i++) if (keep[i]) out.add(pairs.get(i));
        return out;
    }

    /** 64-bit FNV-1a over the UTF-16 code units. */
    static long fnv(String s) {
        long h = 0xcbf29ce484222325L;
        for (int i = 0; i < s.length(); i++) {
            h ^= s.charAt(i);
            h *= 0x100000001b3L;
        }
        return h;
    }

    // ---- files ----

    private static List<Path> list(Path dir, java.util.function.Predicate<Path> filter) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(filter).sorted().toList();
        }
    }

    /** Writes every output to a temporary sibling and forces it to disk, then renames them all into place. */
    static void writeAllAtomically(Path dir, Map<String, byte[]> outputs) throws IOException {
        Files.createDirectories(dir);
        Map<Path, Path> temps = new LinkedHashMap<>();
        try {
            for (var e : outputs.entrySet()) {
                Path tmp = Files.createTempFile(dir, "." + e.getKey(), ".tmp");
                temps.put(tmp, dir.resolve(e.getKey()));
                Files.write(tmp, e.getValue());
                try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
                    ch.force(true);
                }
            }
            for (var e : temps.entrySet())
                Files.move(e.getKey(), e.getValue(), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } finally {
            for (Path t : temps.keySet()) Files.deleteIfExists(t);
        }
    }
}
