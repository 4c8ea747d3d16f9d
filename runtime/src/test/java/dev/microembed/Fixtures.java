package dev.microembed;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Test inputs. Small committed model folders and tokenizer files under {@code src/test/resources/dev/microembed/fixtures/}
 * (written once by the tools' {@code dev.microembed.tools.RuntimeFixtures} with the distiller's writers, which the
 * runtime does not ship; a tools test checks the committed bytes still equal what the writers produce): a synthetic
 * vocabulary at 64 dimensions, the same at 100 dimensions with weighted pooling, and a table with fewer rows than
 * the tokenizer has ids. The shipped model {@code vocab/} of the checkout is the realistic one.
 */
public final class Fixtures {
    private static Path root;

    private Fixtures() {}

    /** The checkout: system property microembed.root (set by the build), else the parent of the working directory. */
    public static Path repo() {
        return Path.of(System.getProperty("microembed.root", "..")).toAbsolutePath().normalize();
    }

    /** The shipped model, {@code vocab/} of the checkout. */
    public static Path vocab() {
        return repo().resolve("vocab");
    }

    /** {@code ../shared/data} beside the checkout (system property microembed.shared names {@code ../shared}); heavy tests only. */
    public static Path shared() {
        String p = System.getProperty("microembed.shared");
        return (p != null ? Path.of(p) : repo().resolve("../shared")).resolve("data").normalize();
    }

    /**
     * {@code target/test-fixtures}: inside the build folder (so nothing litters /tmp and {@code mvn clean} removes
     * it), for copies that tests damage.
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

    /** A committed fixture file or folder, {@code fixtures/<name>} on the test class path. */
    public static Path resource(String name) {
        URL url = Fixtures.class.getResource("/dev/microembed/fixtures/" + name);
        if (url == null) throw new IllegalStateException("test resource dev/microembed/fixtures/" + name + " is missing");
        try {
            return Path.of(url.toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Synthetic WordPiece vocabulary (specials, words, continuations, punctuation, a few CJK characters) plus emoji, hashtag and slang added tokens; 64 dims, mean pooling. */
    public static Path tiny() {
        return resource("tiny");
    }

    /** The tiny vocabulary at 100 dimensions (a full SIMD chunk plus a scalar tail), weighted pooling. */
    public static Path tinyWeighted() {
        return resource("tiny-weighted");
    }

    /** The tiny vocabulary without added tokens over a 16-d table three rows short: the tokenizer can produce ids beyond the table. */
    public static Path shortTable() {
        return resource("short-table");
    }

    /** A tokenizer.json of {@code fixtures/tokenizers/}. */
    public static Path tokenizer(String name) {
        return resource("tokenizers/" + name);
    }

    /**
     * A committed Model2Vec fixture, {@code model2vec/<name>} on the test class path: the SentencePiece tokenizers
     * ({@code tokenizers/spm-unigram-4k.json}, {@code tokenizers/spm-unigram-2k-byte-fallback.json}) and the Model2Vec
     * folders the tools' {@code Model2VecFixtures} writes ({@code wordpiece-f32}, {@code wordpiece-i8},
     * {@code wordpiece-vocab-quantised}, {@code unigram-f16}); origins in {@code model2vec/README.md}.
     */
    public static Path model2vec(String name) {
        URL url = Fixtures.class.getResource("/dev/microembed/model2vec/" + name);
        if (url == null) throw new IllegalStateException("test resource dev/microembed/model2vec/" + name + " is missing");
        try {
            return Path.of(url.toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
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
