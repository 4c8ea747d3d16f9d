/**
 * The model folder on disk: safetensors reading ({@link dev.microembed.model.SafetensorsReader}, memory-mapped,
 * validated) and writing ({@link dev.microembed.model.SafetensorsWriter}, {@link dev.microembed.model.ModelWriter}),
 * a small strict {@link dev.microembed.model.Json}, and {@link dev.microembed.model.ModelFolder}, which checks
 * config.json, checksums and tensor shapes once at load so the hot path can trust what it reads. The format is
 * specified in {@code docs/model-format.md}.
 */
package dev.microembed.model;
