package dev.microembed.model;

/**
 * Turns the ids that remain after tokenisation (unknown dropped, capped) into the output vector. One
 * implementation per table layout: the microembed int8 + scales table ({@link dev.microembed.pool.Pooler}) and
 * the Model2Vec F32/F16/I8 tables ({@link Model2VecTable}). Implementations are thread-safe and
 * {@link #pool} allocates nothing.
 */
public interface TokenPooler {
    /** Pools {@code ids[0..n)} (all in range) into {@code out[0..dim)}. */
    void pool(int[] ids, int n, float[] out);

    /** A short name of the arithmetic in use, for reports ("vector-512", "scalar", "model2vec-f16"). */
    String kernelName();
}
