/**
 * The {@code microembed} command line: search a file of lines by meaning, compare or embed texts, show tokens,
 * measure latency ({@code bench}), and write the shared test vectors that keep the Java and WASM runtimes in
 * bit-exact agreement ({@code spec}). Exit codes: 0 ok, 1 unreadable or corrupt file, 2 bad arguments.
 */
package dev.microembed.cli;
