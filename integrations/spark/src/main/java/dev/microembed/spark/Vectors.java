package dev.microembed.spark;

import java.util.List;
import org.apache.spark.sql.Row;
import scala.collection.immutable.ArraySeq;

/** Reading {@code array<float>} cells of a {@link Row} back into {@code float[]}, and the scoring arithmetic. */
final class Vectors {
    private Vectors() {}

    /** The cell as a new or shared float array, or null for a null cell. */
    static float[] get(Row row, int i) {
        if (row.isNullAt(i)) return null;
        return toArray(row.get(i));
    }

    static float[] toArray(Object cell) {
        if (cell == null) return null;
        if (cell instanceof float[] a) return a;
        if (cell instanceof ArraySeq.ofFloat s) return s.unsafeArray();
        if (cell instanceof scala.collection.Seq<?> s) {
            float[] out = new float[s.length()];
            for (int i = 0; i < out.length; i++) out[i] = ((Number) s.apply(i)).floatValue();
            return out;
        }
        if (cell instanceof List<?> l) {
            float[] out = new float[l.size()];
            for (int i = 0; i < out.length; i++) out[i] = ((Number) l.get(i)).floatValue();
            return out;
        }
        throw new IllegalArgumentException("not an array<float> cell: " + cell.getClass().getName());
    }

    /** Σ v[i]² in float64, summed in index order (the norm term of {@code Microembed.cosine}). */
    static double squaredNorm(float[] v) {
        double n = 0;
        for (float x : v) n += (double) x * x;
        return n;
    }

    /**
     * {@code Microembed.cosine(a, b)} bit for bit, with the squared norms computed once per vector instead of
     * once per pair: the same float64 sums in the same order, then {@code (float) (dot / sqrt(na * nb))}.
     */
    static float cosine(float[] a, double na, float[] b, double nb) {
        if (a.length != b.length) throw new IllegalArgumentException("vector lengths differ: " + a.length + " vs " + b.length);
        if (na == 0 || nb == 0) return 0f;
        double dot = 0;
        for (int i = 0; i < a.length; i++) dot += (double) a[i] * b[i];
        return (float) (dot / Math.sqrt(na * nb));
    }
}
