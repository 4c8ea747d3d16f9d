package dev.microembed.lucene;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** Test inputs: the small committed corpus, the runtime's tiny test model. */
final class Fixtures {
    private Fixtures() {}

    /** The 32-line test corpus (2 blank lines), copied to {@code dir}. */
    static Path corpus(Path dir) {
        try (InputStream in = Fixtures.class.getResourceAsStream("corpus.txt")) {
            Path p = dir.resolve("corpus.txt");
            Files.write(p, in.readAllBytes());
            return p;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static List<String> lines(Path corpus) {
        try {
            return Files.readAllLines(corpus, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A model other than the shipped one (the runtime's 'tiny' test fixture). */
    static Path otherModel() {
        return Path.of(System.getProperty("microembed.root", "../.."), "runtime/src/test/resources/dev/microembed/fixtures/tiny");
    }
}
