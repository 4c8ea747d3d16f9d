package dev.microembed.train;

import dev.microembed.eval.StsData;
import dev.microembed.tokenizer.Tokenizer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;

/**
 * The training examples: token ids (runtime tokenizer, unknowns dropped, first 512) paired with the
 * index of an English sentence whose teacher embedding is the target. English sentences come from
 * STS train (en), English tweets (train splits) and the English side of Tatoeba (minus the held-out
 * slice); translations come from the line-aligned {@code stsb-xx-train.csv} files and Tatoeba. Dev
 * and val files are never opened here.
 */
final class TrainingData {
    static final int MAX_TOKENS = 512;
    static final String TEACHER_PREFIX = "query: ";
    /** The STS files under the data folder. */
    static final String STS_DIR = "sts/stsb-multi-mt";

    final List<String> english = new ArrayList<>();          // unique English sentences: target index = position
    private final Map<String, Integer> englishIndex = new LinkedHashMap<>();
    final List<int[]> ids = new ArrayList<>();
    final List<Integer> target = new ArrayList<>();       // English target index, or -1: no teacher target (pair term only)
    final List<int[]> partner = new ArrayList<>();        // token ids of the English side of a translation, or null
    final List<Integer> partnerKey = new ArrayList<>();   // one int per distinct English side (same key: not a negative)
    final List<Integer> group = new ArrayList<>();        // index into groups: (source, language) for the sampler
    final List<String> groups = new ArrayList<>();
    private final Map<String, Integer> groupIndex = new LinkedHashMap<>();
    private final Map<String, Integer> partnerKeys = new HashMap<>();
    final Map<String, Integer> examplesBySource = new TreeMap<>();
    /** Targets of at least one sentence example (not only dictionary words, emoji names or UI labels). */
    final java.util.BitSet sentenceTargets = new java.util.BitSet();
    static final Set<String> LABEL_SOURCES = Set.of("freedict", "cldr", "gettext");
    /** Targets of the base data (STS-B, Tatoeba, tweets): not of a pair source or the English corpus. */
    final java.util.BitSet baseTargets = new java.util.BitSet();
    static final Set<String> BASE_SOURCES = Set.of("sts", "tatoeba", "tweets");

    /** Held-out Tatoeba slice per language: [0] foreign lines, [1] English lines. */
    static Map<String, List<String>[]> tatoebaHeldOut(Path dataDir, List<String> only, int holdout) throws IOException {
        Map<String, List<String>[]> out = new TreeMap<>();
        for (String lang : tatoebaLanguages(dataDir, only)) {
            List<String>[] pair = tatoebaPair(dataDir, lang);
            int h = holdoutSize(pair[0].size(), holdout);
            @SuppressWarnings("unchecked")
            List<String>[] slice = new List[] {pair[0].subList(pair[0].size() - h, pair[0].size()), pair[1].subList(pair[1].size() - h, pair[1].size())};
            out.put(lang, slice);
        }
        return out;
    }

    /** Last {@code holdout} lines, or the last half when the file has fewer than 2·holdout lines. */
    static int holdoutSize(int lines, int holdout) { return dev.microembed.eval.HeldOut.tailSize(lines, holdout); }

    static List<String> tatoebaLanguages(Path dataDir, List<String> only) throws IOException {
        List<String> langs = new ArrayList<>();
        try (var s = Files.list(dataDir.resolve("parallel/tatoeba"))) {
            s.map(p -> p.getFileName().toString()).filter(n -> n.matches("[a-z]{3}-eng\\.[a-z]{3}") && !n.endsWith(".eng"))
                    .sorted().forEach(n -> langs.add(n.substring(0, 3)));
        }
        if (!only.isEmpty()) {
            for (String l : only) if (!langs.contains(l)) throw new IOException(dataDir.resolve("parallel/tatoeba") + ": no " + l + "-eng pair");
            langs.retainAll(only);
        }
        return langs;
    }

    @SuppressWarnings("unchecked")
    static List<String>[] tatoebaPair(Path dataDir, String lang) throws IOException {
        Path x = dataDir.resolve("parallel/tatoeba/" + lang + "-eng." + lang), e = dataDir.resolve("parallel/tatoeba/" + lang + "-eng.eng");
        List<String> xs = Files.readAllLines(x, StandardCharsets.UTF_8), es = Files.readAllLines(e, StandardCharsets.UTF_8);
        if (xs.size() != es.size()) throw new IOException(x + ": " + xs.size() + " lines but " + e + " has " + es.size());
        return new List[] {xs, es};
    }

    static TrainingData build(TrainConfig cfg, Tokenizer tok) throws IOException { return build(cfg, tok, null); }

    /** As above, plus the parallel stage's artifacts in {@code workDir} named by {@code cfg.pairSources()}. */
    static TrainingData build(TrainConfig cfg, Tokenizer tok, Path workDir) throws IOException {
        Path data = Path.of(cfg.dataDir());
        TrainingData d = new TrainingData();
        int cap = cfg.maxSentencesPerSource() > 0 ? cfg.maxSentencesPerSource() : Integer.MAX_VALUE;
        // English sentences of every held-out Tatoeba slice: never trained on, in any language's file.
        Set<String> heldOutEnglish = new HashSet<>();
        Set<String> heldOutForeign = new HashSet<>();
        for (List<String>[] s : tatoebaHeldOut(data, List.of(), cfg.tatoebaHoldout()).values()) { heldOutEnglish.addAll(s[1]); heldOutForeign.addAll(s[0]); }

        Path sts = data.resolve(STS_DIR);
        List<StsData.Pair> en = StsData.read(sts.resolve("stsb-en-train.csv")).pairs();
        int nSts = Math.min(en.size(), cap);
        int[][] stsTarget = new int[nSts][2];
        for (int i = 0; i < nSts; i++) {
            stsTarget[i][0] = d.englishTarget(en.get(i).sentence1());
            stsTarget[i][1] = d.englishTarget(en.get(i).sentence2());
            // English sides are examples in both modes: corpus (Tokenlearn) and cross-lingual (the English side of a pair).
            d.add(tok, en.get(i).sentence1(), stsTarget[i][0], "sts-en");
            d.add(tok, en.get(i).sentence2(), stsTarget[i][1], "sts-en");
        }
        if (cfg.crossLingual()) {
            for (String lang : cfg.stsLanguages()) {
                Path f = sts.resolve("stsb-" + lang + "-train.csv");
                List<StsData.Pair> rows = StsData.read(f).pairs();
                if (rows.size() != en.size()) throw new IOException(f + ": " + rows.size() + " rows, the English train file has " + en.size());
                for (int i = 0; i < nSts; i++) {
                    d.add(tok, rows.get(i).sentence1(), stsTarget[i][0], "sts-" + lang, en.get(i).sentence1());
                    d.add(tok, rows.get(i).sentence2(), stsTarget[i][1], "sts-" + lang, en.get(i).sentence2());
                }
            }
        }
        for (String lang : tatoebaLanguages(data, cfg.tatoebaLanguages())) {
            List<String>[] pair = tatoebaPair(data, lang);
            int usable = Math.min(cap, pair[0].size() - holdoutSize(pair[0].size(), cfg.tatoebaHoldout()));
            for (int i = 0; i < usable; i++) {
                String eng = pair[1].get(i), foreign = pair[0].get(i);
                if (heldOutEnglish.contains(eng) || heldOutForeign.contains(foreign)) continue;
                int t = d.englishTarget(eng);
                d.add(tok, eng, t, "tatoeba-eng");
                if (cfg.crossLingual()) d.add(tok, foreign, t, "tatoeba-" + lang, eng);
            }
        }
        if (cfg.corpus() && cfg.maxTweets() > 0) {
            List<String> tweets = new ArrayList<>();
            for (Path f : tweetFiles(data)) tweets.addAll(Files.readAllLines(f, StandardCharsets.UTF_8));
            List<String> unique = new ArrayList<>(new java.util.LinkedHashSet<>(tweets));
            java.util.Collections.shuffle(unique, new Random(cfg.seed()));
            int n = Math.min(Math.min(cfg.maxTweets(), cap), unique.size());
            for (String t : unique.subList(0, n)) {
                String s = t.strip();
                if (!s.isEmpty()) d.add(tok, s, d.englishTarget(s), "tweets-en");
            }
        }
        if (workDir != null && (!cfg.pairSources().isEmpty() || cfg.englishCorpus() > 0)) {
            // Nothing a dev signal scores may be trained on: held-out Tatoeba lines, STS dev sentences,
            // and the held-out split of every pair source (already excluded by the stage's hash rule).
            Set<String> devTexts = new HashSet<>(heldOutEnglish);
            devTexts.addAll(heldOutForeign);
            for (String lang : concat(List.of("en"), cfg.stsLanguages())) {
                Path dev = sts.resolve("stsb-" + lang + "-dev.csv");
                if (Files.exists(dev)) for (StsData.Pair p : StsData.read(dev).pairs()) { devTexts.add(p.sentence1()); devTexts.add(p.sentence2()); }
            }
            for (String source : cfg.pairSources()) d.addPairSource(tok, cfg, workDir, source, devTexts);
            if (cfg.englishCorpus() > 0) {
                Path f = workDir.resolve(ENGLISH_CORPUS);
                if (!Files.exists(f)) throw new IOException(f + " is missing: run the parallel stage first (microembed distill --only parallel)");
                int n = 0;
                try (var lines = Files.newBufferedReader(f, StandardCharsets.UTF_8)) {
                    for (String line; n < cfg.englishCorpus() && (line = lines.readLine()) != null; ) {
                        String t = line.strip();
                        if (t.isEmpty() || devTexts.contains(t)) continue;
                        d.add(tok, t, d.englishTarget(t), "corpus-en");
                        n++;
                    }
                }
            }
        }
        return d;
    }

    static final String ENGLISH_CORPUS = "english-corpus.txt";

    /** The English tweets of the corpus: xlm-t English and five tweeteval tasks, train splits. */
    static List<Path> tweetFiles(Path data) {
        List<Path> out = new ArrayList<>(List.of(data.resolve("tweets/xlm-t/english/train_text.txt")));
        for (String task : List.of("emoji", "emotion", "hate", "irony", "offensive")) out.add(data.resolve("tweets/tweeteval/" + task + "/train_text.txt"));
        return out;
    }

    /**
     * Every shared-data file that {@link #build} and the dev evaluation read under {@code cfg}: the STS train files
     * (English, and the other languages with cross-lingual training), the STS dev files, both sides of every Tatoeba pair
     * (all of them: no held-out line of any language is trained on), and the tweets with corpus training.
     */
    static List<Path> files(TrainConfig cfg) throws IOException {
        Path data = Path.of(cfg.dataDir()), sts = data.resolve(STS_DIR);
        List<Path> out = new ArrayList<>(List.of(sts.resolve("stsb-en-train.csv")));
        if (cfg.crossLingual()) for (String l : cfg.stsLanguages()) out.add(sts.resolve("stsb-" + l + "-train.csv"));
        out.add(sts.resolve("stsb-en-dev.csv"));
        for (String l : cfg.stsLanguages()) out.add(sts.resolve("stsb-" + l + "-dev.csv"));
        for (String lang : tatoebaLanguages(data, List.of())) {
            out.add(data.resolve("parallel/tatoeba/" + lang + "-eng." + lang));
            out.add(data.resolve("parallel/tatoeba/" + lang + "-eng.eng"));
        }
        if (cfg.corpus() && cfg.maxTweets() > 0) out.addAll(tweetFiles(data));
        return out;
    }

    static String pairsFile(String source) { return "pairs-" + source + ".tsv"; }

    /** The sources whose pairs artifact is in {@code workDir}, sorted. */
    static List<String> pairSourcesIn(Path workDir) throws IOException {
        List<String> out = new ArrayList<>();
        if (workDir == null || !Files.isDirectory(workDir)) return out;
        try (var s = Files.list(workDir)) {
            s.map(p -> p.getFileName().toString()).filter(n -> n.startsWith("pairs-") && n.endsWith(".tsv"))
                    .sorted().forEach(n -> out.add(n.substring(6, n.length() - 4)));
        }
        return out;
    }

    /** One line of a pairs artifact: {@code lang \t split \t foreign \t english}. */
    record PairLine(String lang, boolean heldOut, String foreign, String english) {}

    static List<PairLine> readPairs(Path file) throws IOException {
        if (!Files.exists(file)) throw new IOException(file + " is missing: run the parallel stage first (microembed distill --only parallel)");
        List<PairLine> out = new ArrayList<>();
        int lineNo = 0;
        try (var r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            for (String line; (line = r.readLine()) != null; ) {
                lineNo++;
                String[] f = line.split("\t", -1);
                if (f.length != 4 || !(f[1].equals("train") || f[1].equals("heldout")))
                    throw new IOException(file + ":" + lineNo + ": expected lang<TAB>train|heldout<TAB>foreign<TAB>english");
                out.add(new PairLine(f[0], f[1].equals("heldout"), f[2], f[3]));
            }
        }
        return out;
    }

    /**
     * Train pairs of one source, at most {@code max_pairs_per_group} per language (in file order). Each pair
     * gives the translation as an example toward the English side's teacher vector (and, with a pair
     * term, next to the English side's own student vector); dictionary pairs follow {@code dictionary_as}.
     */
    private void addPairSource(Tokenizer tok, TrainConfig cfg, Path workDir, String source, Set<String> devTexts) throws IOException {
        List<PairLine> pairs = readPairs(workDir.resolve(pairsFile(source)));
        Set<String> heldOut = new HashSet<>();
        for (PairLine p : pairs) if (p.heldOut()) { heldOut.add(p.english()); heldOut.add(p.foreign()); }
        boolean dictionary = source.equals("freedict");
        String as = dictionary ? cfg.dictionaryAs() : cfg.pairsAs();
        boolean toTarget = !as.equals("contrastive");
        boolean pairOnly = as.equals("contrastive");
        int cap = cfg.maxPairsPerGroup() > 0 ? cfg.maxPairsPerGroup() : Integer.MAX_VALUE;
        if (cfg.maxSentencesPerSource() > 0) cap = Math.min(cap, cfg.maxSentencesPerSource());
        Map<String, Integer> perLang = new HashMap<>();
        for (PairLine p : pairs) {
            if (p.heldOut() || heldOut.contains(p.english()) || heldOut.contains(p.foreign())
                    || devTexts.contains(p.english()) || devTexts.contains(p.foreign())) continue;
            if (perLang.getOrDefault(p.lang(), 0) >= cap) continue;
            perLang.merge(p.lang(), 1, Integer::sum);
            int t = toTarget ? englishTarget(p.english()) : -1;
            if (toTarget) add(tok, p.english(), t, source + "-eng");
            if (cfg.crossLingual() || pairOnly) add(tok, p.foreign(), pairOnly ? -1 : t, source + "-" + p.lang(), p.english());
        }
    }

    private static List<String> concat(List<String> a, List<String> b) { List<String> c = new ArrayList<>(a); c.addAll(b); return c; }

    private int englishTarget(String s) {
        return englishIndex.computeIfAbsent(s, k -> { english.add(k); return english.size() - 1; });
    }

    private final Set<Long> seenExample = new HashSet<>();

    private void add(Tokenizer tok, String text, int targetIndex, String source) { add(tok, text, targetIndex, source, null); }

    private final int[] buf = new int[MAX_TOKENS];
    private final Map<String, int[]> englishIds = new HashMap<>();

    /** One example; {@code english} names the English side of a translation (null for English text itself). */
    private void add(Tokenizer tok, String text, int targetIndex, String source, String english) {
        // The same text may occur in several sources: one example per (text, English side / target).
        long key = ((long) text.hashCode() << 32) ^ (english != null ? english.hashCode() : targetIndex);
        if (!seenExample.add(key)) return;
        int n = tok.encode(text, buf, true);
        if (n == 0) return;
        int[] textIds = java.util.Arrays.copyOf(buf, n); // before buf is reused for the English side
        int[] partnerIds = null;
        if (english != null) {
            partnerIds = englishIds.computeIfAbsent(english, e -> java.util.Arrays.copyOf(buf, tok.encode(e, buf, true)));
            if (partnerIds.length == 0) partnerIds = null;
        }
        if (targetIndex < 0 && partnerIds == null) return; // nothing to learn from
        ids.add(textIds);
        target.add(targetIndex);
        partner.add(partnerIds);
        partnerKey.add(english == null ? -1 : partnerKeys.computeIfAbsent(english, e -> partnerKeys.size()));
        group.add(groupIndex.computeIfAbsent(source, k -> { groups.add(k); return groups.size() - 1; }));
        examplesBySource.merge(source, 1, Integer::sum);
        String family = source.contains("-") ? source.substring(0, source.lastIndexOf('-')) : source;
        if (targetIndex >= 0 && !LABEL_SOURCES.contains(family)) sentenceTargets.set(targetIndex);
        if (targetIndex >= 0 && BASE_SOURCES.contains(family)) baseTargets.set(targetIndex);
    }

    int size() { return ids.size(); }
}
