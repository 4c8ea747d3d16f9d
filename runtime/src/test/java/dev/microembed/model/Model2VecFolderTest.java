package dev.microembed.model;

import static org.junit.jupiter.api.Assertions.*;

import dev.microembed.Fixtures;
import dev.microembed.Microembed;
import dev.microembed.ModelFormatException;
import dev.microembed.pool.PoolKernels;
import dev.microembed.tokenizer.Tokenizer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Model2Vec folders (as MinishLab's save_pretrained writes them) built around the tiny fixture's tokenizer: F32, F16 and
 * I8 tables, the alternative tensor names, vocabulary quantisation, normalize false; each vector compared with a
 * float64 transcription of Model2Vec's encode (char pre-truncation, unknown ids dropped, 512 cap, mean, norm + 1e-32).
 */
class Model2VecFolderTest {
    static final String[] TEXTS = {
        "i love this movie 😍", "The dog is sleeping", "lol smh #blessed 👍", "unbekanntes wort", "", "❤️❤️❤️ 😂",
        "a longer sentence with several words, punctuation! and numbers 42 and 7",
    };
    static final int DIM = 24;
    @TempDir Path tmp;

    static Path tinyTokenizer() {
        return Fixtures.tiny().resolve(ModelFolder.TOKENIZER);
    }

    static int vocabSize() {
        return Tokenizer.load(tinyTokenizer()).vocabSize();
    }

    /** A Model2Vec folder: config.json (Model2Vec's keys), model.safetensors, tokenizer.json. */
    static Path folder(Path dir, TestSafetensors tensors, Map<String, Object> extraConfig) throws IOException {
        Files.createDirectories(dir);
        tensors.write(dir.resolve(ModelFolder.MODEL));
        Files.copy(tinyTokenizer(), dir.resolve(ModelFolder.TOKENIZER));
        Map<String, Object> cfg = new LinkedHashMap<>();
        cfg.put("model_type", "model2vec");
        cfg.put("architectures", List.of("StaticModel"));
        cfg.put("tokenizer_name", "test-fixture");
        cfg.put("apply_pca", (long) DIM);
        cfg.put("apply_zipf", true);
        cfg.put("hidden_dim", (long) DIM);
        cfg.put("seq_length", 1000000L);
        cfg.put("normalize", true);
        cfg.putAll(extraConfig);
        Files.writeString(dir.resolve(ModelFolder.CONFIG), Json.write(cfg, true));
        return dir;
    }

    static float[] randomTable(int rows, long seed) {
        Random r = new Random(seed);
        float[] t = new float[rows * DIM];
        for (int i = 0; i < t.length; i++) t[i] = (float) r.nextGaussian();
        return t;
    }

    /**
     * Model2Vec's StaticModel.encode in float64: {@code sentence[:512 * median]}, ids, unknown removed, first 512,
     * rows {@code table[mapping[id]] * weights[id]}, mean, then {@code x / (norm + 1e-32)} when normalising.
     */
    static double[] reference(Tokenizer tok, String text, double[] table, int[] mapping, double[] weights, boolean normalize) {
        int median = tok.medianTokenLength();
        int cps = text.codePointCount(0, text.length());
        String cut = cps <= 512 * median ? text : text.substring(0, text.offsetByCodePoints(0, 512 * median));
        List<Integer> ids = new ArrayList<>();
        for (int id : tok.encode(cut)) if (id != tok.unknownId()) ids.add(id);
        if (ids.size() > 512) ids = ids.subList(0, 512);
        double[] v = new double[DIM];
        if (ids.isEmpty()) return v;
        for (int id : ids) {
            int row = mapping == null ? id : mapping[id];
            double w = weights == null ? 1 : weights[id];
            for (int d = 0; d < DIM; d++) v[d] += table[row * DIM + d] * w;
        }
        for (int d = 0; d < DIM; d++) v[d] /= ids.size();
        if (normalize) {
            double s = 0;
            for (double x : v) s += x * x;
            double norm = Math.sqrt(s) + 1e-32;
            for (int d = 0; d < DIM; d++) v[d] /= norm;
        }
        return v;
    }

    static double[] widen(float[] x) {
        double[] r = new double[x.length];
        for (int i = 0; i < x.length; i++) r[i] = x[i];
        return r;
    }

    static void assertMatchesReference(Path dir, double[] table, int[] mapping, double[] weights, boolean normalize, String... texts) {
        assertMatchesReference(1e-6, dir, table, mapping, weights, normalize, texts);
    }

    static void assertMatchesReference(double tolerance, Path dir, double[] table, int[] mapping, double[] weights, boolean normalize, String... texts) {
        for (var kernel : List.of(PoolKernels.best(), PoolKernels.scalar()))
            try (Microembed m = Microembed.load(dir, kernel)) {
                assertTrue(m.model().isModel2Vec());
                assertEquals(DIM, m.dim());
                assertEquals(512, m.maxTokens());
                for (String t : texts) {
                    double[] want = reference(m.tokenizer(), t, table, mapping, weights, normalize);
                    float[] got = m.embed(t);
                    for (int d = 0; d < DIM; d++)
                        assertEquals(want[d], got[d], tolerance, () -> "text \"" + t + "\" with " + kernel.name());
                }
            }
    }

    @Test
    void f32TableMatchesModel2VecArithmetic() throws IOException {
        int v = vocabSize();
        float[] t = randomTable(v, 1);
        Path dir = folder(tmp.resolve("f32"), new TestSafetensors().f32("embeddings", t, v, DIM), Map.of("embedding_dtype", "float32"));
        assertMatchesReference(dir, widen(t), null, null, true, TEXTS);
        try (Microembed m = Microembed.load(dir)) {
            assertEquals("model2vec-f32", m.kernelName());
        }
    }

    @Test
    void f16TableAndAlternativeTensorNames() throws IOException {
        int v = vocabSize();
        float[] t = randomTable(v, 2);
        double[] decoded = new double[t.length];
        for (int i = 0; i < t.length; i++) decoded[i] = Float.float16ToFloat(Float.floatToFloat16(t[i]));
        Path dir = folder(tmp.resolve("f16"), new TestSafetensors().f16("embeddings", t, v, DIM), Map.of("embedding_dtype", "float16"));
        assertMatchesReference(dir, decoded, null, null, true, TEXTS);
        Path zero = folder(tmp.resolve("zero"), new TestSafetensors().f16("0", t, v, DIM), Map.of());
        assertMatchesReference(zero, decoded, null, null, true, TEXTS);
        Path st = folder(tmp.resolve("st"), new TestSafetensors().f32("embedding.weight", t, v, DIM), Map.of());
        assertMatchesReference(st, widen(t), null, null, true, TEXTS);
        double[] wide = new double[t.length];
        for (int i = 0; i < t.length; i++) wide[i] = t[i] + 1e-9 * (i % 7); // not a float32 value: rounded once at load
        Path f64 = folder(tmp.resolve("f64"), new TestSafetensors().f64("embeddings", wide, v, DIM), Map.of("embedding_dtype", "float64"));
        assertMatchesReference(f64, wide, null, null, true, TEXTS);
    }

    @Test
    void int8TableIgnoresScalesAsModel2VecDoes() throws IOException {
        int v = vocabSize();
        byte[] q = new byte[v * DIM];
        new Random(3).nextBytes(q);
        double[] asFloat = new double[q.length];
        for (int i = 0; i < q.length; i++) asFloat[i] = q[i];
        float[] scales = new float[DIM];
        for (int d = 0; d < DIM; d++) scales[d] = d + 1; // present but, as in Model2Vec, unused
        Path dir = folder(tmp.resolve("i8"), new TestSafetensors().i8("embeddings", q, v, DIM).f32("scales", scales, DIM), Map.of("embedding_dtype", "int8"));
        assertMatchesReference(dir, asFloat, null, null, true, TEXTS);
        // the pooling kernel does not matter for Model2Vec tables
        try (Microembed a = Microembed.load(dir, PoolKernels.best()); Microembed b = Microembed.load(dir, PoolKernels.scalar())) {
            for (String text : TEXTS) assertArrayEquals(a.embed(text), b.embed(text));
        }
    }

    @Test
    void vocabularyQuantisedTableWithWeights() throws IOException {
        int v = vocabSize(), rows = 7;
        float[] t = randomTable(rows, 4);
        int[] mapping = new int[v];
        double[] weights = new double[v];
        Random r = new Random(5);
        for (int i = 0; i < v; i++) {
            mapping[i] = r.nextInt(rows);
            weights[i] = 0.25 + r.nextDouble() * 2;
        }
        double[] weights32 = new double[v]; // model2vec-rs and we keep weights in float32
        for (int i = 0; i < v; i++) weights32[i] = (float) weights[i];
        Path dir = folder(tmp.resolve("vq"), new TestSafetensors().f16("embeddings", t, rows, DIM).f64("weights", weights, v).i32("mapping", mapping, v),
                Map.of("embedding_dtype", "float16", "vocabulary_quantization", (long) rows));
        double[] decoded = new double[t.length];
        for (int i = 0; i < t.length; i++) decoded[i] = Float.float16ToFloat(Float.floatToFloat16(t[i]));
        assertMatchesReference(dir, decoded, mapping, weights, true, TEXTS);
        assertMatchesReference(dir, decoded, mapping, weights32, true, TEXTS);
        byte[] q = new byte[rows * DIM];
        new Random(6).nextBytes(q);
        double[] qd = new double[q.length];
        for (int i = 0; i < q.length; i++) qd[i] = q[i];
        Path i8 = folder(tmp.resolve("vq8"), new TestSafetensors().i8("embeddings", q, rows, DIM).f32("weights", toFloat(weights32), v).i32("mapping", mapping, v), Map.of());
        assertMatchesReference(i8, qd, mapping, weights32, true, TEXTS);
    }

    static float[] toFloat(double[] x) {
        float[] r = new float[x.length];
        for (int i = 0; i < x.length; i++) r[i] = (float) x[i];
        return r;
    }

    @Test
    void withoutNormalizeTheOutputIsTheMean() throws IOException {
        int v = vocabSize();
        float[] t = randomTable(v, 7);
        Map<String, Object> cfg = new LinkedHashMap<>();
        cfg.put("normalize", false);
        Path dir = folder(tmp.resolve("mean"), new TestSafetensors().f32("embeddings", t, v, DIM), cfg);
        assertMatchesReference(dir, widen(t), null, null, false, TEXTS);
        Path absent = tmp.resolve("absent");
        Map<String, Object> none = new LinkedHashMap<>();
        none.put("normalize", null); // Model2Vec: config.get("normalize", False)
        folder(absent, new TestSafetensors().f32("embeddings", t, v, DIM), none);
        assertMatchesReference(absent, widen(t), null, null, false, TEXTS);
    }

    @Test
    void charactersBeyondMaxLengthTimesMedianAreCut() throws IOException {
        int v = vocabSize();
        float[] t = randomTable(v, 8);
        Path dir = folder(tmp.resolve("cut"), new TestSafetensors().f32("embeddings", t, v, DIM), Map.of());
        try (Microembed m = Microembed.load(dir)) {
            int limit = 512 * m.tokenizer().medianTokenLength();
            String filler = "x".repeat(limit); // one unknown word filling the whole budget
            String text = filler + " love";
            assertEquals(m.tokenizer().id("love") >= 0, true);
            float[] got = m.embed(text);
            for (float x : got) assertEquals(0f, x, "only characters past the cut are known, so Model2Vec gives zeros");
            assertMatchesReference(dir, widen(t), null, null, true, text, "love " + filler);
            // 512 equal tokens: the specified float32 summation drifts from Model2Vec's float64 by about 1.5e-6
            assertMatchesReference(5e-6, dir, widen(t), null, null, true, "😍".repeat(limit + 3));
        }
    }

    @Test
    void checksumsAreVerifiedWhenListed() throws IOException {
        int v = vocabSize();
        float[] t = randomTable(v, 9);
        Path dir = folder(tmp.resolve("sha"), new TestSafetensors().f32("embeddings", t, v, DIM), Map.of());
        Path model = dir.resolve(ModelFolder.MODEL);
        Map<String, Object> files = new LinkedHashMap<>();
        files.put(ModelFolder.MODEL, Map.of("sha256", ModelFolder.sha256(model), "bytes", Files.size(model)));
        Path ok = folder(tmp.resolve("sha-ok"), new TestSafetensors().f32("embeddings", t, v, DIM), Map.of("microembed", Map.of("files", files)));
        try (Microembed m = Microembed.load(ok)) {
            assertEquals(DIM, m.dim());
        }
        files.put(ModelFolder.MODEL, Map.of("sha256", "00".repeat(32), "bytes", Files.size(model)));
        Path bad = folder(tmp.resolve("sha-bad"), new TestSafetensors().f32("embeddings", t, v, DIM), Map.of("microembed", Map.of("files", files)));
        ModelFormatException e = assertThrows(ModelFormatException.class, () -> Microembed.load(bad));
        assertTrue(e.getMessage().contains("sha256"), e.getMessage());
    }

    void assertRejected(String name, TestSafetensors tensors, Map<String, Object> cfg, String messagePart) throws IOException {
        Path dir = folder(tmp.resolve(name), tensors, cfg);
        ModelFormatException e = assertThrows(ModelFormatException.class, () -> Microembed.load(dir), name);
        assertTrue(e.getMessage().contains(messagePart), name + ": " + e.getMessage());
    }

    @Test
    void hostileFoldersGiveOneClearError() throws IOException {
        int v = vocabSize();
        float[] t = randomTable(v, 10);
        int[] ints = new int[v * DIM];
        assertRejected("i32", new TestSafetensors().i32("embeddings", ints, v, DIM), Map.of(), "must be F32, F16, I8 or F64");
        assertRejected("none", new TestSafetensors().f32("table", t, v, DIM), Map.of(), "no embedding tensor");
        assertRejected("rank", new TestSafetensors().f32("embeddings", t, (long) v * DIM), Map.of(), "rank 2");
        assertRejected("dtype", new TestSafetensors().f32("embeddings", t, v, DIM), Map.of("embedding_dtype", "float16"), "embedding_dtype");
        assertRejected("short", new TestSafetensors().f32("embeddings", java.util.Arrays.copyOf(t, (v - 3) * DIM), v - 3, DIM), Map.of(), "tokenizer produces ids");
        int[] mapping = new int[v];
        mapping[5] = 9;
        assertRejected("mapping", new TestSafetensors().f32("embeddings", java.util.Arrays.copyOf(t, 4 * DIM), 4, DIM).i32("mapping", mapping, v), Map.of(), "mapping[5] = 9");
        assertRejected("vq", new TestSafetensors().f32("embeddings", t, v, DIM), Map.of("vocabulary_quantization", 4L), "no mapping tensor");
        float[] nan = new float[v];
        nan[3] = Float.NaN;
        assertRejected("nan", new TestSafetensors().f32("embeddings", t, v, DIM).f32("weights", nan, v), Map.of(), "weights[3] is NaN");
        assertRejected("wlen", new TestSafetensors().f32("embeddings", t, v, DIM).f32("weights", new float[v - 1], v - 1), Map.of(), "weights has");
        assertRejected("norm", new TestSafetensors().f32("embeddings", t, v, DIM), Map.of("normalize", "yes"), "normalize");
        Path trunc = folder(tmp.resolve("trunc"), new TestSafetensors().f32("embeddings", t, v, DIM), Map.of());
        byte[] all = Files.readAllBytes(trunc.resolve(ModelFolder.MODEL));
        Files.write(trunc.resolve(ModelFolder.MODEL), java.util.Arrays.copyOf(all, all.length - 10));
        ModelFormatException e = assertThrows(ModelFormatException.class, () -> Microembed.load(trunc));
        assertTrue(e.getMessage().contains("truncated"), e.getMessage());
    }

    @Test
    void theMicroembedFormatIsUnchanged() {
        try (Microembed m = Microembed.load(Fixtures.tiny())) {
            assertFalse(m.model().isModel2Vec());
            assertNotNull(m.model().scales());
        }
    }
}
