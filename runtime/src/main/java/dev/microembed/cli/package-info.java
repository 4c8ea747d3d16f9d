/**
 * The {@code microembed} command line: search a file of lines by meaning, compare or embed texts, show tokens,
 * and measure latency ({@code bench}). The {@code spec} command, which writes the shared test vectors that keep
 * the Java and WASM runtimes in bit-exact agreement, is a tool: it lives in the tools jar (same package name,
 * {@code tools/src/main/java/dev/microembed/cli/}). Exit codes: 0 ok, 1 unreadable or corrupt file, 2 bad arguments.
 */
package dev.microembed.cli;
