package dev.microembed.model;

import static org.junit.jupiter.api.Assertions.*;

import dev.microembed.Microembed;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code export --format model2vec} on the runtime's tiny fixture: the folder passes the checker written from
 * Model2Vec's reading code, the vector Model2Vec would compute equals ours (cosine), and the runtime loading the exported
 * folder equals the checker to 1e-6.
 */
class Model2VecExportTest {
    static final List<String> TEXTS = List.of("i love this movie 😍", "The dog is sleeping", "lol smh #blessed 👍", "hello world",
            "a longer sentence with several words, punctuation! and numbers 42 and 7", "❤️❤️ 😂 unbekannt", "");

    static Path tiny(String name) {
        return Path.of(System.getProperty("microembed.root", "..")).resolve("runtime/src/test/resources/dev/microembed/fixtures/" + name);
    }

    static double exportAndCompare(Path src, Path out, String dtype, int clusters, double minCosine) throws Exception {
        Map<String, Object> cfg = Model2VecExport.export(src, out, dtype, clusters);
        for (String f : List.of("config.json", "model.safetensors", "tokenizer.json", "modules.json", "README.md"))
            assertTrue(Files.isRegularFile(out.resolve(f)), f);
        assertEquals(dtype, cfg.get("embedding_dtype"));
        assertEquals(Boolean.TRUE, cfg.get("normalize"));
        assertEquals("model2vec", cfg.get("model_type"));
        assertTrue(Files.readString(out.resolve("modules.json")).contains("sentence_transformers.models.StaticEmbedding"));
        assertTrue(Files.readString(out.resolve("README.md")).startsWith("---\nlibrary_name: model2vec\n"));
        Model2VecChecker m2v = new Model2VecChecker(out);
        assertEquals(switch (dtype) { case "float16" -> "F16"; case "float32" -> "F32"; default -> "I8"; }, m2v.dtype);
        assertEquals(clusters > 0, m2v.mapping != null);
        double worst = 1;
        try (Microembed ours = Microembed.load(src); Microembed exported = Microembed.load(out)) {
            assertTrue(exported.model().isModel2Vec());
            for (String t : TEXTS) {
                double[] want = m2v.encode(t);
                float[] mine = ours.embed(t);
                double cos = Model2VecChecker.cosine(want, mine);
                worst = Math.min(worst, cos);
                assertTrue(cos >= minCosine, dtype + " on \"" + t + "\": cosine " + cos);
                float[] got = exported.embed(t);
                for (int d = 0; d < got.length; d++) assertEquals(want[d], got[d], 1e-6, dtype + " on \"" + t + "\"");
            }
        }
        return worst;
    }

    @Test
    void float16FoldsTheScales(@TempDir Path tmp) throws Exception {
        exportAndCompare(tiny("tiny"), tmp.resolve("f16"), "float16", 0, 0.9999);
    }

    @Test
    void float16FoldsPoolingWeightsToo(@TempDir Path tmp) throws Exception {
        exportAndCompare(tiny("tiny-weighted"), tmp.resolve("f16w"), "float16", 0, 0.9999);
    }

    @Test
    void float32AndInt8(@TempDir Path tmp) throws Exception {
        exportAndCompare(tiny("tiny"), tmp.resolve("f32"), "float32", 0, 0.999999);
        exportAndCompare(tiny("tiny"), tmp.resolve("i8"), "int8", 0, 0.99);
    }

    @Test
    void vocabularyQuantised(@TempDir Path tmp) throws Exception {
        // 113 rows into 40 centroids: directions are approximated, so only a loose agreement with ours
        exportAndCompare(tiny("tiny"), tmp.resolve("vq"), "float16", 40, 0.5);
    }

    @Test
    void withoutFoldingModel2VecWouldBeWrong(@TempDir Path tmp) throws Exception {
        // the reason for folding: our vocab/ read as Model2Vec reads it (int8 as is, scales ignored) is another model
        Path raw = dev.microembed.model.FixtureCopies.withoutMicroembedKey(tiny("tiny"), tmp.resolve("raw"));
        Model2VecChecker m2v = new Model2VecChecker(raw);
        try (Microembed ours = Microembed.load(tiny("tiny"))) {
            double worst = 1;
            for (String t : TEXTS) if (!t.isEmpty()) worst = Math.min(worst, Model2VecChecker.cosine(m2v.encode(t), ours.embed(t)));
            assertTrue(worst < 0.9999, "ignoring the scales changes the vectors (worst cosine " + worst + ")");
        }
    }
}
