package dev.microembed;

import static org.junit.jupiter.api.Assertions.*;

import dev.microembed.cli.SpecFiles;
import dev.microembed.cli.SpecTexts;
import dev.microembed.pool.PoolKernel;
import dev.microembed.pool.PoolKernels;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The shared test vectors (docs/model-format.md): recomputing {@code spec/test-vectors.jsonl} from the shipped
 * model in {@code vocab/} must give identical ids and identical vector bytes, with the SIMD and the scalar kernel.
 */
class SpecVectorsTest {
    static final Path VOCAB = Path.of("vocab"), VECTORS = Path.of("spec", "test-vectors.jsonl");

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

    @Test
    void shippedModelReproducesCommittedVectors() throws Exception {
        Assumptions.assumeTrue(Files.isRegularFile(VOCAB.resolve("config.json")),
                "vocab/ has no model yet (the distillation lands it); spec/test-vectors.jsonl is generated from it");
        assertTrue(Files.isRegularFile(VECTORS), VECTORS + " is missing: run ./microembed spec vectors");
        List<SpecFiles.Vector> expected = SpecFiles.read(VECTORS);
        assertTrue(expected.size() >= 150, "only " + expected.size() + " vectors");
        for (PoolKernel k : List.of(PoolKernels.vector().orElseThrow(), PoolKernels.scalar()))
            assertEquals(List.of(), mismatches(VOCAB, expected, k), k.name());
    }

    /** The generator and reader round-trip on fixture models (mean and weighted), so the machinery is tested before vocab/ exists. */
    @Test
    void generatorRoundTripsOnFixtures(@TempDir Path tmp) throws Exception {
        List<String> texts = SpecTexts.build(Fixtures.shared());
        assertTrue(texts.size() >= 180 && texts.size() <= 260, texts.size() + " texts");
        assertTrue(texts.contains("") && texts.stream().anyMatch(t -> t.indexOf('\uD800') >= 0));
        for (Path model : List.of(Fixtures.mbert(), Fixtures.tinyWeighted())) {
            Path out = tmp.resolve(model.getFileName() + ".jsonl");
            try (Microembed m = Microembed.load(model, PoolKernels.scalar())) {
                Files.writeString(out, SpecFiles.vectorLines(m, texts));
            }
            List<SpecFiles.Vector> back = SpecFiles.read(out);
            assertEquals(texts.size(), back.size());
            for (int i = 0; i < texts.size(); i++) assertEquals(texts.get(i), back.get(i).text(), "text " + i + " survives JSON");
            assertEquals(List.of(), mismatches(model, back, PoolKernels.vector().orElseThrow()), model.toString());
            long nonZero = back.stream().filter(v -> !MicroembedTest.isZero(v.vector())).count();
            assertTrue(nonZero > texts.size() / 2, nonZero + " non-zero vectors");
        }
    }
}
