package dev.microembed;

import static org.junit.jupiter.api.Assertions.*;

import dev.microembed.model.Json;
import dev.microembed.pool.PoolKernel;
import dev.microembed.pool.PoolKernels;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * The shared test vectors (docs/model-format.md): recomputing {@code spec/test-vectors.jsonl} from the shipped
 * model in {@code vocab/} must give identical ids and identical vector bytes, with the SIMD and the scalar kernel.
 * The generator ({@code microembed spec vectors}) is a tool; its round trip is tested in the tools.
 */
class SpecVectorsTest {
    static final Path VOCAB = Fixtures.vocab(), VECTORS = Fixtures.repo().resolve("spec/test-vectors.jsonl");

    /** One line of the file: the text, the tokenizer's full ids, the vector as base64 of little-endian float32. */
    record Vector(String text, int[] ids, String vectorBase64) {}

    static List<Vector> read(Path file) throws IOException {
        List<Vector> out = new ArrayList<>();
        for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
            if (line.isBlank()) continue;
            Map<?, ?> o = (Map<?, ?>) Json.parse(line);
            List<?> ids = (List<?>) o.get("ids");
            int[] a = new int[ids.size()];
            for (int i = 0; i < a.length; i++) a[i] = ((Long) ids.get(i)).intValue();
            out.add(new Vector((String) o.get("text"), a, (String) o.get("vector")));
        }
        return out;
    }

    static String base64(float[] v) {
        ByteBuffer bb = ByteBuffer.allocate(v.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        bb.asFloatBuffer().put(v);
        return Base64.getEncoder().encodeToString(bb.array());
    }

    static List<String> mismatches(Path model, List<Vector> expected, PoolKernel kernel) {
        List<String> bad = new ArrayList<>();
        try (Microembed m = Microembed.load(model, kernel)) {
            for (int i = 0; i < expected.size(); i++) {
                Vector e = expected.get(i);
                int[] ids = m.tokenizer().encode(e.text());
                float[] v = m.embed(e.text());
                if (!java.util.Arrays.equals(e.ids(), ids)) bad.add("line " + (i + 1) + ": ids differ");
                else if (!base64(v).equals(e.vectorBase64())) bad.add("line " + (i + 1) + ": vector bytes differ");
            }
        }
        return bad;
    }

    @Test
    void shippedModelReproducesCommittedVectors() throws Exception {
        Assumptions.assumeTrue(Files.isRegularFile(VOCAB.resolve("config.json")),
                "vocab/ has no model yet (the distillation lands it); spec/test-vectors.jsonl is generated from it");
        assertTrue(Files.isRegularFile(VECTORS), VECTORS + " is missing: run ./microembed spec vectors");
        List<Vector> expected = read(VECTORS);
        assertTrue(expected.size() >= 150, "only " + expected.size() + " vectors");
        for (PoolKernel k : List.of(PoolKernels.vector().orElseThrow(), PoolKernels.scalar()))
            assertEquals(List.of(), mismatches(VOCAB, expected, k), k.name());
    }

    /** spec/model2vec-FOLDER.jsonl (the JS port tests against them too) from the committed Model2Vec fixture folders. */
    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.ValueSource(strings = {"wordpiece-f32", "wordpiece-i8", "wordpiece-vocab-quantised", "unigram-f16"})
    void model2VecFoldersReproduceCommittedVectors(String folder) throws Exception {
        Path file = Fixtures.repo().resolve("spec/model2vec-" + folder + ".jsonl");
        assertTrue(Files.isRegularFile(file), file + " is missing: run spec/generate.sh");
        List<Vector> expected = read(file);
        assertTrue(expected.size() >= 150, "only " + expected.size() + " vectors");
        for (PoolKernel k : List.of(PoolKernels.best(), PoolKernels.scalar()))
            assertEquals(List.of(), mismatches(Fixtures.model2vec(folder), expected, k), folder + " " + k.name());
    }
}
