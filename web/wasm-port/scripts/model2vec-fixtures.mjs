// Builds the small Model2Vec-format fixture folders in test/fixtures/model2vec/ (committed) from the shipped
// model (vocab/) and the shared tweets, as MinishLab/model2vec's save_pretrained lays a folder out:
//   f32/  embeddings F32, normalize true            f16/  embeddings F16, normalize true
//   i8/   embeddings I8 with one global scale (Model2Vec's quantize_embeddings), normalize false
//   vq/   vocabulary-quantised: embeddings F32 [64 clusters], mapping I32 [V], weights F64 [V], normalize true
// The vocabulary is cut to the 520 WordPiece tokens and 80 added tokens most frequent in the first 20,000
// tweets of ../shared/data/tweets (plus the five specials), renumbered in their original order; each row is
// the shipped int8 row times its per-dimension scale (float32). Deterministic: same inputs, same bytes.
//   node scripts/model2vec-fixtures.mjs [OUT_DIR]
import { readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { join, resolve, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Tokenizer } from '../src/tokenizer.js';
import { parseSafetensors, float32Values } from '../src/safetensors.js';
import { safetensors, rng } from './fixture.mjs';
import { readTweets } from '../bench/tweets.mjs';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const repo = resolve(root, '..', '..');
const out = resolve(process.argv[2] ?? join(root, 'test', 'fixtures', 'model2vec'));
const KEEP_VOCAB = 520, KEEP_ADDED = 80, CLUSTERS = 64;

const tokBytes = readFileSync(join(repo, 'vocab', 'tokenizer.json'));
const tokJson = JSON.parse(tokBytes.toString('utf8'));
const tokenizer = new Tokenizer(new Uint8Array(tokBytes));
const st = parseSafetensors(new Uint8Array(readFileSync(join(repo, 'vocab', 'model.safetensors'))));
const emb = st.tensors.get('embeddings'), scales = float32Values(st.tensors.get('scales'));
const D = emb.shape[1], int8 = new Int8Array(emb.bytes.buffer, emb.bytes.byteOffset, emb.bytes.length);

// token frequencies over real tweets
const counts = new Map();
for (const t of readTweets(join(repo, '..', 'shared', 'data'), 20000).tweets) for (const id of tokenizer.encode(t)) counts.set(id, (counts.get(id) ?? 0) + 1);
const vocabIds = Object.values(tokJson.model.vocab);
const modelSize = Math.max(...vocabIds) + 1;
const specials = ['[PAD]', '[UNK]', '[CLS]', '[SEP]', '[MASK]'].map((s) => tokJson.model.vocab[s]);
const byCount = [...counts.entries()].sort((a, b) => b[1] - a[1] || a[0] - b[0]).map(([id]) => id);
const keptVocab = new Set(specials);
for (const id of byCount) if (id < modelSize && keptVocab.size < KEEP_VOCAB + specials.length) keptVocab.add(id);
const addedById = new Map(tokJson.added_tokens.map((t) => [t.id, t]));
const keptAdded = byCount.filter((id) => id >= modelSize && addedById.has(id)).slice(0, KEEP_ADDED);

// renumber: vocabulary tokens in their original id order, then the added tokens in theirs
const oldIds = [...[...keptVocab].sort((a, b) => a - b), ...keptAdded.sort((a, b) => a - b)];
const newId = new Map(oldIds.map((o, n) => [o, n]));
const tokenOf = new Map(Object.entries(tokJson.model.vocab).map(([s, id]) => [id, s]));
const vocab = {};
for (const o of oldIds) if (o < modelSize) vocab[tokenOf.get(o)] = newId.get(o);
const added = tokJson.added_tokens.filter((t) => newId.has(t.id)).map((t) => ({ ...t, id: newId.get(t.id) }));
const tokenizerJson = JSON.stringify({ ...tokJson, added_tokens: added, model: { ...tokJson.model, vocab } });
const V = oldIds.length;

// float32 rows: int8 × scale
const rows = new Float32Array(V * D);
oldIds.forEach((o, n) => { for (let d = 0; d < D; d++) rows[n * D + d] = Math.fround(int8[o * D + d] * scales[d]); });

const f32Bytes = (a) => new Uint8Array(Float32Array.from(a).buffer);
function halfBits(x) { // float32 value → binary16, round to nearest even
  const u = new Uint32Array(Float32Array.of(x).buffer)[0];
  const sign = (u >>> 16) & 0x8000, e = ((u >>> 23) & 0xff) - 127 + 15;
  let mant = u & 0x7fffff;
  if (((u >>> 23) & 0xff) === 0xff) return sign | 0x7c00 | (mant ? 0x200 : 0);
  if (e >= 0x1f) return sign | 0x7c00;
  if (e <= 0) {
    if (e < -10) return sign;
    mant |= 0x800000;
    const shift = 14 - e, rem = mant & ((1 << shift) - 1), half = 1 << (shift - 1);
    let h = mant >>> shift;
    if (rem > half || (rem === half && (h & 1))) h++;
    return sign | h;
  }
  let h = (e << 10) | (mant >>> 13);
  const rem = mant & 0x1fff;
  if (rem > 0x1000 || (rem === 0x1000 && (h & 1))) h++;
  return sign | h;
}
const f16Bytes = (a) => new Uint8Array(Uint16Array.from(a, halfBits).buffer);

function config(extra) {
  return JSON.stringify({
    model_type: 'model2vec', architectures: ['StaticModel'], tokenizer_name: 'bert-base-multilingual-cased (cut to 605 tokens)',
    apply_pca: D, apply_zipf: true, sif_coefficient: 1e-4, hidden_dim: D, seq_length: 1000000, normalize: true, ...extra,
  }, null, 4);
}
function write(dir, tensors, cfg) {
  const d = join(out, dir);
  mkdirSync(d, { recursive: true });
  writeFileSync(join(d, 'model.safetensors'), safetensors(tensors, null));
  writeFileSync(join(d, 'tokenizer.json'), tokenizerJson);
  writeFileSync(join(d, 'config.json'), cfg + '\n');
}

write('f32', [{ name: 'embeddings', dtype: 'F32', shape: [V, D], data: f32Bytes(rows) }], config({ embedding_dtype: 'float32' }));
write('f16', [{ name: 'embeddings', dtype: 'F16', shape: [V, D], data: f16Bytes(rows) }], config({ embedding_dtype: 'float16' }));
// int8 as Model2Vec's quantize_embeddings: one global scale max|e| / 127, rint, clip to ±127 (in float64 here)
let maxAbs = 0;
for (const x of rows) maxAbs = Math.max(maxAbs, Math.abs(x));
const rint = (x) => { const r = Math.round(x); return Math.abs(x % 1) === 0.5 && r % 2 !== 0 ? r - 1 : r; };
const q = Int8Array.from(rows, (x) => Math.max(-127, Math.min(127, rint(x / (maxAbs / 127)))));
write('i8', [{ name: 'embeddings', dtype: 'I8', shape: [V, D], data: new Uint8Array(q.buffer) }], config({ embedding_dtype: 'int8', normalize: false }));

// vocabulary quantisation as Model2Vec's quantize_vocabulary: weights = row norms (+1e-32), rows divided by
// them, k-means (Lloyd, 25 rounds, seeded random init), centroids become the table, mapping = nearest centroid
const weights = new Float64Array(V), unit = new Float64Array(V * D);
for (let i = 0; i < V; i++) {
  let s = 0;
  for (let d = 0; d < D; d++) s += rows[i * D + d] ** 2;
  weights[i] = Math.sqrt(s) + 1e-32;
  for (let d = 0; d < D; d++) unit[i * D + d] = rows[i * D + d] / weights[i];
}
const next = rng(42);
const centroids = new Float64Array(CLUSTERS * D), mapping = new Int32Array(V);
const picked = new Set();
for (let c = 0; c < CLUSTERS; c++) {
  let i;
  do i = next() % V; while (picked.has(i));
  picked.add(i);
  centroids.set(unit.subarray(i * D, i * D + D), c * D);
}
for (let round = 0; round < 25; round++) {
  for (let i = 0; i < V; i++) {
    let best = 0, bestDist = Infinity;
    for (let c = 0; c < CLUSTERS; c++) {
      let dist = 0;
      for (let d = 0; d < D; d++) dist += (unit[i * D + d] - centroids[c * D + d]) ** 2;
      if (dist < bestDist) { bestDist = dist; best = c; }
    }
    mapping[i] = best;
  }
  const sum = new Float64Array(CLUSTERS * D), n = new Int32Array(CLUSTERS);
  for (let i = 0; i < V; i++) { n[mapping[i]]++; for (let d = 0; d < D; d++) sum[mapping[i] * D + d] += unit[i * D + d]; }
  for (let c = 0; c < CLUSTERS; c++) if (n[c] > 0) for (let d = 0; d < D; d++) centroids[c * D + d] = sum[c * D + d] / n[c];
}
write('vq', [
  { name: 'embeddings', dtype: 'F32', shape: [CLUSTERS, D], data: f32Bytes(centroids) },
  { name: 'weights', dtype: 'F64', shape: [V], data: new Uint8Array(weights.buffer) },
  { name: 'mapping', dtype: 'I32', shape: [V], data: new Uint8Array(mapping.buffer) },
], config({ embedding_dtype: 'float32', vocabulary_quantization: CLUSTERS }));
console.log(`model2vec fixtures in ${out}: ${V} tokens (${keptVocab.size} vocabulary, ${keptAdded.length} added), ${D} dimensions, ${CLUSTERS} clusters`);
