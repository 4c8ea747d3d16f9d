/**
 * Entry point of the offline tools: {@link dev.microembed.tools.ToolsMain}, one picocli command whose subcommands
 * are {@code distill}, {@code train}, {@code eval} and {@code spec}. The launcher script sends those commands here with
 * ONNX Runtime, DJL, EJML and Lucene on the classpath, while the runtime commands run from the dependency-free
 * runtime jar. Also {@link dev.microembed.tools.RuntimeFixtures}, the writer of the runtime's test fixtures.
 */
package dev.microembed.tools;
