// Builds model folders in the format of docs/model-format.md for tests, the demo and the benchmark
// while no shipped model exists: the same file layout the Java ModelWriter writes (tokenizer.json shaped
// like TokenizerJsonWriter's, safetensors with the header padded to 8 bytes, config.json with sha256s),
// with a deterministic pseudo-random int8 table. Only the vectors' meaning is fake.
import { createHash } from 'node:crypto';
import { readFileSync, mkdirSync, writeFileSync, renameSync } from 'node:fs';
import { join } from 'node:path';

const SPECIALS = new Set(['[PAD]', '[UNK]', '[CLS]', '[SEP]', '[MASK]']);

export function tokenizerJson(vocab, added) {
  const addedTokens = [];
  vocab.forEach((t, i) => { if (SPECIALS.has(t)) addedTokens.push(addedToken(i, t, true)); });
  added.forEach((t, i) => addedTokens.push(addedToken(vocab.length + i, t, false)));
  const v = {};
  vocab.forEach((t, i) => { v[t] = i; });
  return JSON.stringify({
    version: '1.0', truncation: null, padding: null, added_tokens: addedTokens,
    normalizer: { type: 'BertNormalizer', clean_text: true, handle_chinese_chars: true, strip_accents: null, lowercase: false },
    pre_tokenizer: { type: 'BertPreTokenizer' }, post_processor: null,
    decoder: { type: 'WordPiece', prefix: '##', cleanup: true },
    model: { type: 'WordPiece', unk_token: '[UNK]', continuing_subword_prefix: '##', max_input_chars_per_word: 100, vocab: v },
  });
}

function addedToken(id, content, special) {
  return { id, content, single_word: false, lstrip: false, rstrip: false, normalized: false, special };
}

/** safetensors bytes from [{name, dtype, shape, data: Uint8Array}] (in order), metadata strings. */
export function safetensors(tensors, metadata = { format: 'microembed', format_version: '1' }) {
  const header = {};
  if (metadata) header.__metadata__ = metadata;
  let offset = 0;
  for (const t of tensors) {
    header[t.name] = { dtype: t.dtype, shape: t.shape, data_offsets: [offset, offset + t.data.length] };
    offset += t.data.length;
  }
  let json = Buffer.from(JSON.stringify(header), 'utf8');
  const padded = (json.length + 7) & ~7;
  json = Buffer.concat([json, Buffer.alloc(padded - json.length, 0x20)]);
  const len = Buffer.alloc(8);
  len.writeBigUInt64LE(BigInt(padded));
  return new Uint8Array(Buffer.concat([len, json, ...tensors.map((t) => Buffer.from(t.data.buffer, t.data.byteOffset, t.data.byteLength))]));
}

/** xorshift32: reproducible on every engine. */
export function rng(seed) {
  let s = seed >>> 0 || 1;
  return () => { s ^= s << 13; s >>>= 0; s ^= s >>> 17; s ^= s << 5; s >>>= 0; return s; };
}

/**
 * The files of a model folder, in memory.
 * @returns {Record<string, Uint8Array>} config.json, model.safetensors, tokenizer.json
 */
export function modelFiles({ vocab, added = [], dim = 64, pooling = 'mean', seed = 1, maxTokens = 512, extremes = false }) {
  const V = vocab.length + added.length;
  const next = rng(seed);
  const table = new Int8Array(V * dim);
  for (let i = 0; i < table.length; i++) table[i] = (next() % 255) - 127;
  if (extremes) for (let i = 0; i < dim; i++) table[(V - 1) * dim + i] = -128; // readers accept -128
  const scales = new Float32Array(dim);
  for (let d = 0; d < dim; d++) scales[d] = (1 + (next() % 1000)) / 7919;
  const tensors = [
    { name: 'embeddings', dtype: 'I8', shape: [V, dim], data: new Uint8Array(table.buffer) },
    { name: 'scales', dtype: 'F32', shape: [dim], data: new Uint8Array(scales.buffer) },
  ];
  if (pooling === 'weighted_mean') {
    const w = new Float32Array(V);
    for (let i = 0; i < V; i++) w[i] = (next() % 100000) / 33331 + 1e-3; // awkward values: rounding matters
    tensors.push({ name: 'weights', dtype: 'F32', shape: [V], data: new Uint8Array(w.buffer) });
  }
  const model = safetensors(tensors);
  const tok = new Uint8Array(Buffer.from(tokenizerJson(vocab, added), 'utf8'));
  const entry = (b) => ({ sha256: createHash('sha256').update(b).digest('hex'), bytes: b.length });
  const config = {
    model_type: 'model2vec', architectures: ['StaticModel'], tokenizer_name: 'bert-base-multilingual-cased',
    apply_pca: dim, apply_zipf: false, sif_coefficient: null, hidden_dim: dim, seq_length: maxTokens, normalize: true,
    microembed: {
      format_version: 1, vocab_size: V, dim, dtype: 'int8', pooling, max_tokens: maxTokens,
      files: { 'model.safetensors': entry(model), 'tokenizer.json': entry(tok) }, teacher: 'fixture (random table)',
    },
  };
  return {
    'config.json': new Uint8Array(Buffer.from(JSON.stringify(config, null, 2) + '\n', 'utf8')),
    'model.safetensors': model,
    'tokenizer.json': tok,
  };
}

/** mBERT's cased vocabulary from ../shared/data plus a few added tokens (emoji, hashtags, slang). */
export function mbertFixture(sharedData, options = {}) {
  const vocab = readFileSync(join(sharedData, 'vocab', 'mbert-cased-vocab.txt'), 'utf8').split('\n');
  if (vocab[vocab.length - 1] === '') vocab.pop();
  const added = ['😂', '❤️', '❤', '🔥', '😍', '🙏', '👍🏽', '#love', '#MAGA', 'lol', 'lmao', 'omg', '@user', '🇺🇸', '👨‍👩‍👧'];
  return modelFiles({ vocab, added, ...options });
}

export function writeFolder(dir, files) {
  mkdirSync(dir, { recursive: true });
  for (const [name, bytes] of Object.entries(files)) {
    const tmp = join(dir, `.${name}.tmp`);
    writeFileSync(tmp, bytes);
    renameSync(tmp, join(dir, name));
  }
}
