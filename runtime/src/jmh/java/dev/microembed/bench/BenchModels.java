package dev.microembed.bench;

import dev.microembed.Fixtures;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Inputs shared by the benchmarks: the model (the shipped vocab/ of the checkout) and tweets. */
final class BenchModels {
    private BenchModels() {}

    /** {@code -Dmicroembed.model=DIR}, else the checkout's {@code vocab/}. */
    static Path model() {
        String p = System.getProperty("microembed.model");
        if (p != null && !p.isBlank()) return Path.of(p);
        return Fixtures.vocab();
    }

    /** All validation-split tweets of the eight xlm-t languages. */
    static List<String> tweets() {
        List<String> out = new ArrayList<>();
        try (var dirs = Files.list(Fixtures.shared().resolve("tweets/xlm-t"))) {
            for (Path d : dirs.filter(Files::isDirectory).sorted().toList()) out.addAll(Files.readAllLines(d.resolve("val_text.txt")));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out;
    }
}
