/**
 * The model folder on disk: safetensors reading ({@link dev.microembed.model.SafetensorsReader}, memory-mapped,
 * validated; the writers live in the tools, {@code tools/src/main/java/dev/microembed/model/}),
 * a small strict {@link dev.microembed.model.Json}, and {@link dev.microembed.model.ModelFolder}, which checks
 * config.json, checksums and tensor shapes once at load so the hot path can trust what it reads. The format is
 * specified in {@code docs/model-format.md}.
 */
package dev.microembed.model;
