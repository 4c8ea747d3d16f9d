package dev.microembed.train;

/**
 * Adam applied only to the rows a batch touched (PyTorch SparseAdam's lazy variant: moments of an
 * untouched row neither decay nor move it). Rows the data never touches therefore keep their
 * plain-distilled values exactly; touched rows are additionally pulled toward their initial value by
 * an L2 term {@code l2·(p - p0)}.
 */
final class SparseAdam {
    /** Set of touched row ids, O(1) mark, iteration over marked ids only. */
    static final class Touched {
        final boolean[] marked;
        int[] ids;
        int count;
        Touched(int n) { marked = new boolean[n]; ids = new int[1024]; }
        void mark(int t) {
            if (marked[t]) return;
            marked[t] = true;
            if (count == ids.length) ids = java.util.Arrays.copyOf(ids, count * 2);
            ids[count++] = t;
        }
        void clear() { for (int i = 0; i < count; i++) marked[ids[i]] = false; count = 0; }
    }

    final float[] m, v;
    final int width;
    final double lr, l2;
    static final double B1 = 0.9, B2 = 0.999, EPS = 1e-8;
    long step;

    SparseAdam(int rows, int width, double lr, double l2) {
        this.m = new float[rows * width]; this.v = new float[rows * width];
        this.width = width; this.lr = lr; this.l2 = l2;
    }

    /** One step on the touched rows of {@code params}; zeroes their gradient afterwards. */
    void update(float[] params, float[] initial, float[] grad, Touched touched) {
        step++;
        double c1 = 1 - Math.pow(B1, step), c2 = 1 - Math.pow(B2, step);
        double a = lr * Math.sqrt(c2) / c1;
        for (int k = 0; k < touched.count; k++) {
            int o = touched.ids[k] * width;
            for (int d = o; d < o + width; d++) {
                double g = grad[d] + l2 * (params[d] - initial[d]);
                m[d] = (float) (B1 * m[d] + (1 - B1) * g);
                v[d] = (float) (B2 * v[d] + (1 - B2) * g * g);
                params[d] -= (float) (a * m[d] / (Math.sqrt(v[d]) + EPS));
                grad[d] = 0f;
            }
        }
    }
}
