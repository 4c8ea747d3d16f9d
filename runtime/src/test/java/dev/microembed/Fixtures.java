package dev.microembed;

import dev.microembed.model.ModelWriter;
import dev.microembed.tokenizer.TokenizerJsonWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Model folders for tests, written with the same {@link ModelWriter} and {@link TokenizerJsonWriter} the
 * distiller uses: a tiny synthetic vocabulary (fast) and the real mBERT cased vocabulary with a seeded random
 * int8 table (realistic size and tokenisation). Built once per JVM into a temporary folder.
 */
public final class Fixtures {
    public static final List<String> ADDED = List.of("😀", "😂", "😍", "👍", "❤️", "#blessed", "lol", "smh");
    private static Path root;
    private static Path tiny, tinyWeighted, mbert;

    private Fixtures() {}

    public static Path shared() {
        return Path.of(System.getProperty("microembed.shared", "../shared")).resolve("data");
    }

    /**
     * {@code target/test-fixtures}: inside the build folder (so nothing litters /tmp and {@code mvn clean} removes
     * it) and rebuilt by every JVM. The content is deterministic (seeded), so concurrent JVMs write identical files.
     */
    public static synchronized Path root() {
        if (root == null) {
            root = Path.of("target", "test-fixtures").toAbsolutePath();
            try {
                Files.createDirectories(root);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return root;
    }

    /** Synthetic WordPiece vocabulary: specials, words, continuations, punctuation, a few CJK characters. */
    public static List<String> tinyVocab() {
        List<String> v = new ArrayList<>(List.of("[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]"));
        for (String w : "the a an i you we love like hate this that is are was good bad great movie film day night cat dog hello world , . ! ? ' # @ 1 2 3 un ##s ##ing ##ed ##ly ##er ##est 我 爱 日 本 ça va bien très é".split(" "))
            v.add(w);
        for (char c = 'a'; c <= 'z'; c++) {
            if (!v.contains(String.valueOf(c))) v.add(String.valueOf(c));
            if (!v.contains("##" + c)) v.add("##" + c);
        }
        return v;
    }

    public static synchronized Path tiny() {
        if (tiny == null) tiny = build("tiny", tinyVocab(), 64, false, 1);
        return tiny;
    }

    /** Tiny vocabulary, 100 dimensions (a full SIMD chunk plus a scalar tail), weighted pooling. */
    public static synchronized Path tinyWeighted() {
        if (tinyWeighted == null) tinyWeighted = build("tiny-weighted", tinyVocab(), 100, true, 2);
        return tinyWeighted;
    }

    /** The 119,547-entry mBERT cased vocabulary plus {@link #ADDED}, 64 dims, random table (about 7.7 MB). */
    public static synchronized Path mbert() {
        if (mbert == null) {
            try {
                mbert = build("mbert", Files.readAllLines(shared().resolve("vocab/mbert-cased-vocab.txt")), 64, false, 3);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return mbert;
    }

    public static Path build(String name, List<String> vocab, int dim, boolean weighted, long seed) {
        return build(root().resolve(name), vocab, dim, weighted, seed);
    }

    public static Path build(Path dir, List<String> vocab, int dim, boolean weighted, long seed) {
        int v = vocab.size() + ADDED.size();
        Random r = new Random(seed);
        byte[] table = new byte[v * dim];
        for (int i = 0; i < table.length; i++) table[i] = (byte) (r.nextInt(255) - 127);
        float[] scales = new float[dim];
        for (int d = 0; d < dim; d++) scales[d] = 0.001f + r.nextFloat() * 0.01f;
        ModelWriter w = new ModelWriter().table(table, v, dim, scales)
                .tokenizerJson(TokenizerJsonWriter.write(vocab, ADDED, false))
                .info("teacher", "test-fixture");
        if (weighted) {
            float[] weights = new float[v];
            for (int i = 0; i < v; i++) weights[i] = 0.1f + r.nextFloat() * 2;
            w.weights(weights);
        }
        try {
            w.write(dir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return dir;
    }

    /** Copies a model folder so a test can damage it. */
    public static Path copy(Path model, Path to) throws IOException {
        Files.createDirectories(to);
        try (var files = Files.list(model)) {
            for (Path f : (Iterable<Path>) files::iterator) Files.copy(f, to.resolve(f.getFileName()), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        }
        return to;
    }
}
