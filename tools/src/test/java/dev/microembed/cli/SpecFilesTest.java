package dev.microembed.cli;

import static org.junit.jupiter.api.Assertions.*;

import dev.microembed.Microembed;
import dev.microembed.pool.PoolKernel;
import dev.microembed.pool.PoolKernels;
import dev.microembed.tools.RuntimeFixtures;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code microembed spec}: the command, and the generator and reader round-tripping on fixture models (mean and
 * weighted pooling). Moved from the runtime with the command. Heavy tier: the texts come from ../shared.
 */
@Tag("heavy")
class SpecFilesTest {
    record Result(int code, String out, String err) {}

    static Result run(String... args) {
        StringWriter out = new StringWriter(), err = new StringWriter();
        int code = SpecFiles.run(List.of(args), new PrintWriter(out), new PrintWriter(err));
        return new Result(code, out.toString(), err.toString());
    }

    static Path shared() {
        return Path.of(System.getProperty("microembed.shared", "../shared")).resolve("data");
    }

    static List<String> mismatches(Path model, List<SpecFiles.Vector> expected, PoolKernel kernel) {
        List<String> bad = new ArrayList<>();
        try (Microembed m = Microembed.load(model, kernel)) {
            for (int i = 0; i < expected.size(); i++) {
                SpecFiles.Vector e = expected.get(i);
                int[] ids = m.tokenizer().encode(e.text());
                float[] v = m.embed(e.text());
                if (!java.util.Arrays.equals(e.ids(), ids)) bad.add("line " + (i + 1) + ": ids differ");
                else if (!SpecFiles.base64(v).equals(SpecFiles.base64(e.vector()))) bad.add("line " + (i + 1) + ": vector bytes differ");
            }
        }
        return bad;
    }

    static boolean isZero(float[] v) {
        for (float x : v) if (x != 0) return false;
        return true;
    }

    @Test
    void specIdsAndVectors(@TempDir Path tmp) throws Exception {
        String model = RuntimeFixtures.build(tmp.resolve("tiny"), RuntimeFixtures.tinyVocab(), 64, false, 1).toString();
        Path text = tmp.resolve("t.txt");
        Files.writeString(text, "the cat\nЖ\n");
        Path ids = tmp.resolve("ids.jsonl");
        Result r = run("ids", "--model", model, "--out", ids.toString(), text.toString());
        assertEquals(0, r.code, r.err);
        List<String> lines = Files.readAllLines(ids);
        assertEquals(2, lines.size());
        assertEquals("{\"text\":\"the cat\",\"ids\":[5,43]}".replaceAll("\\[.*\\]", ""), lines.get(0).replaceAll("\\[.*\\]", ""));
        Path vectors = tmp.resolve("v.jsonl");
        Result v = run("vectors", "--model", model, "--shared", shared().toString(), "--out", vectors.toString());
        assertEquals(0, v.code, v.err);
        assertTrue(Files.readAllLines(vectors).size() >= 180);
        assertEquals(2, run("frobnicate").code);
        assertEquals(2, run().code, "spec needs vectors or ids");
        assertEquals(1, run("ids", "--model", model, "--out", ids.toString(), tmp.resolve("nope.txt").toString()).code);
    }

    @Test
    void generatorRoundTripsOnFixtures(@TempDir Path tmp) throws Exception {
        List<String> texts = SpecTexts.build(shared());
        assertTrue(texts.size() >= 180 && texts.size() <= 260, texts.size() + " texts");
        assertTrue(texts.contains("") && texts.stream().anyMatch(t -> t.indexOf('\uD800') >= 0));
        Path mbert = RuntimeFixtures.build(tmp.resolve("mbert"), Files.readAllLines(shared().resolve("vocab/mbert-cased-vocab.txt")), 64, false, 3);
        Path weighted = RuntimeFixtures.build(tmp.resolve("tiny-weighted"), RuntimeFixtures.tinyVocab(), 100, true, 2);
        for (Path model : List.of(mbert, weighted)) {
            Path out = tmp.resolve(model.getFileName() + ".jsonl");
            try (Microembed m = Microembed.load(model, PoolKernels.scalar())) {
                Files.writeString(out, SpecFiles.vectorLines(m, texts));
            }
            List<SpecFiles.Vector> back = SpecFiles.read(out);
            assertEquals(texts.size(), back.size());
            for (int i = 0; i < texts.size(); i++) assertEquals(texts.get(i), back.get(i).text(), "text " + i + " survives JSON");
            assertEquals(List.of(), mismatches(model, back, PoolKernels.vector().orElseThrow()), model.toString());
            long nonZero = back.stream().filter(v -> !isZero(v.vector())).count();
            assertTrue(nonZero > texts.size() / 2, nonZero + " non-zero vectors");
        }
    }
}
