// microembed for JS: loads a model folder (docs/model-format.md), verifies it, places the int8 table in
// WebAssembly memory and embeds text with the hand-written pooling kernel (src/pool.wat; SIMD128 when the
// engine has it, else the scalar twin, same bits). Tokenisation runs in JS (src/tokenizer.js; why: see
// docs/wasm.md). No dependencies; Node ≥ 18 and browsers.
import { parseSafetensors, parseHeader, headerLengthOf, float32Values } from './safetensors.js';
import { Tokenizer } from './tokenizer.js';
import { kernelModule, simdSupported } from './wasm-modules.js';
import { model2vecTables, medianTokenLength, firstCodePoints } from './model2vec.js';

export { Tokenizer } from './tokenizer.js';
export { parseSafetensors } from './safetensors.js';
export { simdSupported } from './wasm-modules.js';

const REQUIRED = ['model.safetensors', 'tokenizer.json'];
const isNode = typeof process !== 'undefined' && !!process.versions?.node;

/**
 * Node built-ins: process.getBuiltinModule (Node ≥ 20.16 / 22.3) hands them over synchronously, where an
 * import() goes through the ESM loader (about 1.7 ms of a cold start, more on a busy machine); older
 * Nodes import them.
 */
function builtins(names, importAll) {
  return typeof globalThis.process?.getBuiltinModule === 'function' ? names.map((n) => process.getBuiltinModule(n)) : importAll();
}

async function sha256Hex(bytes) {
  // Node: node:crypto's one-shot hash (same OpenSSL as WebCrypto, without loading the WebCrypto layer on a
  // cold start); browsers: WebCrypto.
  if (isNode) return (await builtins(['node:crypto'], () => Promise.all([import('node:crypto')])))[0].createHash('sha256').update(bytes).digest('hex');
  const subtle = globalThis.crypto.subtle;
  const digest = new Uint8Array(await subtle.digest('SHA-256', bytes));
  let hex = '';
  for (const b of digest) hex += b.toString(16).padStart(2, '0');
  return hex;
}

function asBytes(value, name) {
  if (value instanceof Uint8Array) return value;
  if (value instanceof ArrayBuffer) return new Uint8Array(value);
  if (ArrayBuffer.isView(value)) return new Uint8Array(value.buffer, value.byteOffset, value.byteLength);
  throw new Error(`model file set: ${name} must be an ArrayBuffer or Uint8Array`);
}

/** A reader name → Promise<Uint8Array> for a folder path, a URL, or a set of files in memory. */
function fileReader(source) {
  if (source instanceof URL || (typeof source === 'string' && /^(https?|file|blob|data):/i.test(source))) {
    const base = new URL(String(source).endsWith('/') ? String(source) : String(source) + '/');
    if (base.protocol === 'file:' && isNode) return nodeReader(base);
    return async (name) => {
      const url = new URL(name, base);
      let res;
      try { res = await fetch(url); } catch (e) { throw new Error(`${url}: fetch failed (${e.message})`); }
      if (!res.ok) throw new Error(`${url}: HTTP ${res.status}`);
      return new Uint8Array(await res.arrayBuffer());
    };
  }
  if (typeof source === 'string') {
    if (!isNode) return fileReader(new URL(source.endsWith('/') ? source : source + '/', globalThis.location?.href));
    return nodeReader(source);
  }
  if (source && typeof source === 'object' && !ArrayBuffer.isView(source) && !(source instanceof ArrayBuffer)) {
    return async (name) => {
      if (!Object.hasOwn(source, name)) throw new Error(`model file set: ${name} is missing`);
      return asBytes(source[name], name);
    };
  }
  throw new Error('load: source must be a folder path, a URL, or an object {"config.json": bytes, "model.safetensors": bytes, "tokenizer.json": bytes}');
}

/**
 * Reads files of a folder. into(size), when given, may return a Uint8Array of that size to read the file
 * into (the loader reads model.safetensors straight into the WebAssembly memory: no second 6 MB buffer,
 * no copy), or null for an ordinary read.
 */
function nodeReader(dir) {
  return async (name, into) => {
    const [fs, path, url] = await builtins(['node:fs', 'node:path', 'node:url'], () => Promise.all([import('node:fs'), import('node:path'), import('node:url')]));
    const root = dir instanceof URL ? url.fileURLToPath(dir) : dir;
    const file = path.join(root, name);
    try {
      // synchronous: faster on a cold start than the thread pool, and load is once
      if (into) {
        const fd = fs.openSync(file, 'r');
        try {
          const target = into(fs.fstatSync(fd).size);
          if (target) {
            for (let at = 0; at < target.length;) {
              const got = fs.readSync(fd, target, at, target.length - at, at);
              if (got === 0) throw new Error(`ended after ${at} of ${target.length} bytes`);
              at += got;
            }
            return target;
          }
        } finally {
          fs.closeSync(fd);
        }
      }
      const b = fs.readFileSync(file);
      return new Uint8Array(b.buffer, b.byteOffset, b.byteLength);
    } catch (e) {
      throw new Error(`${file}: cannot read (${e.code ?? e.message})`);
    }
  };
}

function parseJson(bytes, file) {
  try {
    return JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes));
  } catch (e) {
    throw new Error(`${file}: not valid UTF-8 JSON (${e.message})`);
  }
}

const cache = new Map(); // cache key → Promise<Model>

function kernelKind(options) {
  return options.simd === undefined ? (simdSupported() ? 'simd' : 'scalar') : options.simd ? 'simd' : 'scalar';
}

/** The cached promise for key (null: no caching), or a new one from start(). */
function cached(key, options, start) {
  if (key !== null && options.cache !== false && cache.has(key)) return cache.get(key);
  const p = start();
  if (key !== null && options.cache !== false) {
    cache.set(key, p);
    p.catch(() => cache.delete(key)); // a failed load may succeed later (file fixed, network back)
  }
  return p;
}

/**
 * Loads (once per source per process) and verifies a model folder.
 * @param {string|URL|Record<string, ArrayBuffer|Uint8Array>} source
 * @param {{simd?: boolean, cache?: boolean}} [options] simd: force (true) or forbid (false) the SIMD kernel
 */
export function load(source, options = {}) {
  const kind = kernelKind(options);
  const key = typeof source === 'string' || source instanceof URL ? `${kind}\u0000${String(source)}` : null;
  return cached(key, options, () => loadUncached(source, kind));
}

/** Forgets every cached model (tests, hot reload). */
export function clearCache() { cache.clear(); }

/**
 * The files of a bundle (the package's model/default.bin): a safetensors file whose U8 [n] tensors are the
 * files of a model folder, named by file name. (scripts/pack-model.mjs also stores the tokenizer's built
 * tables there as "tokenizer/…" tensors; they are not files and are left out here.)
 */
export function bundleFiles(bytes, file = 'bundle') {
  const st = parseSafetensors(asBytes(bytes, file), file);
  if (st.metadata.format !== 'microembed-bundle') throw new Error(`${file}: not a microembed bundle (__metadata__.format is ${JSON.stringify(st.metadata.format)})`);
  const files = {};
  for (const [name, t] of st.tensors) {
    if (name.startsWith('tokenizer/')) continue;
    if (t.dtype !== 'U8' || t.shape.length !== 1) throw new Error(`${file}: ${JSON.stringify(name)} must be U8 of rank 1`);
    files[name] = t.bytes;
  }
  return files;
}

/** Loads a model from bundle bytes (model/default.bin's format; not cached). */
export function loadBundle(bytes, options = {}) {
  const kind = kernelKind(options);
  return Promise.resolve().then(() => loadFromBundle(memoryBundle(asBytes(bytes, 'bundle'), 'bundle'), kind, options.verify === true));
}

/**
 * Loads the model shipped in this package (model/default.bin, built from the repository's vocab/), once
 * per process and kernel. Node reads the file (the table straight into WebAssembly memory); browsers fetch
 * it next to the module.
 */
export function loadDefault(options = {}) {
  const kind = kernelKind(options);
  return cached(`${kind}\u0000default${options.verify === true ? '\u0000verified' : ''}`, options, async () => {
    const url = new URL('../model/default.bin', import.meta.url); // (computed here: some hosts have no import.meta.url)
    const bundle = url.protocol === 'file:' && isNode ? await fileBundle(url, 'model/default.bin')
      : memoryBundle(await fileReader(new URL('.', url))('default.bin'), 'model/default.bin', true);
    return loadFromBundle(bundle, kind, options.verify === true);
  });
}

/**
 * A bundle in memory: {spans, metadata, read(name, into?), range(begin, end, into?)}, views into bytes; with
 * ownTables the tokenizer tables are copied out (into the caller's memory where given), so a fetched bundle
 * (whose table is copied into WebAssembly memory) does not stay alive behind them.
 */
function memoryBundle(bytes, file, ownTables = false) {
  if (bytes.byteOffset % 8 !== 0) bytes = bytes.slice(); // the typed tables need their alignment
  const n = headerLengthOf(bytes, bytes.length, file), dataStart = 8 + n;
  const { metadata, spans } = parseHeader(bytes.subarray(8, dataStart), bytes.length - dataStart, file);
  return {
    file, metadata, spans,
    read: async (name) => {
      const t = spans.get(name);
      if (!t) throw new Error(`${file}: ${name} is missing`);
      return bytes.subarray(dataStart + t.begin, dataStart + t.end);
    },
    range: (begin, end, into) => {
      const part = bytes.subarray(dataStart + begin, dataStart + end);
      if (!ownTables) return part;
      const own = into?.(part.length) ?? new Uint8Array(part.length);
      own.set(part);
      return own;
    },
  };
}

/** A bundle file (Node): the header now, each part read when asked, into the caller's memory where given. */
async function fileBundle(url, file) {
  const [fs, nodeUrl] = await builtins(['node:fs', 'node:url'], () => Promise.all([import('node:fs'), import('node:url')]));
  const path = nodeUrl.fileURLToPath(url);
  let fd;
  const fail = (e) => new Error(`${path}: cannot read (${e.code ?? e.message})`);
  try { fd = fs.openSync(path, 'r'); } catch (e) { throw fail(e); }
  const readAt = (target, position) => {
    for (let at = 0; at < target.length;) {
      const got = fs.readSync(fd, target, at, target.length - at, position + at);
      if (got === 0) throw new Error(`${path}: ended early`);
      at += got;
    }
    return target;
  };
  try {
    const size = fs.fstatSync(fd).size;
    const first = readAt(new Uint8Array(8), 0);
    const n = headerLengthOf(first, size, file), dataStart = 8 + n;
    const { metadata, spans } = parseHeader(readAt(new Uint8Array(n), 8), size - dataStart, file);
    return {
      file, metadata, spans,
      read: async (name, into) => {
        const t = spans.get(name);
        if (!t) throw new Error(`${file}: ${name} is missing`);
        return readAt(into?.(t.end - t.begin) ?? new Uint8Array(t.end - t.begin), dataStart + t.begin);
      },
      range: (begin, end, into) => readAt(into?.(end - begin) ?? new Uint8Array(end - begin), dataStart + begin),
      close: () => fs.closeSync(fd),
    };
  } catch (e) {
    fs.closeSync(fd);
    throw e;
  }
}

const TABLE_TYPES = { I32: Int32Array, U16: Uint16Array };

/**
 * A bundle with the tokenizer's built tables ("tokenizer/…" tensors, one contiguous range) needs no
 * tokenizer.json: the tables are used in place. Checksums: the tables were built from the tokenizer.json
 * whose sha256 config.json lists (checked); the bytes themselves are hashed only with verify (the package's
 * own file, whose integrity npm checks on install), as is model.safetensors.
 */
async function loadFromBundle(bundle, kind, verify) {
  try {
    if (bundle.metadata.format !== 'microembed-bundle') throw new Error(`${bundle.file}: not a microembed bundle (__metadata__.format is ${JSON.stringify(bundle.metadata.format)})`);
    for (const [name, t] of bundle.spans) {
      const type = name.startsWith('tokenizer/') && !name.endsWith('.json') ? TABLE_TYPES[t.dtype] : null;
      if (type ? t.shape.length !== 1 : t.dtype !== 'U8' || t.shape.length !== 1) throw new Error(`${bundle.file}: ${JSON.stringify(name)} must be ${type ? t.dtype : 'U8'} of rank 1`);
    }
    const read = (name, into) => bundle.read(name, into);
    if (!bundle.spans.has('tokenizer/meta.json')) return await loadUncached(read, kind); // files only: as a folder
    const parts = [...bundle.spans].filter(([name]) => name.startsWith('tokenizer/'));
    const from = Math.min(...parts.map(([, t]) => t.begin)), to = Math.max(...parts.map(([, t]) => t.end));
    if (parts.reduce((sum, [, t]) => sum + t.end - t.begin, 0) !== to - from) throw new Error(`${bundle.file}: the tokenizer tables are not one contiguous range`);
    // into WebAssembly memory where the bundle is read or copied anyway, so src/vocab.wat checks the ids in place
    let tableMemory = null;
    const region = bundle.range(from, to, (size) => {
      const pages = Math.max(1, Math.ceil(size / 65536));
      tableMemory = new WebAssembly.Memory({ initial: pages, maximum: pages });
      return new Uint8Array(tableMemory.buffer, 0, size);
    });
    if (verify) {
      const sha = await sha256Hex(region);
      if (sha !== bundle.metadata.tables_sha256) throw new Error(`${bundle.file}: the tokenizer tables' sha256 ${sha} does not match the bundle's (${bundle.metadata.tables_sha256})`);
    }
    const arrays = {};
    let meta = null, added = null;
    for (const [name, t] of parts) {
      const bytes = region.subarray(t.begin - from, t.end - from);
      if (name === 'tokenizer/meta.json') { meta = parseJson(bytes, `${bundle.file}: tokenizer/meta.json`); continue; }
      if (name === 'tokenizer/added.json') { added = bytes; continue; }
      const Type = TABLE_TYPES[t.dtype];
      arrays[name.slice('tokenizer/'.length)] = bytes.byteOffset % Type.BYTES_PER_ELEMENT === 0
        ? new Type(bytes.buffer, bytes.byteOffset, t.shape[0]) : new Type(bytes.slice().buffer);
    }
    const config = parseJson(await read('config.json'), 'config.json');
    const listed = config?.microembed?.files?.['tokenizer.json']?.sha256;
    if (typeof listed !== 'string' || listed.toLowerCase() !== bundle.metadata.tokenizer_sha256)
      throw new Error(`${bundle.file}: its tokenizer tables were built from tokenizer.json ${bundle.metadata.tokenizer_sha256}, config.json lists ${listed}`);
    const tokenizer = Tokenizer.fromCompiled(meta, arrays, added, `${bundle.file}: tokenizer tables`, tableMemory);
    return await loadUncached(read, kind, { tokenizer, verify });
  } finally {
    bundle.close?.();
  }
}

/** bytes, once their length matches a config.json files entry {sha256, bytes}. */
function sized(name, bytes, entry) {
  if (!entry || typeof entry.sha256 !== 'string' || !Number.isSafeInteger(entry.bytes)) throw new Error(`config.json: files.${name} needs "sha256" and "bytes"`);
  if (bytes.length !== entry.bytes) throw new Error(`${name}: ${bytes.length} bytes, config.json says ${entry.bytes} (truncated or replaced?)`);
  return bytes;
}

/** bytes, once they match a config.json files entry {sha256, bytes}. */
async function verified(name, bytes, entry) {
  sized(name, bytes, entry);
  const sha = await sha256Hex(bytes);
  if (sha !== entry.sha256.toLowerCase()) throw new Error(`${name}: sha256 ${sha} does not match config.json (${entry.sha256})`);
  return bytes;
}

/**
 * A Model2Vec folder: model.safetensors + tokenizer.json + config.json as save_pretrained writes them.
 * Model2Vec has no checksums; a config.json "microembed": {"files": {name: {sha256, bytes}}} list (no
 * format_version) is verified when present. Pooling: src/model2vec.js.
 */
async function loadModel2Vec(read, config, kind) {
  const bad = (msg) => new Error(`config.json: ${msg}`);
  const listed = config.microembed?.files;
  if (listed !== undefined && (listed === null || typeof listed !== 'object' || Array.isArray(listed))) throw bad('"microembed.files" is not an object');
  const normalize = config.normalize ?? false; // StaticModel: config.get("normalize", False)
  if (typeof normalize !== 'boolean') throw bad(`"normalize" must be true or false, found ${JSON.stringify(config.normalize)}`);
  const names = [...new Set(['model.safetensors', 'tokenizer.json', ...Object.keys(listed ?? {})])];
  const contents = await Promise.all(names.map(async (name) => {
    const bytes = await read(name);
    return listed?.[name] ? verified(name, bytes, listed[name]) : bytes;
  }));
  const tokenizer = new Tokenizer(contents[1], 'tokenizer.json');
  const maxTokens = 512; // StaticModel.encode's max_length
  // WebAssembly memory of src/pool-float.wat: table f32 [rows*D] | weights f32 [V] | mapping i32 [V] | ids | out
  const align = (x) => (x + 15) & ~15;
  let memory = null, at = null;
  const allocate = ({ rows, dim, vocabSize, weights, mapping }) => {
    const tableBytes = 4 * rows * dim, vBytes = 4 * vocabSize;
    at = { table: 0, weights: align(tableBytes), mapping: align(tableBytes) + (weights ? align(vBytes) : 0) };
    at.ids = at.mapping + (mapping ? align(vBytes) : 0);
    at.out = align(at.ids + 4 * maxTokens);
    const bytes = at.out + 4 * dim + 16, pages = Math.ceil(bytes / 65536);
    if (pages > 32768) throw new Error(`model.safetensors: the float32 table needs ${bytes} bytes of WebAssembly memory, over the 2 GiB limit`);
    try { memory = new WebAssembly.Memory({ initial: pages, maximum: pages }); } catch (e) { throw new Error(`cannot allocate ${pages * 64} KiB of WebAssembly memory (${e.message})`); }
    const buf = memory.buffer;
    return { table: new Float32Array(buf, 0, rows * dim), weights: weights ? new Float32Array(buf, at.weights, vocabSize) : null,
      mapping: mapping ? new Int32Array(buf, at.mapping, vocabSize) : null };
  };
  const tables = model2vecTables(parseSafetensors(contents[0], 'model.safetensors'), tokenizer, allocate);
  if (config.hidden_dim !== undefined && config.hidden_dim !== tables.dim) throw bad(`hidden_dim ${JSON.stringify(config.hidden_dim)} but model.safetensors has ${tables.dim}`);
  const instance = new WebAssembly.Instance(await kernelModule(`float_${kind}`), { env: { memory } });
  instance.exports.init(at.table, at.weights, at.mapping, tables.dim, (tables.weighted ? 1 : 0) | (tables.mapped ? 2 : 0) | (normalize ? 4 : 0));
  return new Model({
    config, tokenizer, kind, format: 'model2vec', pooling: tables.weighted ? 'weighted_mean' : 'mean', normalize,
    dim: tables.dim, vocabSize: tables.vocabSize, maxTokens, maxChars: maxTokens * medianTokenLength(tokenizer),
    memory, exports: instance.exports, pool: instance.exports.pool, idsPtr: at.ids, outPtr: at.out, dtype: tables.dtype,
    ids: new Int32Array(memory.buffer, at.ids, maxTokens), out: new Float32Array(memory.buffer, at.out, tables.dim),
  });
}

/**
 * source: a folder path, URL, files object, or read(name, into?) function; prebuilt (bundles with built
 * tables): {tokenizer, verify} — tokenizer.json is not read, and model.safetensors is hashed only if verify.
 */
async function loadUncached(source, kind, prebuilt = null) {
  const read = typeof source === 'function' ? source : fileReader(source);
  const config = parseJson(await read('config.json'), 'config.json');
  const bad = (msg) => new Error(`config.json: ${msg}`);
  if (config === null || typeof config !== 'object' || Array.isArray(config)) throw bad('not a JSON object');
  const me = config.microembed;
  // microembed's layout says so (microembed.format_version); every other folder is read as Model2Vec's
  if (me === undefined || (me && typeof me === 'object' && me.format_version === undefined)) return loadModel2Vec(read, config, kind);
  if (!me || typeof me !== 'object') throw bad('"microembed" is not an object');
  if (me.format_version !== 1) throw bad(`format_version ${JSON.stringify(me.format_version)} is not supported (need 1)`);
  if (!Number.isInteger(me.dim) || me.dim < 1 || me.dim > 4096) throw bad(`dim ${JSON.stringify(me.dim)} out of 1..4096`);
  if (!Number.isInteger(me.vocab_size) || me.vocab_size < 1) throw bad(`bad vocab_size ${JSON.stringify(me.vocab_size)}`);
  if (me.pooling !== 'mean' && me.pooling !== 'weighted_mean') throw bad(`pooling ${JSON.stringify(me.pooling)} is not "mean" or "weighted_mean"`);
  const maxTokens = me.max_tokens ?? 512;
  if (!Number.isInteger(maxTokens) || maxTokens < 1 || maxTokens > 1 << 20) throw bad(`max_tokens ${JSON.stringify(me.max_tokens)} out of 1..${1 << 20}`);
  const files = me.files;
  if (!files || typeof files !== 'object') throw bad('no "files" object');
  for (const name of REQUIRED) if (!files[name]) throw bad(`"files" does not list ${name}`);

  // The kernel's memory: model.safetensors as it is in the file (the tensors are used in place), then
  // acc | ids | out. A folder read puts the file there directly (into); other sources are copied below.
  const align = (x) => (x + 15) & ~15;
  const tailBytes = (d) => 4 * d + 16 + 4 * maxTokens + 16 + 4 * d + 16;
  const newMemory = (fileBytes, d) => {
    const pages = Math.ceil((align(fileBytes) + tailBytes(d)) / 65536);
    if (pages > 32768) throw new Error(`model.safetensors: model needs ${align(fileBytes) + tailBytes(d)} bytes of WebAssembly memory, over the 2 GiB limit`);
    try {
      return new WebAssembly.Memory({ initial: pages, maximum: pages });
    } catch (e) {
      throw new Error(`cannot allocate ${pages * 64} KiB of WebAssembly memory (${e.message})`);
    }
  };
  let memory = null;
  const stExpected = files['model.safetensors']?.bytes;
  const intoMemory = (size) => {
    if (size !== stExpected || Math.ceil((align(size) + tailBytes(me.dim)) / 65536) > 32768) return null; // the checks below name the problem
    try { memory = newMemory(size, me.dim); } catch { memory = null; return null; }
    return new Uint8Array(memory.buffer, 0, size);
  };

  // Every listed file: bytes and sha256 must match (docs/model-format.md).
  const names = prebuilt ? ['model.safetensors'] : Object.keys(files);
  const contents = await Promise.all(names.map(async (name) => {
    const bytes = await read(name, name === 'model.safetensors' ? intoMemory : undefined);
    return prebuilt && !prebuilt.verify ? sized(name, bytes, files[name]) : verified(name, bytes, files[name]);
  }));
  const file = (name) => contents[names.indexOf(name)];

  const tokenizer = prebuilt?.tokenizer ?? new Tokenizer(file('tokenizer.json'), 'tokenizer.json');
  const st = parseSafetensors(file('model.safetensors'), 'model.safetensors');
  const stBad = (msg) => new Error(`model.safetensors: ${msg}`);
  const emb = st.tensors.get('embeddings'), sc = st.tensors.get('scales'), wt = st.tensors.get('weights');
  if (!emb || emb.dtype !== 'I8' || emb.shape.length !== 2) throw stBad('"embeddings" must be an I8 tensor of rank 2');
  const [V, D] = emb.shape;
  if (D < 1 || D > 4096) throw stBad(`embedding dimension ${D} out of 1..4096`);
  if (!sc || sc.dtype !== 'F32' || sc.shape.length !== 1 || sc.shape[0] !== D) throw stBad(`"scales" must be F32 [${D}]`);
  const scales = float32Values(sc);
  if (!scales.every(Number.isFinite)) throw stBad('"scales" has a non-finite value');
  const weighted = me.pooling === 'weighted_mean';
  if (weighted && !wt) throw stBad('pooling is weighted_mean but there is no "weights" tensor');
  if (wt) {
    if (wt.dtype !== 'F32' || wt.shape.length !== 1 || wt.shape[0] !== V) throw stBad(`"weights" must be F32 [${V}]`);
    if (!float32Values(wt).every(Number.isFinite)) throw stBad('"weights" has a non-finite value');
  }
  if (me.dim !== D) throw bad(`dim ${me.dim} but model.safetensors has ${D}`);
  if (me.vocab_size !== V) throw bad(`vocab_size ${me.vocab_size} but model.safetensors has ${V} rows`);
  if (V < tokenizer.vocabSize) throw stBad(`${V} rows but tokenizer.json uses ids up to ${tokenizer.vocabSize - 1}`);

  // Memory layout: the file (table, scales and weights where they are in it) | acc | ids | out.
  const stBytes = file('model.safetensors');
  if (!memory || stBytes.buffer !== memory.buffer || stBytes.byteOffset !== 0) {
    memory = newMemory(stBytes.length, D);
    new Uint8Array(memory.buffer).set(stBytes);
  }
  const at = (tensorBytes) => tensorBytes.byteOffset - stBytes.byteOffset; // offset in the file = in memory
  const tablePtr = at(emb.bytes), scalesPtr = at(sc.bytes), weightsPtr = weighted ? at(wt.bytes) : 0;
  const accPtr = align(stBytes.length + 16);
  const idsPtr = align(accPtr + 4 * D);
  const outPtr = align(idsPtr + 4 * maxTokens);
  if (outPtr + 4 * D > memory.buffer.byteLength) throw new Error('internal: WebAssembly memory too small'); // cannot happen: D == me.dim here
  const instance = new WebAssembly.Instance(await kernelModule(kind), { env: { memory } });
  instance.exports.init(tablePtr, scalesPtr, weightsPtr, accPtr, D);
  return new Model({
    config, tokenizer, kind, format: 'microembed', pooling: weighted ? 'weighted_mean' : 'mean', normalize: true, dtype: 'I8',
    dim: D, vocabSize: V, maxTokens, maxChars: Infinity, memory, exports: instance.exports,
    pool: weighted ? instance.exports.pool_weighted : instance.exports.pool_mean, idsPtr, outPtr,
    ids: new Int32Array(memory.buffer, idsPtr, maxTokens), out: new Float32Array(memory.buffer, outPtr, D),
  });
}

function textError(where, text) {
  return new Error(`${where}: text must be a string, got ${text === null ? 'null' : typeof text}`);
}

/** A loaded model. Methods are synchronous and reuse one scratch area: not re-entrant across threads (JS has none). */
export class Model {
  constructor(m) {
    this.config = m.config;
    this.tokenizer = m.tokenizer;
    this.format = m.format; // 'microembed' | 'model2vec'
    this.dtype = m.dtype; // the token table's safetensors dtype
    this.dim = m.dim;
    this.vocabSize = m.vocabSize;
    this.maxTokens = m.maxTokens;
    this.maxChars = m.maxChars; // Model2Vec's pre-truncation in code points (Infinity: none)
    this.pooling = m.pooling;
    this.normalize = m.normalize;
    this.kernel = m.kind; // 'simd' | 'scalar': src/pool.wat for int8 tables, src/pool-float.wat for Model2Vec's
    this.memory = m.memory ?? null;
    this.exports = m.exports ?? null;
    this.pool = m.pool; // (idsPtr, n, outPtr): pools ids[0, n) into out
    this.idsPtr = m.idsPtr;
    this.outPtr = m.outPtr;
    this.ids = m.ids;
    this.out = m.out;
  }

  /** Bytes of WebAssembly linear memory this model holds. */
  get memoryBytes() { return this.memory ? this.memory.buffer.byteLength : 0; }

  /** The ids of text in this.ids (Model2Vec's pre-truncation first, unknown dropped, capped); their count. */
  encode(text) {
    if (text.length > this.maxChars) text = firstCodePoints(text, this.maxChars);
    return this.tokenizer.encodeInto(text, this.ids, true, this.maxTokens);
  }

  /** The embedding of `text`: L2-normalised (or, for a Model2Vec folder with normalize false, the mean); zero when no known token remains. */
  embed(text) {
    if (typeof text !== 'string') throw textError('embed', text);
    const n = this.encode(text);
    this.pool(this.idsPtr, n, this.outPtr);
    return this.out.slice();
  }

  /** Like embed, into a caller's Float32Array of length dim (allocates nothing). */
  embedInto(text, out) {
    if (typeof text !== 'string') throw textError('embedInto', text);
    if (!(out instanceof Float32Array) || out.length !== this.dim) throw new Error(`embedInto: out must be a Float32Array of length ${this.dim}`);
    const n = this.encode(text);
    this.pool(this.idsPtr, n, this.outPtr);
    out.set(this.out);
    return out;
  }

  /** Pools given token ids (already tokenised; unknown ids are not dropped here, the first maxTokens are used). */
  embedIds(ids) {
    const n = Math.min(ids.length, this.maxTokens);
    for (let i = 0; i < n; i++) {
      const id = ids[i];
      if (!Number.isInteger(id) || id < 0 || id >= this.vocabSize) throw new Error(`embedIds: id ${id} at ${i} is outside 0..${this.vocabSize - 1}`);
      this.ids[i] = id;
    }
    this.pool(this.idsPtr, n, this.outPtr);
    return this.out.slice();
  }

  embedBatch(texts) {
    if (!Array.isArray(texts)) throw new Error('embedBatch: texts must be an array of strings');
    return texts.map((t, i) => {
      if (typeof t !== 'string') throw textError(`embedBatch[${i}]`, t);
      return this.embed(t);
    });
  }

  /** Token ids that embed(text) pools (unknown dropped, capped at maxTokens). */
  tokenIds(text) {
    if (typeof text !== 'string') throw textError('tokenIds', text);
    const n = this.encode(text);
    return Array.from(this.ids.subarray(0, n));
  }

  /** Cosine similarity of two texts. */
  similarity(a, b) { return similarity(this.embed(a), this.embed(b)); }
}

function checkVector(v, what) {
  if (!(v instanceof Float32Array) && !Array.isArray(v)) throw new Error(`${what} must be a Float32Array or an array of numbers`);
}

/** Cosine similarity of two vectors (0 when either is zero), computed in float64. */
export function similarity(a, b) {
  checkVector(a, 'similarity: a');
  checkVector(b, 'similarity: b');
  if (a.length !== b.length) throw new Error(`similarity: lengths differ (${a.length} vs ${b.length})`);
  let dot = 0, na = 0, nb = 0;
  for (let i = 0; i < a.length; i++) { dot += a[i] * b[i]; na += a[i] * a[i]; nb += b[i] * b[i]; }
  return na === 0 || nb === 0 ? 0 : dot / Math.sqrt(na * nb);
}

/** Indices of the k vectors most similar to query (cosine), best first; ties go to the lower index. */
export function topK(query, vectors, k) {
  checkVector(query, 'topK: query');
  if (!Array.isArray(vectors)) throw new Error('topK: vectors must be an array of vectors');
  if (!Number.isInteger(k) || k < 0) throw new Error(`topK: k must be a non-negative integer, got ${k}`);
  k = Math.min(k, vectors.length);
  const bestIdx = new Int32Array(k), bestSim = new Float64Array(k);
  let size = 0;
  for (let i = 0; i < vectors.length; i++) {
    const s = similarity(query, vectors[i]);
    if (size === k && !(s > bestSim[k - 1])) continue;
    let j = size < k ? size++ : k - 1;
    while (j > 0 && s > bestSim[j - 1]) { bestSim[j] = bestSim[j - 1]; bestIdx[j] = bestIdx[j - 1]; j--; }
    bestSim[j] = s;
    bestIdx[j] = i;
  }
  return Array.from(bestIdx.subarray(0, size));
}
