package dev.microembed.distill;

import static org.junit.jupiter.api.Assertions.*;

import dev.microembed.eval.StsScorer;
import dev.microembed.model.SafetensorsReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import net.jqwik.api.Assume;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;

/** Cosine stability of per-dimension symmetric int8 quantisation, on random tables and on the shipped table. */
class QuantizerPropertiesTest {
    @Property(tries = 60)
    void elementErrorIsAtMostHalfAStep(@ForAll @IntRange(min = 1, max = 300) int rows, @ForAll @IntRange(min = 1, max = 64) int dim,
                                       @ForAll @LongRange(min = 0, max = 1 << 30) long seed) {
        Artifacts.Matrix m = randomTable(rows, dim, new Random(seed));
        Quantizer.Quantized q = Quantizer.quantize(m);
        Artifacts.Matrix back = q.dequantize();
        for (int i = 0; i < rows; i++)
            for (int d = 0; d < dim; d++) {
                assertTrue(Math.abs(q.values()[i * dim + d]) <= 127);
                assertTrue(Math.abs(back.get(i, d) - m.get(i, d)) <= q.scales()[d] * 0.5f * (1 + 1e-5f), "row " + i + " dim " + d);
            }
    }

    @Property(tries = 60)
    void pooledSentencesKeepTheirDirection(@ForAll @IntRange(min = 50, max = 400) int rows, @ForAll @IntRange(min = 16, max = 64) int dim,
                                           @ForAll @IntRange(min = 1, max = 40) int tokens, @ForAll @LongRange(min = 0, max = 1 << 30) long seed) {
        Random r = new Random(seed);
        Artifacts.Matrix m = randomTable(rows, dim, r);
        Artifacts.Matrix back = Quantizer.quantize(m).dequantize();
        int[] ids = r.ints(tokens, 0, rows).toArray();
        double cos = StsScorer.cosine(pool(m, ids), pool(back, ids));
        assertTrue(cos >= 0.995, "cosine " + cos);
    }

    /** The shipped table: re-quantising its dequantised values is exact, and pooled sentences of nearby float tables stay put. */
    @Property(tries = 10)
    void realTableIsStable(@ForAll @IntRange(min = 1, max = 30) int tokens, @ForAll @LongRange(min = 0, max = 1 << 30) long seed) {
        Path model = Path.of(System.getProperty("microembed.root", ".")).resolve("vocab/model.safetensors");
        if (!Files.isRegularFile(model)) return; // the committed vocab/ is the real table; nothing to check without it
        Artifacts.Matrix real = RealTable.get(model);
        Quantizer.Quantized again = Quantizer.quantize(real);
        Artifacts.Matrix back = again.dequantize();
        Random r = new Random(seed);
        // A float table that rounds to the shipped one: real values plus noise inside half a step.
        float[] noisy = real.data().clone();
        for (int i = 0; i < noisy.length; i++) noisy[i] += (float) ((r.nextDouble() - 0.5) * 0.98 * again.scales()[i % real.cols()]);
        Artifacts.Matrix nm = new Artifacts.Matrix(noisy, real.rows(), real.cols());
        int[] ids = r.ints(tokens, 0, real.rows()).toArray();
        double cos = StsScorer.cosine(pool(nm, ids), pool(Quantizer.quantize(nm).dequantize(), ids));
        Assume.that(!Double.isNaN(cos) && norm(pool(nm, ids)) > 0);
        assertTrue(cos >= 0.99, "cosine " + cos);
        for (int i = 0; i < 1000; i++) {
            int k = r.nextInt(real.data().length);
            assertEquals(real.data()[k], back.data()[k], Math.abs(real.data()[k]) * 1e-5f + 1e-7f);
        }
    }

    static final class RealTable {
        private static Artifacts.Matrix table;

        static synchronized Artifacts.Matrix get(Path model) {
            if (table == null) {
                try (SafetensorsReader r = SafetensorsReader.open(model)) {
                    long[] s = r.shape("embeddings");
                    table = new Quantizer.Quantized(r.int8("embeddings"), r.floats("scales"), (int) s[0], (int) s[1]).dequantize();
                }
            }
            return table;
        }
    }

    private static double norm(float[] v) {
        double s = 0;
        for (float x : v) s += x * x;
        return Math.sqrt(s);
    }

    static Artifacts.Matrix randomTable(int rows, int dim, Random r) {
        float[] x = new float[rows * dim];
        double[] scale = new double[dim];
        for (int d = 0; d < dim; d++) scale[d] = Math.exp(r.nextGaussian());
        for (int i = 0; i < rows; i++) for (int d = 0; d < dim; d++) x[i * dim + d] = (float) (r.nextGaussian() * scale[d]);
        return new Artifacts.Matrix(x, rows, dim);
    }

    static float[] pool(Artifacts.Matrix m, int[] ids) {
        float[] v = new float[m.cols()];
        for (int id : ids) for (int d = 0; d < m.cols(); d++) v[d] += m.get(id, d);
        return v;
    }
}
