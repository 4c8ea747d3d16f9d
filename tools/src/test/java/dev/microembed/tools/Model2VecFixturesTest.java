package dev.microembed.tools;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The committed Model2Vec fixture folders are exactly what {@link Model2VecFixtures} writes. */
class Model2VecFixturesTest {
    @Test
    void committedFoldersMatchTheWriter(@TempDir Path tmp) throws Exception {
        Path root = RuntimeFixturesTest.root();
        Model2VecFixtures.writeAll(root.resolve(RuntimeFixtures.DIR).resolve("tiny"), root.resolve(Model2VecFixtures.DIR), tmp);
        String regenerate = "; regenerate: java -cp \"tools/target/microembed-tools.jar:tools/target/lib/*\" dev.microembed.tools.Model2VecFixtures";
        for (String folder : Model2VecFixtures.FOLDERS) {
            Path committed = root.resolve(Model2VecFixtures.DIR).resolve(folder);
            assertEquals(RuntimeFixturesTest.files(tmp.resolve(folder)), RuntimeFixturesTest.files(committed), folder + regenerate);
            for (String f : RuntimeFixturesTest.files(tmp.resolve(folder)))
                assertArrayEquals(Files.readAllBytes(tmp.resolve(folder).resolve(f)), Files.readAllBytes(committed.resolve(f)), folder + "/" + f + regenerate);
        }
    }
}
