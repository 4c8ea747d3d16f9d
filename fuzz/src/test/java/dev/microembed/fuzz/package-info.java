/**
 * Fuzz targets and robustness tests of the runtime's input surfaces (docs/fuzzing.md): Jazzer {@code @FuzzTest}
 * classes (one target each, since Jazzer fuzzes one target per JVM), the Java-vs-WASM and Java-vs-reference
 * differential tests, the concurrency test and the fault tests (files changed under a mapping, a killed pipeline).
 */
package dev.microembed.fuzz;
