package dev.microembed.distill;

import static org.junit.jupiter.api.Assertions.*;

import dev.microembed.model.Json;
import dev.microembed.model.SafetensorsReader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The distill pipeline is deterministic, and killed with SIGKILL at pseudo-random points (at least {@value #KILLS}
 * times over the tiny run) and resumed with {@code --resume} each time it ends with the same model bytes as an
 * uninterrupted run. First two uninterrupted runs in fresh folders must give the same bytes, stage artifact by stage
 * artifact (without that, a kill-resume mismatch would say nothing about resuming). Each run is a
 * forked JVM ({@code microembed distill}, the test's own java and classpath), since a SIGKILL must hit a real process:
 * no finally blocks, no shutdown hooks, whatever the page cache holds. After every kill each visible file of the work
 * and output folders must read back (atomic writes leave only hidden {@code .name*.tmp} siblings behind).
 */
@Tag("heavy")
class PipelineKillResumeTest {
    static final int KILLS = 20;
    /** The output files compared byte for byte; manifest.json is left out (timings, the commit). */
    static final List<String> MODEL_FILES = List.of("model.safetensors", "tokenizer.json", "config.json", "pca.safetensors");
    /**
     * The data each stage leaves in the work dir, in pipeline order (the first that differs between two runs names
     * the stage where they part); the reports, pipeline.json and the train checkpoint are left out (timings).
     */
    static final List<String> STAGE_FILES = List.of("tokenizer.json", "token-embeddings.safetensors", "pca.safetensors",
            "pca-embeddings.safetensors", "token-weights.safetensors", "train-teacher-cache.safetensors",
            "trained-embeddings.safetensors", "quantized.safetensors");

    @Test
    void killedAtRandomPointsResumesToTheSameModelBytes(@TempDir Path tmp) throws Exception {
        // tiny.json shrunk further (tools/src/test/configs/kill-resume.json): 20 kills fit in a few minutes.
        Path config = TinyPipelineTest.root().resolve("tools/src/test/configs/kill-resume.json");
        Path trainingData = dev.microembed.data.Fixtures.trainingData(tmp.resolve("training-data"));

        // (1) One uninterrupted run: the reference bytes and the duration the kills are spread over.
        Path refWork = tmp.resolve("ref-work"), refOut = tmp.resolve("ref-model");
        long t0 = System.nanoTime();
        Process ref = start(config, trainingData, refWork, refOut, false, tmp.resolve("ref.log"));
        assertTrue(ref.waitFor(10, TimeUnit.MINUTES), "reference run timed out");
        assertEquals(0, ref.exitValue(), () -> "reference run failed:\n" + tail(tmp.resolve("ref.log")));
        double refSeconds = (System.nanoTime() - t0) / 1e9;
        Map<String, String> expected = checksums(refOut, MODEL_FILES);
        Map<String, String> expectedStages = checksums(refWork, presentIn(refWork));
        System.out.printf("kill-resume: reference run %.1f s, %s%n", refSeconds, expected);

        // (1b) A second uninterrupted run in fresh folders: the same bytes at every stage.
        Path againWork = tmp.resolve("again-work"), againOut = tmp.resolve("again-model");
        Process again = start(config, trainingData, againWork, againOut, false, tmp.resolve("again.log"));
        assertTrue(again.waitFor(10, TimeUnit.MINUTES), "second uninterrupted run timed out");
        assertEquals(0, again.exitValue(), () -> "second uninterrupted run failed:\n" + tail(tmp.resolve("again.log")));
        Map<String, String> againStages = checksums(againWork, expectedStages.keySet());
        assertEquals(expectedStages, againStages, "two uninterrupted runs differ (the pipeline is not deterministic), first in "
                + firstDifference(expectedStages, againStages));
        assertEquals(expected, checksums(againOut, MODEL_FILES), "two uninterrupted runs give different model files");
        System.out.printf("kill-resume: a second uninterrupted run gives the same bytes in %d stage files and %d model files%n",
                expectedStages.size(), expected.size());

        // (2) The same run killed KILLS times, resumed after each kill, then left to finish.
        Path work = tmp.resolve("work"), out = tmp.resolve("model");
        Random random = new Random(20261203L);
        Map<String, Integer> killsByStage = new TreeMap<>();
        List<String> schedule = new ArrayList<>();
        int kills = 0, attempts = 0;
        long killedT0 = System.nanoTime();
        while (true) {
            Path log = tmp.resolve("attempt-" + attempts + ".log");
            Process p = start(config, trainingData, work, out, attempts > 0, log);
            attempts++;
            if (kills < KILLS) {
                // Spread over the reference run: mostly early and middle kills, where a resumed run has most to
                // skip or continue, some late ones (export); each attempt resumes, so later stages get reached.
                long delayMs = (long) (random.nextDouble() * refSeconds * 1000 / 4) + 300;
                if (!p.waitFor(delayMs, TimeUnit.MILLISECONDS)) {
                    p.destroyForcibly();
                    assertTrue(p.waitFor(1, TimeUnit.MINUTES), "killed process did not end");
                    kills++;
                    String stage = lastStage(log);
                    killsByStage.merge(stage, 1, Integer::sum);
                    schedule.add(delayMs + "ms:" + stage);
                    assertVisibleFilesReadBack(work);
                    assertVisibleFilesReadBack(out);
                    continue;
                }
                // The run finished (or failed) before its kill came.
            } else {
                assertTrue(p.waitFor(10, TimeUnit.MINUTES), "final resumed run timed out");
            }
            assertEquals(0, p.exitValue(), () -> "resumed run failed:\n" + tail(log));
            if (kills >= KILLS) break;
            // A run that finished before its kill: start over in a fresh work dir so the kills keep landing in a
            // run that has work left (every resumed run after this one skips everything otherwise).
            assertEquals(expected, checksums(out, MODEL_FILES), "a run resumed " + kills + " times");
            work = tmp.resolve("work-" + attempts);
            out = tmp.resolve("model-" + attempts);
        }
        double killedSeconds = (System.nanoTime() - killedT0) / 1e9;
        System.out.printf("kill-resume: %d kills in %d runs (%.1f s), kills by stage %s%nkill-resume: schedule %s%n",
                kills, attempts, killedSeconds, killsByStage, schedule);

        // (3) Same bytes; nothing visible but whole files.
        assertTrue(kills >= KILLS);
        Map<String, String> stages = checksums(work, expectedStages.keySet());
        assertEquals(expected, checksums(out, MODEL_FILES), "the killed and resumed run's model (stage files: first difference in "
                + firstDifference(expectedStages, stages) + ")");
        assertVisibleFilesReadBack(work);
        assertVisibleFilesReadBack(out);
        assertTrue(killsByStage.size() >= 2, "kills landed in few stages: " + killsByStage);
    }

    private static Process start(Path config, Path trainingData, Path work, Path out, boolean resume, Path log) throws IOException {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--add-modules", "jdk.incubator.vector", "--enable-native-access=ALL-UNNAMED", "-Xmx2g",
                "-cp", System.getProperty("java.class.path"),
                "-Dmicroembed.training_data=" + trainingData,
                "-Dmicroembed.root=" + TinyPipelineTest.root()));
        if (System.getProperty("microembed.shared") != null) cmd.add("-Dmicroembed.shared=" + System.getProperty("microembed.shared"));
        cmd.addAll(List.of("dev.microembed.tools.ToolsMain", "distill", "--config", config.toString(),
                "--work", work.toString(), "--out", out.toString()));
        if (resume) cmd.add("--resume");
        return new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    }

    /** The last {@code == stage} line the run logged (the stage the kill landed in), or "startup". */
    private static String lastStage(Path log) throws IOException {
        String stage = "startup";
        for (String line : Files.readAllLines(log))
            if (line.startsWith("== ")) stage = line.substring(3).split("[: ]")[0] + (line.contains(": ") ? "(done)" : "");
        return stage;
    }

    /** sha256 of each named file of {@code dir}, in the given order; a missing file is "missing". */
    private static Map<String, String> checksums(Path dir, Collection<String> files) throws Exception {
        Map<String, String> sums = new LinkedHashMap<>();
        for (String f : files) {
            Path p = dir.resolve(f);
            sums.put(f, Files.isRegularFile(p) ? HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(p))) : "missing");
        }
        return sums;
    }

    /** The stage files this config's run left in its work dir (the train stage's teacher cache only where it trains). */
    private static List<String> presentIn(Path work) {
        List<String> present = STAGE_FILES.stream().filter(f -> Files.isRegularFile(work.resolve(f))).toList();
        assertTrue(present.size() >= 5, "the reference run's work dir lacks most stage files: " + present);
        return present;
    }

    /** The first file (in pipeline order) whose checksum differs, or "none". */
    private static String firstDifference(Map<String, String> expected, Map<String, String> actual) {
        for (var e : expected.entrySet())
            if (!e.getValue().equals(actual.get(e.getKey()))) return e.getKey() + " (" + e.getValue() + " vs " + actual.get(e.getKey()) + ")";
        return "none";
    }

    /** Every non-hidden file reads back: safetensors through the reader, JSON through the parser. */
    private static void assertVisibleFilesReadBack(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) return;
        try (Stream<Path> l = Files.list(dir)) {
            for (Path p : l.sorted().toList()) {
                String name = p.getFileName().toString();
                if (name.startsWith(".") || !Files.isRegularFile(p)) continue;
                try {
                    if (name.endsWith(".safetensors")) {
                        try (SafetensorsReader r = SafetensorsReader.open(p)) {
                            assertFalse(r.names().isEmpty(), p.toString());
                        }
                    } else if (name.endsWith(".json")) {
                        Json.parse(Files.readString(p));
                    }
                } catch (Exception e) {
                    fail("a partial or corrupt file is visible after a kill: " + p + ": " + e);
                }
            }
        }
    }

    private static String tail(Path log) {
        try {
            List<String> lines = Files.readAllLines(log);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
        } catch (IOException e) {
            return "(no log: " + e + ")";
        }
    }
}
