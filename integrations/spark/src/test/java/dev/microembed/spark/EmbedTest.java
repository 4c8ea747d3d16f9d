package dev.microembed.spark;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.microembed.Microembed;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The UDF and the per-partition transform on a real local[2] session: the runtime's vectors, bit for bit. */
class EmbedTest {
    static SparkSession spark;
    static Microembed reference;
    static List<String> texts;
    static Dataset<Row> df;

    @BeforeAll
    static void setUp() {
        spark = TestSpark.session();
        reference = Microembed.load(TestSpark.vocab());
        texts = new ArrayList<>(TestSpark.specTexts());
        texts.add("");
        texts.add(null);
        texts.add("I love this new phone 😍 #blessed");
        List<Row> rows = new ArrayList<>();
        for (int i = 0; i < texts.size(); i++) rows.add(RowFactory.create((long) i, texts.get(i), "x" + i));
        StructType schema = new StructType().add("id", DataTypes.LongType, false).add("text", DataTypes.StringType, true).add("other", DataTypes.StringType, true);
        df = spark.createDataFrame(JavaSparkContext.fromSparkContext(spark.sparkContext()).parallelize(rows, 5), schema);
    }

    @AfterAll
    static void tearDown() {
        reference.close();
    }

    /**
     * Every vector of {@code rows} (id, text, vector) equals the runtime's embed of its text, bit for bit. The
     * text is the one Spark holds: Spark stores strings as UTF-8, so an unpaired surrogate (a few spec texts have
     * one) arrives as '?'; every other text must arrive unchanged.
     */
    private static void assertBitIdentical(List<Row> rows) {
        assertEquals(texts.size(), rows.size());
        for (Row r : rows) {
            String original = texts.get((int) r.getLong(0)), text = r.getString(1);
            float[] got = Vectors.get(r, 2);
            if (original == null) {
                assertNull(text);
                assertNull(got, "null text → null vector");
                continue;
            }
            if (!hasUnpairedSurrogate(original)) assertEquals(original, text);
            float[] want = reference.embed(text);
            assertEquals(want.length, got.length);
            for (int i = 0; i < want.length; i++) {
                assertEquals(Float.floatToRawIntBits(want[i]), Float.floatToRawIntBits(got[i]), "text " + r.getLong(0));
            }
        }
    }

    static boolean hasUnpairedSurrogate(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) i++;
            else if (Character.isSurrogate(c)) return true;
        }
        return false;
    }

    @Test
    void transformEqualsRuntimeBitForBitWithTheDefaultModel() {
        Dataset<Row> out = MicroembedSpark.embed(df, "text", "vector");
        assertEquals("struct<id:bigint,text:string,other:string,vector:array<float>>", out.schema().simpleString());
        assertEquals(5, out.rdd().getNumPartitions());
        List<Row> rows = out.collectAsList();
        assertBitIdentical(out.select("id", "text", "vector").collectAsList());
        for (Row r : rows) assertEquals("x" + r.getLong(0), r.getString(2), "other columns pass through");
    }

    @Test
    void transformWithAModelPathAFolderShippedByAddFileAndAnArchive() throws IOException {
        assertBitIdentical(MicroembedSpark.embed(df, "text", "v", ModelSource.path(TestSpark.vocab().toString())).select("id", "text", "v").collectAsList());
        spark.sparkContext().addFile(TestSpark.vocab().toString(), true);
        assertBitIdentical(MicroembedSpark.embed(df, "text", "v", ModelSource.sparkFile("vocab")).select("id", "text", "v").collectAsList());
        // What --archives model.zip#microembed-model does on a cluster: shipped, unpacked under its fragment name.
        Path zip = Path.of(System.getProperty("spark.test.tmp", System.getProperty("java.io.tmpdir")), "model.zip");
        Files.createDirectories(zip.getParent());
        try (ZipOutputStream out = new ZipOutputStream(Files.newOutputStream(zip))) {
            for (String name : List.of("config.json", "model.safetensors", "tokenizer.json", "pca.safetensors")) {
                out.putNextEntry(new ZipEntry(name));
                Files.copy(TestSpark.vocab().resolve(name), out);
                out.closeEntry();
            }
        }
        spark.sparkContext().addArchive(zip.toUri() + "#microembed-model");
        assertBitIdentical(MicroembedSpark.embed(df, "text", "v", ModelSource.sparkFile("microembed-model")).select("id", "text", "v").collectAsList());
    }

    @Test
    void udfRegisteredWithOneCallEqualsRuntimeBitForBit() {
        MicroembedSpark.register(spark);
        df.createOrReplaceTempView("texts");
        assertBitIdentical(spark.sql("SELECT id, text, microembed_embed(text) AS v FROM texts").collectAsList());
        Row r = spark.sql("SELECT microembed_cosine(microembed_embed('The dog is sleeping'), microembed_embed('Der Hund schläft')) AS c").first();
        assertEquals(Microembed.cosine(reference.embed("The dog is sleeping"), reference.embed("Der Hund schläft")), r.getFloat(0));
        assertEquals("array<float>", spark.sql("SELECT microembed_embed(text) FROM texts").schema().fields()[0].dataType().simpleString());
    }

    @Test
    void oneModelPerExecutorJvmSharedByTasks() {
        ModelSource source = ModelSource.path(TestSpark.vocab().toString());
        MicroembedSpark.embed(df, "text", "v", source).count();
        int loads = ExecutorModels.loads();
        Dataset<Row> many = MicroembedSpark.embed(df.repartition(8), "text", "v", source);
        assertEquals(texts.size(), many.collectAsList().size());
        MicroembedSpark.register(spark, source);
        spark.sql("SELECT microembed_embed(text) FROM texts").collectAsList();
        assertEquals(loads, ExecutorModels.loads(), "8 more tasks on 2 threads loaded no further model");
        assertTrue(ExecutorModels.get(source).kernelName().startsWith("vector"), "SIMD kernel: " + ExecutorModels.get(source).kernelName());
    }

    @Test
    void rejectsBadColumns() {
        assertThrows(IllegalArgumentException.class, () -> MicroembedSpark.embed(df, "missing", "v"));
        assertThrows(IllegalArgumentException.class, () -> MicroembedSpark.embed(df, "id", "v"));
        assertThrows(IllegalArgumentException.class, () -> MicroembedSpark.embed(df, "text", "other"));
    }

    @Test
    void sharedFloatArrayCellsReadBack() {
        float[] v = reference.embed("hello");
        assertArrayEquals(v, Vectors.toArray(scala.collection.immutable.ArraySeq.unsafeWrapArray(v)));
    }
}
