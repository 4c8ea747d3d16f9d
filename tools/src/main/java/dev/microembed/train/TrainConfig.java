package dev.microembed.train;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Every knob of the training stage, read from the {@code "train"} object of a distill config (or built
 * from {@code microembed train} options). Keys are snake_case like every other config key ({@code batch_size},
 * {@code max_pairs_per_group}); unknown keys are an error so a typo never silently trains the default.
 */
public record TrainConfig(
        boolean corpus,            // English sentences trained toward their own teacher embedding (Tokenlearn)
        boolean crossLingual,      // translations (and their English sides) toward the English teacher embedding
        boolean learnWeights,      // per-token pooling weights learned next to the rows
        String initWeights,        // "auto" (the weights stage's choice) | "sif" | "idf" | "uniform": each token's starting pooling weight
        String space,              // "pca": 64-d rows vs targets in the token PCA; "teacher": 384-d, token PCA after;
                                   // "sentence": 64-d rows and targets in the PCA of the corpus sentence embeddings
        String centerTargets,      // "token": subtract the PCA (token) mean from teacher vectors; "corpus": the mean teacher sentence
        int epochs,
        int batchSize,
        double learningRate,       // Adam step relative to the RMS of the initial rows
        double weightLearningRate, // Adam step relative to the mean initial weight
        double l2Pull,             // strength of the pull of each touched row toward its plain-distilled row
        double contrastive,        // weight of the in-batch contrastive (InfoNCE) term next to the cosine loss
        double temperature,        // InfoNCE temperature
        int maxTweets,             // English tweets sampled for the corpus (deterministic), 0 = none
        int maxSentencesPerSource, // cap per source file (0 = no cap): the tiny CI variant
        int tatoebaHoldout,        // last N lines of each Tatoeba pair file held out (half the file if shorter than 2N)
        int teacherBatch,
        int threads,
        long seed,
        String tag,                // names this run's checkpoint/report; "" for the main run
        String output,             // file written in the work dir
        String dataDir,            // the shared data folder (…/shared/data)
        List<String> stsLanguages,
        List<String> tatoebaLanguages, // ISO 639-3 codes; empty = every pair file in parallel/tatoeba
        List<String> pairSources,      // pairs-<source>.tsv artifacts of the parallel stage trained on ("freedict", "gettext", ...)
        int maxPairsPerGroup,          // train pairs read per (source, language), 0 = all
        int englishCorpus,             // lines of english-corpus.txt trained toward their own teacher vector, 0 = none
        int groupCap,                  // examples drawn per (source, language) group and epoch, 0 = every example every epoch
        double pairContrastive,        // weight of the student-student InfoNCE between a translation and its English side
        String dictionaryAs,           // "target": word pairs toward the teacher's vector of the English word; "contrastive": pair term only; "both"
        int devPairs,                  // held-out pairs per (source, language) scored on dev
        String pcaFit,                 // "all": sentence PCA on every teacher target; "sentences": without the word/label sources (freedict, cldr, gettext);
                                       // "base": only the STS-B, Tatoeba and tweet targets
        String groupCapScope,          // "all": group_cap caps every group; "pairs": only the pair-source and English-corpus groups (STS-B, Tatoeba, tweets whole)
        String pairAnchor,             // "none": the pair term moves both sides; "english": only the translation moves (its English side is held by the teacher targets)
        String pairsAs) {              // the sentence sources (descriptions, gettext, CLDR) as dictionary_as: "target", "contrastive" (pair term only, no English teacher targets) or "both"

    public static final List<String> STS_LANGUAGES = List.of("de", "es", "fr", "it", "ja", "nl", "pl", "pt", "ru", "zh");

    public static TrainConfig defaults() {
        return new TrainConfig(true, true, true, "auto", "sentence", "token", 10, 1024, 0.02, 0.02, 1e-4, 3.0, 0.05,
                10000, 0, 100, 128, 2, 42L, "", "trained-embeddings.safetensors", defaultDataDir(), STS_LANGUAGES, List.of(),
                List.of(), 0, 0, 0, 0.0, "target", 500, "all", "all", "none", "target");
    }

    static String defaultDataDir() {
        String shared = System.getProperty("microembed.shared");
        if (shared != null) return shared + "/data";
        String home = System.getProperty("microembed.home");
        return (home != null ? home + "/" : "") + "../shared/data";
    }

    /** Applies the keys of a JSON object over {@code base}. */
    @SuppressWarnings("unchecked")
    public static TrainConfig fromMap(Map<String, Object> m, TrainConfig base) {
        Map<String, Object> v = new LinkedHashMap<>(base.toMap());
        for (var e : m.entrySet()) {
            if (!v.containsKey(e.getKey())) {
                String snake = e.getKey().replaceAll("([A-Z])", "_$1").toLowerCase(java.util.Locale.ROOT);
                String hint = !snake.equals(e.getKey()) && v.containsKey(snake) ? " (keys are snake_case: did you mean \"" + snake + "\"?)" : " (known: " + v.keySet() + ")";
                throw new IllegalArgumentException("train config: unknown key \"" + e.getKey() + "\"" + hint);
            }
            v.put(e.getKey(), e.getValue());
        }
        try {
            return new TrainConfig(bool(v, "corpus"), bool(v, "cross_lingual"), bool(v, "learn_weights"),
                    oneOf(v, "init_weights", "auto", "sif", "idf", "uniform"), oneOf(v, "space", "pca", "teacher", "sentence"), oneOf(v, "center_targets", "token", "corpus"),
                    num(v, "epochs").intValue(), num(v, "batch_size").intValue(), num(v, "learning_rate").doubleValue(),
                    num(v, "weight_learning_rate").doubleValue(), num(v, "l2_pull").doubleValue(),
                    num(v, "contrastive").doubleValue(), num(v, "temperature").doubleValue(),
                    num(v, "max_tweets").intValue(), num(v, "max_sentences_per_source").intValue(),
                    num(v, "tatoeba_holdout").intValue(), num(v, "teacher_batch").intValue(), num(v, "threads").intValue(),
                    num(v, "seed").longValue(), (String) v.get("tag"), (String) v.get("output"), (String) v.get("data_dir"),
                    new ArrayList<>((List<String>) v.get("sts_languages")), new ArrayList<>((List<String>) v.get("tatoeba_languages")),
                    new ArrayList<>((List<String>) v.get("pair_sources")), num(v, "max_pairs_per_group").intValue(),
                    num(v, "english_corpus").intValue(), num(v, "group_cap").intValue(), num(v, "pair_contrastive").doubleValue(),
                    oneOf(v, "dictionary_as", "target", "contrastive", "both"), num(v, "dev_pairs").intValue(), oneOf(v, "pca_fit", "all", "sentences", "base"),
                    oneOf(v, "group_cap_scope", "all", "pairs"), oneOf(v, "pair_anchor", "none", "english"),
                    oneOf(v, "pairs_as", "target", "contrastive", "both")).validate();
        } catch (ClassCastException e) {
            throw new IllegalArgumentException("train config: a value has the wrong type: " + e.getMessage());
        }
    }

    private TrainConfig validate() {
        if (epochs < 0 || batchSize < 1 || threads < 1 || teacherBatch < 1 || tatoebaHoldout < 1)
            throw new IllegalArgumentException("train config: epochs >= 0, batch_size/threads/teacher_batch/tatoeba_holdout >= 1 required");
        if (maxPairsPerGroup < 0 || englishCorpus < 0 || groupCap < 0 || devPairs < 0 || pairContrastive < 0)
            throw new IllegalArgumentException("train config: max_pairs_per_group, english_corpus, group_cap, dev_pairs, pair_contrastive must be >= 0");
        if (!corpus && !crossLingual) throw new IllegalArgumentException("train config: corpus and cross_lingual are both off");
        if (!(learningRate > 0) || !(temperature > 0)) throw new IllegalArgumentException("train config: learning_rate and temperature must be > 0");
        return this;
    }

    public Map<String, Object> toMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("corpus", corpus); m.put("cross_lingual", crossLingual); m.put("learn_weights", learnWeights);
        m.put("init_weights", initWeights); m.put("space", space); m.put("center_targets", centerTargets); m.put("epochs", epochs); m.put("batch_size", batchSize);
        m.put("learning_rate", learningRate); m.put("weight_learning_rate", weightLearningRate); m.put("l2_pull", l2Pull);
        m.put("contrastive", contrastive); m.put("temperature", temperature); m.put("max_tweets", maxTweets);
        m.put("max_sentences_per_source", maxSentencesPerSource); m.put("tatoeba_holdout", tatoebaHoldout);
        m.put("teacher_batch", teacherBatch); m.put("threads", threads); m.put("seed", seed); m.put("tag", tag);
        m.put("output", output); m.put("data_dir", dataDir); m.put("sts_languages", stsLanguages); m.put("tatoeba_languages", tatoebaLanguages);
        m.put("pair_sources", pairSources); m.put("max_pairs_per_group", maxPairsPerGroup); m.put("english_corpus", englishCorpus);
        m.put("group_cap", groupCap); m.put("pair_contrastive", pairContrastive); m.put("dictionary_as", dictionaryAs); m.put("dev_pairs", devPairs); m.put("pca_fit", pcaFit);
        m.put("group_cap_scope", groupCapScope); m.put("pair_anchor", pairAnchor); m.put("pairs_as", pairsAs);
        return m;
    }

    private static boolean bool(Map<String, Object> v, String k) { return (Boolean) v.get(k); }
    private static Number num(Map<String, Object> v, String k) { return (Number) v.get(k); }
    private static String oneOf(Map<String, Object> v, String k, String... allowed) {
        String s = (String) v.get(k);
        for (String a : allowed) if (a.equals(s)) return s;
        throw new IllegalArgumentException("train config: \"" + k + "\" must be one of " + List.of(allowed) + ", got " + s);
    }

    /** File name of this run's artifacts: {@code base + "-" + tag + ext}, or {@code base + ext} without a tag. */
    String named(String base, String ext) { return tag.isEmpty() ? base + ext : base + "-" + tag + ext; }
}
