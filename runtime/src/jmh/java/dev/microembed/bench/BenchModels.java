package dev.microembed.bench;

import dev.microembed.Fixtures;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Inputs shared by the benchmarks: the model (shipped vocab/ if present, else the mBERT test fixture) and tweets. */
final class BenchModels {
    private BenchModels() {}

    /** {@code -Dmicroembed.model=DIR}, else {@code vocab/} when it holds a model, else the mBERT fixture. */
    static Path model() {
        String p = System.getProperty("microembed.model");
        if (p != null && !p.isBlank()) return Path.of(p);
        if (Files.isRegularFile(Path.of("vocab", "config.json"))) return Path.of("vocab");
        return Fixtures.mbert();
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
