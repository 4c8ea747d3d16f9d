package dev.microembed.fuzz;

import static org.junit.jupiter.api.Assertions.*;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * model.safetensors changed while mapped, in a forked JVM (a SIGBUS the JVM did not handle would kill the test
 * runner): the JVM must survive, and what each change does is pinned here and in docs/fuzzing.md. Truncation:
 * reading a page past the new end of file raises SIGBUS, which HotSpot turns into {@link InternalError} for
 * memory-segment (Unsafe) access, so embed throws it. Rewriting the bytes in place: a shared read-only mapping
 * sees the new bytes, so results change (the checksum is only checked at load; a new load rejects the file).
 * Replacing the file by rename: the mapping keeps the old inode, results are unchanged.
 */
@Tag("heavy")
class MappedFileFaultTest {
    @ParameterizedTest
    @CsvSource({
        "truncate, vector, exception java.lang.InternalError",
        "truncate, scalar, exception java.lang.InternalError",
        "rewrite, vector, changed",
        "rewrite, scalar, changed",
        "replace, vector, unchanged",
        "replace, scalar, unchanged"})
    void theJvmSurvivesAndTheOutcomeIsTheDocumentedOne(String mode, String kernel, String expected) throws Exception {
        Path dir = FuzzSupport.scratch("mapped-" + mode);
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--add-modules", "jdk.incubator.vector", "--enable-native-access=ALL-UNNAMED", "-XX:ErrorFile=" + dir.resolve("hs_err.log"),
                "-Dmicroembed.root=" + FuzzSupport.repo(), "-cp", System.getProperty("surefire.test.class.path", System.getProperty("java.class.path")),
                MappedFileFault.class.getName(), mode, kernel, dir.toString()));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes());
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), "the forked JVM hung");
        System.out.print("mapped-file fault [" + mode + ", " + kernel + "]: " + output.lines().filter(l -> l.startsWith("OUTCOME") || l.startsWith("RELOAD")).toList() + "\n");
        assertFalse(Files.exists(dir.resolve("hs_err.log")), () -> "the JVM crashed:\n" + output + read(dir.resolve("hs_err.log")));
        assertEquals(0, p.exitValue(), () -> "the forked JVM died (exit " + p.exitValue() + "):\n" + output);
        String line = output.lines().filter(l -> l.startsWith("OUTCOME ")).findFirst().orElseThrow(() -> new AssertionError(output));
        assertTrue(line.startsWith("OUTCOME " + mode + " " + kernel + " " + expected), () -> "expected " + expected + ", got " + line);
        if (!mode.equals("replace"))
            assertTrue(output.contains("RELOAD " + mode + " ModelFormatException"), () -> "a new load must reject the changed file:\n" + output);
    }

    private static String read(Path p) {
        try {
            return Files.readString(p);
        } catch (IOException e) {
            return "";
        }
    }
}
