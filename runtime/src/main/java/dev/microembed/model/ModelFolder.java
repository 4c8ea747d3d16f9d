package dev.microembed.model;

import dev.microembed.ModelFormatException;
import dev.microembed.json.JsonReader;
import dev.microembed.pool.PoolKernel;
import dev.microembed.pool.Pooler;
import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Collections;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A model folder checked once at load time (see {@code docs/model-format.md}): config.json (format version,
 * dimensions, pooling mode, max tokens), the size and sha256 of every listed file, and the shapes, dtypes and
 * finiteness of the tensors in the memory-mapped {@code model.safetensors}. After that the hot path can trust
 * the table. The tokenizer is loaded by the caller from {@link #tokenizerFile()}; it must then pass the
 * tokenizer's vocabulary size to {@link #checkTokenizerFits(int)}.
 */
public final class ModelFolder implements AutoCloseable {
    public static final String CONFIG = "config.json", MODEL = "model.safetensors", TOKENIZER = "tokenizer.json";
    /** The {@code microembed.format_version} this runtime reads (the tools' ModelWriter writes it). */
    public static final int FORMAT_VERSION = 1;
    public static final int MAX_DIM = 4096;
    /** Model2Vec's {@code encode} default {@code max_length}: at most this many ids are pooled. */
    public static final int MODEL2VEC_MAX_TOKENS = 512;
    private static final long MAX_CONFIG_BYTES = 16 << 20;

    private final Path dir;
    private final Map<String, Object> config;
    private final int vocabSize, dim, maxTokens;
    private final boolean weightedPooling;
    private final SafetensorsReader tensors;
    private final MemorySegment embeddings;
    private final float[] scales;
    private final float[] weights;
    /** The table of a Model2Vec folder, or null for the microembed format. */
    private final Model2VecTable model2vec;

    private ModelFolder(Path dir, Map<String, Object> config, int vocabSize, int dim, int maxTokens, boolean weightedPooling,
                        SafetensorsReader tensors, MemorySegment embeddings, float[] scales, float[] weights, Model2VecTable model2vec) {
        this.dir = dir;
        this.config = config;
        this.vocabSize = vocabSize;
        this.dim = dim;
        this.maxTokens = maxTokens;
        this.weightedPooling = weightedPooling;
        this.tensors = tensors;
        this.embeddings = embeddings;
        this.scales = scales;
        this.weights = weights;
        this.model2vec = model2vec;
    }

    /** Opens and validates the folder; every problem is a {@link ModelFormatException} naming the file. */
    public static ModelFolder open(Path dir) {
        return open(dir, dev.microembed.pool.PoolKernels.best());
    }

    /**
     * Opens and validates the folder: the microembed format when config.json has {@code microembed.format_version},
     * else a Model2Vec folder ({@code kernel} serves an int8 Model2Vec table's fast path).
     */
    public static ModelFolder open(Path dir, PoolKernel kernel) {
        if (!Files.isDirectory(dir)) throw new ModelFormatException(dir, "not a model folder (no such directory)");
        Path configFile = dir.resolve(CONFIG);
        Map<String, Object> config = readConfig(configFile);
        Object meObj = config.get("microembed");
        if (meObj != null && !(meObj instanceof Map<?, ?>)) throw new ModelFormatException(configFile, "\"microembed\" is not a JSON object");
        if (!(meObj instanceof Map<?, ?> me) || !me.containsKey("format_version")) return openModel2Vec(dir, configFile, config, (Map<?, ?>) meObj, kernel);
        long version = integer(configFile, me, "format_version", 1, Integer.MAX_VALUE);
        if (version != FORMAT_VERSION)
            throw new ModelFormatException(configFile, "format_version " + version + " is not supported (this runtime reads version " + FORMAT_VERSION + ")");
        int vocabSize = (int) integer(configFile, me, "vocab_size", 1, Integer.MAX_VALUE);
        int dim = (int) integer(configFile, me, "dim", 1, MAX_DIM);
        int maxTokens = me.containsKey("max_tokens") ? (int) integer(configFile, me, "max_tokens", 1, 1 << 20) : 512;
        Object pooling = me.get("pooling");
        if (!"mean".equals(pooling) && !"weighted_mean".equals(pooling))
            throw new ModelFormatException(configFile, "pooling is " + Json.write(pooling, false) + ", expected \"mean\" or \"weighted_mean\"");
        if (me.containsKey("dtype") && !"int8".equals(me.get("dtype")))
            throw new ModelFormatException(configFile, "dtype is " + Json.write(me.get("dtype"), false) + ", expected \"int8\"");
        verifyFiles(dir, configFile, me.get("files"), true);

        Path modelFile = dir.resolve(MODEL);
        SafetensorsReader st = SafetensorsReader.open(modelFile);
        try {
            SafetensorsReader.Tensor emb = required(st, "embeddings");
            if (!emb.dtype().equals("I8") || emb.shape().length != 2)
                throw new ModelFormatException(modelFile, "embeddings must be I8 of rank 2, is " + emb.dtype() + " " + java.util.Arrays.toString(emb.shape()));
            long v = emb.shape()[0], d = emb.shape()[1];
            if (d < 1 || d > MAX_DIM) throw new ModelFormatException(modelFile, "embeddings dimension " + d + " is outside 1.." + MAX_DIM);
            if (v != vocabSize) throw new ModelFormatException(modelFile, "embeddings has " + v + " rows but config.json says vocab_size " + vocabSize);
            if (d != dim) throw new ModelFormatException(modelFile, "embeddings has " + d + " columns but config.json says dim " + dim);
            float[] scales = finiteVector(st, required(st, "scales"), dim);
            float[] weights = st.has("weights") ? finiteVector(st, st.tensor("weights"), vocabSize) : null;
            boolean weighted = "weighted_mean".equals(pooling);
            if (weighted && weights == null) throw new ModelFormatException(modelFile, "pooling weighted_mean needs a weights tensor");
            Map<String, Object> frozen = Collections.unmodifiableMap(config);
            return new ModelFolder(dir, frozen, vocabSize, dim, maxTokens, weighted, st, st.segment("embeddings"), scales, weighted ? weights : null, null);
        } catch (RuntimeException e) {
            st.close();
            throw e;
        }
    }

    /**
     * A folder as Model2Vec's {@code save_pretrained} writes it: config.json with Model2Vec's keys (only
     * {@code normalize}, {@code embedding_dtype} and {@code vocabulary_quantization} affect or check the table),
     * model.safetensors read by {@link Model2VecTable}; a {@code microembed.files} checksum list is verified when present.
     */
    private static ModelFolder openModel2Vec(Path dir, Path configFile, Map<String, Object> config, Map<?, ?> me, PoolKernel kernel) {
        Object normalizeObj = config.get("normalize");
        if (normalizeObj != null && !(normalizeObj instanceof Boolean))
            throw new ModelFormatException(configFile, "normalize is " + Json.write(normalizeObj, false) + ", expected true or false");
        boolean normalize = Boolean.TRUE.equals(normalizeObj); // Model2Vec's StaticModel: absent means false
        Object dtypeName = config.get("embedding_dtype");
        if (dtypeName != null && !(dtypeName instanceof String))
            throw new ModelFormatException(configFile, "embedding_dtype is " + Json.write(dtypeName, false) + ", expected a string");
        Object quantised = config.get("vocabulary_quantization");
        if (quantised != null && !(quantised instanceof Long))
            throw new ModelFormatException(configFile, "vocabulary_quantization is " + Json.write(quantised, false) + ", expected an integer or null");
        if (me != null && me.containsKey("files")) verifyFiles(dir, configFile, me.get("files"), false);

        Path modelFile = dir.resolve(MODEL);
        SafetensorsReader st = SafetensorsReader.open(modelFile);
        try {
            Model2VecTable table = Model2VecTable.open(st, normalize);
            if (dtypeName != null) {
                String expected = switch (table.dtype()) {
                    case "F32" -> "float32";
                    case "F16" -> "float16";
                    case "F64" -> "float64";
                    default -> "int8";
                };
                if (!expected.equals(dtypeName))
                    throw new ModelFormatException(modelFile, "the table is " + table.dtype() + " but config.json says embedding_dtype " + dtypeName);
            }
            if (quantised != null && !table.quantisedVocabulary())
                throw new ModelFormatException(modelFile, "config.json says vocabulary_quantization " + quantised + " but there is no mapping tensor");
            if (quantised != null && (long) quantised != table.rows())
                throw new ModelFormatException(modelFile, "config.json says vocabulary_quantization " + quantised + " but the table has " + table.rows() + " rows");
            Map<String, Object> frozen = Collections.unmodifiableMap(config);
            return new ModelFolder(dir, frozen, table.idCount(), table.dim(), MODEL2VEC_MAX_TOKENS, table.weights() != null, st,
                    table.segment(), null, table.weights(), table);
        } catch (RuntimeException e) {
            st.close();
            throw e;
        }
    }

    private static SafetensorsReader.Tensor required(SafetensorsReader st, String name) {
        if (!st.has(name)) throw new ModelFormatException(st.file(), "missing tensor \"" + name + "\"");
        return st.tensor(name);
    }

    private static float[] finiteVector(SafetensorsReader st, SafetensorsReader.Tensor t, int length) {
        if (!t.dtype().equals("F32") || t.shape().length != 1 || t.shape()[0] != length)
            throw new ModelFormatException(st.file(), t.name() + " must be F32 [" + length + "], is " + t.dtype() + " " + java.util.Arrays.toString(t.shape()));
        float[] x = st.floats(t.name());
        for (int i = 0; i < x.length; i++)
            if (!Float.isFinite(x[i])) throw new ModelFormatException(st.file(), t.name() + "[" + i + "] is " + x[i]);
        return x;
    }

    private static Map<String, Object> readConfig(Path file) {
        try {
            long size = Files.size(file);
            if (size > MAX_CONFIG_BYTES) throw new ModelFormatException(file, "is " + size + " bytes, more than a config file can be");
            if (!(JsonReader.parse(Files.readAllBytes(file)) instanceof Map<?, ?> m)) throw new ModelFormatException(file, "is not a JSON object");
            @SuppressWarnings("unchecked") Map<String, Object> config = (Map<String, Object>) m;
            return config;
        } catch (NoSuchFileException e) {
            throw new ModelFormatException(file, "file not found");
        } catch (IllegalArgumentException e) {
            throw new ModelFormatException(file, e.getMessage());
        } catch (IOException e) {
            throw new ModelFormatException(file, "cannot read: " + e, e);
        }
    }

    private static long integer(Path file, Map<?, ?> m, String key, long min, long max) {
        if (!(m.get(key) instanceof Long x)) throw new ModelFormatException(file, "microembed." + key + " is missing or not an integer");
        if (x < min || x > max) throw new ModelFormatException(file, "microembed." + key + " = " + x + " is outside " + min + ".." + max);
        return x;
    }

    /**
     * Checks size and sha256 of every file config.json lists (the sha256 remembered per file identity, see
     * {@link VerifiedDigests}); with {@code requireCore} the model and tokenizer must be listed. */
    private static void verifyFiles(Path dir, Path configFile, Object files, boolean requireCore) {
        if (!(files instanceof Map<?, ?> listed)) throw new ModelFormatException(configFile, "microembed.files is missing or not an object");
        if (requireCore) for (String required : new String[] {MODEL, TOKENIZER})
            if (!listed.containsKey(required)) throw new ModelFormatException(configFile, "microembed.files does not list " + required);
        VerifiedDigests digests = VerifiedDigests.open(); // sha256 once per file identity, not on every load
        try {
            verifyListed(dir, configFile, listed, digests);
        } finally {
            digests.save();
        }
    }

    private static void verifyListed(Path dir, Path configFile, Map<?, ?> listed, VerifiedDigests digests) {
        for (Map.Entry<?, ?> e : listed.entrySet()) {
            String name = (String) e.getKey();
            if (name.isEmpty() || name.contains("/") || name.contains("\\") || name.equals(".") || name.equals("..") || name.equals(CONFIG))
                throw new ModelFormatException(configFile, "microembed.files lists \"" + name + "\", which is not a file name in the folder");
            if (!(e.getValue() instanceof Map<?, ?> entry) || !(entry.get("sha256") instanceof String sha) || !(entry.get("bytes") instanceof Long bytes))
                throw new ModelFormatException(configFile, "microembed.files." + name + " needs \"sha256\" and \"bytes\"");
            Path f = dir.resolve(name);
            long actual;
            try {
                actual = Files.size(f);
            } catch (IOException ex) {
                throw new ModelFormatException(f, "listed in config.json but cannot be read (" + ex.getClass().getSimpleName() + ")");
            }
            if (actual != bytes) throw new ModelFormatException(f, "is " + actual + " bytes, config.json says " + bytes);
            String hash = digests.sha256(f);
            if (!hash.equalsIgnoreCase(sha)) throw new ModelFormatException(f, "sha256 " + hash + " does not match config.json (" + sha + ")");
        }
    }

    /** SHA-256 of a file, read through a temporary mapping so no copy lands on the heap. */
    public static String sha256(Path file) {
        try (Arena arena = Arena.ofConfined(); FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            long size = ch.size();
            if (size > 0) {
                MemorySegment all = ch.map(FileChannel.MapMode.READ_ONLY, 0, size, arena);
                for (long at = 0; at < size; at += Integer.MAX_VALUE)
                    md.update(all.asSlice(at, Math.min(Integer.MAX_VALUE, size - at)).asByteBuffer());
            }
            return HexFormat.of().formatHex(md.digest());
        } catch (IOException e) {
            throw new ModelFormatException(file, "cannot read: " + e, e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** SHA-256 of bytes, lower-case hex. */
    public static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Throws unless every token id the tokenizer can produce has a row in the table. */
    public void checkTokenizerFits(int tokenizerVocabSize) {
        if (tokenizerVocabSize > vocabSize)
            throw new ModelFormatException(dir.resolve(MODEL), (model2vec != null && model2vec.quantisedVocabulary() ? "mapping has " + vocabSize + " entries"
                    : "embeddings has " + vocabSize + " rows") + " but the tokenizer produces ids up to " + (tokenizerVocabSize - 1));
    }

    /** A pooler over this folder's mapped int8 table with the given kernel (microembed format only). */
    public Pooler pooler(PoolKernel kernel) {
        if (model2vec != null) throw new IllegalStateException(dir + " is a Model2Vec folder; use tokenPooler");
        return new Pooler(embeddings, vocabSize, dim, scales, weights, kernel);
    }

    /** The pooling of this folder: {@link #pooler} for the microembed format, the {@link Model2VecTable} for Model2Vec. */
    public TokenPooler tokenPooler(PoolKernel kernel) {
        if (model2vec != null) return model2vec;
        Pooler p = pooler(kernel);
        return new TokenPooler() {
            @Override
            public void pool(int[] ids, int n, float[] out) {
                p.pool(ids, n, out);
            }

            @Override
            public String kernelName() {
                return p.kernel().name();
            }
        };
    }

    /** True for a Model2Vec folder (no {@code microembed.format_version} in config.json). */
    public boolean isModel2Vec() {
        return model2vec != null;
    }

    /** The Model2Vec table, or null for the microembed format. */
    public Model2VecTable model2VecTable() {
        return model2vec;
    }

    public Path dir() {
        return dir;
    }

    public Path tokenizerFile() {
        return dir.resolve(TOKENIZER);
    }

    /**
     * The sha256 config.json lists for tokenizer.json, which {@link #open} checked against the file (lower-case hex),
     * or null when the folder lists no checksum for it (a Model2Vec folder without {@code microembed.files}).
     */
    public String tokenizerSha256() {
        if (config.get("microembed") instanceof Map<?, ?> me && me.get("files") instanceof Map<?, ?> files
                && files.get(TOKENIZER) instanceof Map<?, ?> entry && entry.get("sha256") instanceof String sha)
            return sha.toLowerCase(java.util.Locale.ROOT);
        return null;
    }

    /** The parsed config.json (read-only). */
    public Map<String, Object> config() {
        return config;
    }

    public int vocabSize() {
        return vocabSize;
    }

    public int dim() {
        return dim;
    }

    public int maxTokens() {
        return maxTokens;
    }

    public boolean weightedPooling() {
        return weightedPooling;
    }

    /** The table, a view of the mapped file: int8 [vocabSize, dim] in the microembed format, {@link Model2VecTable#dtype()} [rows, dim] for Model2Vec. */
    public MemorySegment embeddings() {
        return embeddings;
    }

    /** Per-dimension scales of the microembed format, or null for a Model2Vec folder. */
    public float[] scales() {
        return scales == null ? null : scales.clone();
    }

    /** Pooling weights, or null for uniform mean. */
    public float[] weights() {
        return weights == null ? null : weights.clone();
    }

    @Override
    public void close() {
        tensors.close();
    }
}
