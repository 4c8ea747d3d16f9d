// Shared by the tests: small fixture models, the normative pooling math in plain JS, paths.
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { join, dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { modelFiles, safetensors } from '../scripts/fixture.mjs';

export const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
export const repo = resolve(root, '..', '..');
export const sharedData = process.env.MICROEMBED_SHARED ?? resolve(repo, '..', 'shared', 'data');
/** The shipped model folder (vocab/ of the checkout, or MICROEMBED_MODEL), if there is one. */
export const shippedModel = (() => {
  const dir = process.env.MICROEMBED_MODEL ?? join(repo, 'vocab');
  return existsSync(join(dir, 'config.json')) ? dir : null;
})();

export const SMALL_VOCAB = ['[PAD]', '[UNK]', '[CLS]', '[SEP]', '[MASK]', '!', ',', '.', '#', 'a', 'b', 'the', 'cat', 'sat',
  'on', 'mat', 'un', '##believ', '##able', '##s', 'é', 'hello', 'world', '東', '京', 'x', '##x', 'y', '##y', '😀', '[', ']'];
export const SMALL_ADDED = ['❤', '❤️', 'lol', '#love', '@user', '🇺🇸'];

/** A small model's files; `mutate(files)` may change them before config.json's checksums are recomputed. */
export function smallModel(options = {}, mutate = null) {
  const files = modelFiles({ vocab: SMALL_VOCAB, added: SMALL_ADDED, dim: 16, ...options });
  if (mutate) {
    mutate(files);
    resign(files);
  }
  return files;
}

/** Recomputes config.json's bytes and sha256 of every listed file (so a test reaches the deeper checks). */
export function resign(files, configEdit = null) {
  const config = JSON.parse(Buffer.from(files['config.json']).toString('utf8'));
  for (const name of Object.keys(config.microembed.files)) {
    const b = files[name];
    config.microembed.files[name] = { sha256: createHash('sha256').update(b).digest('hex'), bytes: b.length };
  }
  if (configEdit) configEdit(config);
  files['config.json'] = new Uint8Array(Buffer.from(JSON.stringify(config), 'utf8'));
  return files;
}

export { safetensors };

/** docs/model-format.md "Pooling" in plain JS (Math.fround = one float32 rounding); independent of the kernel. */
export function referencePool(table, dim, scales, weights, ids) {
  const v = new Float64Array(dim);
  for (let d = 0; d < dim; d++) {
    if (!weights) {
      let acc = 0;
      for (const id of ids) acc += table[id * dim + d];
      v[d] = Math.fround(Math.fround(acc) * scales[d]);
    } else {
      let acc = 0;
      for (const id of ids) acc = Math.fround(acc + Math.fround(weights[id] * table[id * dim + d]));
      v[d] = Math.fround(acc * scales[d]);
    }
  }
  let s = 0;
  for (let d = 0; d < dim; d++) s += v[d] * v[d];
  const out = new Float32Array(dim);
  if (s === 0) return out;
  const inv = 1 / Math.sqrt(s);
  for (let d = 0; d < dim; d++) out[d] = v[d] * inv;
  return out;
}

export function bytesOf(f32) { return Buffer.from(f32.buffer, f32.byteOffset, f32.byteLength); }

/**
 * The JSON objects of a .jsonl file. Tolerates objects spread over several lines (a record is complete
 * when the lines gathered so far parse), since a writer may indent; JSON strings never hold a raw newline.
 */
export function readJsonRecords(text, file) {
  const out = [];
  let buf = '', first = 0;
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i].endsWith('\r') ? lines[i].slice(0, -1) : lines[i];
    if (buf === '' && line.trim() === '') continue;
    if (buf === '') first = i + 1;
    buf += buf === '' ? line : '\n' + line;
    if (!line.trimEnd().endsWith('}')) continue;
    try { out.push({ line: first, value: JSON.parse(buf) }); buf = ''; } catch { /* not complete yet */ }
  }
  if (buf.trim() !== '') throw new Error(`${file}:${first}: incomplete JSON record`);
  return out;
}
