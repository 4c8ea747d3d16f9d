package dev.microembed;

import dev.microembed.pool.PoolKernel;
import dev.microembed.pool.PoolKernels;
import java.lang.foreign.MemorySegment;

/**
 * The pooling kernel of {@link Microembed#load(java.nio.file.Path)}: the scalar twin for the first {@link #SCALAR_CALLS}
 * calls, then {@link PoolKernels#best()}. On a cold JVM the Vector API costs tens of milliseconds before its first
 * result (its classes load and initialise, and its code runs interpreted, far slower than the scalar loop, until the JIT
 * has compiled it), which a process that embeds a few texts never earns back; both kernels give bit-identical vectors
 * (docs/model-format.md, "Pooling"), so which one ran is invisible in the output. Thread-safe: the call count and the
 * switch are racy on purpose (a thread that sees the switch late pools a few more texts with the scalar twin, same bits).
 */
final class ScalarFirstKernel implements PoolKernel {
    /** About 2 ms of extra scalar work on a warm JVM (~1.5 µs more per 32-token text), nothing on a cold one. */
    static final int SCALAR_CALLS = 1024;

    private PoolKernel kernel = PoolKernels.scalar();
    private int calls;

    private PoolKernel next() {
        PoolKernel k = kernel;
        if (k == PoolKernels.scalar() && ++calls > SCALAR_CALLS) kernel = k = PoolKernels.best();
        return k;
    }

    @Override
    public void meanRows(MemorySegment table, int dim, int[] ids, int n, float[] scales, float[] out) {
        next().meanRows(table, dim, ids, n, scales, out);
    }

    @Override
    public void weightedRows(MemorySegment table, int dim, int[] ids, int n, float[] weights, float[] scales, float[] out) {
        next().weightedRows(table, dim, ids, n, weights, scales, out);
    }

    /** The kernel the next call would use (tests). */
    PoolKernel current() {
        return kernel;
    }

    /** The kernel it settles on ("vector-512" on AVX-512), as reports want to know. */
    @Override
    public String name() {
        return PoolKernels.best().name();
    }
}
