// The Hugging Face BERT tokenizer pipeline of a microembed tokenizer.json, in plain JS, exactly as the
// Java runtime (docs/tokenizer.md): added tokens matched leftmost-longest on the raw text →
// BertNormalizer (clean text, pad CJK, no lower-casing for cased vocabularies) → BertPreTokenizer
// (split on whitespace, isolate punctuation) → WordPiece (greedy longest match, a word that cannot be
// covered is one [UNK]). All of it runs as one pass over the text that stops once the output is full,
// so a capped encode of a 1 MB string costs only as much text as it reads. Character classes come from
// the tokenizer's own tables (dist/unicode-tables.js, built from spec/unicode), never from the JS
// engine's \p{…}, whose Unicode version differs between engines.
import { CLASS_RANGES } from '../dist/unicode-tables.js';
import { locateVocab, withEmptyVocab } from './json-vocab.js';
import { vocabModule } from './wasm-modules.js';
import { isFusedBert, pipelineStages, PipelineEncoder } from './pipeline.js';
import { unigramFromJson } from './unigram.js';

const REMOVE = 1, SPACE = 2, PUNCT = 4, CJK = 8; // flags per code point

let classFlags = null; // Uint8Array(0x110000), built once per process (about 1 ms)

function flagsTable() {
  if (classFlags) return classFlags;
  const t = new Uint8Array(0x110000);
  // fill, not OR: the classes are disjoint except that REMOVE (filled last) wins, as clean_text runs first
  const put = (ranges, flag) => { for (let i = 0; i < ranges.length; i += 2) t.fill(flag, ranges[i], ranges[i + 1] + 1); };
  put(CLASS_RANGES.whitespace, SPACE);
  put(CLASS_RANGES.punctuation, PUNCT);
  put(CLASS_RANGES.cjk, CJK);
  put(CLASS_RANGES.remove, REMOVE); // clean_text drops these before anything else sees them
  classFlags = t;
  return t;
}

/** FNV-1a over UTF-16 code units, the one hash of both tables below. */
const FNV_OFFSET = 0x811c9dc5 | 0, FNV_PRIME = 0x01000193;

/** Key characters (UTF-16 code units) shared by the tables that point into them. */
class CharPool {
  constructor(capacity) { this.chars = new Uint16Array(capacity); this.length = 0; }
  ensure(extra) {
    if (this.length + extra <= this.chars.length) return;
    const c = new Uint16Array(Math.max(this.chars.length * 2, this.length + extra));
    c.set(this.chars.subarray(0, this.length));
    this.chars = c;
  }
}

let getScratch = new Uint16Array(64); // IdTable.get's buffer (load time only, single-threaded)
const BLOOM_WORDS = 1 << 15; // 2^20 bits
const EMPTY_BLOOM = new Int32Array(BLOOM_WORDS).fill(-1); // "maybe" everywhere, for empty tables

/**
 * Open-addressing map of UTF-16 strings → ids, looked up by a range of a code-unit buffer so the hot path
 * never builds a string. Keys live in a shared code-unit pool (`CharPool`): the WordPiece continuation
 * table points into the same characters as the whole-word table. A repeated key keeps its last id, as
 * JSON.parse would.
 */
class IdTable {
  constructor(pool, capacity) {
    this.pool = pool;
    let size = 16;
    while (size < capacity * 2) size <<= 1;
    this.mask = size - 1;
    // Per slot: entry, full hash. A probe compares hashes before touching the entry, so a miss costs
    // one cache line; per entry: start, length, id, together for the same reason.
    this.slots = new Int32Array(2 * size).fill(-1);
    this.ent = new Int32Array(3 * (size >> 1));
    this.count = 0;
    // 2^20-bit filter, two bits per key: a failed lookup (most WordPiece candidates fail) usually stops
    // here, in 128 KB that stays in cache, instead of missing the cache on the slots.
    this.bloom = capacity > 0 ? new Int32Array(BLOOM_WORDS) : EMPTY_BLOOM;
  }

  /** A table whose arrays were filled elsewhere (src/vocab.wat), same layout and hash. */
  static fromArrays(pool, ent, slots, count, bloom) {
    const t = new IdTable(pool, 0); // same hidden class as every other table: monomorphic lookups
    t.slots = slots; t.mask = (slots.length >> 1) - 1; t.ent = ent; t.count = count; t.bloom = bloom;
    return t;
  }

  start(e) { return this.ent[3 * e]; }
  len(e) { return this.ent[3 * e + 1]; }
  id(e) { return this.ent[3 * e + 2]; }

  /** Maps pool chars [from, from+len) (hash h) to id. */
  insert(from, len, h, id) {
    const chars = this.pool.chars, ent = this.ent;
    let slot = h & this.mask;
    for (;; slot = (slot + 1) & this.mask) {
      const e = this.slots[2 * slot];
      if (e === -1) break;
      if (this.slots[2 * slot + 1] !== h || ent[3 * e + 1] !== len) continue;
      const s = ent[3 * e];
      let k = 0;
      while (k < len && chars[s + k] === chars[from + k]) k++;
      if (k === len) { ent[3 * e + 2] = id; return; }
    }
    const e = this.count++;
    if (this.bloom === EMPTY_BLOOM) this.bloom = new Int32Array(BLOOM_WORDS);
    const b1 = h >>> 12, b2 = Math.imul(h, 0x9e3779b1) >>> 12;
    this.bloom[b1 >>> 5] |= 1 << (b1 & 31);
    this.bloom[b2 >>> 5] |= 1 << (b2 & 31);
    this.slots[2 * slot] = e;
    this.slots[2 * slot + 1] = h;
    ent[3 * e] = from;
    ent[3 * e + 1] = len;
    ent[3 * e + 2] = id;
    if (this.count * 2 > this.mask) this.grow();
  }

  grow() {
    const size = (this.mask + 1) * 2;
    const ent = new Int32Array(3 * (size >> 1));
    ent.set(this.ent);
    this.ent = ent;
    this.mask = size - 1;
    this.slots = new Int32Array(2 * size).fill(-1);
    const chars = this.pool.chars;
    for (let e = 0; e < this.count; e++) {
      let h = FNV_OFFSET;
      for (let k = ent[3 * e], end = k + ent[3 * e + 1]; k < end; k++) h = Math.imul(h ^ chars[k], FNV_PRIME);
      let slot = h & this.mask;
      while (this.slots[2 * slot] !== -1) slot = (slot + 1) & this.mask;
      this.slots[2 * slot] = e;
      this.slots[2 * slot + 1] = h;
    }
  }

  /** Id of buf[from, to) whose FNV hash is h, or -1. */
  find(buf, from, to, h) {
    const bloom = this.bloom, b1 = h >>> 12, b2 = Math.imul(h, 0x9e3779b1) >>> 12;
    if ((bloom[b1 >>> 5] & (1 << (b1 & 31))) === 0 || (bloom[b2 >>> 5] & (1 << (b2 & 31))) === 0) return -1;
    const slots = this.slots, mask = this.mask, ent = this.ent, chars = this.pool.chars;
    const len = to - from;
    for (let slot = h & mask; ; slot = (slot + 1) & mask) {
      const e = slots[2 * slot];
      if (e === -1) return -1;
      if (slots[2 * slot + 1] !== h) continue;
      const b = 3 * e;
      if (ent[b + 1] !== len) continue;
      const s = ent[b];
      let k = 0;
      while (k < len && chars[s + k] === buf[from + k]) k++;
      if (k === len) return ent[b + 2];
    }
  }

  /** Id of a whole string, or -1. */
  get(str) {
    if (!(getScratch.length >= str.length)) getScratch = new Uint16Array(Math.max(64, str.length));
    const buf = getScratch;
    let h = FNV_OFFSET;
    for (let k = 0; k < str.length; k++) { buf[k] = str.charCodeAt(k); h = Math.imul(h ^ buf[k], FNV_PRIME); }
    return this.find(buf, 0, str.length, h);
  }

  /** [string, id] of every entry (slow; for token()). */
  *entries() {
    const chars = this.pool.chars;
    for (let e = 0; e < this.count; e++) {
      if (this.id(e) < 0) continue; // a repeated key's dead entry
      let s = '';
      for (let k = this.start(e); k < this.start(e) + this.len(e); k++) s += String.fromCharCode(chars[k]);
      yield [s, this.id(e)];
    }
  }
}

/** Copies a string into the pool and maps it to id. */
function addString(table, str, id) {
  const pool = table.pool;
  pool.ensure(str.length);
  const from = pool.length;
  let h = FNV_OFFSET;
  for (let k = 0; k < str.length; k++) {
    const c = str.charCodeAt(k);
    pool.chars[from + k] = c;
    h = Math.imul(h ^ c, FNV_PRIME);
  }
  pool.length += str.length;
  table.insert(from, str.length, h, id);
}

/** Largest WebAssembly scratch memory a vocabulary load has used (freed after the load; reported by the benchmark). */
export let peakScratchBytes = 0;


/**
 * Builds the whole-word table from the vocab object at bytes[pos] with src/vocab.wat. Returns
 * {end, finish(prefix) → {whole, cont}} or null when that parser refuses the text (then JSON.parse decides).
 * The WebAssembly memory is scratch: the tables are copied out at their exact sizes.
 */
function wasmVocab(bytes) {
  const n = bytes.length;
  const align = (x) => (x + 15) & ~15;
  // Scratch layout: src | chars (UTF-16: at most one unit per byte) | prefix | starts | lens | ids, sized
  // for an entry per 12 bytes (a 120k-entry mBERT vocabulary has one per 16); a denser vocabulary makes
  // parse ask for room (-2) and the arrays move to the end for an entry per 5 bytes (the minimum, "":0,).
  // At finish the source bytes are dead: the whole-word slots and both filters go there when they fit.
  const chars = align(n), prefixAt = align(chars + 2 * n);
  let cap = Math.floor(n / 12) + 16, starts = align(prefixAt + 2 * 256);
  const memory = new WebAssembly.Memory({ initial: Math.ceil((starts + 12 * cap) / 65536) });
  new Uint8Array(memory.buffer).set(bytes);
  const x = new WebAssembly.Instance(vocabModule(), { env: { memory } }).exports;
  return {
    skip: (b, i) => x.skip_value(0, n, i),
    read: (pos) => {
      let end = parseInSlices(x, n, pos, chars, starts, cap);
      if (end === -2) {
        starts = align(starts + 12 * cap);
        cap = Math.floor(n / 5) + 2;
        growTo(memory, starts + 12 * cap);
        end = parseInSlices(x, n, pos, chars, starts, cap);
      }
      if (end < 0) return null;
      const layout = { n: chars, chars, starts, lens: starts + 4 * cap, ids: starts + 8 * cap, prefixAt, base: align(starts + 12 * cap) };
      return { end, finish: finisher(x, memory, layout) };
    },
  };
}

/** parse in slices of 8192 entries, so the engine can move it to optimised code between calls (as insertAll). */
function parseInSlices(x, n, pos, chars, starts, cap) {
  let end = x.parse(0, n, pos, chars, starts, starts + 4 * cap, starts + 8 * cap, cap, 8192, 0);
  while (end === -3) end = x.parse(0, n, x.resume_pos.value, chars, starts, starts + 4 * cap, starts + 8 * cap, cap, x.count.value + 8192, 1);
  return end;
}

function growTo(memory, bytes) {
  if (bytes > memory.buffer.byteLength) memory.grow(Math.ceil((bytes - memory.buffer.byteLength) / 65536));
}

/**
 * insert_all in slices: an engine compiles a module first with a quick baseline compiler and moves a
 * function to optimised code only between calls, so one long call would stay baseline throughout.
 */
function insertAll(x, count, ...rest) {
  for (let from = 0; from < count; from += 8192) x.insert_all(from, Math.min(count, from + 8192), ...rest);
}

function finisher(x, memory, { n, chars, starts, lens, ids, prefixAt, base }) {
  const count = x.count.value, used = x.chars_used.value;
  const finish = (prefix) => {
    const pl = Math.min(prefix.length, 256);
    const pv = new Uint16Array(memory.buffer, prefixAt, 256);
    for (let k = 0; k < pl; k++) pv[k] = prefix.charCodeAt(k);
    const slotsFor = (c) => { let size = 16; while (size < c * 2) size <<= 1; return size; };
    const s1 = slotsFor(count), bloomBytes = 4 * BLOOM_WORDS;
    // the dead source bytes [0, n) take the whole-word slots and both filters when they fit
    const inSrc = 8 * s1 + 2 * bloomBytes <= n;
    const slots1 = inSrc ? 0 : base, bloom1 = inSrc ? 8 * s1 : base + 8 * s1, bloom2 = bloom1 + bloomBytes;
    const oStarts = inSrc ? base : bloom2 + bloomBytes, oLens = oStarts + 4 * count, oIds = oLens + 4 * count;
    const base2 = oIds + 4 * count;
    growTo(memory, base2 + 8 * s1);
    new Int32Array(memory.buffer, slots1, 2 * s1).fill(-1);
    new Int32Array(memory.buffer, bloom1, 2 * BLOOM_WORDS).fill(0);
    insertAll(x, count, chars, starts, lens, ids, slots1, s1 - 1, bloom1);
    const maxId = x.id_stats(count, ids), live = x.live.value;
    const contCount = prefix.length > 0 && prefix.length <= 256 ? x.filter_prefix(count, chars, starts, lens, ids, prefixAt, pl, oStarts, oLens, oIds) : 0;
    const s2 = slotsFor(contCount);
    new Int32Array(memory.buffer, base2, 2 * s2).fill(-1);
    insertAll(x, contCount, chars, oStarts, oLens, oIds, base2, s2 - 1, bloom2);
    peakScratchBytes = Math.max(peakScratchBytes, memory.buffer.byteLength);
    const buf = memory.buffer;
    const i32 = (at, len) => new Int32Array(buf, at, len).slice();
    const pool = new CharPool(0);
    pool.chars = new Uint16Array(buf, chars, used).slice();
    pool.length = used;
    const wholeSlots = i32(slots1, 2 * s1), wholeBloom = i32(bloom1, BLOOM_WORDS), contBloom = i32(bloom2, BLOOM_WORDS);
    const contSlots = i32(base2, 2 * s2);
    // entries as (start, len, id) triples, written over the dead source bytes and chars (copied out
    // above): 12 bytes per entry stay below starts, since an entry took at least 5 source bytes
    x.interleave(count, starts, lens, ids, 0);
    const whole = IdTable.fromArrays(pool, i32(0, 3 * count), wholeSlots, count, wholeBloom);
    x.interleave(contCount, oStarts, oLens, oIds, 0);
    const cont = IdTable.fromArrays(pool, i32(0, 3 * contCount), contSlots, contCount, contBloom);
    return { whole, cont, maxId, live };
  };
  return finish;
}

/**
 * Index of the first of a[from], a[from + step], … outside -1..limit-1, or -1. In src/vocab.wat: this runs
 * once per load over ~125k entries, and a cold JS loop stays interpreted that long on a busy machine (2-7 ms,
 * against under 0.5 ms). In place when a lies in memory (a WebAssembly.Memory: the loader reads the bundle's
 * tables into one), else on a scratch copy (whose fresh pages cost about what the JS loop would).
 */
function firstBadId(a, from, step, limit, memory) {
  const count = a.length > from ? Math.ceil((a.length - from) / step) : 0;
  if (count === 0) return -1;
  let at = a.byteOffset;
  if (!memory || a.buffer !== memory.buffer) {
    memory = new WebAssembly.Memory({ initial: Math.ceil(4 * a.length / 65536) });
    new Int32Array(memory.buffer, 0, a.length).set(a);
    at = 0;
  }
  const x = new WebAssembly.Instance(vocabModule(), { env: { memory } }).exports;
  const k = x.first_bad_id(at + 4 * from, count, 4 * step, limit);
  return k < 0 ? -1 : from + k * step;
}

/** The continuation table built in JS (for tokenizer.json given as a parsed object). */
function continuationTable(whole, prefix) {
  const pool = whole.pool, chars = pool.chars, pl = prefix.length;
  const match = (e) => {
    if (whole.id(e) < 0 || whole.len(e) < pl || pl === 0) return false;
    for (let k = 0; k < pl; k++) if (chars[whole.start(e) + k] !== prefix.charCodeAt(k)) return false;
    return true;
  };
  let count = 0;
  for (let e = 0; e < whole.count; e++) if (match(e)) count++;
  const cont = new IdTable(pool, count);
  for (let e = 0; e < whole.count; e++) {
    if (!match(e)) continue;
    const from = whole.start(e) + pl, len = whole.len(e) - pl;
    let h = FNV_OFFSET;
    for (let k = from; k < from + len; k++) h = Math.imul(h ^ chars[k], FNV_PRIME);
    cont.insert(from, len, h, whole.id(e));
  }
  return cont;
}

/** Trie over UTF-16 code units of the added tokens: a direct array at the root, a hash map below. */
class AddedTokenTrie {
  constructor(tokens) { // Array<[content, id]>
    // Built by src/vocab.wat's build_trie (this runs once, cold, over every character of every pattern:
    // in JS that was interpreted code, about 10 ms for 6k tokens), in a memory sized exactly for the
    // tables, which then stay there as views (no copy).
    let units = 0;
    for (let t = 0; t < tokens.length; t++) units += tokens[t][0].length;
    const T = tokens.length;
    // a token's first unit goes to the root array, each later unit adds at most one edge: at most
    // units - T edges (load ≤ 1/2), fewer fresh pages to touch than sizing by units
    let size = 16;
    while (size < (units - T) * 2) size <<= 1;
    this.mask = size - 1;
    // layout: root (code unit → node, 0: none) | prefixes | edges (per slot: parent, code unit, child, one
    // cache line; parent 0 = empty, as parents below the root are nodes ≥ 2) | token ids per node | lens | ids | chars
    const rootAt = 0, prefixesAt = 4 * 65536, edgesAt = prefixesAt + 4 * PREFIX_WORDS, tokenIdAt = edgesAt + 12 * size;
    const lensAt = tokenIdAt + 4 * (units + 2), idsAt = lensAt + 4 * T, charsAt = idsAt + 4 * T;
    const memory = new WebAssembly.Memory({ initial: Math.ceil((charsAt + 2 * units + 16) / 65536) });
    const buf = memory.buffer;
    const lens = new Int32Array(buf, lensAt, T), ids = new Int32Array(buf, idsAt, T), chars = new Uint16Array(buf, charsAt, units);
    for (let t = 0, u = 0; t < T; t++) {
      const s = tokens[t][0];
      lens[t] = s.length;
      ids[t] = tokens[t][1];
      for (let k = 0; k < s.length; k++) chars[u++] = s.charCodeAt(k);
    }
    const tokenId = new Int32Array(buf, tokenIdAt, units + 2).fill(-1); // node 0 unused, node 1 = root
    const x = new WebAssembly.Instance(vocabModule(), { env: { memory } }).exports;
    const nodes = x.build_trie(T, charsAt, lensAt, idsAt, rootAt, prefixesAt, edgesAt, this.mask, tokenIdAt);
    this.root = new Int32Array(buf, rootAt, 65536);
    // One bit per (hashed) pattern prefix of two or more code units: a walk asks this 32 KB filter before
    // each step and only follows edges (a likely cache miss) where some pattern really continues.
    this.prefixes = new Int32Array(buf, prefixesAt, PREFIX_WORDS);
    this.edges = new Int32Array(buf, edgesAt, 3 * size);
    this.tokenId = tokenId.subarray(0, nodes);
    this.matchEnd = 0; // set by longestAt
  }

  /**
   * The longest pattern starting at text[i] (leftmost-longest is then the caller's scan): its id, with its
   * end in this.matchEnd; -1 when none starts there.
   */
  longestAt(text, i, len) {
    const c = text.charCodeAt(i);
    let node = this.root[c];
    if (node === 0) return -1;
    let best = -1, j = i + 1, ph = Math.imul(FNV_OFFSET ^ c, FNV_PRIME);
    for (;;) {
      const id = this.tokenId[node];
      if (id !== -1) { best = id; this.matchEnd = j; }
      if (j >= len) break;
      ph = Math.imul(ph ^ text.charCodeAt(j), FNV_PRIME);
      if (!this.maybePrefix(ph)) break;
      node = this.child(node, text.charCodeAt(j));
      if (node === 0) break;
      j++;
    }
    return best;
  }

  edgeHash(node, c) { // mixed down to the low bits: products alone leave them depending on low bits only
    let h = Math.imul(node, 0x9e3779b1) ^ c;
    h = Math.imul(h ^ (h >>> 15), 0x85ebca6b);
    return (h ^ (h >>> 13)) & this.mask;
  }

  /** Whether some pattern may start with the prefix whose FNV hash is ph (false: certainly not). */
  maybePrefix(ph) {
    const b = ph >>> PREFIX_SHIFT;
    return (this.prefixes[b >>> 5] & (1 << (b & 31))) !== 0;
  }

  child(node, c) {
    if (node === 1) return this.root[c];
    const edges = this.edges;
    for (let slot = this.edgeHash(node, c); ; slot = (slot + 1) & this.mask) {
      const p = edges[3 * slot];
      if (p === 0) return 0;
      if (p === node && edges[3 * slot + 1] === c) return edges[3 * slot + 2];
    }
  }
}

/** The added tokens of compiled tables: [content, id] pairs with ids below vocabSize. */
function parseAddedPairs(bytes, vocabSize, file) {
  let pairs = null;
  try { pairs = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes)); } catch { /* below */ }
  if (!Array.isArray(pairs) || !pairs.every((p) => Array.isArray(p) && typeof p[0] === 'string' && Number.isInteger(p[1]) && p[1] >= 0 && p[1] < vocabSize))
    throw new Error(`${file}: the added tokens must be [content, id] pairs with ids below ${vocabSize}`);
  return pairs;
}

const COMPILED_VERSION = 1; // of compiledTables()' layout
const PREFIX_SHIFT = 14, PREFIX_WORDS = 1 << (32 - PREFIX_SHIFT - 5); // 2^18 bits

const LONE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;
/** String.prototype.isWellFormed where the engine has it (Node ≥ 20, current browsers), else a regex. */
const isWellFormed = typeof ''.isWellFormed === 'function' ? (s) => s.isWellFormed() : (s) => !LONE.test(s);

/**
 * The text the reference tokenizer sees when a string holds a lone surrogate (docs/tokenizer.md, as the
 * Java Tokenizer): the string reaches Rust as JNI modified UTF-8, strict decoding fails and the lossy
 * decoding turns every surrogate, paired or not, into three U+FFFD and NUL into two.
 */
function asReferenceSeesIt(text) {
  return text.replace(/[\ud800-\udfff\u0000]/g, (c) => (c === '\u0000' ? '\ufffd\ufffd' : '\ufffd\ufffd\ufffd'));
}

function fail(file, msg) { throw new Error(`${file}: ${msg}`); }

const MODELS = 'WordPiece, Unigram';

/**
 * Added tokens as HF's add_tokens numbers them (and the Java AddedVocabulary, docs/tokenizer.md §1): a
 * content already in the vocabulary (lookup) keeps that id, a new one gets the next id after the
 * vocabulary's modelSize entries; the "id" written in tokenizer.json is not used. Returns the [content, id]
 * pairs in matching order (specials first), the contents matched on normalized text (normalized: true;
 * only where allowNormalized, the general pipeline) and the largest id.
 */
function addedTokenIds(added = [], lookup, modelSize, file, allowNormalized) {
  if (!Array.isArray(added)) fail(file, 'added_tokens must be an array');
  const idByContent = new Map();
  const specialSet = new Set(), specials = [], classic = [];
  // (plain indexed loops with few operations each: this runs once, cold, over thousands of tokens)
  for (let i = 0; i < added.length; i++) {
    const t = added[i];
    if (t === null || typeof t !== 'object' || typeof t.content !== 'string') fail(file, `added_tokens[${i}].content must be a string`);
    const sw = t.single_word, ls = t.lstrip, rs = t.rstrip, nz = t.normalized, sp = t.special;
    if ((sw != null && sw !== true && sw !== false) || (ls != null && ls !== true && ls !== false) || (rs != null && rs !== true && rs !== false)
        || (nz != null && nz !== true && nz !== false) || (sp != null && sp !== true && sp !== false)) {
      const f = ['special', 'single_word', 'lstrip', 'rstrip', 'normalized'].find((k) => t[k] != null && typeof t[k] !== 'boolean');
      fail(file, `added_tokens[${i}].${f} must be true or false`);
    }
    if (!isWellFormed(t.content)) fail(file, `added_tokens[${i}].content contains a lone surrogate`);
    const special = sp === true;
    if (((nz ?? !special) && !allowNormalized) || sw === true || ls === true || rs === true)
      fail(file, `added_tokens[${i}] (${JSON.stringify(t.content)}): ${allowNormalized ? '' : 'normalized, '}single_word, lstrip and rstrip added tokens are not supported by the JS runtime`);
    if (special && t.content.length > 0 && !specialSet.has(t.content)) { specialSet.add(t.content); specials.push(t); }
  }
  let maxAdded = -1;
  for (let i = 0; i < added.length; i++) {
    const t = added[i];
    if (t.content.length === 0) continue;
    // Identical tokens (content and the five flags, as the Java record compares them) count once. After
    // the checks above the flags can only differ in "special" and "normalized", and a content that is
    // special anywhere is matched as a special only: the first occurrence of each content is all that counts.
    if (idByContent.has(t.content)) continue;
    const v = lookup(t.content);
    const id = v >= 0 ? v : maxAdded < 0 ? modelSize : (maxAdded >= modelSize || modelSize === 0) ? maxAdded + 1 : modelSize;
    idByContent.set(t.content, id);
    if (id > maxAdded) maxAdded = id;
    if (!specialSet.has(t.content)) classic.push(t);
  }
  const pairs = [], normalizedPairs = new Set();
  for (const t of [...specials, ...classic]) {
    pairs.push([t.content, idByContent.get(t.content)]);
    if (t.normalized ?? t.special !== true) normalizedPairs.add(t.content);
  }
  return { pairs, normalizedPairs, maxAdded };
}

/**
 * WordPiece as a pipeline model (behind a normalizer or pre-tokenizer other than the cased BERT ones): the
 * word's code units into the tokenizer's word buffer, then its greedy longest match (flushWord).
 */
class WordPieceWords {
  constructor(tokenizer) { this.t = tokenizer; }
  get unknownTokenId() { return this.t.unknownId; }

  tokenize(s, from, to, sink) {
    const t = this.t, word = t.word, charEnd = t.charEnd, max = t.maxWordChars;
    let chars = 0, units = 0;
    for (let i = from; i < to;) {
      const c = s.charCodeAt(i), n = c >= 0xd800 && c <= 0xdbff && i + 1 < to ? 2 : 1;
      if (++chars > max) break; // too long: one [UNK], whatever follows
      word[units++] = c;
      if (n === 2) word[units++] = s.charCodeAt(i + 1);
      charEnd[chars] = units;
      i += n;
    }
    sink.n = t.flushWord(chars, units, sink.out, sink.n, sink.limit, sink.dropped);
    return sink.n >= sink.limit;
  }
}

export class Tokenizer {
  /**
   * @param {string|object} json tokenizer.json: its text (fast path) or the parsed object
   * @param {string} [file] name for error messages
   */
  constructor(json, file = 'tokenizer.json') {
    let fast = null;
    if (typeof json === 'string') json = new TextEncoder().encode(json);
    if (json instanceof Uint8Array) {
      const bytes = json;
      const wasm = wasmVocab(bytes);
      const span = locateVocab(bytes, (b, i) => { fast = wasm.read(i); return fast ? fast.end : -1; }, wasm.skip);
      let text;
      try { text = span ? withEmptyVocab(bytes, span) : new TextDecoder('utf-8', { fatal: true }).decode(bytes); } catch (e) { fail(file, `not valid UTF-8 (${e.message})`); }
      if (!span) fast = null;
      try { json = JSON.parse(text); } catch (e) { fail(file, `not valid JSON (${e.message})`); }
    }
    if (json === null || typeof json !== 'object' || Array.isArray(json)) fail(file, 'not a JSON object');
    const model = json.model;
    if (model === null || typeof model !== 'object' || Array.isArray(model)) fail(file, 'model must be a JSON object');
    // the stages, one object each (src/pipeline.js), unless this is the cased BERT WordPiece configuration,
    // which the fused loop below runs (docs/tokenizer.md §6, §9)
    const type = model.type ?? (Array.isArray(model.vocab) ? 'Unigram' : 'WordPiece'); // untyped: as HF's untagged match
    if (type !== 'WordPiece' && type !== 'Unigram') fail(file, `model type ${JSON.stringify(type)} is not supported (supported: ${MODELS})`);
    let pipeline = null;
    try { pipeline = isFusedBert(json, type) ? null : pipelineStages(json); } catch (e) { fail(file, e.message); }
    let whole = null, cont = null, maxId = -1, modelSize = 0; // modelSize: distinct vocabulary entries (HF's get_vocab_size)
    let lookup, unigram = null;
    if (type === 'Unigram') {
      try { unigram = unigramFromJson(model); } catch (e) { fail(file, e.message); }
      this.maxWordChars = 1;
      this.vocabReader = 'json';
      modelSize = unigram.size;
      maxId = unigram.idLimit - 1;
      lookup = (content) => unigram.id(content);
      this.unknownId = -1; // Unigram has unk_id, no unk_token: Model2Vec keeps its unknown ids, and so do we
    } else {
      const vocab = model.vocab;
      if (!vocab || typeof vocab !== 'object' || Array.isArray(vocab)) fail(file, 'model.vocab must be an object of token → id');
      const prefix = model.continuing_subword_prefix ?? '##';
      if (typeof prefix !== 'string') fail(file, 'model.continuing_subword_prefix must be a string');
      this.maxWordChars = model.max_input_chars_per_word ?? 100;
      if (!Number.isInteger(this.maxWordChars) || this.maxWordChars < 1 || this.maxWordChars > 10000)
        fail(file, `model.max_input_chars_per_word out of range: ${model.max_input_chars_per_word}`);
      this.vocabReader = fast ? 'wasm' : 'json'; // which reader built the tables (tests check the fast one ran)
      if (fast) ({ whole, cont, maxId, live: modelSize } = fast.finish(prefix));
      else { // a parsed object, or text the fast reader refused: the slow way, with JSON.parse's verdict
        const keys = Object.keys(vocab);
        whole = new IdTable(new CharPool(keys.length * 8), keys.length);
        for (const token of keys) {
          const id = vocab[token];
          if (!Number.isInteger(id) || id < 0 || id > 0x7fffffff) fail(file, `model.vocab: token ${JSON.stringify(token)} has a bad id ${JSON.stringify(id)}`);
          addString(whole, token, id);
        }
        cont = continuationTable(whole, prefix);
        for (let e = 0; e < whole.count; e++) {
          if (whole.id(e) > maxId) maxId = whole.id(e);
          if (whole.id(e) >= 0) modelSize++;
        }
      }
      this.unknownId = -1;
      if (model.unk_token != null) {
        const u = typeof model.unk_token === 'string' ? whole.get(model.unk_token) : -1;
        if (u < 0) fail(file, `model.unk_token ${JSON.stringify(model.unk_token)} is not in the vocabulary`);
        this.unknownId = u;
      }
      lookup = (content) => whole.get(content);
    }
    const { pairs: addedPairs, normalizedPairs, maxAdded } = addedTokenIds(json.added_tokens, lookup, modelSize, file, pipeline !== null);
    if (maxAdded > maxId) maxId = maxAdded;
    this.vocabSize = maxId + 1;
    this.pairs = addedPairs; // [content, id] of the added tokens, specials first (or null: parsed from pairsJson on first use)
    this.pairsJson = null;
    this.whole = whole;
    this.cont = cont;
    this.tokenStrings = null; // built on first token() call
    this.added = new AddedTokenTrie(addedPairs.filter(([c]) => !normalizedPairs.has(c)));
    this.flags = flagsTable();
    // Per-instance scratch: a word of at most maxWordChars code points, its pieces, its prefix hashes.
    this.word = new Uint16Array(this.maxWordChars * 2);
    this.charEnd = new Int32Array(this.maxWordChars + 1);
    this.hashes = new Int32Array(this.maxWordChars * 2 + 1);
    this.pieces = new Int32Array(this.maxWordChars);
    this.file = file;
    // the general pipeline (null: the fused BERT loop): normalizer → pre-tokenizer → model, added tokens around them
    if (pipeline !== null) {
      const normalizedTrie = normalizedPairs.size > 0 ? new AddedTokenTrie(addedPairs.filter(([c]) => normalizedPairs.has(c))) : null;
      for (const [c] of addedPairs)
        if (normalizedPairs.has(c) && pipeline.normalizer.normalize(c) !== c)
          fail(file, `added token ${JSON.stringify(c)} has normalized: true and the normalizer changes it; not supported outside the BERT pipeline`);
      const tokenModel = unigram ?? new WordPieceWords(this);
      const rawTrie = addedPairs.length > normalizedPairs.size ? this.added : null;
      this.pipeline = new PipelineEncoder(pipeline.normalizer, pipeline.preTokenizer, tokenModel, rawTrie, normalizedTrie);
    } else this.pipeline = null;
  }

  /**
   * The built tables as plain arrays plus a small JSON-able description: what scripts/pack-model.mjs stores
   * in the package's bundle, so that a cold start maps them instead of reading tokenizer.json.
   */
  compiledTables() {
    const { whole, cont, added } = this;
    if (this.pipeline !== null) throw new Error('compiledTables: only the fused BERT WordPiece configuration has compiled tables');
    if (whole.pool !== cont.pool) throw new Error('compiledTables: the two tables do not share one character pool');
    return {
      meta: {
        version: COMPILED_VERSION, maxWordChars: this.maxWordChars, unknownId: this.unknownId, vocabSize: this.vocabSize,
        wholeCount: whole.count, contCount: cont.count, chars: whole.pool.length,
      },
      addedPairsJson: JSON.stringify(this.addedPairs), // read only by id() and token(): parsed on first use
      arrays: {
        'whole.ent': whole.ent.subarray(0, 3 * whole.count), 'whole.slots': whole.slots, 'whole.bloom': whole.bloom,
        'cont.ent': cont.ent.subarray(0, 3 * cont.count), 'cont.slots': cont.slots, 'cont.bloom': cont.bloom,
        'trie.root': added.root, 'trie.prefixes': added.prefixes, 'trie.edges': added.edges, 'trie.tokenId': added.tokenId,
        chars: whole.pool.chars.subarray(0, whole.pool.length),
      },
    };
  }

  /**
   * A tokenizer from compiledTables() output (arrays as Int32Array / Uint16Array views, used in place;
   * addedPairsJson as UTF-8 bytes). Checks shapes and that every id it can emit is below meta.vocabSize (the
   * pooling kernel's bounds rely on that; nothing else a wrong table could hold makes it read out of
   * bounds), and throws Error naming the file otherwise. memory: the WebAssembly.Memory the arrays lie in,
   * if they do (the ids are then checked there, without a copy).
   */
  static fromCompiled(meta, arrays, addedPairsJson, file = 'tokenizer tables', memory = null) {
    const bad = (msg) => new Error(`${file}: ${msg}`);
    if (meta?.version !== COMPILED_VERSION) throw bad(`version ${JSON.stringify(meta?.version)} is not ${COMPILED_VERSION}`);
    const want = (name, type, length) => {
      const a = arrays[name];
      if (!(a instanceof type) || (length !== undefined && a.length !== length)) throw bad(`${name} must be ${type.name}${length !== undefined ? `[${length}]` : ''}`);
      return a;
    };
    const { vocabSize, wholeCount, contCount } = meta;
    for (const [k, v] of Object.entries({ vocabSize, wholeCount, contCount, chars: meta.chars, maxWordChars: meta.maxWordChars }))
      if (!Number.isSafeInteger(v) || v < 0) throw bad(`${k} must be a non-negative integer`);
    if (meta.maxWordChars < 1 || meta.maxWordChars > 10000) throw bad('maxWordChars out of 1..10000');
    if (!Number.isInteger(meta.unknownId) || meta.unknownId < -1 || meta.unknownId >= vocabSize) throw bad('unknownId out of range');
    const ids = (a, from, step, what) => {
      const i = firstBadId(a, from, step, vocabSize, memory);
      if (i >= 0) throw bad(`${what} holds id ${a[i]}, outside 0..${vocabSize - 1}`);
    };
    const slotsOk = (length) => length >= 32 && (length & (length - 1)) === 0; // 2 × a power of two ≥ 16
    const pool = new CharPool(0);
    pool.chars = want('chars', Uint16Array, meta.chars);
    pool.length = meta.chars;
    const table = (name, count) => {
      const ent = want(`${name}.ent`, Int32Array, 3 * count), slots = want(`${name}.slots`, Int32Array), bloom = want(`${name}.bloom`, Int32Array, BLOOM_WORDS);
      if (!slotsOk(slots.length) || slots.length < 4 * count) throw bad(`${name}.slots has a bad length ${slots.length}`);
      ids(ent, 2, 3, `${name}.ent`);
      return IdTable.fromArrays(pool, ent, slots, count, bloom);
    };
    const whole = table('whole', wholeCount), cont = table('cont', contCount);
    const edges = want('trie.edges', Int32Array), tokenId = want('trie.tokenId', Int32Array);
    if (edges.length % 3 !== 0 || !slotsOk(edges.length / 3 * 2)) throw bad('trie.edges has a bad length');
    ids(tokenId, 0, 1, 'trie.tokenId');
    const root = want('trie.root', Int32Array, 65536), prefixes = want('trie.prefixes', Int32Array, PREFIX_WORDS);
    if (!(addedPairsJson instanceof Uint8Array)) throw bad('the added tokens must be UTF-8 JSON bytes');
    // fields in the constructor's order: the same hidden class as a tokenizer built from tokenizer.json
    const trie = Object.create(AddedTokenTrie.prototype);
    trie.mask = edges.length / 3 - 1; trie.root = root; trie.prefixes = prefixes; trie.edges = edges; trie.tokenId = tokenId; trie.matchEnd = 0;
    const t = Object.create(Tokenizer.prototype);
    t.maxWordChars = meta.maxWordChars;
    t.vocabReader = 'compiled';
    t.unknownId = meta.unknownId;
    t.vocabSize = vocabSize;
    t.pairs = null;
    t.pairsJson = addedPairsJson;
    t.whole = whole;
    t.cont = cont;
    t.tokenStrings = null;
    t.added = trie;
    t.flags = flagsTable();
    t.word = new Uint16Array(t.maxWordChars * 2);
    t.charEnd = new Int32Array(t.maxWordChars + 1);
    t.hashes = new Int32Array(t.maxWordChars * 2 + 1);
    t.pieces = new Int32Array(t.maxWordChars);
    t.file = file;
    t.pipeline = null; // compiled tables are the fused BERT configuration's
    return t;
  }

  /** [content, id] of every added token, specials first. */
  get addedPairs() {
    if (this.pairs === null) this.pairs = parseAddedPairs(this.pairsJson, this.vocabSize, this.file);
    return this.pairs;
  }

  /** Id of a token string (vocabulary or added), or -1. */
  id(token) {
    const pair = this.addedPairs.find(([s]) => s === token);
    return pair ? pair[1] : this.whole !== null ? this.whole.get(token) : this.pipeline.model.id(token);
  }

  /** Token string of an id (undefined if none). */
  token(id) {
    if (!this.tokenStrings) {
      this.tokenStrings = [];
      if (this.whole !== null) for (const [s, i] of this.whole.entries()) this.tokenStrings[i] = s;
      else for (let i = 0; i < this.pipeline.model.idLimit; i++) this.tokenStrings[i] = this.pipeline.model.token(i);
      for (const [s, i] of this.addedPairs) this.tokenStrings[i] = s;
    }
    return this.tokenStrings[id];
  }

  /**
   * Writes the ids of `text` into `out` (at most out.length, or `limit`), dropping unknown ids when
   * `dropUnknown`; returns the count. Stops reading the text as soon as `out` is full.
   */
  encodeInto(text, out, dropUnknown = true, limit = out.length) {
    if (!isWellFormed(text)) text = asReferenceSeesIt(text);
    if (this.pipeline !== null) return this.pipeline.encodeInto(text, out, dropUnknown, Math.min(limit, out.length));
    const flags = this.flags, trie = this.added, root = trie.root, unk = dropUnknown ? this.unknownId : -2;
    const maxWordChars = this.maxWordChars, word = this.word, charEnd = this.charEnd;
    const len = text.length;
    let n = 0, wordChars = 0, wordUnits = 0;
    let i = 0;
    while (i < len && n < limit) {
      const c = text.charCodeAt(i);
      // 1. an added token starting here (leftmost-longest on the raw text)?
      let node = root[c];
      if (node !== 0) {
        let best = -1, bestEnd = 0, j = i + 1, ph = Math.imul(FNV_OFFSET ^ c, FNV_PRIME);
        for (;;) {
          const id = trie.tokenId[node];
          if (id !== -1) { best = id; bestEnd = j; }
          if (j >= len) break;
          ph = Math.imul(ph ^ text.charCodeAt(j), FNV_PRIME);
          if (!trie.maybePrefix(ph)) break;
          node = trie.child(node, text.charCodeAt(j));
          if (node === 0) break;
          j++;
        }
        if (best !== -1) {
          if (wordChars > 0) { n = this.flushWord(wordChars, wordUnits, out, n, limit, unk); wordChars = wordUnits = 0; }
          if (n < limit && best !== unk) out[n++] = best;
          i = bestEnd;
          continue;
        }
      }
      // 2. one code point through BertNormalizer and BertPreTokenizer
      let cp = c, units = 1;
      if (c >= 0xd800 && c <= 0xdfff) {
        const d = i + 1 < len ? text.charCodeAt(i + 1) : 0;
        if (c <= 0xdbff && d >= 0xdc00 && d <= 0xdfff) { cp = ((c - 0xd800) << 10) + (d - 0xdc00) + 0x10000; units = 2; }
        // (no lone surrogates are left: see asReferenceSeesIt)
      }
      i += units;
      const f = flags[cp];
      if (f === 0) { // part of a word
        if (wordChars < maxWordChars) {
          if (cp > 0xffff) { word[wordUnits++] = c; word[wordUnits++] = text.charCodeAt(i - 1); }
          else word[wordUnits++] = cp;
          charEnd[++wordChars] = wordUnits;
        } else wordChars = maxWordChars + 1; // too long: one [UNK], whatever follows
        continue;
      }
      if (f & REMOVE) continue;
      if (wordChars > 0) { n = this.flushWord(wordChars, wordUnits, out, n, limit, unk); wordChars = wordUnits = 0; }
      if (f & (PUNCT | CJK)) { // a word of its own
        if (n >= limit) break;
        if (cp > 0xffff) { word[0] = c; word[1] = text.charCodeAt(i - 1); charEnd[1] = 2; }
        else { word[0] = cp; charEnd[1] = 1; }
        n = this.flushWord(1, charEnd[1], out, n, limit, unk);
      }
    }
    if (wordChars > 0 && n < limit) n = this.flushWord(wordChars, wordUnits, out, n, limit, unk);
    return n;
  }

  /** WordPiece on the buffered word; appends its pieces (or [UNK]) to out. */
  flushWord(chars, units, out, n, limit, unk) {
    if (chars > this.maxWordChars) {
      if (this.unknownId !== unk && this.unknownId !== -1 && n < limit) out[n++] = this.unknownId;
      return n;
    }
    const word = this.word, charEnd = this.charEnd, hashes = this.hashes, pieces = this.pieces;
    charEnd[0] = 0;
    let count = 0, startChar = 0;
    while (startChar < chars) {
      const from = charEnd[startChar];
      const table = startChar === 0 ? this.whole : this.cont;
      // prefix hashes of word[from, e) for every e, so each candidate end costs one probe
      let h = FNV_OFFSET;
      for (let k = from; k < units; k++) { h = Math.imul(h ^ word[k], FNV_PRIME); hashes[k + 1] = h; }
      let endChar = chars, id = -1;
      for (; endChar > startChar; endChar--) {
        id = table.find(word, from, charEnd[endChar], hashes[charEnd[endChar]]);
        if (id !== -1) break;
      }
      if (id === -1) { // no piece fits: the whole word is [UNK]
        if (this.unknownId !== unk && this.unknownId !== -1 && n < limit) out[n++] = this.unknownId;
        return n;
      }
      pieces[count++] = id;
      startChar = endChar;
    }
    for (let k = 0; k < count && n < limit; k++) if (pieces[k] !== unk) out[n++] = pieces[k];
    return n;
  }

  /** All ids of `text`, unknown ones included, uncapped (allocating; for tests and tools). */
  encode(text) {
    let out = new Int32Array(64);
    for (;;) {
      const n = this.encodeInto(text, out, false);
      if (n < out.length) return Array.from(out.subarray(0, n));
      out = new Int32Array(out.length * 4);
    }
  }

  /**
   * The vocabulary strings whose lengths give Model2Vec's median token length: the distinct strings of a
   * WordPiece vocabulary and the added tokens; for a Unigram model, as the Java Tokenizer, the token of every
   * id (added tokens first).
   */
  *medianStrings() {
    if (this.whole !== null) {
      const seen = new Set();
      for (const [s] of this.whole.entries()) if (!seen.has(s)) { seen.add(s); yield s; }
      for (const [s] of this.addedPairs) if (!seen.has(s)) { seen.add(s); yield s; }
      return;
    }
    const added = new Map();
    for (const [s, id] of this.addedPairs) added.set(id, s);
    for (let id = 0; id < this.vocabSize; id++) {
      const s = added.get(id) ?? this.pipeline.model.token(id);
      if (s !== undefined) yield s;
    }
  }

  /** Token strings of `text` (for tests and demos). */
  tokens(text) { return this.encode(text).map((id) => this.token(id)); }
}
