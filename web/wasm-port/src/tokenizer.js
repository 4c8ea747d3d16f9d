// The Hugging Face BERT tokenizer pipeline of a microembed tokenizer.json, in plain JS, exactly as the
// Java runtime (docs/tokenizer.md): added tokens matched leftmost-longest on the raw text →
// BertNormalizer (clean text, pad CJK, no lower-casing for cased vocabularies) → BertPreTokenizer
// (split on whitespace, isolate punctuation) → WordPiece (greedy longest match, a word that cannot be
// covered is one [UNK]). All of it runs as one pass over the text that stops once the output is full,
// so a capped encode of a 1 MB string costs only as much text as it reads. Character classes come from
// the tokenizer's own tables (dist/unicode-tables.js, built from spec/unicode), never from the JS
// engine's \p{…}, whose Unicode version differs between engines.
import { CLASS_RANGES } from '../dist/unicode-tables.js';
import { locateVocab, VocabError } from './json-vocab.js';

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

/**
 * Open-addressing map of UTF-16 strings → ids, looked up by a range of a code-unit buffer so the hot path
 * never builds a string. Keys live in a shared code-unit pool (`CharPool`): the WordPiece continuation
 * table points into the same characters as the whole-word table. A repeated key keeps its last id, as
 * JSON.parse would.
 */
class CharPool {
  constructor(capacity) { this.chars = new Uint16Array(capacity); this.length = 0; }
  ensure(extra) {
    if (this.length + extra <= this.chars.length) return;
    const c = new Uint16Array(Math.max(this.chars.length * 2, this.length + extra));
    c.set(this.chars.subarray(0, this.length));
    this.chars = c;
  }
}

class IdTable {
  constructor(pool, capacity) {
    this.pool = pool;
    let size = 16;
    while (size < capacity * 2) size <<= 1;
    this.mask = size - 1;
    this.slots = new Int32Array(size).fill(-1);
    this.start = new Int32Array(size >> 1);
    this.len = new Int32Array(size >> 1);
    this.ids = new Int32Array(size >> 1);
    this.count = 0;
  }

  /** Maps pool chars [from, from+len) (hash h) to id. */
  insert(from, len, h, id) {
    const chars = this.pool.chars;
    let slot = h & this.mask;
    for (;; slot = (slot + 1) & this.mask) {
      const e = this.slots[slot];
      if (e === -1) break;
      if (this.len[e] !== len) continue;
      const s = this.start[e];
      let k = 0;
      while (k < len && chars[s + k] === chars[from + k]) k++;
      if (k === len) { this.ids[e] = id; return; }
    }
    const e = this.count++;
    this.slots[slot] = e;
    this.start[e] = from;
    this.len[e] = len;
    this.ids[e] = id;
    if (this.count * 2 > this.mask) this.grow();
  }

  grow() {
    const size = (this.mask + 1) * 2, half = size >> 1;
    const copy = (a) => { const b = new Int32Array(half); b.set(a); return b; };
    this.start = copy(this.start); this.len = copy(this.len); this.ids = copy(this.ids);
    this.mask = size - 1;
    this.slots = new Int32Array(size).fill(-1);
    const chars = this.pool.chars;
    for (let e = 0; e < this.count; e++) {
      let h = FNV_OFFSET;
      for (let k = this.start[e], end = k + this.len[e]; k < end; k++) h = Math.imul(h ^ chars[k], FNV_PRIME);
      let slot = h & this.mask;
      while (this.slots[slot] !== -1) slot = (slot + 1) & this.mask;
      this.slots[slot] = e;
    }
  }

  /** Id of buf[from, to) whose FNV hash is h, or -1. */
  find(buf, from, to, h) {
    const { slots, mask, start } = this, lens = this.len, chars = this.pool.chars;
    const len = to - from;
    for (let slot = h & mask; ; slot = (slot + 1) & mask) {
      const e = slots[slot];
      if (e === -1) return -1;
      if (lens[e] !== len) continue;
      const s = start[e];
      let k = 0;
      while (k < len && chars[s + k] === buf[from + k]) k++;
      if (k === len) return this.ids[e];
    }
  }

  /** Id of a whole string, or -1. */
  get(str) {
    const buf = new Uint16Array(str.length);
    let h = FNV_OFFSET;
    for (let k = 0; k < str.length; k++) { buf[k] = str.charCodeAt(k); h = Math.imul(h ^ buf[k], FNV_PRIME); }
    return this.find(buf, 0, buf.length, h);
  }

  /** [string, id] of every entry (slow; for token()). */
  *entries() {
    const chars = this.pool.chars;
    for (let e = 0; e < this.count; e++) {
      let s = '';
      for (let k = this.start[e]; k < this.start[e] + this.len[e]; k++) s += String.fromCharCode(chars[k]);
      yield [s, this.ids[e]];
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

/**
 * Reads the JSON object `{"token": id, …}` at t[i] straight into `table` (one fused loop: scan, copy,
 * hash, insert; this is most of the load time, and a single hot loop gets optimised early).
 * Returns the index after the object; throws VocabError on anything that is not string → integer.
 */
function readVocab(t, i, table) {
  const pool = table.pool;
  const bad = (at, what) => new VocabError(`model.vocab: ${what} at character ${at}`);
  const n = t.length;
  i++;
  while (i < n && isSpace(t.charCodeAt(i))) i++;
  if (t.charCodeAt(i) === 125) return i + 1;
  for (;;) {
    if (t.charCodeAt(i) !== 34) throw bad(i, 'expected a string key');
    let chars = pool.chars; // sized to the whole text by the caller: keys never outgrow it
    const from = pool.length;
    let p = from, h = FNV_OFFSET, j = i + 1;
    for (;;) {
      const c = t.charCodeAt(j);
      if (c === 34) break;
      if (c === 92 || c < 0x20 || j >= n) { // escapes, errors, long keys: the slow way
        let q = j;
        for (;;) {
          q = t.indexOf('"', q);
          if (q < 0) throw bad(i, 'unterminated key');
          let b = q - 1;
          while (t.charCodeAt(b) === 92) b--;
          if ((q - 1 - b) % 2 === 0) break;
          q++;
        }
        let key;
        try { key = JSON.parse(t.slice(i, q + 1)); } catch (e) { throw bad(i, `bad key (${e.message})`); }
        pool.ensure(key.length);
        chars = pool.chars;
        p = from; h = FNV_OFFSET;
        for (let k = 0; k < key.length; k++) { const d = key.charCodeAt(k); chars[p++] = d; h = Math.imul(h ^ d, FNV_PRIME); }
        j = q;
        break;
      }
      chars[p++] = c;
      h = Math.imul(h ^ c, FNV_PRIME);
      j++;
    }
    pool.length = p;
    i = j + 1;
    while (i < n && isSpace(t.charCodeAt(i))) i++;
    if (t.charCodeAt(i) !== 58) throw bad(i, 'expected ":"');
    i++;
    while (i < n && isSpace(t.charCodeAt(i))) i++;
    const n0 = i;
    let id = 0;
    while (i < n) {
      const d = t.charCodeAt(i) - 48;
      if (d < 0 || d > 9) break;
      id = id * 10 + d;
      i++;
    }
    const after = t.charCodeAt(i);
    if (i === n0 || (t.charCodeAt(n0) === 48 && i - n0 > 1) || id > 0x7fffffff || !(after === 44 || after === 125 || isSpace(after))) {
      let e = n0; // not a plain integer: let JSON decide what it is, then insist on a 32-bit id
      while (e < n && !(t.charCodeAt(e) === 44 || t.charCodeAt(e) === 125 || isSpace(t.charCodeAt(e)))) e++;
      let v;
      try { v = JSON.parse(t.slice(n0, e)); } catch { throw bad(n0, `bad id ${JSON.stringify(t.slice(n0, Math.min(e, n0 + 20)))}`); }
      if (!Number.isInteger(v) || v < 0 || v > 0x7fffffff) throw bad(n0, `id ${JSON.stringify(v)} is not a non-negative 32-bit integer`);
      id = v;
      i = e;
    }
    table.insert(from, p - from, h, id);
    while (i < n && isSpace(t.charCodeAt(i))) i++;
    const c = t.charCodeAt(i);
    if (c === 125) return i + 1;
    if (c !== 44) throw bad(i, 'expected "," or "}"');
    i++;
    while (i < n && isSpace(t.charCodeAt(i))) i++;
  }
}

function isSpace(c) { return c === 32 || c === 9 || c === 10 || c === 13; }

/** The continuation table: every whole-table key that starts with prefix, without it, same chars. */
function continuationTable(whole, prefix) {
  const pool = whole.pool, chars = pool.chars, pl = prefix.length;
  let count = 0;
  const match = (e) => {
    if (whole.len[e] < pl || pl === 0) return false;
    for (let k = 0; k < pl; k++) if (chars[whole.start[e] + k] !== prefix.charCodeAt(k)) return false;
    return true;
  };
  for (let e = 0; e < whole.count; e++) if (match(e)) count++;
  const cont = new IdTable(pool, count);
  for (let e = 0; e < whole.count; e++) {
    if (!match(e)) continue;
    const from = whole.start[e] + pl, len = whole.len[e] - pl;
    let h = FNV_OFFSET;
    for (let k = from; k < from + len; k++) h = Math.imul(h ^ chars[k], FNV_PRIME);
    cont.insert(from, len, h, whole.ids[e]);
  }
  return cont;
}

/** Trie over UTF-16 code units of the added tokens: a direct array at the root, a hash map below. */
class AddedTokenTrie {
  constructor(tokens) { // Array<[content, id]>
    this.root = new Int32Array(65536); // code unit → node (0: none)
    let edges = 0;
    for (const [s] of tokens) edges += s.length;
    let size = 16;
    while (size < edges * 2) size <<= 1;
    this.mask = size - 1;
    this.edgeParent = new Int32Array(size).fill(-1);
    this.edgeUnit = new Int32Array(size);
    this.edgeChild = new Int32Array(size);
    const ids = [-1, -1]; // node 0 unused, node 1 = root
    let nodes = 2;
    for (const [s, id] of tokens) {
      let node = 1;
      for (let k = 0; k < s.length; k++) {
        const c = s.charCodeAt(k);
        let next = this.child(node, c);
        if (next === 0) {
          next = nodes++;
          ids.push(-1);
          if (node === 1) this.root[c] = next;
          else {
            let slot = this.edgeHash(node, c);
            while (this.edgeParent[slot] !== -1) slot = (slot + 1) & this.mask;
            this.edgeParent[slot] = node; this.edgeUnit[slot] = c; this.edgeChild[slot] = next;
          }
        }
        node = next;
      }
      if (ids[node] === -1) ids[node] = id; // a repeated pattern: the first wins
    }
    this.tokenId = Int32Array.from(ids);
  }

  edgeHash(node, c) { return (Math.imul(node, 0x9e3779b1) ^ Math.imul(c, 0x85ebca6b)) & this.mask; }

  child(node, c) {
    if (node === 1) return this.root[c];
    for (let slot = this.edgeHash(node, c); ; slot = (slot + 1) & this.mask) {
      const p = this.edgeParent[slot];
      if (p === -1) return 0;
      if (p === node && this.edgeUnit[slot] === c) return this.edgeChild[slot];
    }
  }
}

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

export class Tokenizer {
  /**
   * @param {string|object} json tokenizer.json: its text (fast path) or the parsed object
   * @param {string} [file] name for error messages
   */
  constructor(json, file = 'tokenizer.json') {
    let whole = null;
    if (typeof json === 'string') {
      const source = json;
      let span;
      try {
        span = locateVocab(source, (t, i) => {
          whole = new IdTable(new CharPool(t.length), Math.ceil(t.length / 8)); // upper bounds: no growth in the loop
          return readVocab(t, i, whole);
        });
      } catch (e) { fail(file, e.message); }
      if (!span) whole = null;
      const rest = span ? source.slice(0, span[0]) + '{}' + source.slice(span[1]) : source;
      try { json = JSON.parse(rest); } catch (e) { fail(file, `not valid JSON (${e.message})`); }
    }
    if (json === null || typeof json !== 'object' || Array.isArray(json)) fail(file, 'not a JSON object');
    const model = json.model;
    if (!model || model.type !== 'WordPiece') fail(file, `model.type must be "WordPiece", found ${JSON.stringify(model?.type)}`);
    const norm = json.normalizer;
    if (!norm || norm.type !== 'BertNormalizer') fail(file, `normalizer must be a BertNormalizer, found ${JSON.stringify(norm?.type)}`);
    if (norm.lowercase === true || norm.strip_accents === true)
      fail(file, 'lower-casing / accent-stripping BertNormalizer is not supported (microembed models use a cased vocabulary)');
    if (norm.clean_text === false || norm.handle_chinese_chars === false)
      fail(file, 'BertNormalizer with clean_text or handle_chinese_chars off is not supported');
    if (!json.pre_tokenizer || json.pre_tokenizer.type !== 'BertPreTokenizer')
      fail(file, `pre_tokenizer must be a BertPreTokenizer, found ${JSON.stringify(json.pre_tokenizer?.type)}`);
    const vocab = model.vocab;
    if (!vocab || typeof vocab !== 'object' || Array.isArray(vocab)) fail(file, 'model.vocab must be an object of token → id');
    const prefix = model.continuing_subword_prefix ?? '##';
    if (typeof prefix !== 'string') fail(file, 'model.continuing_subword_prefix must be a string');
    this.maxWordChars = model.max_input_chars_per_word ?? 100;
    if (!Number.isInteger(this.maxWordChars) || this.maxWordChars < 1 || this.maxWordChars > 10000)
      fail(file, `model.max_input_chars_per_word out of range: ${model.max_input_chars_per_word}`);
    if (whole === null) { // parsed object given (or unusual text layout): the slow way
      const keys = Object.keys(vocab);
      whole = new IdTable(new CharPool(keys.length * 8), keys.length);
      for (const token of keys) {
        const id = vocab[token];
        if (!Number.isInteger(id) || id < 0 || id > 0x7fffffff) fail(file, `model.vocab: token ${JSON.stringify(token)} has a bad id ${JSON.stringify(id)}`);
        addString(whole, token, id);
      }
    }
    let maxId = -1;
    for (let e = 0; e < whole.count; e++) if (whole.ids[e] > maxId) maxId = whole.ids[e];
    const cont = continuationTable(whole, prefix);
    this.unknownId = -1;
    if (model.unk_token != null) {
      const u = typeof model.unk_token === 'string' ? whole.get(model.unk_token) : -1;
      if (u < 0) fail(file, `model.unk_token ${JSON.stringify(model.unk_token)} is not in the vocabulary`);
      this.unknownId = u;
    }
    // Added tokens as HF's add_tokens numbers them (and the Java Tokenizer, docs/tokenizer.md): a content
    // already in the vocabulary keeps that id, a new one gets the next id after the vocabulary; the "id"
    // written in tokenizer.json is not used. Specials are matched first in pattern order.
    const added = json.added_tokens ?? [];
    if (!Array.isArray(added)) fail(file, 'added_tokens must be an array');
    const modelSize = whole.count;
    const idByContent = new Map();
    const specialSet = new Set(), specials = [], classic = [];
    const seen = new Set(); // identical tokens (all fields equal) count once
    const key = (t) => JSON.stringify([t.content, t.single_word, t.lstrip, t.rstrip, t.normalized, t.special]);
    for (const [i, t] of added.entries()) {
      if (!t || typeof t !== 'object' || typeof t.content !== 'string') fail(file, `added_tokens[${i}].content must be a string`);
      for (const f of ['special', 'single_word', 'lstrip', 'rstrip', 'normalized'])
        if (t[f] != null && typeof t[f] !== 'boolean') fail(file, `added_tokens[${i}].${f} must be true or false`);
      if (/[\ud800-\udfff]/.test(t.content) && !isWellFormed(t.content)) fail(file, `added_tokens[${i}].content contains a lone surrogate`);
      const special = t.special === true, normalized = t.normalized ?? !special;
      if (normalized || t.single_word === true || t.lstrip === true || t.rstrip === true)
        fail(file, `added_tokens[${i}] (${JSON.stringify(t.content)}): normalized, single_word, lstrip and rstrip added tokens are not supported by the JS runtime`);
      if (special && t.content.length > 0 && !specialSet.has(t.content)) { specialSet.add(t.content); specials.push(t); }
    }
    let maxAdded = -1;
    for (const t of added) {
      if (t.content.length === 0 || seen.has(key(t))) continue;
      seen.add(key(t));
      let id = idByContent.get(t.content);
      if (id === undefined) {
        const v = whole.get(t.content);
        id = v >= 0 ? v : maxAdded < 0 ? modelSize : (maxAdded >= modelSize || modelSize === 0) ? maxAdded + 1 : modelSize;
      }
      idByContent.set(t.content, id);
      if (id > maxAdded) maxAdded = id;
      if (!specialSet.has(t.content)) classic.push(t);
    }
    const addedPairs = [];
    for (const t of [...specials, ...classic]) addedPairs.push([t.content, idByContent.get(t.content)]);
    if (maxAdded > maxId) maxId = maxAdded;
    this.vocabSize = maxId + 1;
    this.addedPairs = addedPairs;
    this.whole = whole;
    this.cont = cont;
    this.tokenStrings = null; // built on first token() call
    this.added = new AddedTokenTrie(addedPairs);
    this.flags = flagsTable();
    // Per-instance scratch: a word of at most maxWordChars code points, its pieces, its prefix hashes.
    this.word = new Uint16Array(this.maxWordChars * 2);
    this.charEnd = new Int32Array(this.maxWordChars + 1);
    this.hashes = new Int32Array(this.maxWordChars * 2 + 1);
    this.pieces = new Int32Array(this.maxWordChars);
  }

  /** Id of a token string (vocabulary or added), or -1. */
  id(token) {
    const pair = this.addedPairs.find(([s]) => s === token);
    return pair ? pair[1] : this.whole.get(token);
  }

  /** Token string of an id (undefined if none). */
  token(id) {
    if (!this.tokenStrings) {
      this.tokenStrings = [];
      for (const [s, i] of this.whole.entries()) this.tokenStrings[i] = s;
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
        let best = -1, bestEnd = 0, j = i + 1;
        for (;;) {
          const id = trie.tokenId[node];
          if (id !== -1) { best = id; bestEnd = j; }
          if (j >= len) break;
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

  /** Token strings of `text` (for tests and demos). */
  tokens(text) { return this.encode(text).map((id) => this.token(id)); }
}
