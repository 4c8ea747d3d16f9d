package dev.microembed;

import static org.junit.jupiter.api.Assertions.*;

import dev.microembed.pool.PoolKernels;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MicroembedTest {
    static void assertUnitOrZero(float[] v) {
        double s = 0;
        for (float x : v) {
            assertTrue(Float.isFinite(x));
            s += (double) x * x;
        }
        assertTrue(s == 0 || Math.abs(s - 1) < 1e-5, "squared norm " + s);
    }

    static boolean isZero(float[] v) {
        for (float x : v) if (x != 0) return false;
        return true;
    }

    @Test
    void embedsToUnitVectorsAndZeroForUnknownText() {
        try (Microembed m = Microembed.load(Fixtures.tiny())) {
            assertEquals(64, m.dim());
            assertEquals(512, m.maxTokens());
            float[] a = m.embed("i love this movie 😍");
            assertUnitOrZero(a);
            assertFalse(isZero(a));
            float[] out = new float[64];
            m.embed("i love this movie 😍", out);
            assertArrayEquals(a, out);
            assertTrue(isZero(m.embed("")));
            assertTrue(isZero(m.embed("   ")));
            float[] unknown = m.embed("ЖЖЖ ЩЩЩ");
            assertTrue(isZero(unknown), "only unknown tokens must give the zero vector");
            // unknown tokens are dropped, not pooled
            assertArrayEquals(m.embed("good day"), m.embed("good ЖЖЖ day"));
            assertEquals(1f, Microembed.cosine(a, a), 1e-6f);
            assertEquals(0f, Microembed.cosine(a, unknown));
        }
    }

    @Test
    void capsAtMaxTokens() {
        try (Microembed m = Microembed.load(Fixtures.tiny())) {
            StringBuilder first = new StringBuilder();
            for (int i = 0; i < 512; i++) first.append(i % 3 == 0 ? "cat " : "dog ");
            String longer = first + "hello ".repeat(2000);
            assertArrayEquals(m.embed(first.toString()), m.embed(longer));
            assertNotEquals(Microembed.cosine(m.embed(first.toString()), m.embed("hello")), 1f);
            int[] ids = new int[m.maxTokens()];
            assertEquals(512, m.poolingIds(longer, ids));
        }
    }

    @Test
    void weightedModelMatchesScalarTwin() {
        try (Microembed v = Microembed.load(Fixtures.tinyWeighted(), PoolKernels.vector().orElseThrow());
             Microembed s = Microembed.load(Fixtures.tinyWeighted(), PoolKernels.scalar())) {
            assertTrue(v.model().weightedPooling());
            for (String t : List.of("i love this movie", "the cat 😀 the dog", "hello world !", "")) {
                float[] a = v.embed(t), b = s.embed(t);
                assertArrayEquals(b, a, t);
                assertUnitOrZero(a);
            }
        }
    }

    @Test
    void batchCosineAndTopK() {
        try (Microembed m = Microembed.load(Fixtures.tiny())) {
            List<String> corpus = List.of("the cat", "a great movie", "hello world", "i hate this film", "the dog");
            float[][] vs = m.embedBatch(corpus);
            assertEquals(corpus.size(), vs.length);
            for (int i = 0; i < vs.length; i++) assertArrayEquals(m.embed(corpus.get(i)), vs[i]);
            int[] top = Microembed.topK(m.embed("hello world"), vs, 3);
            assertEquals(3, top.length);
            assertEquals(2, top[0]);
            float prev = Float.POSITIVE_INFINITY;
            for (int i : top) {
                float c = Microembed.cosine(vs[2], vs[i]);
                assertTrue(c <= prev);
                prev = c;
            }
            assertEquals(5, Microembed.topK(vs[0], vs, 99).length);
            assertEquals(0, Microembed.topK(vs[0], vs, 0).length);
        }
    }

    @Test
    void topKIsExactAgainstSorting() {
        java.util.Random r = new java.util.Random(7);
        float[][] vs = new float[300][8];
        for (float[] v : vs) for (int d = 0; d < 8; d++) v[d] = (float) r.nextGaussian();
        vs[17] = new float[8]; // a zero vector scores 0
        float[] q = vs[5].clone();
        Integer[] order = new Integer[vs.length];
        for (int i = 0; i < order.length; i++) order[i] = i;
        java.util.Arrays.sort(order, (a, b) -> {
            int c = Float.compare(Microembed.cosine(q, vs[b]), Microembed.cosine(q, vs[a]));
            return c != 0 ? c : Integer.compare(a, b);
        });
        int[] top = Microembed.topK(q, vs, 25);
        for (int i = 0; i < 25; i++) assertEquals(order[i].intValue(), top[i], "rank " + i);
    }

    @Test
    void threadSafe() throws Exception {
        try (Microembed m = Microembed.load(Fixtures.tiny())) {
            List<String> texts = new ArrayList<>();
            for (int i = 0; i < 200; i++) texts.add("the cat " + "great ".repeat(i % 7) + "movie 😀".repeat(i % 3));
            float[][] expected = m.embedBatch(texts);
            try (ExecutorService pool = Executors.newFixedThreadPool(4)) {
                List<Future<Boolean>> fs = new ArrayList<>();
                for (int t = 0; t < 4; t++) {
                    fs.add(pool.submit(() -> {
                        float[] out = new float[m.dim()];
                        for (int rep = 0; rep < 5; rep++)
                            for (int i = 0; i < texts.size(); i++) {
                                m.embed(texts.get(i), out);
                                if (!java.util.Arrays.equals(out, expected[i])) return false;
                            }
                        return true;
                    }));
                }
                for (Future<Boolean> f : fs) assertTrue(f.get());
            }
        }
    }

    @Test
    void tableSmallerThanTokenizerVocabularyIsRejected(@TempDir Path tmp) throws Exception {
        Fixtures.copy(Fixtures.shortTable(), tmp); // the tokenizer can produce ids beyond the table
        ModelFormatException e = assertThrows(ModelFormatException.class, () -> Microembed.load(tmp));
        assertEquals(tmp.resolve("model.safetensors"), e.file());
        assertTrue(e.getMessage().contains("tokenizer"), e.getMessage());
    }

    @Test
    void closedModelFailsCleanly() {
        Microembed m = Microembed.load(Fixtures.tiny());
        m.close();
        m.close(); // idempotent
        assertThrows(IllegalStateException.class, () -> m.embed("the cat"));
    }

    @Test
    void loadDefaultFollowsSystemProperties(@TempDir Path empty) {
        String oldModel = System.getProperty("microembed.model"), oldHome = System.getProperty("microembed.home"),
                oldCache = System.getProperty("microembed.cache");
        try {
            System.setProperty("microembed.model", Fixtures.tiny().toString());
            try (Microembed m = Microembed.loadDefault()) {
                assertEquals(Fixtures.tiny(), m.model().dir());
            }
            System.clearProperty("microembed.model");
            System.setProperty("microembed.home", empty.toString());
            System.setProperty("microembed.cache", empty.resolve("cache").toString());
            // No vocab/ under home: the copy packed in the jar is unpacked into the cache and used.
            try (Microembed m = Microembed.loadDefault()) {
                assertTrue(m.model().dir().startsWith(empty.resolve("cache")), m.model().dir().toString());
            }
        } finally {
            restore("microembed.model", oldModel);
            restore("microembed.home", oldHome);
            restore("microembed.cache", oldCache); // not cleared: later tests would write the user's cache folder
        }
    }

    private static void restore(String key, String value) {
        if (value == null) System.clearProperty(key);
        else System.setProperty(key, value);
    }

    /** The shipped model and the tweets of ../shared in eight languages: the SIMD and scalar twins agree bit for bit. */
    @Test
    @Tag("heavy")
    void simdEqualsScalarOnTweets() throws Exception {
        try (Microembed v = Microembed.load(Fixtures.vocab(), PoolKernels.vector().orElseThrow());
             Microembed s = Microembed.load(Fixtures.vocab(), PoolKernels.scalar())) {
            assertTrue(v.kernelName().startsWith("vector"));
            int n = 0, nonZero = 0;
            try (var dirs = Files.list(Fixtures.shared().resolve("tweets/xlm-t"))) {
                for (Path dir : dirs.filter(Files::isDirectory).sorted().toList()) {
                    for (String line : Files.readAllLines(dir.resolve("val_text.txt"))) {
                        float[] a = v.embed(line), b = s.embed(line);
                        assertArrayEquals(b, a, line);
                        assertUnitOrZero(a);
                        if (!isZero(a)) nonZero++;
                        n++;
                    }
                }
            }
            assertTrue(n > 2000, "compared " + n);
            assertTrue(nonZero > n * 0.9, nonZero + " of " + n + " non-zero");
        }
    }
}
