package dev.microembed.spark;

import dev.microembed.Microembed;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.function.FlatMapGroupsFunction;
import org.apache.spark.api.java.function.MapFunction;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.util.LongAccumulator;

/**
 * Near-duplicate detection: the pairs of rows whose vectors have cosine ≥ a threshold, without comparing all
 * pairs. Blocking is random-hyperplane LSH with banding ({@link LshBanding}): each row goes into one bucket
 * per band, keyed by that band's signature bits; only rows sharing a bucket are compared, exactly, with
 * {@link Microembed#cosine}. A pair that shares several bands is compared only in the first of them, so every
 * pair is reported once, without a distinct.
 *
 * <p>Precision is 1 (every reported pair is at or above the threshold, with its exact score). Recall is a
 * probability: a pair at cosine s is found with probability {@link LshBanding#candidateProbability(double)},
 * which is at its lowest at the threshold; pairs above it are found more often. Zero and null vectors are left out.
 *
 * <p>Cost: every row is shuffled {@code bands} times (its vector and signature included); the comparisons are
 * the sum over buckets of {@code size²/2} (less the pairs already met in an earlier band). A bucket is held in
 * memory by one task while it is compared, so the largest bucket must fit in a task's share of the heap. Rows whose vectors are identical (repeated texts) share every bucket, so m copies
 * cost m²/2 comparisons and report as many pairs: deduplicate exact repeats first (e.g. {@code dropDuplicates}
 * on the text) when a corpus has many.
 */
public final class NearDuplicates {
    public static final String ID_A = "id_a", ID_B = "id_b", SCORE = "score";

    private NearDuplicates() {}

    /** {@link #find(Dataset, String, String, float, LshBanding, LongAccumulator)} without a comparison counter. */
    public static Dataset<Row> find(Dataset<Row> df, String idCol, String vectorCol, float threshold, LshBanding lsh) {
        return find(df, idCol, vectorCol, threshold, lsh, null);
    }

    /**
     * The pairs with cosine ≥ {@code threshold}: columns {@value #ID_A}, {@value #ID_B} (the row earlier in
     * dataset order first) and {@value #SCORE}. When {@code comparisons} is given it counts the cosine
     * computations (after an action has run), to set against the all-pairs {@code n(n−1)/2}.
     */
    public static Dataset<Row> find(Dataset<Row> df, String idCol, String vectorCol, float threshold, LshBanding lsh,
                                    LongAccumulator comparisons) {
        if (!(threshold > 0 && threshold <= 1)) throw new IllegalArgumentException("threshold must be in (0, 1], got " + threshold);
        StructType schema = df.schema();
        int id = MicroembedSpark.fieldIndex(schema, idCol), vec = MicroembedSpark.fieldIndex(schema, vectorCol);
        DataType idType = schema.fields()[id].dataType();
        StructType bucketed = new StructType()
                .add("key", DataTypes.LongType, false)
                .add("position", DataTypes.LongType, false)
                .add("signature", DataTypes.createArrayType(DataTypes.LongType, false), false)
                .add("id", idType, true)
                .add("vector", MicroembedSpark.VECTOR_TYPE, false);
        StructType pairs = new StructType()
                .add(ID_A, idType, true)
                .add(ID_B, idType, true)
                .add(SCORE, DataTypes.FloatType, false);
        return df.mapPartitions(new Bucket(lsh, id, vec), Encoders.row(bucketed))
                .groupByKey((MapFunction<Row, Long>) r -> r.getLong(0), Encoders.LONG())
                .flatMapGroups(new CompareBucket(lsh, threshold, comparisons), Encoders.row(pairs));
    }

    /** Each row with a non-zero vector → one row per band: (bucket key, position, signature, id, vector). */
    static final class Bucket implements MapPartitionsFunction<Row, Row> {
        private static final long serialVersionUID = 1L;
        private final LshBanding lsh;
        private final int idIndex, vectorIndex;

        Bucket(LshBanding lsh, int idIndex, int vectorIndex) {
            this.lsh = lsh;
            this.idIndex = idIndex;
            this.vectorIndex = vectorIndex;
        }

        @Override
        public Iterator<Row> call(Iterator<Row> rows) {
            int partition = TaskContext.getPartitionId();
            return new Iterator<>() {
                double[][] planes;
                long row = -1;
                final List<Row> pending = new ArrayList<>();
                int next;

                @Override
                public boolean hasNext() {
                    while (next == pending.size()) {
                        if (!rows.hasNext()) return false;
                        pending.clear();
                        next = 0;
                        fill(rows.next());
                    }
                    return true;
                }

                @Override
                public Row next() {
                    if (!hasNext()) throw new java.util.NoSuchElementException();
                    return pending.get(next++);
                }

                private void fill(Row r) {
                    row++;
                    float[] v = Vectors.get(r, vectorIndex);
                    if (v == null || Vectors.squaredNorm(v) == 0) return;
                    if (planes == null) planes = lsh.hyperplanes(v.length);
                    long[] sig = lsh.signature(planes, v);
                    long pos = SimilarityJoin.position(partition, row);
                    Object id = r.get(idIndex);
                    for (int band = 0; band < lsh.bands(); band++) {
                        pending.add(RowFactory.create(lsh.key(band, sig[band]), pos, sig, id, v));
                    }
                }
            };
        }
    }

    /** One bucket: every pair of members whose first common band is this bucket's band, kept at ≥ threshold. */
    static final class CompareBucket implements FlatMapGroupsFunction<Long, Row, Row> {
        private static final long serialVersionUID = 1L;
        private final LshBanding lsh;
        private final float threshold;
        private final LongAccumulator comparisons;

        CompareBucket(LshBanding lsh, float threshold, LongAccumulator comparisons) {
            this.lsh = lsh;
            this.threshold = threshold;
            this.comparisons = comparisons;
        }

        @Override
        public Iterator<Row> call(Long key, Iterator<Row> members) {
            int band = lsh.band(key);
            List<Long> positions = new ArrayList<>();
            List<long[]> signatures = new ArrayList<>();
            List<Object> ids = new ArrayList<>();
            List<float[]> vectors = new ArrayList<>();
            while (members.hasNext()) {
                Row r = members.next();
                positions.add(r.getLong(1));
                signatures.add(longs(r.get(2)));
                ids.add(r.get(3));
                vectors.add(Vectors.get(r, 4));
            }
            int n = vectors.size();
            double[] norms = new double[n];
            for (int i = 0; i < n; i++) norms[i] = Vectors.squaredNorm(vectors.get(i));
            List<Row> out = new ArrayList<>();
            long compared = 0;
            for (int i = 0; i < n; i++) {
                for (int j = i + 1; j < n; j++) {
                    if (LshBanding.firstCommonBand(signatures.get(i), signatures.get(j)) != band) continue;
                    compared++;
                    float s = Vectors.cosine(vectors.get(i), norms[i], vectors.get(j), norms[j]);
                    if (!(s >= threshold)) continue;
                    boolean iFirst = positions.get(i) < positions.get(j);
                    out.add(iFirst ? RowFactory.create(ids.get(i), ids.get(j), s) : RowFactory.create(ids.get(j), ids.get(i), s));
                }
            }
            if (comparisons != null) comparisons.add(compared);
            return out.iterator();
        }

        private static long[] longs(Object cell) {
            if (cell instanceof long[] a) return a;
            if (cell instanceof scala.collection.immutable.ArraySeq.ofLong s) return s.unsafeArray();
            scala.collection.Seq<?> s = (scala.collection.Seq<?>) cell;
            long[] out = new long[s.length()];
            for (int i = 0; i < out.length; i++) out[i] = ((Number) s.apply(i)).longValue();
            return out;
        }
    }
}
