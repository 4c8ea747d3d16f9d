package dev.microembed;

import dev.microembed.model.EmbeddedModel;
import dev.microembed.model.ModelFolder;
import dev.microembed.model.TokenPooler;
import dev.microembed.pool.PoolKernel;
import dev.microembed.pool.PoolKernels;
import dev.microembed.tokenizer.Tokenizer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * A loaded static embedding model: text → token ids → pooled int8 rows → unit vector.
 *
 * <pre>{@code
 * try (Microembed m = Microembed.loadDefault()) {
 *     float[] a = m.embed("I love this 😍"), b = m.embed("j'adore ça");
 *     float sim = Microembed.cosine(a, b);
 * }
 * }</pre>
 *
 * Thread-safe. {@link #embed(CharSequence, float[])} allocates nothing in steady state: token ids go into a
 * per-thread scratch array whose length is the model's {@code max_tokens}, which is also how the token cap is
 * applied (the tokenizer stops when the array is full). Unknown tokens are dropped; a text with no known token
 * gets the zero vector. A Model2Vec folder (no {@code microembed.format_version}) is embedded as Model2Vec does it:
 * the text is first cut to 512 × the median token length in code points, and F32/F16 tables pool in float64
 * (docs/model-format.md, "Model2Vec folders"). {@link #close()} unmaps the table; using the model afterwards throws
 * {@link IllegalStateException}.
 */
public final class Microembed implements AutoCloseable {
    private final ModelFolder folder;
    private final Tokenizer tokenizer;
    private final TokenPooler pooler;
    private final int dim, maxTokens;
    /** Code points of a text that are tokenised: all for the microembed format, max_length × median token length for Model2Vec. */
    private final int maxCodePoints;
    private final ThreadLocal<int[]> idScratch;

    private Microembed(ModelFolder folder, Tokenizer tokenizer, TokenPooler pooler) {
        this.folder = folder;
        this.tokenizer = tokenizer;
        this.pooler = pooler;
        this.dim = folder.dim();
        this.maxTokens = folder.maxTokens();
        this.maxCodePoints = folder.isModel2Vec() ? (int) Math.min(Integer.MAX_VALUE, (long) maxTokens * tokenizer.medianTokenLength()) : Integer.MAX_VALUE;
        this.idScratch = ThreadLocal.withInitial(() -> new int[maxTokens]);
    }

    /**
     * Loads and validates a model folder with the fastest pooling kernel available ({@link PoolKernels#best()}, after
     * the scalar twin for the first texts of a process, which is faster on a cold JVM and gives the same bits).
     */
    public static Microembed load(Path modelDir) {
        return load(modelDir, new ScalarFirstKernel());
    }

    /** Loads with a given pooling kernel (tests and tools use the scalar twin to cross-check). */
    public static Microembed load(Path modelDir, PoolKernel kernel) {
        ModelFolder folder = ModelFolder.open(modelDir, kernel);
        try {
            Tokenizer tokenizer = Tokenizer.load(folder.tokenizerFile(), folder.tokenizerSha256(), tokenizerIndexDir());
            folder.checkTokenizerFits(tokenizer.vocabSize());
            return new Microembed(folder, tokenizer, folder.tokenPooler(kernel));
        } catch (RuntimeException e) {
            folder.close();
            throw e;
        }
    }

    /**
     * Loads the default model: the folder named by system property {@code microembed.model}, else
     * {@code vocab/} under system property {@code microembed.home} (the launcher sets it to the checkout),
     * else {@code ./vocab}, else the copy of the shipped model packed in the runtime jar.
     */
    public static Microembed loadDefault() {
        return load(defaultModelDir());
    }

    /** Where {@link #loadDefault()} looks; throws {@link ModelFormatException} with advice when there is no model. */
    public static Path defaultModelDir() {
        String explicit = System.getProperty("microembed.model");
        if (explicit != null && !explicit.isBlank()) return Path.of(explicit);
        String home = System.getProperty("microembed.home");
        Path dir = home != null && !home.isBlank() ? Path.of(home, "vocab") : Path.of("vocab");
        if (Files.isRegularFile(dir.resolve(ModelFolder.CONFIG))) return dir;
        if (EmbeddedModel.present()) return EmbeddedModel.unpack(cacheRoot());
        throw new ModelFormatException(dir.toAbsolutePath(), "no model here (no config.json); pass --model DIR or set -Dmicroembed.model=DIR");
    }

    /**
     * Where built tokenizers are kept between processes (the tokenizer index, see docs/speed.md), or null with
     * {@code -Dmicroembed.tokenizer-index=off}.
     */
    private static Path tokenizerIndexDir() {
        return "off".equals(System.getProperty("microembed.tokenizer-index")) ? null : cacheRoot().resolve("tokenizer-index");
    }

    /** System property {@code microembed.cache}, else {@code $XDG_CACHE_HOME/microembed}, else {@code ~/.cache/microembed}. */
    private static Path cacheRoot() {
        String explicit = System.getProperty("microembed.cache");
        if (explicit != null && !explicit.isBlank()) return Path.of(explicit);
        String xdg = System.getenv("XDG_CACHE_HOME");
        Path base = xdg != null && !xdg.isBlank() ? Path.of(xdg) : Path.of(System.getProperty("user.home"), ".cache");
        return base.resolve("microembed");
    }

    public int dim() {
        return dim;
    }

    /** Token cap per text (config max_tokens, 512 by default). */
    public int maxTokens() {
        return maxTokens;
    }

    public Tokenizer tokenizer() {
        return tokenizer;
    }

    /** The validated model folder (config, table, scales). */
    public ModelFolder model() {
        return folder;
    }

    /** The pooling kernel in use ("vector-512" or "scalar"). */
    public String kernelName() {
        return pooler.kernelName();
    }

    /** A new unit-length (or zero) vector for {@code text}. */
    public float[] embed(String text) {
        float[] out = new float[dim];
        embed(text, out);
        return out;
    }

    /** Writes the embedding of {@code text} into {@code out[0..dim())}; allocates nothing. */
    public void embed(CharSequence text, float[] out) {
        int[] ids = idScratch.get();
        int n = tokenizer.encode(text, maxCodePoints, ids, true);
        pooler.pool(ids, n, out);
    }

    /**
     * The ids pooling uses for {@code text} (unknown dropped, capped at {@link #maxTokens()}) written to
     * {@code out}, which should have {@code maxTokens()} entries; returns the count.
     */
    public int poolingIds(CharSequence text, int[] out) {
        return tokenizer.encode(text, maxCodePoints, out, true);
    }

    /** Pools already-tokenised ids (all in range) into {@code out}. */
    public void pool(int[] ids, int n, float[] out) {
        pooler.pool(ids, Math.min(n, maxTokens), out);
    }

    public float[][] embedBatch(List<String> texts) {
        float[][] out = new float[texts.size()][];
        for (int i = 0; i < out.length; i++) out[i] = embed(texts.get(i));
        return out;
    }

    /** Cosine similarity in float64, 0 when either vector is zero. */
    public static float cosine(float[] a, float[] b) {
        if (a.length != b.length) throw new IllegalArgumentException("lengths differ: " + a.length + " vs " + b.length);
        double dot = 0, na = 0, nb = 0;
        for (int i = 0; i < a.length; i++) {
            dot += (double) a[i] * b[i];
            na += (double) a[i] * a[i];
            nb += (double) b[i] * b[i];
        }
        if (na == 0 || nb == 0) return 0f;
        return (float) (dot / Math.sqrt(na * nb));
    }

    /** Indices of the {@code k} vectors most cosine-similar to {@code query}, best first (ties: lower index first). */
    public static int[] topK(float[] query, float[][] vectors, int k) {
        int m = Math.max(0, Math.min(k, vectors.length));
        int[] idx = new int[m];
        float[] score = new float[m];
        int size = 0;
        for (int i = 0; i < vectors.length; i++) {
            float s = cosine(query, vectors[i]);
            if (Float.isNaN(s)) s = Float.NEGATIVE_INFINITY;
            if (size < m) {
                size++;
            } else if (m == 0 || s <= score[m - 1]) {
                continue;
            }
            int j = size - 1; // insertion into the sorted prefix; k is small
            while (j > 0 && score[j - 1] < s) {
                score[j] = score[j - 1];
                idx[j] = idx[j - 1];
                j--;
            }
            score[j] = s;
            idx[j] = i;
        }
        return idx;
    }

    @Override
    public void close() {
        folder.close();
    }
}
