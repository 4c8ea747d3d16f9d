// Input encodings shared with the Java targets (fuzz/src/test/java/dev/microembed/fuzz/FuzzSupport.java), so both
// runtimes read the same seed files the same way.
import { createHash } from 'node:crypto';

const utf8 = new TextDecoder('utf-8'); // malformed sequences become U+FFFD, as Java's new String(bytes, UTF_8)

/** First byte odd: the rest as UTF-16LE code units (lone surrogates reachable); even: the rest as UTF-8. */
export function decodeText(data) {
  if (data.length === 0) return '';
  if (data[0] & 1) {
    const n = (data.length - 1) >> 1;
    let s = '';
    for (let i = 0; i < n; i += 4096) {
      const codes = [];
      for (let j = i; j < Math.min(n, i + 4096); j++) codes.push(data[1 + 2 * j] | (data[2 + 2 * j] << 8));
      s += String.fromCharCode(...codes);
    }
    return s;
  }
  return utf8.decode(data.subarray(1));
}

export const SEPARATOR = new Uint8Array(Buffer.from('\n\u0000--microembed-fuzz-file--\u0000\n', 'utf8'));

/** config.json, tokenizer.json, model.safetensors of a packed folder (missing parts are empty). */
export function unpackFolder(data) {
  const parts = [];
  let from = 0;
  for (let k = 0; k < 3; k++) {
    const at = k < 2 ? Buffer.from(data.buffer, data.byteOffset, data.length).indexOf(SEPARATOR, from) : -1;
    const end = at < 0 ? data.length : at;
    parts.push(data.slice(Math.min(from, data.length), Math.max(end, Math.min(from, data.length))));
    from = at < 0 ? data.length : at + SEPARATOR.length;
  }
  return parts;
}

/** config.json with model.safetensors' and tokenizer.json's bytes and sha256 set to these files (as FuzzSupport.withChecksums). */
export function withChecksums(config, tokenizer, model) {
  let root;
  try {
    root = JSON.parse(Buffer.from(config).toString('utf8'));
  } catch {
    return config;
  }
  const files = root?.microembed?.files;
  if (!files || typeof files !== 'object' || Array.isArray(files)) return config;
  const sign = (b) => ({ sha256: createHash('sha256').update(b).digest('hex'), bytes: b.length });
  files['model.safetensors'] = sign(model);
  files['tokenizer.json'] = sign(tokenizer);
  return new Uint8Array(Buffer.from(JSON.stringify(root), 'utf8'));
}
