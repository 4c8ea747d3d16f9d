// Model2Vec folders (MinishLab/model2vec's save_pretrained: model.safetensors, config.json, tokenizer.json):
// the token table in F32, F16, I8 (or F64), optional per-token `weights` and vocabulary-quantisation
// `mapping`, pooled in float32 in the order docs/wasm.md "Model2Vec folders" fixes, so that Java and JS
// agree bit for bit. The tables live in JS typed arrays: the int8 WebAssembly kernel (src/pool.wat) is for
// the microembed layout only.

const bad = (msg) => new Error(`model.safetensors: ${msg}`);
const LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

let halfTable = null; // Float32Array(65536): every binary16 value, exactly, built on first use
function halves() {
  if (halfTable) return halfTable;
  const t = new Float32Array(65536);
  for (let h = 0; h < 65536; h++) {
    const sign = h & 0x8000 ? -1 : 1, exp = (h >> 10) & 0x1f, frac = h & 0x3ff;
    t[h] = exp === 0 ? sign * frac * 2 ** -24 : exp === 31 ? (frac ? NaN : sign * Infinity) : sign * (1024 + frac) * 2 ** (exp - 25);
  }
  return (halfTable = t);
}

/** The values of a tensor as float32 (F32 as is, F16 and I8 exactly, F64 rounded once). */
function floatValues(t, what) {
  const n = t.shape.reduce((a, b) => a * b, 1), b = t.bytes;
  const out = new Float32Array(n);
  if (t.dtype === 'F32' && LITTLE_ENDIAN) new Uint8Array(out.buffer).set(b);
  else if (t.dtype === 'F16') {
    const h = halves();
    for (let i = 0; i < n; i++) out[i] = h[b[2 * i] | (b[2 * i + 1] << 8)];
  } else if (t.dtype === 'I8') {
    for (let i = 0; i < n; i++) out[i] = (b[i] << 24) >> 24;
  } else if (t.dtype === 'F32' || t.dtype === 'F64') {
    const dv = new DataView(b.buffer, b.byteOffset, b.byteLength);
    for (let i = 0; i < n; i++) out[i] = t.dtype === 'F32' ? dv.getFloat32(4 * i, true) : dv.getFloat64(8 * i, true);
  } else throw bad(`${what} has dtype ${t.dtype}; Model2Vec tables are F32, F16, I8 or F64`);
  for (let i = 0; i < n; i++) if (!Number.isFinite(out[i])) throw bad(`${what} has a non-finite value at index ${i}`);
  return out;
}

/** The first of Model2Vec's names for the token table that the file has. */
export const TABLE_NAMES = ['embeddings', 'embedding.weight', '0'];

/**
 * The pooling tables of a Model2Vec safetensors file, checked against the tokenizer.
 * @returns {{table: Float32Array, rows: number, dim: number, vocabSize: number, weights: Float32Array|null, mapping: Int32Array|null, dtype: string}}
 */
export function model2vecTables(st, tokenizer) {
  const name = TABLE_NAMES.find((n) => st.tensors.has(n));
  if (!name) throw bad(`no token table: none of the tensors ${TABLE_NAMES.map((n) => JSON.stringify(n)).join(', ')}`);
  const emb = st.tensors.get(name);
  if (emb.shape.length !== 2) throw bad(`"${name}" must have rank 2, found shape [${emb.shape}]`);
  const [rows, dim] = emb.shape;
  if (dim < 1 || dim > 4096) throw bad(`embedding dimension ${dim} out of 1..4096`);
  if (rows < 1) throw bad(`"${name}" has no rows`);
  const table = floatValues(emb, `"${name}"`);
  let mapping = null, weights = null;
  const mp = st.tensors.get('mapping'), wt = st.tensors.get('weights');
  if (mp) {
    if ((mp.dtype !== 'I32' && mp.dtype !== 'I64') || mp.shape.length !== 1) throw bad(`"mapping" must be I32 (or I64) of rank 1, found ${mp.dtype} [${mp.shape}]`);
    const dv = new DataView(mp.bytes.buffer, mp.bytes.byteOffset, mp.bytes.byteLength);
    mapping = new Int32Array(mp.shape[0]);
    for (let i = 0; i < mapping.length; i++) {
      const r = mp.dtype === 'I32' ? dv.getInt32(4 * i, true) : Number(dv.getBigInt64(8 * i, true));
      if (!(r >= 0 && r < rows)) throw bad(`"mapping"[${i}] = ${r} is outside the ${rows} rows of "${name}"`);
      mapping[i] = r;
    }
  }
  const vocabSize = mapping ? mapping.length : rows; // ids the tables cover
  if (wt) {
    if (!['F64', 'F32', 'F16'].includes(wt.dtype) || wt.shape.length !== 1 || wt.shape[0] !== vocabSize)
      throw bad(`"weights" must be F64, F32 or F16 [${vocabSize}], found ${wt.dtype} [${wt.shape}]`);
    weights = floatValues(wt, '"weights"');
  }
  if (vocabSize < tokenizer.vocabSize)
    throw bad(`${mapping ? '"mapping" covers' : `"${name}" has`} ${vocabSize} ${mapping ? 'ids' : 'rows'} but tokenizer.json uses ids up to ${tokenizer.vocabSize - 1}`);
  return { table, rows, dim, vocabSize, weights, mapping, dtype: emb.dtype, tensor: name };
}

/**
 * Model2Vec's character pre-truncation: a text is cut to max_length × median token length code points
 * before tokenising (StaticModel.tokenize; the median over every vocabulary string, in code points, as
 * int(np.median(...))).
 */
export function medianTokenLength(tokenizer) {
  const counts = [];
  let total = 0;
  const add = (s) => {
    let cps = 0;
    for (let k = 0; k < s.length; k++) {
      const c = s.charCodeAt(k);
      if (!(c >= 0xdc00 && c <= 0xdfff && k > 0 && s.charCodeAt(k - 1) >= 0xd800 && s.charCodeAt(k - 1) <= 0xdbff)) cps++;
    }
    counts[cps] = (counts[cps] ?? 0) + 1;
    total++;
  };
  const seen = new Set();
  for (const [s] of tokenizer.whole.entries()) { if (!seen.has(s)) { seen.add(s); add(s); } }
  for (const [s] of tokenizer.addedPairs) if (!seen.has(s)) { seen.add(s); add(s); }
  if (total === 0) return 0;
  const at = (k) => { // the k-th smallest length (0-based)
    for (let len = 0, below = 0; len < counts.length; len++) { below += counts[len] ?? 0; if (k < below) return len; }
    return counts.length - 1;
  };
  const mid = total >> 1;
  return total % 2 ? at(mid) : Math.trunc((at(mid - 1) + at(mid)) / 2);
}

/** The first max code points of text (text itself when it has no more). */
export function firstCodePoints(text, max) {
  if (text.length <= max) return text;
  let cps = 0, i = 0;
  for (; i < text.length && cps < max; i++, cps++) {
    const c = text.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdbff && i + 1 < text.length) {
      const d = text.charCodeAt(i + 1);
      if (d >= 0xdc00 && d <= 0xdfff) i++;
    }
  }
  return text.slice(0, i);
}

/**
 * Float32 pooling of a Model2Vec table (the order is normative, docs/wasm.md): per dimension in token order
 * acc = f32(acc + e) (or f32(acc + f32(w * e)) with weights), then v = f32(acc / n), then — when the model
 * normalises — docs/model-format.md's step 4 (float64 sum of squares from d = 0, f32(v * (1 / sqrt(s)))).
 * Same call shape as the WebAssembly kernels (pointers ignored: ids and out are this object's arrays).
 */
export class FloatPool {
  constructor({ table, dim, weights, mapping }, normalize, maxTokens) {
    this.table = table; this.dim = dim; this.weights = weights; this.mapping = mapping; this.normalize = normalize;
    this.ids = new Int32Array(maxTokens);
    this.out = new Float32Array(dim);
    this.acc = new Float32Array(dim);
    this.pool = (_idsPtr, n) => this.run(n);
  }

  run(n) {
    const { table, dim, weights, mapping, ids, acc, out } = this;
    acc.fill(0);
    for (let i = 0; i < n; i++) {
      const id = ids[i];
      const row = (mapping ? mapping[id] : id) * dim;
      if (weights) {
        const w = weights[id];
        for (let d = 0; d < dim; d++) acc[d] += Math.fround(w * table[row + d]); // Float32Array store = f32 rounding
      } else {
        for (let d = 0; d < dim; d++) acc[d] += table[row + d];
      }
    }
    if (n === 0) { out.fill(0); return; }
    for (let d = 0; d < dim; d++) out[d] = acc[d] / n; // f32(acc / n): f64 division of f32 values, rounded once
    if (!this.normalize) return;
    let s = 0;
    for (let d = 0; d < dim; d++) s += out[d] * out[d];
    if (s === 0 || !Number.isFinite(s)) { out.fill(0); return; }
    const inv = 1 / Math.sqrt(s);
    for (let d = 0; d < dim; d++) out[d] = out[d] * inv;
  }
}
