package dev.microembed.train;

import dev.microembed.eval.StsData;
import dev.microembed.tokenizer.Tokenizer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
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

    final List<String> english = new ArrayList<>();          // unique English sentences: target index = position
    private final Map<String, Integer> englishIndex = new LinkedHashMap<>();
    final List<int[]> ids = new ArrayList<>();
    final List<Integer> target = new ArrayList<>();
    final Map<String, Integer> examplesBySource = new TreeMap<>();

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

    static TrainingData build(TrainConfig cfg, Tokenizer tok) throws IOException {
        Path data = Path.of(cfg.dataDir());
        TrainingData d = new TrainingData();
        int cap = cfg.maxSentencesPerSource() > 0 ? cfg.maxSentencesPerSource() : Integer.MAX_VALUE;
        // English sentences of every held-out Tatoeba slice: never trained on, in any language's file.
        Set<String> heldOutEnglish = new HashSet<>();
        Set<String> heldOutForeign = new HashSet<>();
        for (List<String>[] s : tatoebaHeldOut(data, List.of(), cfg.tatoebaHoldout()).values()) { heldOutEnglish.addAll(s[1]); heldOutForeign.addAll(s[0]); }

        Path sts = data.resolve("sts/stsb-multi-mt");
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
                    d.add(tok, rows.get(i).sentence1(), stsTarget[i][0], "sts-" + lang);
                    d.add(tok, rows.get(i).sentence2(), stsTarget[i][1], "sts-" + lang);
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
                if (cfg.crossLingual()) d.add(tok, foreign, t, "tatoeba-" + lang);
            }
        }
        if (cfg.corpus() && cfg.maxTweets() > 0) {
            List<String> tweets = new ArrayList<>();
            tweets.addAll(Files.readAllLines(data.resolve("tweets/xlm-t/english/train_text.txt"), StandardCharsets.UTF_8));
            for (String task : List.of("emoji", "emotion", "hate", "irony", "offensive"))
                tweets.addAll(Files.readAllLines(data.resolve("tweets/tweeteval/" + task + "/train_text.txt"), StandardCharsets.UTF_8));
            List<String> unique = new ArrayList<>(new java.util.LinkedHashSet<>(tweets));
            java.util.Collections.shuffle(unique, new Random(cfg.seed()));
            int n = Math.min(Math.min(cfg.maxTweets(), cap), unique.size());
            for (String t : unique.subList(0, n)) {
                String s = t.strip();
                if (!s.isEmpty()) d.add(tok, s, d.englishTarget(s), "tweets-en");
            }
        }
        return d;
    }

    private int englishTarget(String s) {
        return englishIndex.computeIfAbsent(s, k -> { english.add(k); return english.size() - 1; });
    }

    private final Set<Long> seenExample = new HashSet<>();

    private void add(Tokenizer tok, String text, int targetIndex, String source) {
        // The same English sentence may occur in several sources: one example per (text, target).
        if (!seenExample.add(((long) text.hashCode() << 32) ^ targetIndex)) return;
        int[] buf = new int[MAX_TOKENS];
        int n = tok.encode(text, buf, true);
        if (n == 0) return;
        ids.add(java.util.Arrays.copyOf(buf, n));
        target.add(targetIndex);
        examplesBySource.merge(source, 1, Integer::sum);
    }

    int size() { return ids.size(); }
}
