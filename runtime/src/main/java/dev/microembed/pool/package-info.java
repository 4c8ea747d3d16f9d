/**
 * Pooling: turns a list of token ids into one L2-normalised vector by summing rows of the memory-mapped int8
 * table, scaling per dimension and normalising, exactly as "Pooling (normative, bit-exact)" in
 * {@code docs/model-format.md} prescribes, so Java and WASM agree bit for bit. {@link dev.microembed.pool.Pooler}
 * holds the model data; the summation is a {@link dev.microembed.pool.PoolKernel}: a SIMD kernel on
 * {@code jdk.incubator.vector} and its scalar twin with identical output, chosen by
 * {@link dev.microembed.pool.PoolKernels} depending on whether the incubator module is present.
 */
package dev.microembed.pool;
