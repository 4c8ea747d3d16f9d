package dev.microembed.tools;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The runtime's committed test fixtures are exactly what the writers produce today. */
class RuntimeFixturesTest {
    static Path root() { return Path.of(System.getProperty("microembed.root", "..")).toAbsolutePath().normalize(); }

    static List<String> files(Path dir) throws Exception {
        try (var s = Files.walk(dir)) {
            return s.filter(Files::isRegularFile).map(p -> dir.relativize(p).toString()).sorted().toList();
        }
    }

    @Test
    void committedFixturesMatchTheWriters(@TempDir Path tmp) throws Exception {
        RuntimeFixtures.writeAll(tmp);
        Path committed = root().resolve(RuntimeFixtures.DIR);
        String regenerate = "; regenerate: java -cp \"tools/target/microembed-tools.jar:tools/target/lib/*\" dev.microembed.tools.RuntimeFixtures";
        assertEquals(files(tmp), files(committed), "fixture files" + regenerate);
        for (String f : files(tmp))
            assertArrayEquals(Files.readAllBytes(tmp.resolve(f)), Files.readAllBytes(committed.resolve(f)), f + regenerate);
    }
}
