package dev.microembed.distill;

import dev.microembed.eval.StsScorer;
import dev.microembed.model.Json;
import dev.microembed.model.ModelFolder;
import dev.microembed.tokenizer.Tokenizer;
import dev.microembed.tokenizer.TokenizerJsonWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Stage 1: the vocabulary. Base WordPiece vocabulary (mBERT cased) plus added tokens, pruned to a target size;
 * writes {@code tokenizer.json} and {@code vocab-report.json}.
 *
 * <p>Frequency rules (all counts on the configured train-split corpora, case-sensitive, because added tokens
 * match the raw text):
 * <ul>
 * <li><b>Emoji</b>: every fully-qualified emoji of {@code emoji-test.txt} (ZWJ sequences, flags, skin tones), or with
 *     {@code "emoji": "corpus"} only those that occur in the corpora; plus minimally-/un-qualified forms that occur
 *     at least {@code emoji_variant_min_count} times in the corpora (tweets often drop U+FE0F).</li>
 * <li><b>Hashtags</b>: {@code #[letters digits _]+} in tweets, at least {@code hashtag_min_count} occurrences in at least
 *     {@code min_docs} tweets, not a base token.</li>
 * <li><b>Slang / informal words</b>: BERT words of letters only, {@code slang_min_length}..40 characters, at least
 *     {@code slang_min_count} occurrences in at least {@code min_docs} tweets (not counting hashtag bodies, and not
 *     mostly a hashtag body), split by the base WordPiece into at least
 *     {@code slang_min_pieces} pieces (or [UNK]), and informal: their rate per million words in tweets is at least
 *     {@code informal_ratio} times their rate in the non-tweet corpora.</li>
 * <li>Added tokens match anywhere in the raw text, so a candidate is rejected when it occurs inside longer words
 *     (or hashtags) more than {@code max_inside_ratio} times as often as on its own.</li>
 * <li><b>Missing characters</b>: every character seen at least {@code char_min_count} times in the normalised corpora
 *     for which the base vocabulary has neither {@code c} nor {@code ##c} (mBERT lacks e.g. ’ “ ” … — and U+FE0F) becomes
 *     an added token, so it no longer turns its whole word into [UNK].</li>
 * <li><b>Pruning</b> to {@code target_size} tokens: specials and added tokens stay; {@code [unused*]} and other
 *     bracketed non-specials go; every character of the normalised corpora keeps its base tokens {@code c} and
 *     {@code ##c} (so no corpus word loses its spelling); the remaining base tokens are ranked by how often the
 *     tokenizer (with the added tokens) emits them on the corpora, ties broken by base id (WordPiece vocabularies
 *     list frequent pieces first), and the best fill the budget.</li>
 * </ul>
 */
public final class VocabularyStage implements Stage {
    static final Set<String> SPECIALS = Set.of("[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]");
    private static final Pattern HASHTAG = Pattern.compile("#[\\p{L}\\p{M}\\p{N}_]+");
    private static final Pattern LETTERS = Pattern.compile("[\\p{L}\\p{M}]+");

    private final DistillConfig config;

    public VocabularyStage(DistillConfig config) { this.config = config; }

    @Override public String name() { return "vocab"; }

    /** The base vocabulary, the emoji list, the corpora, and the held-out text of the [UNK] report. */
    @Override
    public List<String> inputs() {
        Map<String, Object> s = config.section("vocab");
        List<String> in = new ArrayList<>();
        in.add(config.path(config.str(s, "base", "${data}/vocab/mbert-cased-vocab.txt")).toString());
        if (!config.str(s, "emoji", "all").equals("none"))
            in.add(config.path(config.str(s, "emoji_test", "/usr/share/unicode/emoji/emoji-test.txt")).toString());
        try {
            for (Path f : Corpora.files(config)) in.add(f.toString());
            for (Path f : valFiles(config)) in.add(f.toString());
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        in.addAll(config.devStsFiles());
        return in;
    }

    @Override public List<String> outputs() { return List.of("tokenizer.json", "vocab-report.json"); }

    @Override
    public void run(Workspace ws, boolean resume) throws Exception {
        DistillConfig c = ws.config();
        Map<String, Object> s = c.section("vocab");
        Path basePath = c.path(c.str(s, "base", "${data}/vocab/mbert-cased-vocab.txt"));
        boolean lowercase = c.bool(s, "lowercase", false);
        int target = c.integer(s, "target_size", 100_000);
        List<String> base = readBase(basePath);
        Set<String> baseSet = new HashSet<>(base);
        Corpora corpora = Corpora.load(c);
        ws.log().printf("vocab: base %s (%d tokens), %d corpus texts from %d files%n", basePath, base.size(), corpora.docs().size(), corpora.files().size());

        String baseJson = TokenizerJsonWriter.write(base, List.of(), lowercase);
        Map<String, Object> report = new LinkedHashMap<>();
        Map<String, Object> mining = new LinkedHashMap<>();

        // ---- word statistics ----
        Map<String, long[]> tweetWords = new HashMap<>(); // word -> {count, docs}
        Map<String, Long> otherWords = new HashMap<>();
        Map<String, long[]> hashtags = new HashMap<>();
        long tweetWordTotal = 0, otherWordTotal = 0;
        Set<Integer> corpusChars = new HashSet<>();
        Map<Integer, Long> charCounts = new HashMap<>();
        for (Corpora.Doc d : corpora.docs()) {
            List<String> words = BertWords.words(d.text());
            Set<String> seen = new HashSet<>();
            for (String w : words) {
                w.codePoints().forEach(cp -> { corpusChars.add(cp); charCounts.merge(cp, 1L, Long::sum); });
                if (d.tweet()) {
                    long[] cnt = tweetWords.computeIfAbsent(w, k -> new long[2]);
                    cnt[0]++;
                    if (seen.add(w)) cnt[1]++;
                    tweetWordTotal++;
                } else {
                    otherWords.merge(w, 1L, Long::sum);
                    otherWordTotal++;
                }
            }
            if (d.tweet()) {
                Matcher m = HASHTAG.matcher(d.text());
                Set<String> seenTags = new HashSet<>();
                while (m.find()) {
                    long[] cnt = hashtags.computeIfAbsent(m.group(), k -> new long[2]);
                    cnt[0]++;
                    if (seenTags.add(m.group())) cnt[1]++;
                }
            }
        }
        // All raw whitespace-separated strings with their counts: what added tokens could match inside.
        Map<String, Long> rawPieces = new HashMap<>();
        for (Corpora.Doc d : corpora.docs()) for (String p : d.text().split("\\s+")) if (!p.isEmpty()) rawPieces.merge(p, 1L, Long::sum);

        // ---- emoji ----
        List<String> emoji = new ArrayList<>();
        String emojiMode = c.str(s, "emoji", "all");
        int variantMin = c.integer(s, "emoji_variant_min_count", 3);
        Path emojiFile = c.path(c.str(s, "emoji_test", "/usr/share/unicode/emoji/emoji-test.txt"));
        String allText = null;
        if (!emojiMode.equals("none")) {
            if (!Files.isRegularFile(emojiFile))
                throw new IllegalStateException("emoji list " + emojiFile + " not found (install the Debian package unicode-data)");
            StringBuilder sb = new StringBuilder();
            for (Corpora.Doc d : corpora.docs()) sb.append(d.text()).append('\n');
            allText = sb.toString();
            Set<Integer> textCps = new HashSet<>();
            allText.codePoints().forEach(textCps::add);
            Map<String, String> emojiStatus = readEmojiTest(emojiFile);
            int fq = 0, variants = 0;
            for (Map.Entry<String, String> e : emojiStatus.entrySet()) {
                String em = e.getKey();
                boolean fully = e.getValue().equals("fully-qualified");
                if (fully && emojiMode.equals("all")) { emoji.add(em); fq++; continue; }
                if (fully && !emojiMode.equals("corpus")) continue;
                if (!textCps.contains(em.codePointAt(0))) continue;
                long count = countOccurrences(allText, em, variantMin);
                if (fully ? count > 0 : count >= variantMin) {
                    emoji.add(em);
                    if (fully) fq++; else variants++;
                }
            }
            mining.put("emoji_fully_qualified", fq);
            mining.put("emoji_variants_from_corpus", variants);
            mining.put("emoji_file", emojiFile.toString());
        }

        // ---- hashtags ----
        int minDocs = c.integer(s, "min_docs", 2);
        double maxInside = c.number(s, "max_inside_ratio", 0.1);
        int hashMin = c.integer(s, "hashtag_min_count", 5);
        int maxHash = c.integer(s, "max_hashtags", 5000);
        Set<String> hashCand = new LinkedHashSet<>();
        hashtags.entrySet().stream()
                .filter(e -> e.getValue()[0] >= hashMin && e.getValue()[1] >= minDocs && e.getKey().length() >= 3 && !baseSet.contains(e.getKey()))
                .sorted(Map.Entry.<String, long[]>comparingByValue(Comparator.comparingLong(a -> -a[0])).thenComparing(Map.Entry.comparingByKey()))
                .forEach(e -> hashCand.add(e.getKey()));
        Map<String, Long> hashInside = insideCounts(hashCand, rawPieces);
        List<String> hashAdded = new ArrayList<>();
        int hashRejectedInside = 0;
        for (String h : hashCand) {
            long own = hashtags.get(h)[0];
            if (hashInside.getOrDefault(h, 0L) > maxInside * own) { hashRejectedInside++; continue; }
            if (hashAdded.size() < maxHash) hashAdded.add(h);
        }
        mining.put("hashtag_candidates", hashCand.size());
        mining.put("hashtags_rejected_inside_words", hashRejectedInside);

        // ---- slang / informal words ----
        int slangMin = c.integer(s, "slang_min_count", 10);
        int slangMinLen = c.integer(s, "slang_min_length", 3);
        int slangPieces = c.integer(s, "slang_min_pieces", 2);
        double informal = c.number(s, "informal_ratio", 5.0);
        int maxSlang = c.integer(s, "max_slang", 3000);
        List<String> slangCand = new ArrayList<>();
        List<Map.Entry<String, long[]>> byCount = new ArrayList<>(tweetWords.entrySet());
        byCount.sort(Map.Entry.<String, long[]>comparingByValue(Comparator.comparingLong(a -> -a[0])).thenComparing(Map.Entry.comparingByKey()));
        int slangRejectedFormal = 0, slangRejectedHashtag = 0;
        Tokenizer baseTok = Tokenizer.fromJson(baseJson);
        for (Map.Entry<String, long[]> e : byCount) {
            String w = e.getKey();
            long[] cnt = e.getValue();
            if (cnt[0] < slangMin || cnt[1] < minDocs) break;
            long asHashtag = hashtags.containsKey("#" + w) ? hashtags.get("#" + w)[0] : 0;
            if (cnt[0] - asHashtag < slangMin || asHashtag * 2 > cnt[0]) { slangRejectedHashtag++; continue; }
            if (w.length() < slangMinLen || w.length() > 40 || !LETTERS.matcher(w).matches() || baseSet.contains(w)) continue;
            int[] ids = baseTok.encode(w);
            boolean unk = ids.length == 1 && ids[0] == baseTok.unknownId();
            if (!unk && ids.length < slangPieces) continue;
            double tweetRate = cnt[0] * 1e6 / Math.max(1, tweetWordTotal);
            double otherRate = otherWords.getOrDefault(w, 0L) * 1e6 / Math.max(1, otherWordTotal);
            if (otherWordTotal > 0 && tweetRate < informal * otherRate) { slangRejectedFormal++; continue; }
            slangCand.add(w);
        }
        Map<String, Long> slangInside = insideCounts(new HashSet<>(slangCand), rawPieces);
        List<String> slangAdded = new ArrayList<>();
        int slangRejectedInside = 0;
        for (String w : slangCand) {
            long own = tweetWords.get(w)[0] + otherWords.getOrDefault(w, 0L);
            if (slangInside.getOrDefault(w, 0L) > maxInside * own) { slangRejectedInside++; continue; }
            if (slangAdded.size() < maxSlang) slangAdded.add(w);
        }
        mining.put("slang_candidates", slangCand.size());
        mining.put("slang_rejected_formal", slangRejectedFormal);
        mining.put("slang_rejected_mostly_hashtag_body", slangRejectedHashtag);
        mining.put("slang_rejected_inside_words", slangRejectedInside);

        // ---- characters the corpora use but the base vocabulary lacks (typographic quotes, ellipsis, U+FE0F ...) ----
        int charMin = c.integer(s, "char_min_count", 5);
        List<String> charsAdded = new ArrayList<>();
        charCounts.entrySet().stream().filter(e -> e.getValue() >= charMin).sorted(Map.Entry.comparingByKey()).forEach(e -> {
            String ch = new String(Character.toChars(e.getKey()));
            if (!baseSet.contains(ch) && !baseSet.contains("##" + ch) && !Character.isSurrogate(ch.charAt(0))) charsAdded.add(ch);
        });
        mining.put("added_missing_chars", charsAdded.size());
        mining.put("missing_char_examples", charsAdded.subList(0, Math.min(60, charsAdded.size())));

        // ---- assemble added tokens ----
        LinkedHashSet<String> added = new LinkedHashSet<>();
        added.addAll(charsAdded);
        int emojiInBase = 0;
        for (String e : emoji) { if (baseSet.contains(e)) emojiInBase++; else added.add(e); }
        added.addAll(hashAdded);
        added.addAll(slangAdded);
        if (added.size() > target / 2) throw new IllegalStateException("more added tokens (" + added.size() + ") than half the target size");
        List<String> addedList = new ArrayList<>(added);
        mining.put("emoji_already_in_base", emojiInBase);
        mining.put("added_emoji", (int) emoji.stream().filter(added::contains).count());
        mining.put("added_hashtags", hashAdded.size());
        mining.put("added_slang", slangAdded.size());
        mining.put("hashtag_examples", hashAdded.subList(0, Math.min(30, hashAdded.size())));
        mining.put("slang_examples", slangAdded.subList(0, Math.min(60, slangAdded.size())));

        // ---- pruning ----
        String expandedJson = TokenizerJsonWriter.write(base, addedList, lowercase);
        long[] counts = new long[base.size() + addedList.size()];
        List<String> texts = corpora.texts();
        for (int[] ids : encodeAll(Tokenizer.fromJson(expandedJson), texts)) for (int id : ids) counts[id]++;
        Set<Integer> keep = new HashSet<>();
        Set<String> emojiSet = new HashSet<>(emoji);
        int charsKept = 0;
        for (int i = 0; i < base.size(); i++) {
            String tkn = base.get(i);
            if (SPECIALS.contains(tkn) || emojiSet.contains(tkn)) { keep.add(i); continue; }
            String bare = tkn.startsWith("##") ? tkn.substring(2) : tkn;
            if (bare.codePointCount(0, bare.length()) == 1 && corpusChars.contains(bare.codePointAt(0))) { keep.add(i); charsKept++; }
        }
        int budget = target - addedList.size() - keep.size();
        if (budget < 0) throw new IllegalStateException("target_size " + target + " is smaller than the protected tokens (" + (keep.size() + addedList.size()) + ")");
        List<Integer> rest = new ArrayList<>();
        for (int i = 0; i < base.size(); i++) {
            String tkn = base.get(i);
            if (keep.contains(i) || (tkn.startsWith("[") && tkn.endsWith("]")) || tkn.equals("<S>") || tkn.equals("<T>")) continue;
            rest.add(i);
        }
        rest.sort(Comparator.<Integer>comparingLong(i -> -counts[i]).thenComparingInt(i -> i));
        for (int i = 0; i < Math.min(budget, rest.size()); i++) keep.add(rest.get(i));
        List<String> vocab = new ArrayList<>();
        for (int i = 0; i < base.size(); i++) if (keep.contains(i)) vocab.add(base.get(i));
        long usedDropped = 0;
        for (int i = budget; i < rest.size(); i++) if (counts[rest.get(i)] > 0) usedDropped++;

        String finalJson = TokenizerJsonWriter.write(vocab, addedList, lowercase);
        Map<String, Object> prune = new LinkedHashMap<>();
        prune.put("target_size", target);
        prune.put("base_size", base.size());
        prune.put("kept_base", vocab.size());
        prune.put("added", addedList.size());
        prune.put("final_size", vocab.size() + addedList.size());
        prune.put("single_char_tokens_protected", charsKept);
        prune.put("distinct_corpus_chars", corpusChars.size());
        prune.put("dropped_base_tokens_used_by_corpora", usedDropped);
        prune.put("tokenizer_json_bytes", finalJson.getBytes(StandardCharsets.UTF_8).length);

        // ---- [UNK] share per language, before / after: on the train corpora and on held-out dev/val text ----
        Map<String, Object> unk = unkShares(corpora.docs(), baseJson, expandedJson, finalJson);
        Map<String, Object> unkHeldOut = unkShares(heldOut(c), baseJson, expandedJson, finalJson);
        report.put("base", Map.of("path", basePath.toString(), "sha256", ModelFolder.sha256(basePath), "size", base.size()));
        report.put("corpora_files", corpora.files().stream().map(Path::toString).toList());
        report.put("corpus_texts", corpora.docs().size());
        report.put("mining", mining);
        report.put("pruning", prune);
        report.put("unk_share_by_language", unk);
        report.put("unk_share_by_language_heldout_dev_val", unkHeldOut);
        ws.writeString("tokenizer.json", finalJson);
        ws.writeJson("vocab-report.json", report);
        Map<String, Object> m = ws.metrics(name());
        m.put("vocab_size", vocab.size() + addedList.size());
        m.put("added_tokens", addedList.size());
        m.put("unk_share_by_language", unk);
        m.put("unk_share_by_language_heldout_dev_val", unkHeldOut);
        ws.log().printf("vocab: %d tokens (%d base + %d added: %s emoji, %d hashtags, %d slang)%n", vocab.size() + addedList.size(),
                vocab.size(), addedList.size(), mining.get("added_emoji"), hashAdded.size(), slangAdded.size());
    }

    /**
     * Share of BERT words that become [UNK] per language, for the base vocabulary, the expanded one (before pruning)
     * and the final one. One [UNK] token stands for one whole word in WordPiece, so [UNK] tokens / words is the share.
     */
    static Map<String, Object> unkShares(List<Corpora.Doc> docs, String baseJson, String expandedJson, String finalJson) {
        Map<String, long[]> wordsPerLang = new TreeMap<>();
        for (Corpora.Doc d : docs) wordsPerLang.computeIfAbsent(d.lang(), k -> new long[1])[0] += BertWords.words(d.text()).size();
        List<String> texts = docs.stream().map(Corpora.Doc::text).toList();
        Map<String, Map<String, Long>> unkCounts = new LinkedHashMap<>();
        for (Map.Entry<String, String> variant : List.of(Map.entry("base", baseJson), Map.entry("expanded", expandedJson), Map.entry("final", finalJson))) {
            Map<String, Long> per = new HashMap<>();
            Tokenizer t = Tokenizer.fromJson(variant.getValue());
            List<int[]> enc = encodeAll(t, texts);
            for (int i = 0; i < texts.size(); i++) {
                long u = 0;
                for (int id : enc.get(i)) if (id == t.unknownId()) u++;
                per.merge(docs.get(i).lang(), u, Long::sum);
            }
            unkCounts.put(variant.getKey(), per);
        }
        Map<String, Object> unk = new TreeMap<>();
        for (Map.Entry<String, long[]> e : wordsPerLang.entrySet()) {
            Map<String, Object> row = new LinkedHashMap<>();
            long words = e.getValue()[0];
            row.put("words", words);
            for (String v : unkCounts.keySet())
                row.put("unk_pct_" + v, round(100.0 * unkCounts.get(v).getOrDefault(e.getKey(), 0L) / Math.max(1, words), 3));
            unk.put(e.getKey(), row);
        }
        return unk;
    }

    /** Held-out text for reporting only: the tweets' val splits next to the configured train files, and the STS dev files. */
    static List<Corpora.Doc> heldOut(DistillConfig c) throws IOException {
        List<Corpora.Doc> out = new ArrayList<>();
        for (Path val : valFiles(c))
            for (String line : Files.readAllLines(val, StandardCharsets.UTF_8)) if (!line.isBlank()) out.add(new Corpora.Doc(Corpora.language(val), true, line));
        StsScorer sts = c.devSts();
        for (String l : sts.languages()) for (String t : sts.sentences(l)) out.add(new Corpora.Doc(l, false, t));
        return out;
    }

    /** Every id of each text, unknown ones included, no cap (the runtime tokenizer, texts in parallel). */
    static List<int[]> encodeAll(Tokenizer t, List<String> texts) {
        return texts.parallelStream().map(t::encode).toList();
    }

    /** The val split next to each configured tweet train file, where there is one. */
    static List<Path> valFiles(DistillConfig c) throws IOException {
        List<Path> out = new ArrayList<>();
        for (String g : c.strings(c.section("corpora"), "tweets", List.of()))
            for (Path f : c.glob(g)) {
                Path val = f.resolveSibling(f.getFileName().toString().replace("train", "val"));
                if (!val.equals(f) && Files.isRegularFile(val)) out.add(val);
            }
        return out;
    }

    static double round(double v, int places) {
        double f = Math.pow(10, places);
        return Math.round(v * f) / f;
    }

    /** Base vocabulary in id order, from a vocab.txt (one token per line) or a tokenizer.json (model.vocab). */
    static List<String> readBase(Path p) throws IOException {
        if (!Files.isRegularFile(p)) throw new IllegalArgumentException("base vocabulary not found: " + p);
        String text = Files.readString(p, StandardCharsets.UTF_8);
        if (p.getFileName().toString().endsWith(".json")) {
            Map<?, ?> root = (Map<?, ?>) Json.parse(text);
            Object model = root.get("model");
            if (!(model instanceof Map<?, ?> mm) || !(mm.get("vocab") instanceof Map<?, ?> v))
                throw new IllegalArgumentException(p + ": no model.vocab object (only WordPiece tokenizer.json files are supported)");
            String[] byId = new String[v.size()];
            for (Map.Entry<?, ?> e : v.entrySet()) {
                int id = ((Number) e.getValue()).intValue();
                if (id < 0 || id >= byId.length || byId[id] != null) throw new IllegalArgumentException(p + ": vocabulary ids are not 0..n-1");
                byId[id] = (String) e.getKey();
            }
            return List.of(byId);
        }
        List<String> out = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        int line = 0;
        for (String t : text.split("\n", -1)) {
            line++;
            if (t.endsWith("\r")) t = t.substring(0, t.length() - 1);
            if (t.isEmpty() && line == text.split("\n", -1).length) break;
            if (t.isEmpty()) throw new IllegalArgumentException(p + ":" + line + ": empty token");
            if (!seen.add(t)) throw new IllegalArgumentException(p + ":" + line + ": duplicate token " + t);
            out.add(t);
        }
        return out;
    }

    /** emoji-test.txt: emoji string → status (fully-qualified, minimally-qualified, unqualified, component), file order. */
    static Map<String, String> readEmojiTest(Path p) throws IOException {
        Map<String, String> out = new LinkedHashMap<>();
        int line = 0;
        for (String l : Files.readAllLines(p, StandardCharsets.UTF_8)) {
            line++;
            if (l.isBlank() || l.startsWith("#")) continue;
            int semi = l.indexOf(';'), hash = l.indexOf('#');
            if (semi < 0 || hash < semi) throw new IllegalArgumentException(p + ":" + line + ": not '<code points> ; <status> # ...'");
            StringBuilder sb = new StringBuilder();
            for (String cp : l.substring(0, semi).trim().split("\\s+")) sb.appendCodePoint(Integer.parseInt(cp, 16));
            out.putIfAbsent(sb.toString(), l.substring(semi + 1, hash).trim());
        }
        return out;
    }

    private static long countOccurrences(String text, String needle, int atLeast) {
        long n = 0;
        for (int i = text.indexOf(needle); i >= 0; i = text.indexOf(needle, i + needle.length())) n++;
        return n;
    }

    /**
     * For each candidate, how often it occurs strictly inside a longer raw whitespace-separated string (where an
     * added token would still match), counted over every substring of those strings.
     */
    static Map<String, Long> insideCounts(Set<String> candidates, Map<String, Long> rawPieces) {
        Map<String, Long> out = new HashMap<>();
        if (candidates.isEmpty()) return out;
        int maxLen = candidates.stream().mapToInt(String::length).max().orElse(0);
        for (Map.Entry<String, Long> e : rawPieces.entrySet()) {
            String w = e.getKey();
            Set<String> found = new HashSet<>();
            for (int i = 0; i < w.length(); i++)
                for (int j = i + 1; j <= Math.min(w.length(), i + maxLen); j++) {
                    if (j - i == w.length()) continue;
                    String sub = w.substring(i, j);
                    if (candidates.contains(sub) && !isStandalone(w, i, j) && found.add(sub + "\u0000" + i)) out.merge(sub, e.getValue(), Long::sum);
                }
        }
        return out;
    }

    /** A match bounded by non-letters on both sides is the word itself (e.g. "lol!"), not inside another word. */
    private static boolean isStandalone(String w, int i, int j) {
        boolean left = i == 0 || !Character.isLetterOrDigit(w.codePointBefore(i));
        boolean right = j == w.length() || !Character.isLetterOrDigit(w.codePointAt(j));
        return left && right;
    }
}
