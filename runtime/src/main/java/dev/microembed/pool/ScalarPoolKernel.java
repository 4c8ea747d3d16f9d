package dev.microembed.pool;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/** The reference kernel in plain Java, used when the incubator Vector API is absent; bit-identical to the vector twin. */
public final class ScalarPoolKernel implements PoolKernel {
    public static final ScalarPoolKernel INSTANCE = new ScalarPoolKernel();

    private ScalarPoolKernel() {}

    @Override
    public void meanRows(MemorySegment table, int dim, int[] ids, int n, float[] scales, float[] out) {
        for (int d = 0; d < dim; d++) {
            int acc = 0;
            for (int i = 0; i < n; i++) acc += table.get(ValueLayout.JAVA_BYTE, (long) ids[i] * dim + d);
            out[d] = (float) acc * scales[d];
        }
    }

    @Override
    public void weightedRows(MemorySegment table, int dim, int[] ids, int n, float[] weights, float[] scales, float[] out) {
        for (int d = 0; d < dim; d++) {
            float acc = 0f;
            for (int i = 0; i < n; i++) {
                int id = ids[i];
                acc = acc + weights[id] * (float) table.get(ValueLayout.JAVA_BYTE, (long) id * dim + d);
            }
            out[d] = acc * scales[d];
        }
    }

    @Override
    public String name() {
        return "scalar";
    }
}
