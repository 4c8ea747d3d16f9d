// The Hugging Face BERT tokenizer pipeline of a microembed tokenizer.json, in plain JS, exactly as the
// Java runtime (docs/tokenizer.md): added tokens matched leftmost-longest on the raw text →
// BertNormalizer (clean text, pad CJK, no lower-casing for cased vocabularies) → BertPreTokenizer
// (split on whitespace, isolate punctuation) → WordPiece (greedy longest match, a word that cannot be
// covered is one [UNK]). All of it runs as one pass over the text that stops once the output is full,
// so a capped encode of a 1 MB string costs only as much text as it reads. Character classes come from
// the tokenizer's own tables (dist/unicode-tables.js, built from spec/unicode), never from the JS
// engine's \p{…}, whose Unicode version differs between engines.
import { CLASS_RANGES, LONE_SURROGATE } from '../dist/unicode-tables.js';

const REMOVE = 1, SPACE = 2, PUNCT = 4, CJK = 8; // flags per code point

let classFlags = null; // Uint8Array(0x110000), built once per process (about 1 ms)

function flagsTable() {
  if (classFlags) return classFlags;
  const t = new Uint8Array(0x110000);
  const put = (ranges, flag) => {
    for (let i = 0; i < ranges.length; i += 2) for (let c = ranges[i]; c <= ranges[i + 1]; c++) t[c] |= flag;
  };
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
 * Open-addressing set of UTF-16 strings → ids, looked up by a range of a code-unit buffer, so the hot
 * path never builds a string.
 */
class StringIdTable {
  constructor(entries) { // entries: Array<[string, id]>
    let units = 0;
    for (const [s] of entries) units += s.length;
    this.chars = new Uint16Array(units);
    this.start = new Int32Array(entries.length + 1);
    this.ids = new Int32Array(entries.length);
    let size = 1;
    while (size < entries.length * 2) size <<= 1;
    this.mask = size - 1;
    this.slots = new Int32Array(size).fill(-1);
    let p = 0;
    for (let e = 0; e < entries.length; e++) {
      const [s, id] = entries[e];
      this.start[e] = p;
      let h = FNV_OFFSET;
      for (let k = 0; k < s.length; k++) {
        const c = s.charCodeAt(k);
        this.chars[p++] = c;
        h = Math.imul(h ^ c, FNV_PRIME);
      }
      this.ids[e] = id;
      let slot = h & this.mask;
      while (this.slots[slot] !== -1) slot = (slot + 1) & this.mask;
      this.slots[slot] = e;
    }
    this.start[entries.length] = p;
  }

  /** Id of buf[from, to) whose FNV hash is h, or -1. */
  find(buf, from, to, h) {
    const { slots, mask, start, chars } = this;
    const len = to - from;
    for (let slot = h & mask; ; slot = (slot + 1) & mask) {
      const e = slots[slot];
      if (e === -1) return -1;
      const s = start[e];
      if (start[e + 1] - s !== len) continue;
      let k = 0;
      while (k < len && chars[s + k] === buf[from + k]) k++;
      if (k === len) return this.ids[e];
    }
  }
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
      ids[node] = id;
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

function fail(file, msg) { throw new Error(`${file}: ${msg}`); }

export class Tokenizer {
  /**
   * @param {object} json parsed tokenizer.json
   * @param {string} [file] name for error messages
   */
  constructor(json, file = 'tokenizer.json') {
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

    const whole = [], cont = [];
    let maxId = -1;
    const tokens = [];
    for (const token in vocab) {
      const id = vocab[token];
      if (!Number.isInteger(id) || id < 0 || id > 0x7fffffff) fail(file, `model.vocab: token ${JSON.stringify(token)} has a bad id ${JSON.stringify(id)}`);
      whole.push([token, id]);
      if (prefix.length > 0 && token.startsWith(prefix)) cont.push([token.slice(prefix.length), id]);
      if (id > maxId) maxId = id;
      tokens[id] = token;
    }
    this.unknownId = -1;
    if (model.unk_token != null) {
      const u = vocab[model.unk_token];
      if (!Number.isInteger(u)) fail(file, `model.unk_token ${JSON.stringify(model.unk_token)} is not in the vocabulary`);
      this.unknownId = u;
    }
    const added = json.added_tokens ?? [];
    if (!Array.isArray(added)) fail(file, 'added_tokens must be an array');
    const addedPairs = [];
    for (const [i, t] of added.entries()) {
      if (!t || typeof t.content !== 'string' || !Number.isInteger(t.id) || t.id < 0 || t.id > 0x7fffffff)
        fail(file, `added_tokens[${i}] needs a string "content" and a non-negative integer "id"`);
      if (t.normalized === true || t.single_word === true || t.lstrip === true || t.rstrip === true)
        fail(file, `added_tokens[${i}] (${JSON.stringify(t.content)}): normalized/single_word/lstrip/rstrip are not supported`);
      if (t.content.length === 0) continue;
      addedPairs.push([t.content, t.id]);
      if (t.id > maxId) maxId = t.id;
      tokens[t.id] = t.content;
    }
    this.vocabSize = maxId + 1;
    this.tokenStrings = tokens;
    this.prefixLength = prefix.length;
    this.whole = new StringIdTable(whole);
    this.cont = new StringIdTable(cont);
    this.added = new AddedTokenTrie(addedPairs);
    this.flags = flagsTable();
    // Per-instance scratch: a word of at most maxWordChars code points, its pieces, its prefix hashes.
    this.word = new Uint16Array(this.maxWordChars * 2);
    this.charEnd = new Int32Array(this.maxWordChars + 1);
    this.hashes = new Int32Array(this.maxWordChars * 2 + 1);
    this.pieces = new Int32Array(this.maxWordChars);
  }

  /** Token string of an id (undefined if none). */
  token(id) { return this.tokenStrings[id]; }

  /**
   * Writes the ids of `text` into `out` (at most out.length, or `limit`), dropping unknown ids when
   * `dropUnknown`; returns the count. Stops reading the text as soon as `out` is full.
   */
  encodeInto(text, out, dropUnknown = true, limit = out.length) {
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
        else cp = LONE_SURROGATE; // what the Java runtime maps an unpaired surrogate to (docs/tokenizer.md)
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
  tokens(text) { return this.encode(text).map((id) => this.tokenStrings[id]); }
}
