package dev.microembed.spark;

import dev.microembed.Microembed;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * Batch similarity join: the {@code k} corpus rows most cosine-similar to each query.
 *
 * <p>The queries are collected on the driver and broadcast (64 floats each: 100,000 queries are 26 MB); each
 * corpus partition keeps, for every query, its own top {@code k} in one pass (a sorted array of k per query,
 * scores with precomputed norms, so a pair costs one 64-term float64 dot product); the {@code P × Q × k}
 * candidates are then merged per query with a window. The result is exactly {@link Microembed#topK} over the
 * corpus in dataset order: the same scores ({@link Microembed#cosine}, bit for bit) and the same ties (lower
 * position first, the position being partition index then row index within the partition).
 *
 * <p>Cost: {@code Q × N} dot products spread over the corpus partitions, {@code Q × k} state per task, and a
 * shuffle of {@code P × Q × k} small rows. Rows with a null vector are skipped on both sides.
 */
public final class SimilarityJoin {
    public static final String QUERY_ID = "query_id", CORPUS_ID = "corpus_id", RANK = "rank", SCORE = "score";
    private static final String QUERY_INDEX = "_query", POSITION = "_position";

    private SimilarityJoin() {}

    /**
     * For each query row, its top {@code k} corpus rows: columns {@value #QUERY_ID}, {@value #RANK} (1 = most
     * similar), {@value #CORPUS_ID}, {@value #SCORE}. Both datasets have the columns {@code idCol} (any type)
     * and {@code vectorCol} ({@code array<float>}, e.g. from {@link MicroembedSpark#embed}).
     */
    public static Dataset<Row> topK(Dataset<Row> queries, Dataset<Row> corpus, String idCol, String vectorCol, int k) {
        return topK(queries, idCol, vectorCol, corpus, idCol, vectorCol, k);
    }

    /** {@link #topK(Dataset, Dataset, String, String, int)} with separate column names for the two sides. */
    public static Dataset<Row> topK(Dataset<Row> queries, String queryIdCol, String queryVectorCol,
                                    Dataset<Row> corpus, String corpusIdCol, String corpusVectorCol, int k) {
        if (k < 1) throw new IllegalArgumentException("k must be at least 1, got " + k);
        StructType qs = queries.schema(), cs = corpus.schema();
        int qId = MicroembedSpark.fieldIndex(qs, queryIdCol), qVec = MicroembedSpark.fieldIndex(qs, queryVectorCol);
        int cId = MicroembedSpark.fieldIndex(cs, corpusIdCol), cVec = MicroembedSpark.fieldIndex(cs, corpusVectorCol);

        List<Object> ids = new ArrayList<>();
        List<float[]> vectors = new ArrayList<>();
        for (Row r : queries.select(queries.col(queryIdCol), queries.col(queryVectorCol)).collectAsList()) {
            float[] v = Vectors.get(r, 1);
            if (v == null) continue;
            ids.add(r.get(0));
            vectors.add(v);
        }
        Queries q = new Queries(ids.toArray(), vectors.toArray(float[][]::new));
        Broadcast<Queries> broadcast = JavaSparkContext.fromSparkContext(corpus.sparkSession().sparkContext()).broadcast(q);

        StructType candidates = new StructType()
                .add(QUERY_INDEX, DataTypes.IntegerType, false)
                .add(QUERY_ID, qs.fields()[qId].dataType(), qs.fields()[qId].nullable())
                .add(CORPUS_ID, cs.fields()[cId].dataType(), cs.fields()[cId].nullable())
                .add(SCORE, DataTypes.FloatType, false)
                .add(POSITION, DataTypes.LongType, false);
        Dataset<Row> perPartition = corpus.mapPartitions(new PartitionTopK(broadcast, cId, cVec, k), Encoders.row(candidates));
        Column rank = functions.row_number().over(Window.partitionBy(QUERY_INDEX).orderBy(functions.col(SCORE).desc(), functions.col(POSITION).asc()));
        return perPartition.withColumn(RANK, rank)
                .where(functions.col(RANK).leq(k))
                .select(functions.col(QUERY_ID), functions.col(RANK), functions.col(CORPUS_ID), functions.col(SCORE));
    }

    /** The broadcast side: ids and vectors of the queries with a vector, and their squared norms. */
    static final class Queries implements Serializable {
        private static final long serialVersionUID = 1L;
        final Object[] ids;
        final float[][] vectors;
        final double[] norms;

        Queries(Object[] ids, float[][] vectors) {
            this.ids = ids;
            this.vectors = vectors;
            this.norms = new double[vectors.length];
            for (int i = 0; i < vectors.length; i++) norms[i] = Vectors.squaredNorm(vectors[i]);
        }
    }

    /** A row's global position: partition index in the high 24 bits, row index within the partition below. */
    static long position(int partition, long row) {
        return ((long) partition << 40) | row;
    }

    /** One corpus partition → up to k candidates per query (query index, ids, score, position). */
    static final class PartitionTopK implements MapPartitionsFunction<Row, Row> {
        private static final long serialVersionUID = 1L;
        private final Broadcast<Queries> queries;
        private final int idIndex, vectorIndex, k;

        PartitionTopK(Broadcast<Queries> queries, int idIndex, int vectorIndex, int k) {
            this.queries = queries;
            this.idIndex = idIndex;
            this.vectorIndex = vectorIndex;
            this.k = k;
        }

        @Override
        public Iterator<Row> call(Iterator<Row> rows) {
            Queries q = queries.value();
            int nq = q.vectors.length;
            float[][] score = new float[nq][k];
            long[] positions = new long[nq * k];
            Object[] corpusIds = new Object[nq * k];
            int[] size = new int[nq];
            int partition = TaskContext.getPartitionId();
            long row = -1;
            while (rows.hasNext()) {
                Row r = rows.next();
                row++;
                float[] v = Vectors.get(r, vectorIndex);
                if (v == null) continue;
                double nv = Vectors.squaredNorm(v);
                long pos = position(partition, row);
                Object id = r.get(idIndex);
                for (int j = 0; j < nq; j++) {
                    float s = Vectors.cosine(q.vectors[j], q.norms[j], v, nv);
                    if (Float.isNaN(s)) s = Float.NEGATIVE_INFINITY;
                    float[] sc = score[j];
                    int n = size[j], base = j * k;
                    if (n < k) {
                        n = ++size[j];
                    } else if (s <= sc[k - 1]) {
                        continue;
                    }
                    int i = n - 1; // insertion into the sorted prefix, after equal scores (earlier rows win ties)
                    while (i > 0 && sc[i - 1] < s) {
                        sc[i] = sc[i - 1];
                        positions[base + i] = positions[base + i - 1];
                        corpusIds[base + i] = corpusIds[base + i - 1];
                        i--;
                    }
                    sc[i] = s;
                    positions[base + i] = pos;
                    corpusIds[base + i] = id;
                }
            }
            return new Iterator<>() { // the candidates, streamed from the arrays: no second copy as rows
                int j, i;

                @Override
                public boolean hasNext() {
                    while (j < nq && i >= size[j]) {
                        j++;
                        i = 0;
                    }
                    return j < nq;
                }

                @Override
                public Row next() {
                    if (!hasNext()) throw new java.util.NoSuchElementException();
                    Row r = RowFactory.create(j, q.ids[j], corpusIds[j * k + i], score[j][i], positions[j * k + i]);
                    i++;
                    return r;
                }
            };
        }
    }
}
