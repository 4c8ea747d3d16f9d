package dev.microembed.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.microembed.Microembed;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.util.LongAccumulator;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** LSH near-duplicates on local[2] against the all-pairs brute force above the threshold. */
class NearDuplicatesTest {
    static final float THRESHOLD = 0.85f;
    static SparkSession spark;
    static Dataset<Row> vectors;
    static List<Long> ids = new ArrayList<>();
    static List<float[]> all = new ArrayList<>();
    /** "a b" (ids, a earlier) → score, every pair at or above the threshold. */
    static Map<String, Float> truth = new HashMap<>();

    @BeforeAll
    static void setUp() {
        spark = TestSpark.session();
        List<String> texts = new ArrayList<>();
        for (String t : TestSpark.specTexts()) { // each text and some edited copies: near-duplicates of it
            texts.add(t);
            texts.add(t.toLowerCase(Locale.ROOT));
            texts.add(t + " !!");
            int cut = t.lastIndexOf(' ');
            if (cut > 0) texts.add(t.substring(0, cut));
            texts.add("RT " + t + " #news");
        }
        texts.add("");
        texts.add(null);
        List<Row> rows = new ArrayList<>();
        for (int i = 0; i < texts.size(); i++) rows.add(RowFactory.create((long) i, texts.get(i)));
        StructType schema = new StructType().add("id", DataTypes.LongType, false).add("text", DataTypes.StringType, true);
        Dataset<Row> df = spark.createDataFrame(JavaSparkContext.fromSparkContext(spark.sparkContext()).parallelize(rows, 4), schema);
        vectors = MicroembedSpark.embed(df, "text", "vector").cache();
        for (Row r : vectors.collectAsList()) {
            float[] v = Vectors.get(r, 2);
            if (v == null) continue;
            ids.add(r.getLong(0));
            all.add(v);
        }
        for (int i = 0; i < all.size(); i++) {
            for (int j = i + 1; j < all.size(); j++) {
                float s = Microembed.cosine(all.get(i), all.get(j));
                if (s >= THRESHOLD) truth.put(ids.get(i) + " " + ids.get(j), s);
            }
        }
        assertTrue(truth.size() > 300, "the test set has near-duplicates: " + truth.size());
    }

    static Map<String, Float> found(Dataset<Row> pairs) {
        Map<String, Float> out = new HashMap<>();
        for (Row r : pairs.collectAsList()) {
            Float before = out.put(r.getLong(0) + " " + r.getLong(1), r.getFloat(2));
            assertEquals(null, before, "each pair once");
        }
        return out;
    }

    /** Every reported pair is a true one with its exact score (precision 1). */
    static void assertExact(Map<String, Float> found) {
        for (var e : found.entrySet()) {
            Float want = truth.get(e.getKey());
            assertTrue(want != null, "reported pair above the threshold: " + e);
            assertEquals(Float.floatToRawIntBits(want), Float.floatToRawIntBits(e.getValue()), e.getKey());
        }
    }

    @Test
    void highRecallSettingFindsExactlyTheBruteForcePairs() {
        LshBanding lsh = LshBanding.of(16, 4, 7); // recall at 0.85: 1 − (1 − 0.823^4)^16 = 0.99995
        assertTrue(lsh.candidateProbability(THRESHOLD) > 0.9999);
        Dataset<Row> pairs = NearDuplicates.find(vectors, "id", "vector", THRESHOLD, lsh);
        assertEquals("struct<id_a:bigint,id_b:bigint,score:float>", pairs.schema().simpleString());
        Map<String, Float> found = found(pairs);
        assertExact(found);
        assertEquals(truth.keySet(), found.keySet());
    }

    @Test
    void tunedSettingMeetsItsRecallBoundAndComparesFarFewerPairs() {
        LshBanding lsh = LshBanding.forThreshold(THRESHOLD, 0.9, 42);
        LongAccumulator comparisons = spark.sparkContext().longAccumulator("comparisons");
        Map<String, Float> found = found(NearDuplicates.find(vectors, "id", "vector", THRESHOLD, lsh, comparisons));
        assertExact(found);
        double expected = 0; // expected recall: the mean candidate probability of the true pairs
        for (float s : truth.values()) expected += lsh.candidateProbability(s);
        expected /= truth.size();
        double recall = found.size() / (double) truth.size();
        long allPairs = (long) all.size() * (all.size() - 1) / 2;
        System.out.printf(Locale.ROOT, "near-duplicates %s: recall %.4f (expected %.4f, bound at the threshold %.4f), %d of %d pairs compared%n",
                lsh, recall, expected, lsh.candidateProbability(THRESHOLD), comparisons.value(), allPairs);
        assertTrue(recall >= lsh.candidateProbability(THRESHOLD) - 0.03, "recall " + recall + " below its bound");
        assertTrue(comparisons.value() < allPairs / 4, comparisons.value() + " comparisons of " + allPairs);
    }

    @Test
    void recallFormulaAndLimits() {
        org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class, () -> LshBanding.of(LshBanding.MAX_BANDS + 1, 8, 1));
        org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class, () -> LshBanding.of(4, LshBanding.MAX_ROWS + 1, 1));
        LshBanding tuned = LshBanding.forThreshold(0.9f, 0.95, 1);
        assertTrue(tuned.candidateProbability(0.9) >= 0.95 && tuned.bands() <= LshBanding.DEFAULT_MAX_BANDS, tuned.toString());
        LshBanding fewer = LshBanding.of(tuned.bands(), tuned.rows() + 1, 1); // one more bit per band misses the target
        assertTrue(fewer.candidateProbability(0.9) < 0.95 || tuned.rows() == LshBanding.MAX_ROWS, fewer.toString());
        LshBanding lsh = LshBanding.of(8, 8, 1);
        assertEquals(1.0, lsh.candidateProbability(1), 1e-12);
        double p = 1 - Math.acos(0.9) / Math.PI;
        assertEquals(1 - Math.pow(1 - Math.pow(p, 8), 8), lsh.candidateProbability(0.9), 1e-12);
        assertEquals(1 - Math.pow(1 - Math.pow(0.5, 8), 8), lsh.candidateProbability(0), 1e-12);
    }
}
