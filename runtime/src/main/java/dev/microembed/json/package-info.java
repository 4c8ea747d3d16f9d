/**
 * The runtime's JSON, one implementation for every file it reads: {@link dev.microembed.json.JsonReader} (strict,
 * over UTF-8 bytes, depth-limited, exact numbers; config.json, the safetensors header, tokenizer.json with its
 * vocabulary scanned into flat arrays) and {@link dev.microembed.json.JsonWriter}. Not exported: code outside the
 * module (tools, integrations) reads and writes through {@link dev.microembed.model.Json}, which delegates here.
 */
package dev.microembed.json;
