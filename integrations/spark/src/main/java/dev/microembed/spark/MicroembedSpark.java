package dev.microembed.spark;

import dev.microembed.Microembed;
import java.util.Arrays;
import java.util.Iterator;
import java.util.Objects;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.api.java.UDF1;
import org.apache.spark.sql.api.java.UDF2;
import org.apache.spark.sql.types.ArrayType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StringType;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * microembed on Apache Spark (Java API; see {@code docs/spark.md}).
 *
 * <pre>{@code
 * MicroembedSpark.register(spark);                                   // SQL: microembed_embed(text), microembed_cosine(a, b)
 * Dataset<Row> vectors = MicroembedSpark.embed(tweets, "text", "vector");   // per partition, one model per executor
 * Dataset<Row> hits = SimilarityJoin.topK(queries, vectors, "id", "vector", 10);
 * Dataset<Row> dups = NearDuplicates.find(vectors, "id", "vector", 0.95f, LshBanding.of(16, 8, 42));
 * }</pre>
 *
 * Vectors are {@code array<float>} columns of {@link Microembed#dim()} elements, bit for bit what
 * {@link Microembed#embed(String)} returns for the same model; a null text gives a null vector.
 */
public final class MicroembedSpark {
    /** The SQL name of the embedding UDF: {@code microembed_embed(text) → array<float>}. */
    public static final String EMBED_UDF = "microembed_embed";
    /** The SQL name of the cosine UDF: {@code microembed_cosine(a, b) → float}, as {@link Microembed#cosine}. */
    public static final String COSINE_UDF = "microembed_cosine";
    /** The type of a vector column. */
    public static final ArrayType VECTOR_TYPE = DataTypes.createArrayType(DataTypes.FloatType, false);

    private MicroembedSpark() {}

    /** Registers {@value #EMBED_UDF} and {@value #COSINE_UDF} in {@code spark}, embedding with the default model. */
    public static void register(SparkSession spark) {
        register(spark, ModelSource.defaultModel());
    }

    /** Registers {@value #EMBED_UDF} and {@value #COSINE_UDF}, embedding with {@code model}. */
    public static void register(SparkSession spark, ModelSource model) {
        spark.udf().register(EMBED_UDF, new EmbedUdf(Objects.requireNonNull(model, "model")), VECTOR_TYPE);
        spark.udf().register(COSINE_UDF, new CosineUdf(), DataTypes.FloatType);
    }

    /** {@link #embed(Dataset, String, String, ModelSource)} with the default model. */
    public static Dataset<Row> embed(Dataset<Row> df, String textCol, String vectorCol) {
        return embed(df, textCol, vectorCol, ModelSource.defaultModel());
    }

    /**
     * {@code df} with a column {@code vectorCol} ({@code array<float>}, null where the text is null) appended:
     * each partition is embedded in one pass ({@code mapPartitions}) with its executor's one shared model.
     */
    public static Dataset<Row> embed(Dataset<Row> df, String textCol, String vectorCol, ModelSource model) {
        StructType in = df.schema();
        int textIndex = fieldIndex(in, textCol);
        if (!(in.fields()[textIndex].dataType() instanceof StringType)) {
            throw new IllegalArgumentException("column '" + textCol + "' is " + in.fields()[textIndex].dataType().simpleString() + ", not string");
        }
        if (Arrays.asList(in.fieldNames()).contains(vectorCol)) {
            throw new IllegalArgumentException("column '" + vectorCol + "' already exists");
        }
        StructType out = in.add(new StructField(vectorCol, VECTOR_TYPE, true, org.apache.spark.sql.types.Metadata.empty()));
        return df.mapPartitions(new EmbedPartition(Objects.requireNonNull(model, "model"), textIndex, in.size()), Encoders.row(out));
    }

    static int fieldIndex(StructType schema, String name) {
        if (!Arrays.asList(schema.fieldNames()).contains(name)) {
            throw new IllegalArgumentException("no column '" + name + "' in " + schema.simpleString());
        }
        return schema.fieldIndex(name);
    }

    /** One partition: the executor's model, one output row (input cells + vector) per input row. */
    static final class EmbedPartition implements MapPartitionsFunction<Row, Row> {
        private static final long serialVersionUID = 1L;
        private final ModelSource model;
        private final int textIndex, width;

        EmbedPartition(ModelSource model, int textIndex, int width) {
            this.model = model;
            this.textIndex = textIndex;
            this.width = width;
        }

        @Override
        public Iterator<Row> call(Iterator<Row> rows) {
            Microembed m = ExecutorModels.get(model);
            return new Iterator<>() {
                @Override
                public boolean hasNext() {
                    return rows.hasNext();
                }

                @Override
                public Row next() {
                    Row r = rows.next();
                    Object[] cells = new Object[width + 1];
                    for (int i = 0; i < width; i++) cells[i] = r.get(i);
                    if (!r.isNullAt(textIndex)) cells[width] = m.embed(r.getString(textIndex));
                    return RowFactory.create(cells);
                }
            };
        }
    }

    /** {@value #EMBED_UDF}: the executor's shared model, looked up once per UDF instance. */
    static final class EmbedUdf implements UDF1<String, float[]> {
        private static final long serialVersionUID = 1L;
        private final ModelSource model;
        private transient Microembed loaded;

        EmbedUdf(ModelSource model) {
            this.model = model;
        }

        @Override
        public float[] call(String text) {
            if (text == null) return null;
            Microembed m = loaded;
            if (m == null) loaded = m = ExecutorModels.get(model);
            return m.embed(text);
        }
    }

    /** {@value #COSINE_UDF}: {@link Microembed#cosine} of two vectors, null if either is null. */
    static final class CosineUdf implements UDF2<Object, Object, Float> {
        private static final long serialVersionUID = 1L;

        @Override
        public Float call(Object a, Object b) {
            if (a == null || b == null) return null;
            return Microembed.cosine(Vectors.toArray(a), Vectors.toArray(b));
        }
    }
}
