package dev.microembed.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.microembed.Microembed;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Top-k per query on local[2] against brute force ({@link Microembed#topK} over the collected corpus). */
class SimilarityJoinTest {
    static SparkSession spark;
    static Dataset<Row> corpus, queries;
    static List<Row> corpusRows;

    @BeforeAll
    static void setUp() {
        spark = TestSpark.session();
        List<String> spec = TestSpark.specTexts();
        List<String> texts = new ArrayList<>(spec);
        for (int i = 0; i < 40; i++) texts.add(spec.get(i * 3)); // exact repeats in later partitions: ties
        texts.add("");   // zero vector
        texts.add(null); // null vector, skipped
        List<Row> rows = new ArrayList<>();
        for (int i = 0; i < texts.size(); i++) rows.add(RowFactory.create("c" + i, texts.get(i)));
        StructType schema = new StructType().add("id", DataTypes.StringType, false).add("text", DataTypes.StringType, true);
        JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
        corpus = MicroembedSpark.embed(spark.createDataFrame(jsc.parallelize(rows, 4), schema), "text", "vector").cache();
        corpusRows = corpus.collectAsList();

        List<Row> q = new ArrayList<>();
        String[] extra = {"I love this new phone", "Der Hund schläft", "election results tonight", "😂😂😂", "", null};
        for (int i = 0; i < 12; i++) q.add(RowFactory.create("q" + i, spec.get(i * 17)));
        for (int i = 0; i < extra.length; i++) q.add(RowFactory.create("x" + i, extra[i]));
        queries = MicroembedSpark.embed(spark.createDataFrame(jsc.parallelize(q, 2), schema), "text", "vector").cache();
    }

    /** query id → corpus ids best first, and their scores, by brute force over the corpus in dataset order. */
    private static void assertEqualsBruteForce(Dataset<Row> result, int k) {
        List<float[]> vectors = new ArrayList<>();
        List<String> ids = new ArrayList<>();
        for (Row r : corpusRows) {
            float[] v = Vectors.get(r, 2);
            if (v == null) continue;
            vectors.add(v);
            ids.add(r.getString(0));
        }
        float[][] corpusVectors = vectors.toArray(float[][]::new);
        Map<String, List<Row>> got = new HashMap<>();
        for (Row r : result.collectAsList()) got.computeIfAbsent(r.getString(0), x -> new ArrayList<>()).add(r);
        int queriesWithVector = 0;
        for (Row q : queries.collectAsList()) {
            float[] qv = Vectors.get(q, 2);
            if (qv == null) {
                assertEquals(null, got.get(q.getString(0)), "a query without vector has no result");
                continue;
            }
            queriesWithVector++;
            int[] want = Microembed.topK(qv, corpusVectors, k);
            List<Row> mine = new ArrayList<>(got.get(q.getString(0)));
            mine.sort(Comparator.comparingInt(r -> r.getInt(1)));
            assertEquals(want.length, mine.size(), q.getString(0));
            for (int i = 0; i < want.length; i++) {
                Row r = mine.get(i);
                assertEquals(i + 1, r.getInt(1));
                assertEquals(ids.get(want[i]), r.getString(2), () -> q.getString(0) + " rank " + r.getInt(1));
                assertEquals(Float.floatToRawIntBits(Microembed.cosine(qv, corpusVectors[want[i]])), Float.floatToRawIntBits(r.getFloat(3)));
            }
        }
        assertEquals(queriesWithVector, got.size());
    }

    @Test
    void topKEqualsBruteForceIncludingTies() {
        Dataset<Row> result = SimilarityJoin.topK(queries, corpus, "id", "vector", 10);
        assertEquals("struct<query_id:string,rank:int,corpus_id:string,score:float>", result.schema().simpleString());
        assertEqualsBruteForce(result, 10);
    }

    @Test
    void topOneAndKLargerThanThePartitions() {
        assertEqualsBruteForce(SimilarityJoin.topK(queries, corpus, "id", "vector", 1), 1);
        assertEqualsBruteForce(SimilarityJoin.topK(queries, corpus, "id", "vector", 100), 100); // more than a partition holds
    }

    @Test
    void rejectsNonPositiveK() {
        assertThrows(IllegalArgumentException.class, () -> SimilarityJoin.topK(queries, corpus, "id", "vector", 0));
    }
}
