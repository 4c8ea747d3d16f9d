/**
 * The model folder on disk: safetensors reading ({@link dev.microembed.model.SafetensorsReader}, memory-mapped,
 * validated; the writers live in the tools, {@code tools/src/main/java/dev/microembed/model/}),
 * {@link dev.microembed.model.Json} (the JSON reader and writer for code outside the module; the one implementation is
 * {@code dev.microembed.json}), and {@link dev.microembed.model.ModelFolder}, which checks
 * config.json, checksums and tensor shapes once at load so the hot path can trust what it reads. A folder without
 * {@code microembed.format_version} is read as Model2Vec writes it ({@link dev.microembed.model.Model2VecTable}: F32,
 * F16 or I8 tables, weights, vocabulary-quantisation mapping; pooled through {@link dev.microembed.model.TokenPooler}).
 * The format is specified in {@code docs/model-format.md}.
 */
package dev.microembed.model;
