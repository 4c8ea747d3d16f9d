package dev.microembed.model;

import dev.microembed.ModelFormatException;
import dev.microembed.pool.PoolKernel;
import dev.microembed.pool.Pooler;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * The token table of a Model2Vec folder ({@code model.safetensors} as MinishLab's {@code save_pretrained} writes
 * it), validated once: {@code embeddings} (or {@code 0}, {@code embedding.weight}) F32, F16 or I8 [rows, dim],
 * optional {@code weights} [V] (F64, F32 or F16, kept as float32) and {@code mapping} I32 [V] (vocabulary
 * quantisation: token {@code id} uses row {@code mapping[id]} scaled by {@code weights[id]}). The table stays in the
 * mapping; pooling follows "Model2Vec folders" in {@code docs/model-format.md}, bit for bit.
 */
public final class Model2VecTable implements TokenPooler {
    /** Tensor names Model2Vec's readers accept for the table, in the order they try them. */
    static final String[] EMBEDDING_NAMES = {"embeddings", "0", "embedding.weight"};
    private static final ValueLayout.OfFloat F32_LE = ValueLayout.JAVA_FLOAT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    private static final ValueLayout.OfShort F16_LE = ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);

    private final MemorySegment table;
    private final String dtype;
    private final int rows, dim;
    private final float[] weights; // per token id, or null
    private final int[] mapping; // token id -> row, or null
    private final boolean normalize;
    /** The int8 SIMD path (same bits, see docs) when the table is I8, unmapped, unweighted and normalised; else null. */
    private final Pooler int8Pooler;
    private final ThreadLocal<double[]> scratch;

    private Model2VecTable(MemorySegment table, String dtype, int rows, int dim, float[] weights, int[] mapping, boolean normalize, Pooler int8Pooler) {
        this.table = table;
        this.dtype = dtype;
        this.rows = rows;
        this.dim = dim;
        this.weights = weights;
        this.mapping = mapping;
        this.normalize = normalize;
        this.int8Pooler = int8Pooler;
        this.scratch = ThreadLocal.withInitial(() -> new double[dim]);
    }

    /** Validates the tensors of {@code st}; {@code kernel} serves the int8 fast path. */
    static Model2VecTable open(SafetensorsReader st, boolean normalize, PoolKernel kernel) {
        Path file = st.file();
        String name = null;
        for (String n : EMBEDDING_NAMES)
            if (st.has(n)) {
                name = n;
                break;
            }
        if (name == null)
            throw new ModelFormatException(file, "no embedding tensor: expected one named " + String.join(", ", EMBEDDING_NAMES) + " (has " + st.names() + ")");
        SafetensorsReader.Tensor emb = st.tensor(name);
        String dtype = emb.dtype();
        if (!dtype.equals("F32") && !dtype.equals("F16") && !dtype.equals("I8"))
            throw new ModelFormatException(file, "tensor \"" + name + "\" is " + dtype + "; Model2Vec tables must be F32, F16 or I8");
        long[] shape = emb.shape();
        if (shape.length != 2) throw new ModelFormatException(file, "tensor \"" + name + "\" must have rank 2, has shape " + Arrays.toString(shape));
        if (shape[1] < 1 || shape[1] > ModelFolder.MAX_DIM)
            throw new ModelFormatException(file, "tensor \"" + name + "\" dimension " + shape[1] + " is outside 1.." + ModelFolder.MAX_DIM);
        if (shape[0] < 1 || shape[0] > Integer.MAX_VALUE - 16) throw new ModelFormatException(file, "tensor \"" + name + "\" has " + shape[0] + " rows");
        int rows = (int) shape[0], dim = (int) shape[1];

        int[] mapping = null;
        if (st.has("mapping")) {
            SafetensorsReader.Tensor m = st.tensor("mapping");
            if (!m.dtype().equals("I32") || m.shape().length != 1)
                throw new ModelFormatException(file, "mapping must be I32 of rank 1, is " + m.dtype() + " " + Arrays.toString(m.shape()));
            mapping = st.int32("mapping");
            for (int i = 0; i < mapping.length; i++)
                if (mapping[i] < 0 || mapping[i] >= rows)
                    throw new ModelFormatException(file, "mapping[" + i + "] = " + mapping[i] + " is not a row of the " + rows + "-row table");
        }
        float[] weights = null;
        if (st.has("weights")) {
            weights = floatVector(st, st.tensor("weights"));
            if (mapping != null && weights.length != mapping.length)
                throw new ModelFormatException(file, "weights has " + weights.length + " entries but mapping has " + mapping.length);
            if (mapping == null && weights.length != rows)
                throw new ModelFormatException(file, "weights has " + weights.length + " entries but the table has " + rows + " rows");
        }
        Pooler int8 = null;
        if (dtype.equals("I8") && mapping == null && weights == null && normalize) { // exact integer sums: same result
            float[] ones = new float[dim];
            Arrays.fill(ones, 1f);
            int8 = new Pooler(st.segment(name), rows, dim, ones, null, kernel);
        }
        return new Model2VecTable(st.segment(name), dtype, rows, dim, weights, mapping, normalize, int8);
    }

    /** A finite per-token vector of F64, F32 or F16, as float32 (F64 rounded to nearest, as model2vec-rs does). */
    private static float[] floatVector(SafetensorsReader st, SafetensorsReader.Tensor t) {
        long[] shape = t.shape();
        if (shape.length != 1) throw new ModelFormatException(st.file(), t.name() + " must have rank 1, has shape " + Arrays.toString(shape));
        if (shape[0] > Integer.MAX_VALUE - 16) throw new ModelFormatException(st.file(), t.name() + " has " + shape[0] + " entries");
        int n = (int) shape[0];
        MemorySegment seg = st.segment(t.name());
        float[] out = new float[n];
        switch (t.dtype()) {
            case "F32" -> MemorySegment.copy(seg, F32_LE, 0, out, 0, n);
            case "F16" -> {
                for (int i = 0; i < n; i++) out[i] = Float.float16ToFloat(seg.getAtIndex(F16_LE, i));
            }
            case "F64" -> {
                ValueLayout.OfDouble f64 = ValueLayout.JAVA_DOUBLE_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
                for (int i = 0; i < n; i++) out[i] = (float) seg.getAtIndex(f64, i);
            }
            default -> throw new ModelFormatException(st.file(), t.name() + " is " + t.dtype() + "; expected F64, F32 or F16");
        }
        for (int i = 0; i < n; i++)
            if (!Float.isFinite(out[i])) throw new ModelFormatException(st.file(), t.name() + "[" + i + "] is " + out[i]);
        return out;
    }

    /** Number of token ids the table serves: the mapping's length, else the number of rows. */
    public int idCount() {
        return mapping != null ? mapping.length : rows;
    }

    public int rows() {
        return rows;
    }

    public int dim() {
        return dim;
    }

    /** "F32", "F16" or "I8". */
    public String dtype() {
        return dtype;
    }

    public boolean normalize() {
        return normalize;
    }

    public boolean quantisedVocabulary() {
        return mapping != null;
    }

    /** Per-token weights as float32, or null. */
    public float[] weights() {
        return weights == null ? null : weights.clone();
    }

    /** The table's raw little-endian bytes [rows, dim] in {@link #dtype()}. */
    public MemorySegment segment() {
        return table;
    }

    /** Element {@code [row][d]} as float32 (F16 widened exactly, I8 as its integer value). */
    public float value(int row, int d) {
        long i = (long) row * dim + d;
        return switch (dtype) {
            case "F32" -> table.getAtIndex(F32_LE, i);
            case "F16" -> Float.float16ToFloat(table.getAtIndex(F16_LE, i));
            default -> table.get(ValueLayout.JAVA_BYTE, i);
        };
    }

    @Override
    public String kernelName() {
        return int8Pooler != null ? int8Pooler.kernel().name() : "model2vec-" + dtype.toLowerCase(java.util.Locale.ROOT);
    }

    /**
     * {@code acc[d] = acc[d] + f64(w_i) * f64(row_i[d])} in float64 for i in order (each product is exact: two
     * float32 values), then L2-normalised in float64 ({@code out[d] = f32(acc[d] * (1 / sqrt(Σ acc²)))}), or
     * {@code out[d] = f32(acc[d] / n)} when the config says {@code normalize: false}. {@code n == 0} gives zeros.
     * Float32 accumulation would drift by more than 1e-6 from Model2Vec's float64 result on long repetitive texts.
     */
    @Override
    public void pool(int[] ids, int n, float[] out) {
        if (out.length < dim) throw new IllegalArgumentException("out has " + out.length + " floats, need " + dim);
        if (n > ids.length) throw new IllegalArgumentException("n > ids.length");
        if (int8Pooler != null) {
            int8Pooler.pool(ids, n, out);
            return;
        }
        if (n <= 0) {
            Arrays.fill(out, 0, dim, 0f);
            return;
        }
        double[] acc = scratch.get();
        Arrays.fill(acc, 0.0);
        switch (dtype) {
            case "F32" -> accumulateF32(ids, n, acc);
            case "F16" -> accumulateF16(ids, n, acc);
            default -> accumulateI8(ids, n, acc);
        }
        if (normalize) {
            double sq = 0;
            for (int d = 0; d < dim; d++) sq += acc[d] * acc[d];
            if (sq == 0 || !Double.isFinite(sq)) {
                Arrays.fill(out, 0, dim, 0f);
                return;
            }
            double inv = 1.0 / Math.sqrt(sq);
            for (int d = 0; d < dim; d++) out[d] = (float) (acc[d] * inv);
        } else {
            double count = n;
            for (int d = 0; d < dim; d++) out[d] = (float) (acc[d] / count);
        }
    }

    private void accumulateF32(int[] ids, int n, double[] acc) {
        MemorySegment t = table;
        int dim = this.dim;
        for (int i = 0; i < n; i++) {
            int id = ids[i];
            long base = (long) (mapping == null ? id : mapping[id]) * dim;
            if (weights == null) for (int d = 0; d < dim; d++) acc[d] += t.getAtIndex(F32_LE, base + d);
            else {
                double w = weights[id];
                for (int d = 0; d < dim; d++) acc[d] += w * t.getAtIndex(F32_LE, base + d);
            }
        }
    }

    private void accumulateF16(int[] ids, int n, double[] acc) {
        MemorySegment t = table;
        int dim = this.dim;
        for (int i = 0; i < n; i++) {
            int id = ids[i];
            long base = (long) (mapping == null ? id : mapping[id]) * dim;
            if (weights == null) for (int d = 0; d < dim; d++) acc[d] += Float.float16ToFloat(t.getAtIndex(F16_LE, base + d));
            else {
                double w = weights[id];
                for (int d = 0; d < dim; d++) acc[d] += w * Float.float16ToFloat(t.getAtIndex(F16_LE, base + d));
            }
        }
    }

    private void accumulateI8(int[] ids, int n, double[] acc) {
        MemorySegment t = table;
        int dim = this.dim;
        for (int i = 0; i < n; i++) {
            int id = ids[i];
            long base = (long) (mapping == null ? id : mapping[id]) * dim;
            if (weights == null) for (int d = 0; d < dim; d++) acc[d] += t.get(ValueLayout.JAVA_BYTE, base + d);
            else {
                double w = weights[id];
                for (int d = 0; d < dim; d++) acc[d] += w * t.get(ValueLayout.JAVA_BYTE, base + d);
            }
        }
    }
}
