// Hugging Face's `Unigram` model (SentencePiece unigram), as the Java runtime's Unigram (docs/tokenizer.md §9):
// the Viterbi best segmentation of a word over the pieces' float64 scores (Unigram::encode_optimized).
// Positions advance by code point; a code point no piece covers alone gets an unknown node of score
// min(score) - 10; ties keep the earlier proposal (strict >). Walking back, consecutive unknown nodes are fused
// into one string, looked up as a piece, else written as <0xXX> byte pieces (byte_fallback, when all exist),
// else given unk_id (nothing without one). The lattice lives in arrays kept per model: no allocation per word.

import { encodeUtf8Into } from './utf8.js';

/**
 * A UTF-16 code-unit trie of strings → ids: the root's children in a direct array, the other edges in one
 * open-addressing table whose slot index + 1 is the child's node id (one probe per step, as the Java VocabTrie).
 */
export class PieceTrie {
  /** @param {Array<[string, number]>} entries (a repeated key keeps its last id; "" is skipped) */
  constructor(entries) {
    let units = 0;
    for (const [s] of entries) units += s.length;
    let size = 16;
    while (size < units * 1.25) size <<= 1;
    this.mask = size - 1;
    this.root = new Int32Array(65536); // code unit → node (0: none; the root is node 0)
    this.parent = new Int32Array(size).fill(-1); // per slot: parent node (-1: empty)
    this.unit = new Uint16Array(size);
    this.value = new Int32Array(size + 1).fill(-1); // per node: id, or -1
    this.hasChildren = new Uint8Array(size + 1);
    for (const [s, id] of entries) {
      if (s.length === 0) continue;
      const c0 = s.charCodeAt(0);
      let node = this.root[c0] || (this.root[c0] = this.insertChild(0, c0)); // root edges: in the table too, found through root
      for (let k = 1; k < s.length; k++) node = this.insertChild(node, s.charCodeAt(k));
      this.value[node] = id;
    }
  }

  slotOf(node, c) {
    let h = Math.imul(node, 0x9e3779b1) ^ c;
    h = Math.imul(h ^ (h >>> 15), 0x85ebca6b);
    return (h ^ (h >>> 13)) & this.mask;
  }

  insertChild(node, c) {
    for (let slot = this.slotOf(node, c); ; slot = (slot + 1) & this.mask) {
      const p = this.parent[slot];
      if (p === -1) {
        this.parent[slot] = node;
        this.unit[slot] = c;
        this.hasChildren[node] = 1;
        return slot + 1;
      }
      if (p === node && this.unit[slot] === c) return slot + 1;
    }
  }

  /** The child of node by code unit c, or 0. */
  child(node, c) {
    if (node === 0) return this.root[c];
    const parent = this.parent, unit = this.unit, mask = this.mask;
    for (let slot = this.slotOf(node, c); ; slot = (slot + 1) & mask) {
      const p = parent[slot];
      if (p === -1) return 0;
      if (p === node && unit[slot] === c) return slot + 1;
    }
  }

  /** Id of s[from, to), or -1. */
  get(s, from = 0, to = s.length) {
    if (to <= from) return -1;
    let node = 0;
    for (let i = from; i < to && (node = this.child(node, s.charCodeAt(i))) !== 0;) i++;
    return node === 0 ? -1 : this.value[node];
  }
}

const UNK_PENALTY = 10;

export class UnigramModel {
  /**
   * @param {string[]} pieces
   * @param {Float64Array} scores
   * @param {number} unkId -1 when none
   * @param {boolean} byteFallback
   */
  constructor(pieces, scores, unkId, byteFallback) {
    const n = pieces.length;
    if (n === 0) throw new Error('model.vocab of a Unigram model is empty');
    this.pieces = pieces;
    this.scores = scores;
    this.unkId = unkId;
    this.byteFallback = byteFallback;
    let min = Infinity;
    for (let i = 0; i < n; i++) if (scores[i] < min) min = scores[i];
    this.unkScore = min - UNK_PENALTY;
    this.trie = new PieceTrie(pieces.map((p, i) => [p, i]));
    this.byteIds = new Int32Array(256);
    for (let b = 0; b < 256; b++) this.byteIds[b] = this.trie.get(`<0x${b.toString(16).toUpperCase().padStart(2, '0')}>`);
    this.unknown = unkId >= 0 ? unkId : -2; // the id of an unknown node (-2: one without unk_id)
    this.ensure(64);
    this.utf8 = new Uint8Array(64);
  }

  ensure(n) {
    if (this.best && this.best.length >= n) return;
    const cap = Math.max(n, 2 * (this.best?.length ?? 0));
    this.best = new Float64Array(cap);
    this.from = new Int32Array(cap);
    this.ids = new Int32Array(cap);
    this.pathStart = new Int32Array(cap);
    this.pathId = new Int32Array(cap);
  }

  /** Unigram has an unk_id but no unk_token: nothing is dropped as unknown (as Model2Vec keeps them). */
  get unknownTokenId() { return -1; }
  get size() { return this.pieces.length; }
  get idLimit() { return this.pieces.length; }
  token(id) { return id >= 0 && id < this.pieces.length ? this.pieces[id] : undefined; }
  id(token) { return this.trie.get(token); }

  /** Encodes the word s[wFrom, wTo) into sink (sink.emit(id) → true when full); returns true when full. */
  tokenize(s, wFrom, wTo, sink) {
    const size = wTo - wFrom;
    if (size <= 0) return false;
    this.ensure(size + 1);
    const best = this.best, from = this.from, ids = this.ids, scores = this.scores, trie = this.trie;
    const value = trie.value, hasChildren = trie.hasChildren, unknown = this.unknown, unkScore = this.unkScore;
    from.fill(-1, 0, size + 1);
    best[0] = 0;
    for (let at = 0; at < size;) {
      const c = s.charCodeAt(wFrom + at);
      const cpLen = c >= 0xd800 && c <= 0xdbff && at + 1 < size && (s.charCodeAt(wFrom + at + 1) & 0xfc00) === 0xdc00 ? 2 : 1;
      const here = best[at];
      let single = false, node = 0;
      for (let i = at; i < size; i++) {
        node = trie.child(node, s.charCodeAt(wFrom + i));
        if (node === 0) break;
        const v = value[node];
        if (v !== -1) {
          const end = i + 1, candidate = scores[v] + here;
          if (from[end] < 0 || candidate > best[end]) { best[end] = candidate; from[end] = at; ids[end] = v; }
          if (end - at === cpLen) single = true;
        }
        if (hasChildren[node] === 0) break;
      }
      if (!single) {
        const end = at + cpLen, candidate = unkScore + here;
        if (from[end] < 0 || candidate > best[end]) { best[end] = candidate; from[end] = at; ids[end] = unknown; }
      }
      at += cpLen;
    }
    // walk back, fusing runs of unknown nodes; the path is stored from the end
    const ps = this.pathStart, pi = this.pathId;
    let count = 0;
    for (let end = size; end > 0;) {
      const start = from[end], id = ids[end];
      if (id === unknown && count > 0 && pi[count - 1] === unknown) ps[count - 1] = start;
      else { ps[count] = start; pi[count] = id; count++; }
      end = start;
    }
    for (let k = count - 1; k >= 0; k--) {
      if (pi[k] !== unknown) { if (sink.emit(pi[k])) return true; }
      else if (this.emitUnknown(s, wFrom + ps[k], wFrom + (k === 0 ? size : ps[k - 1]), sink)) return true;
    }
    return false;
  }

  /** A fused run of unknown code points: a piece if it is one, else byte pieces, else unk_id (nothing without one). */
  emitUnknown(s, from, to, sink) {
    const asPiece = this.trie.get(s, from, to);
    if (asPiece !== -1) return sink.emit(asPiece);
    if (this.byteFallback) {
      if (this.utf8.length < 3 * (to - from)) this.utf8 = new Uint8Array(3 * (to - from) + 16);
      const b = this.utf8;
      const n = encodeUtf8Into(s, from, to, b);
      let all = true;
      for (let k = 0; k < n; k++) all &&= this.byteIds[b[k]] >= 0;
      if (all) {
        for (let k = 0; k < n; k++) if (sink.emit(this.byteIds[b[k]])) return true;
        return false;
      }
    }
    return this.unkId >= 0 && sink.emit(this.unkId);
  }
}

/** The Unigram model of a tokenizer.json's "model" ({vocab: [[piece, score], …], unk_id, byte_fallback}), as the Java TokenizerConfig reads it. */
export function unigramFromJson(model) {
  const vocab = model.vocab;
  if (!Array.isArray(vocab)) throw new Error('model.vocab of a Unigram model must be an array of [piece, score]');
  const pieces = new Array(vocab.length), scores = new Float64Array(vocab.length);
  for (let i = 0; i < vocab.length; i++) {
    const e = vocab[i];
    if (!Array.isArray(e) || e.length !== 2 || typeof e[0] !== 'string' || typeof e[1] !== 'number') throw new Error(`model.vocab[${i}] must be [piece, score]`);
    if (!wellFormed(e[0])) throw new Error(`model.vocab[${i}] contains a lone surrogate`);
    if (!Number.isFinite(e[1])) throw new Error(`model.vocab[${i}] has a non-finite score`);
    pieces[i] = e[0];
    scores[i] = e[1];
  }
  let unkId = -1;
  if (model.unk_id !== undefined && model.unk_id !== null) {
    if (!Number.isInteger(model.unk_id) || model.unk_id < 0 || model.unk_id >= pieces.length) throw new Error('model.unk_id must be null or an id of the vocabulary');
    unkId = model.unk_id;
  }
  const bf = model.byte_fallback;
  if (bf !== undefined && bf !== null && typeof bf !== 'boolean') throw new Error('model.byte_fallback must be true or false');
  return new UnigramModel(pieces, scores, unkId, bf === true);
}

const LONE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;
function wellFormed(s) { return typeof s.isWellFormed === 'function' ? s.isWellFormed() : !LONE.test(s); }
