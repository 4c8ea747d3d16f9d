package dev.microembed.tools;

import dev.microembed.model.ModelWriter;
import dev.microembed.tokenizer.TokenizerJsonWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Writes the small model folders and tokenizer files the runtime's tests load from
 * {@code runtime/src/test/resources/dev/microembed/fixtures/}, with the writers the distiller uses (the runtime
 * ships no writer, so it cannot make them itself). The output is deterministic (seeded), and
 * {@code RuntimeFixturesTest} fails when the committed copy differs from what this writes. After a change to a
 * writer, regenerate from the checkout and commit:
 * {@code java -cp "tools/target/microembed-tools.jar:tools/target/lib/*" dev.microembed.tools.RuntimeFixtures}
 * (argument: the checkout, default the working directory). The tools' own tests build larger fixtures (the
 * mBERT vocabulary with a random table) with {@link #build}.
 */
public final class RuntimeFixtures {
    /** Where the runtime's tests find the fixtures, relative to the checkout. */
    public static final String DIR = "runtime/src/test/resources/dev/microembed/fixtures";
    /** Added tokens of the model fixtures (after the WordPiece vocabulary). */
    public static final List<String> ADDED = List.of("😀", "😂", "😍", "👍", "❤️", "#blessed", "lol", "smh");
    /** The vocabulary of the small tokenizer files (the runtime's TokenizerApiTest asserts on these ids). */
    public static final List<String> SMALL_VOCAB = List.of("[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]", "hello", "world", "##s", "##ly",
            "un", "##believ", "##able", ".", ",", "!", "a", "##b", "b");

    private RuntimeFixtures() {}

    public static void main(String[] args) throws IOException {
        Path dir = Path.of(args.length > 0 ? args[0] : ".").resolve(DIR);
        writeAll(dir);
        System.out.println("wrote the runtime test fixtures to " + dir);
    }

    /**
     * {@code tiny/} (tiny vocabulary + {@link #ADDED}, 64 dims, mean), {@code tiny-weighted/} (100 dims, weighted
     * pooling), {@code short-table/} (no added tokens, a 16-d table three rows short of the tokenizer), and
     * {@code tokenizers/small-uncased.json}, {@code small-uncased-added.json} ("😀", "#love"), {@code small-cased.json}.
     */
    public static void writeAll(Path dir) throws IOException {
        build(dir.resolve("tiny"), tinyVocab(), 64, false, 1);
        build(dir.resolve("tiny-weighted"), tinyVocab(), 100, true, 2);
        List<String> vocab = tinyVocab();
        int rows = vocab.size() - 3, dim = 16;
        new ModelWriter().table(new byte[rows * dim], rows, dim, new float[dim])
                .tokenizerJson(TokenizerJsonWriter.write(vocab, List.of(), false)).write(dir.resolve("short-table"));
        Path tok = Files.createDirectories(dir.resolve("tokenizers"));
        Files.writeString(tok.resolve("small-uncased.json"), TokenizerJsonWriter.write(SMALL_VOCAB, List.of(), true), StandardCharsets.UTF_8);
        Files.writeString(tok.resolve("small-uncased-added.json"), TokenizerJsonWriter.write(SMALL_VOCAB, List.of("😀", "#love"), true), StandardCharsets.UTF_8);
        Files.writeString(tok.resolve("small-cased.json"), TokenizerJsonWriter.write(SMALL_VOCAB, List.of(), false), StandardCharsets.UTF_8);
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

    /** A model folder over {@code vocab} + {@link #ADDED} with a seeded random int8 table (and weights when {@code weighted}). */
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
}
