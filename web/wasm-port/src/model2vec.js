// Model2Vec folders (MinishLab/model2vec's save_pretrained: model.safetensors, config.json, tokenizer.json):
// the token table in F32, F16, I8 (or F64), optional per-token `weights` and vocabulary-quantisation
// `mapping`, all widened to float32 straight into the WebAssembly memory of src/pool-float.wat, which pools
// in the order web/wasm-port/README.md "Model2Vec folders" fixes (so Java and JS agree bit for bit).

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

/** The values of a tensor as float32 (F32 as is, F16 and I8 exactly, F64 rounded once), into out. */
function floatValues(t, what, out) {
  const n = out.length, b = t.bytes;
  if (t.dtype === 'F32' && LITTLE_ENDIAN) new Uint8Array(out.buffer, out.byteOffset, out.byteLength).set(b);
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
 * The pooling tables of a Model2Vec safetensors file, checked against the tokenizer, written into the
 * arrays allocate({rows, dim, vocabSize, weights, mapping}) returns ({table, weights?, mapping?}).
 */
export function model2vecTables(st, tokenizer, allocate) {
  const name = TABLE_NAMES.find((n) => st.tensors.has(n));
  if (!name) throw bad(`no token table: none of the tensors ${TABLE_NAMES.map((n) => JSON.stringify(n)).join(', ')}`);
  const emb = st.tensors.get(name);
  if (emb.shape.length !== 2) throw bad(`"${name}" must have rank 2, found shape [${emb.shape}]`);
  const [rows, dim] = emb.shape;
  if (dim < 1 || dim > 4096) throw bad(`embedding dimension ${dim} out of 1..4096`);
  if (rows < 1) throw bad(`"${name}" has no rows`);
  if (!['F32', 'F16', 'I8', 'F64'].includes(emb.dtype)) throw bad(`"${name}" has dtype ${emb.dtype}; Model2Vec tables are F32, F16, I8 or F64`);
  const mp = st.tensors.get('mapping'), wt = st.tensors.get('weights');
  if (mp && ((mp.dtype !== 'I32' && mp.dtype !== 'I64') || mp.shape.length !== 1)) throw bad(`"mapping" must be I32 (or I64) of rank 1, found ${mp.dtype} [${mp.shape}]`);
  const vocabSize = mp ? mp.shape[0] : rows; // ids the tables cover
  if (wt && (!['F64', 'F32', 'F16'].includes(wt.dtype) || wt.shape.length !== 1 || wt.shape[0] !== vocabSize))
    throw bad(`"weights" must be F64, F32 or F16 [${vocabSize}], found ${wt.dtype} [${wt.shape}]`);
  if (vocabSize < tokenizer.vocabSize)
    throw bad(`${mp ? '"mapping" covers' : `"${name}" has`} ${vocabSize} ${mp ? 'ids' : 'rows'} but tokenizer.json uses ids up to ${tokenizer.vocabSize - 1}`);
  const target = allocate({ rows, dim, vocabSize, weights: !!wt, mapping: !!mp });
  floatValues(emb, `"${name}"`, target.table);
  if (mp) {
    const dv = new DataView(mp.bytes.buffer, mp.bytes.byteOffset, mp.bytes.byteLength);
    const mapping = target.mapping;
    for (let i = 0; i < mapping.length; i++) {
      const r = mp.dtype === 'I32' ? dv.getInt32(4 * i, true) : Number(dv.getBigInt64(8 * i, true));
      if (!(r >= 0 && r < rows)) throw bad(`"mapping"[${i}] = ${r} is outside the ${rows} rows of "${name}"`);
      mapping[i] = r;
    }
  }
  if (wt) floatValues(wt, '"weights"', target.weights);
  return { rows, dim, vocabSize, weighted: !!wt, mapped: !!mp, dtype: emb.dtype, tensor: name };
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
  for (const s of tokenizer.medianStrings()) add(s);
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
