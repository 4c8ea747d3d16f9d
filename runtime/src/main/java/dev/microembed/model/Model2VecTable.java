package dev.microembed.model;

import dev.microembed.ModelFormatException;
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
    private Model2VecTable(MemorySegment table, String dtype, int rows, int dim, float[] weights, int[] mapping, boolean normalize) {
        this.table = table;
        this.dtype = dtype;
        this.rows = rows;
        this.dim = dim;
        this.weights = weights;
        this.mapping = mapping;
        this.normalize = normalize;
    }

    /** Validates the tensors of {@code st}. */
    static Model2VecTable open(SafetensorsReader st, boolean normalize) {
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
        if (!dtype.equals("F32") && !dtype.equals("F16") && !dtype.equals("I8") && !dtype.equals("F64"))
            throw new ModelFormatException(file, "tensor \"" + name + "\" is " + dtype + "; Model2Vec tables must be F32, F16, I8 or F64");
        long[] shape = emb.shape();
        if (shape.length != 2) throw new ModelFormatException(file, "tensor \"" + name + "\" must have rank 2, has shape " + Arrays.toString(shape));
        if (shape[1] < 1 || shape[1] > ModelFolder.MAX_DIM)
            throw new ModelFormatException(file, "tensor \"" + name + "\" dimension " + shape[1] + " is outside 1.." + ModelFolder.MAX_DIM);
        if (shape[0] < 1 || shape[0] > Integer.MAX_VALUE - 16) throw new ModelFormatException(file, "tensor \"" + name + "\" has " + shape[0] + " rows");
        int rows = (int) shape[0], dim = (int) shape[1];

        int[] mapping = null;
        if (st.has("mapping")) {
            SafetensorsReader.Tensor m = st.tensor("mapping");
            if (!(m.dtype().equals("I32") || m.dtype().equals("I64")) || m.shape().length != 1 || m.shape()[0] > Integer.MAX_VALUE - 16)
                throw new ModelFormatException(file, "mapping must be I32 or I64 of rank 1, is " + m.dtype() + " " + Arrays.toString(m.shape()));
            MemorySegment seg = st.segment("mapping");
            mapping = new int[(int) m.shape()[0]];
            ValueLayout.OfLong i64 = ValueLayout.JAVA_LONG_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
            ValueLayout.OfInt i32 = ValueLayout.JAVA_INT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
            for (int i = 0; i < mapping.length; i++) {
                long x = m.dtype().equals("I64") ? seg.getAtIndex(i64, i) : seg.getAtIndex(i32, i);
                if (x < 0 || x >= rows) throw new ModelFormatException(file, "mapping[" + i + "] = " + x + " is not a row of the " + rows + "-row table");
                mapping[i] = (int) x;
            }
        }
        float[] weights = null;
        if (st.has("weights")) {
            weights = floatVector(st, st.tensor("weights"));
            if (mapping != null && weights.length != mapping.length)
                throw new ModelFormatException(file, "weights has " + weights.length + " entries but mapping has " + mapping.length);
            if (mapping == null && weights.length != rows)
                throw new ModelFormatException(file, "weights has " + weights.length + " entries but the table has " + rows + " rows");
        }
        return new Model2VecTable(st.segment(name), dtype, rows, dim, weights, mapping, normalize);
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

    /** "F32", "F16", "I8" or "F64". */
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

    private static final ValueLayout.OfDouble F64_LE = ValueLayout.JAVA_DOUBLE_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);

    /** Element {@code [row][d]} as float32 (F16 and I8 exactly, F64 rounded to nearest). */
    public float value(int row, int d) {
        long i = (long) row * dim + d;
        return switch (dtype) {
            case "F32" -> table.getAtIndex(F32_LE, i);
            case "F16" -> Float.float16ToFloat(table.getAtIndex(F16_LE, i));
            case "F64" -> (float) table.getAtIndex(F64_LE, i);
            default -> table.get(ValueLayout.JAVA_BYTE, i);
        };
    }

    @Override
    public String kernelName() {
        return "model2vec-" + dtype.toLowerCase(java.util.Locale.ROOT);
    }

    /**
     * The float32 order of docs/model-format.md ("Model2Vec folders"), the one the WebAssembly port implements:
     * {@code acc[d] = f32(acc[d] + e_i[d])} (with weights {@code f32(acc[d] + f32(w_i * e_i[d]))}) for i in order,
     * {@code v[d] = f32(acc[d] / f32(n))}, then with {@code normalize} the microembed format's float64
     * normalisation; {@code n == 0} gives zeros. Java float arithmetic is IEEE binary32 without fused multiply-add.
     */
    @Override
    public void pool(int[] ids, int n, float[] out) {
        if (out.length < dim) throw new IllegalArgumentException("out has " + out.length + " floats, need " + dim);
        if (n > ids.length) throw new IllegalArgumentException("n > ids.length");
        Arrays.fill(out, 0, dim, 0f);
        if (n <= 0) return;
        MemorySegment t = table;
        int dim = this.dim;
        for (int i = 0; i < n; i++) {
            int id = ids[i];
            long base = (long) (mapping == null ? id : mapping[id]) * dim;
            switch (dtype) {
                case "F32" -> {
                    if (weights == null) for (int d = 0; d < dim; d++) out[d] = out[d] + t.getAtIndex(F32_LE, base + d);
                    else {
                        float w = weights[id];
                        for (int d = 0; d < dim; d++) out[d] = out[d] + w * t.getAtIndex(F32_LE, base + d);
                    }
                }
                case "F16" -> {
                    if (weights == null) for (int d = 0; d < dim; d++) out[d] = out[d] + Float.float16ToFloat(t.getAtIndex(F16_LE, base + d));
                    else {
                        float w = weights[id];
                        for (int d = 0; d < dim; d++) out[d] = out[d] + w * Float.float16ToFloat(t.getAtIndex(F16_LE, base + d));
                    }
                }
                case "F64" -> {
                    float w = weights == null ? 1f : weights[id]; // w * e == e exactly when w is 1
                    for (int d = 0; d < dim; d++) out[d] = out[d] + w * (float) t.getAtIndex(F64_LE, base + d);
                }
                default -> {
                    if (weights == null) for (int d = 0; d < dim; d++) out[d] = out[d] + (float) t.get(ValueLayout.JAVA_BYTE, base + d);
                    else {
                        float w = weights[id];
                        for (int d = 0; d < dim; d++) out[d] = out[d] + w * (float) t.get(ValueLayout.JAVA_BYTE, base + d);
                    }
                }
            }
        }
        float count = n;
        for (int d = 0; d < dim; d++) out[d] = out[d] / count;
        if (normalize) Pooler.normalize(out, dim);
    }
}
