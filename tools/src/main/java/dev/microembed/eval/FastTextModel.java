package dev.microembed.eval;

import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * fastText baseline: word vectors trained with the {@code fasttext} command-line tool (Debian package
 * {@code fasttext}) as skipgram with character n-gram subwords (dim 100, minn 3, maxn 6, 5 epochs,
 * minCount 2) on the TRAIN splits of the shared corpora only: STS train sentences of all languages,
 * xlm-t train tweets, tweeteval train tweets (never dev/val, never Tatoeba). Text is lower-cased and
 * split into letter/digit runs, single CJK characters and single symbols (emoji). A sentence vector
 * is the mean of its words' unit-normalised vectors (fastText's own {@code print-sentence-vectors}
 * rule), L2-normalised. The model is trained once and cached under {@code CACHE/fasttext/KEY/}.
 * Vectors of in-vocabulary words are read from the {@code .vec} file at load; words never seen in
 * training get their subword vector from one batched {@code fasttext print-word-vectors} call in
 * {@link #prepare} (outside the timed path).
 */
public final class FastTextModel implements EvalModel {
    static final String PARAMS = "skipgram -dim 100 -minn 3 -maxn 6 -epoch 5 -minCount 2";
    private final Path bin;
    private final String cacheId;
    private final Map<String, float[]> vectors = new HashMap<>();
    private final int dim;

    private FastTextModel(Path bin, String cacheId, Map<String, float[]> vectors, int dim) {
        this.bin = bin;
        this.cacheId = cacheId;
        this.vectors.putAll(vectors);
        this.dim = dim;
    }

    /** Trains (once, cached) and loads the model; {@code null} if the fasttext tool is not installed. */
    public static FastTextModel load(Path sharedData, Path cacheDir, java.util.function.Consumer<String> log) throws IOException, InterruptedException {
        if (!available()) return null;
        List<Path> corpus = corpusFiles(sharedData);
        if (corpus.isEmpty()) throw new IOException("no training corpora under " + sharedData);
        StringBuilder keySrc = new StringBuilder(PARAMS);
        for (Path p : corpus) keySrc.append('\n').append(p.getFileName()).append(':').append(Files.size(p));
        String key = EmbeddingCache.key("fasttext", List.of(keySrc.toString())).substring(0, 16);
        Path dir = cacheDir.resolve("fasttext").resolve(key);
        Path bin = dir.resolve("model.bin"), vec = dir.resolve("model.vec");
        if (!Files.isRegularFile(bin) || !Files.isRegularFile(vec)) {
            Files.createDirectories(dir);
            Path text = dir.resolve("corpus.txt");
            long lines = writeCorpus(corpus, text);
            log.accept("fastText: training " + PARAMS + " on " + lines + " train-split lines (once, cached in " + dir + ")");
            Path tmpPrefix = dir.resolve("tmp-model");
            List<String> cmd = new ArrayList<>(List.of("nice", "fasttext"));
            cmd.addAll(List.of(PARAMS.split(" ")));
            cmd.addAll(List.of("-thread", "2", "-input", text.toString(), "-output", tmpPrefix.toString()));
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true)
                    .redirectOutput(dir.resolve("train.log").toFile()).start();
            if (p.waitFor() != 0) throw new IOException("fasttext training failed, see " + dir.resolve("train.log"));
            Files.move(dir.resolve("tmp-model.vec"), vec, StandardCopyOption.REPLACE_EXISTING);
            Files.move(dir.resolve("tmp-model.bin"), bin, StandardCopyOption.REPLACE_EXISTING);
            Files.deleteIfExists(text);
        }
        Map<String, float[]> vectors = new HashMap<>();
        int dim;
        try (BufferedReader r = Files.newBufferedReader(vec, StandardCharsets.UTF_8)) {
            String[] head = r.readLine().trim().split(" ");
            dim = Integer.parseInt(head[1]);
            String line;
            while ((line = r.readLine()) != null) {
                String[] f = line.trim().split(" ");
                if (f.length != dim + 1) continue;
                float[] v = new float[dim];
                for (int d = 0; d < dim; d++) v[d] = Float.parseFloat(f[d + 1]);
                vectors.put(f[0], unit(v));
            }
        }
        return new FastTextModel(bin, "fasttext:" + key, vectors, dim);
    }

    public static boolean available() {
        try {
            Process p = new ProcessBuilder("fasttext").redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            p.waitFor();
            return true;
        } catch (IOException | InterruptedException e) {
            return false;
        }
    }

    static List<Path> corpusFiles(Path data) throws IOException {
        List<Path> out = new ArrayList<>();
        Path sts = data.resolve("sts/stsb-multi-mt");
        if (Files.isDirectory(sts)) {
            try (var s = Files.list(sts)) {
                s.filter(p -> p.getFileName().toString().endsWith("-train.csv")).sorted().forEach(out::add);
            }
        }
        for (String group : List.of("tweets/xlm-t", "tweets/tweeteval")) {
            Path g = data.resolve(group);
            if (!Files.isDirectory(g)) continue;
            try (var s = Files.list(g)) {
                s.filter(Files::isDirectory).sorted().map(d -> d.resolve("train_text.txt")).filter(Files::isRegularFile).forEach(out::add);
            }
        }
        return out;
    }

    private static long writeCorpus(List<Path> files, Path out) throws IOException {
        long n = 0;
        Path tmp = out.resolveSibling(out.getFileName() + ".tmp");
        try (BufferedWriter w = Files.newBufferedWriter(tmp, StandardCharsets.UTF_8)) {
            for (Path f : files) {
                List<String> texts = new ArrayList<>();
                if (f.toString().endsWith(".csv")) {
                    for (var p : StsData.read(f).pairs()) {
                        texts.add(p.sentence1());
                        texts.add(p.sentence2());
                    }
                } else {
                    texts.addAll(TextFiles.readLines(f));
                }
                for (String t : texts) {
                    w.write(String.join(" ", tokens(t)));
                    w.write('\n');
                    n++;
                }
            }
        }
        Files.move(tmp, out, StandardCopyOption.REPLACE_EXISTING);
        return n;
    }

    /** Lower-cased letter/digit runs, single CJK characters, single other symbols. */
    static List<String> tokens(String text) {
        List<String> out = new ArrayList<>();
        String s = text.toLowerCase(java.util.Locale.ROOT);
        StringBuilder cur = new StringBuilder();
        for (int i = 0; i < s.length(); ) {
            int cp = s.codePointAt(i);
            i += Character.charCount(cp);
            boolean cjk = Character.isIdeographic(cp)
                    || Character.UnicodeScript.of(cp) == Character.UnicodeScript.HIRAGANA
                    || Character.UnicodeScript.of(cp) == Character.UnicodeScript.KATAKANA;
            int type = Character.getType(cp);
            boolean word = !cjk && (Character.isLetterOrDigit(cp) || type == Character.NON_SPACING_MARK
                    || type == Character.COMBINING_SPACING_MARK);
            if (word) {
                cur.appendCodePoint(cp);
                continue;
            }
            if (!cur.isEmpty()) {
                out.add(cur.toString());
                cur.setLength(0);
            }
            if (cjk || type == Character.OTHER_SYMBOL || type == Character.MATH_SYMBOL) out.add(new String(Character.toChars(cp)));
        }
        if (!cur.isEmpty()) out.add(cur.toString());
        return out;
    }

    @Override
    public String name() {
        return "fasttext";
    }

    @Override
    public String cacheId() {
        return cacheId;
    }

    @Override
    public String description() {
        return "fastText " + PARAMS + ", trained on shared train splits, mean of unit word vectors";
    }

    @Override
    public void prepare(List<String> texts) throws IOException, InterruptedException {
        Set<String> missing = new LinkedHashSet<>();
        for (String t : texts) for (String w : tokens(t)) if (!vectors.containsKey(w)) missing.add(w);
        if (missing.isEmpty()) return;
        Process p = new ProcessBuilder("fasttext", "print-word-vectors", bin.toString()).redirectErrorStream(false).start();
        List<String> words = new ArrayList<>(missing);
        Thread writer = Thread.ofVirtual().start(() -> {
            try (BufferedWriter w = new BufferedWriter(new OutputStreamWriter(p.getOutputStream(), StandardCharsets.UTF_8))) {
                for (String word : words) {
                    w.write(word);
                    w.write('\n');
                }
            } catch (IOException ignored) {
                // reader side reports the failure
            }
        });
        try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            int i = 0;
            while ((line = r.readLine()) != null && i < words.size()) {
                String[] f = line.trim().split(" ");
                float[] v = new float[dim];
                if (f.length == dim + 1) for (int d = 0; d < dim; d++) v[d] = Float.parseFloat(f[d + 1]);
                vectors.put(words.get(i++), unit(v));
            }
        }
        writer.join();
        p.getErrorStream().readAllBytes();
        if (p.waitFor() != 0) throw new IOException("fasttext print-word-vectors failed");
        for (String w : words) vectors.putIfAbsent(w, new float[dim]);
    }

    @Override
    public float[][] embed(List<String> texts) throws IOException, InterruptedException {
        prepare(texts);
        float[][] out = new float[texts.size()][];
        for (int i = 0; i < out.length; i++) out[i] = embedKnown(texts.get(i));
        return out;
    }

    @Override
    public Object encodeOne(String text) {
        return embedKnown(text);
    }

    private float[] embedKnown(String text) {
        float[] acc = new float[dim];
        for (String w : tokens(text)) {
            float[] v = vectors.get(w);
            if (v == null) continue;
            for (int d = 0; d < dim; d++) acc[d] += v[d];
        }
        return unit(acc);
    }

    static float[] unit(float[] v) {
        double s = 0;
        for (float x : v) s += (double) x * x;
        if (s == 0) return v;
        float inv = (float) (1 / Math.sqrt(s));
        for (int d = 0; d < v.length; d++) v[d] *= inv;
        return v;
    }
}
