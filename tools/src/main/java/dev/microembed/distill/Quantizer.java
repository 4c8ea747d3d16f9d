package dev.microembed.distill;

/**
 * int8 quantisation with one symmetric scale per dimension: {@code scale[d] = max_i |x[i][d]| / 127},
 * {@code q = round(x / scale)} clamped to [-127, 127]; value = q × scale (the model format's definition).
 */
public final class Quantizer {
    private Quantizer() {}

    public record Quantized(byte[] values, float[] scales, int rows, int dim) {
        public Artifacts.Matrix dequantize() {
            float[] out = new float[values.length];
            for (int i = 0; i < rows; i++)
                for (int d = 0; d < dim; d++) out[i * dim + d] = values[i * dim + d] * scales[d];
            return new Artifacts.Matrix(out, rows, dim);
        }
    }

    public static Quantized quantize(Artifacts.Matrix m) {
        int rows = m.rows(), dim = m.cols();
        float[] a = m.data();
        float[] scales = new float[dim];
        for (int i = 0; i < rows; i++)
            for (int d = 0; d < dim; d++) {
                float x = a[i * dim + d];
                if (!Float.isFinite(x)) throw new IllegalArgumentException("non-finite value at row " + i + ", dim " + d);
                scales[d] = Math.max(scales[d], Math.abs(x));
            }
        for (int d = 0; d < dim; d++) scales[d] = scales[d] == 0 ? 1f : scales[d] / 127f;
        byte[] q = new byte[a.length];
        for (int i = 0; i < rows; i++)
            for (int d = 0; d < dim; d++) {
                long r = Math.round(a[i * dim + d] / scales[d]);
                q[i * dim + d] = (byte) Math.max(-127, Math.min(127, r));
            }
        return new Quantized(q, scales, rows, dim);
    }

    /** Rows multiplied by per-row weights (folding pooling weights into the table). */
    public static Artifacts.Matrix fold(Artifacts.Matrix m, float[] weights) {
        float[] out = m.data().clone();
        int dim = m.cols();
        for (int i = 0; i < m.rows(); i++) for (int d = 0; d < dim; d++) out[i * dim + d] *= weights[i];
        return new Artifacts.Matrix(out, m.rows(), dim);
    }
}
