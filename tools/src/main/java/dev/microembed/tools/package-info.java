/**
 * Entry point of the offline tools ({@code distill}, {@code train}, {@code eval}, {@code spec}); the launcher
 * script sends those commands here with ONNX Runtime, DJL, EJML and Lucene on the classpath, while the
 * runtime commands run from the dependency-free runtime jar.
 */
package dev.microembed.tools;
