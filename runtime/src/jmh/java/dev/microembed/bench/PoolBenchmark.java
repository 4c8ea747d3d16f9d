package dev.microembed.bench;

import dev.microembed.model.ModelFolder;
import dev.microembed.pool.PoolKernels;
import dev.microembed.pool.Pooler;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.*;

/** Pooling alone (gather, sum, scale, normalise) for 32 random token ids of the real table; both kernels. */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class PoolBenchmark {
    @Param({"vector", "scalar"})
    public String kernel;

    @Param({"32"})
    public int tokens;

    private ModelFolder folder;
    private Pooler pooler;
    private int[][] idSets;
    private float[] out;
    private int next;

    @Setup
    public void setUp() {
        folder = ModelFolder.open(BenchModels.model());
        pooler = folder.pooler(kernel.equals("vector") ? PoolKernels.vector().orElseThrow() : PoolKernels.scalar());
        Random r = new Random(42);
        idSets = new int[1024][tokens];
        for (int[] ids : idSets) for (int i = 0; i < tokens; i++) ids[i] = r.nextInt(folder.vocabSize());
        out = new float[folder.dim()];
    }

    @TearDown
    public void tearDown() {
        folder.close();
    }

    @Benchmark
    public float pool() {
        int[] ids = idSets[next];
        next = (next + 1) & 1023;
        pooler.pool(ids, tokens, out);
        return out[0];
    }
}
