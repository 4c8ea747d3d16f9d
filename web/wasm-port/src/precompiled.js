// Hugging Face's `Precompiled` normalizer (SentencePiece's compiled rules, e.g. nmt_nfkc), as the Java
// runtime's PrecompiledCharsmap (docs/tokenizer.md §9): `precompiled_charsmap` is a u32 LE byte length of a
// darts-clone double-array trie, that many bytes of trie units, then NUL-terminated replacement strings. The
// trie maps UTF-8 byte sequences to offsets of replacements. Per extended grapheme cluster: a cluster of fewer
// than 6 UTF-8 bytes whose bytes start with a key is replaced whole by the replacement of the SHORTEST such key
// (the reference's quirk, kept); otherwise each code point is looked up the same way and replaced or kept.
import { encodeUtf8Into } from './utf8.js';
import { base64Bytes } from './base64.js';

const utf8 = new TextDecoder('utf-8'); // not fatal: a malformed replacement reads as U+FFFD, as Java's new String
const ASCII_NO_CR = /^[\x00-\x0c\x0e-\x7f]*$/;
/**
 * Code points that can be inside a grapheme cluster other than at its start, or glue the next one to
 * them (a superset, by General_Category and binary properties this engine knows, plus the fixed lists of
 * UAX #29: Prepend, Hangul jamo, regional indicators, CR; unassigned ones, which a newer Unicode may make
 * marks). A text without any is one cluster per code point, so only texts with one need a segmenter.
 */
const MAY_JOIN = new RegExp('[\\r\\p{M}\\p{Grapheme_Extend}\\p{Emoji_Modifier}\\p{Regional_Indicator}\\p{Cn}\\u200c\\u200d'
  + '\\u0600-\\u0605\\u06dd\\u070f\\u0890\\u0891\\u08e2\\u0d4e\\u0e33\\u0eb3\\u1100-\\u11ff\\ua960-\\ua97f\\ud7b0-\\ud7ff'
  + '\\u{110bd}\\u{110cd}\\u{111c2}\\u{111c3}\\u{1193f}\\u{11941}\\u{11a3a}\\u{11a84}-\\u{11a89}\\u{11d46}\\u{11f02}]', 'u');
const MAY_JOIN_G = new RegExp(MAY_JOIN.source, 'gu'), MAY_JOIN_Y = new RegExp(MAY_JOIN.source, 'uy');
let segmenter = null;

export class PrecompiledCharsmap {
  /** @param {string} b64 the precompiled_charsmap value; where: its JSON path for errors */
  constructor(b64, where) {
    let bytes;
    try { bytes = base64Bytes(b64); } catch { throw new Error(`${where}.precompiled_charsmap is not valid base64`); }
    if (bytes === null) throw new Error(`${where}.precompiled_charsmap is not valid base64`);
    if (bytes.length < 4) throw new Error(`${where}: precompiled_charsmap is shorter than its 4-byte header`);
    const dv = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    const trieBytes = dv.getUint32(0, true);
    if (trieBytes % 4 !== 0 || trieBytes > bytes.length - 4)
      throw new Error(`${where}: precompiled_charsmap trie size ${trieBytes} does not fit the ${bytes.length}-byte blob`);
    this.units = new Int32Array(trieBytes / 4);
    for (let i = 0; i < this.units.length; i++) this.units[i] = dv.getInt32(4 + 4 * i, true);
    if (this.units.length === 0) throw new Error(`${where}: precompiled_charsmap has an empty trie`);
    this.normalized = bytes.slice(4 + trieBytes);
    this.single = new Array(65536).fill(undefined); // per BMP code point: its replacement, null (no rule), or undefined (not yet looked up)
    this.replacements = new Map(); // blob offset → string
    this.scratch = new Uint8Array(64); // UTF-8 of the chunk being looked up
    if (typeof Intl === 'undefined' || typeof Intl.Segmenter !== 'function')
      throw new Error(`${where}: Precompiled needs Intl.Segmenter (grapheme clusters), which this JS engine lacks`);
  }

  /** Blob offset of the shortest key that prefixes scratch[0, n), or -1 (darts-clone's common prefix search, first result). */
  shortestPrefix(n) {
    const u = this.units, b = this.scratch;
    let pos = (u[0] >>> 10) << ((u[0] & 512) >>> 6);
    for (let i = 0; i < n; i++) {
      const c = b[i];
      if (c === 0) return -1;
      pos ^= c;
      if (pos < 0 || pos >= u.length) return -1; // a hostile trie: no match rather than a crash
      const unit = u[pos];
      if ((unit & 0x800000ff) !== c) return -1;
      pos ^= (unit >>> 10) << ((unit & 512) >>> 6);
      if (pos < 0 || pos >= u.length) return -1;
      if (((unit >>> 8) & 1) === 1) return u[pos] & 0x7fffffff;
    }
    return -1;
  }

  /** The NUL-terminated replacement at a blob offset, or null when outside the blob. */
  replacement(at) {
    const norm = this.normalized;
    if (at < 0 || at >= norm.length) return null;
    let r = this.replacements.get(at);
    if (r === undefined) {
      let end = at;
      while (end < norm.length && norm[end] !== 0) end++;
      r = utf8.decode(norm.subarray(at, end));
      this.replacements.set(at, r);
    }
    return r;
  }

  /** The replacement of s[from, to) (well-formed UTF-16) by its shortest key, or null. */
  transform(s, from, to) {
    if (this.scratch.length < 3 * (to - from)) this.scratch = new Uint8Array(3 * (to - from) + 16);
    const b = this.scratch;
    const n = encodeUtf8Into(s, from, to, b);
    const at = this.shortestPrefix(n);
    return at < 0 ? null : this.replacement(at);
  }

  /** The replacement of BMP char s[i] alone (cached), or null. */
  transformChar(s, i) {
    const c = s.charCodeAt(i);
    let r = this.single[c];
    if (r === undefined) r = this.single[c] = this.transform(s, i, i + 1);
    return r;
  }

  /** Each code point of s on its own (every code point its own cluster). */
  perCodePoint(s) {
    let out = null, i = 0;
    for (; i < s.length;) {
      const c = s.charCodeAt(i);
      const n = c >= 0xd800 && c <= 0xdbff && i + 1 < s.length ? 2 : 1;
      const r = n === 1 ? this.transformChar(s, i) : this.transform(s, i, i + 2);
      if (r !== null && !(n === 1 && r.length === 1 && r.charCodeAt(0) === c)) {
        if (out === null) out = s.slice(0, i);
        out += r;
      } else if (out !== null) out += n === 1 ? s[i] : s.slice(i, i + 2);
      i += n;
    }
    return out === null ? s : out;
  }

  /**
   * Outside the spans around code points that can join a cluster every code point is a cluster of its own:
   * a boundary is certain between two code points neither of which can join (the rules that look further
   * back, GB9c, GB11, GB12/13, chain through joining code points only). So only those spans, from the code
   * point before the first joining one to the first two non-joining ones in a row, go to the segmenter.
   */
  normalize(s) {
    if (s.length === 0) return s;
    // printable ASCII and tab/newline (no CR: CR LF is one cluster), or no code point that can join another
    if (ASCII_NO_CR.test(s) || !MAY_JOIN.test(s)) return this.perCodePoint(s);
    let out = '', done = 0;
    const len = s.length;
    for (;;) {
      MAY_JOIN_G.lastIndex = done;
      const m = MAY_JOIN_G.exec(s);
      if (m === null) break;
      const at = m.index;
      const spanStart = at > done ? at - ((s.charCodeAt(at - 1) & 0xfc00) === 0xdc00 && at - 2 >= done ? 2 : 1) : at;
      if (spanStart > done) out += this.perCodePoint(s.slice(done, spanStart));
      let j = at, prevJoins = true;
      while (j < len) {
        MAY_JOIN_Y.lastIndex = j;
        const joins = MAY_JOIN_Y.test(s);
        if (!joins && !prevJoins) break;
        prevJoins = joins;
        j += (s.charCodeAt(j) & 0xfc00) === 0xd800 && j + 1 < len ? 2 : 1;
      }
      out += this.clusters(s.slice(spanStart, j));
      done = j;
    }
    return done < len ? out + this.perCodePoint(s.slice(done)) : out;
  }

  /** Per extended grapheme cluster (Intl.Segmenter), as Java's PrecompiledCharsmap with its BreakIterator. */
  clusters(s) {
    segmenter ??= new Intl.Segmenter('und', { granularity: 'grapheme' });
    let out = '';
    for (const { index: start, segment: g } of segmenter.segment(s)) {
      const end = start + g.length;
      if (g.length === 1 && !(g.charCodeAt(0) >= 0xd800 && g.charCodeAt(0) <= 0xdfff)) {
        const r = this.transformChar(s, start);
        out += r !== null ? r : g;
        continue;
      }
      if (utf8Length(g) < 6) {
        const r = this.transform(s, start, end);
        if (r !== null) { out += r; continue; }
      }
      for (let i = start; i < end;) {
        const n = s.charCodeAt(i) >= 0xd800 && s.charCodeAt(i) <= 0xdbff && i + 1 < end ? 2 : 1;
        const r = this.transform(s, i, i + n);
        out += r !== null ? r : s.slice(i, i + n);
        i += n;
      }
    }
    return out;
  }
}

function utf8Length(s) {
  let n = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x80) n++;
    else if (c < 0x800) n += 2;
    else if (c >= 0xd800 && c <= 0xdbff && i + 1 < s.length && (s.charCodeAt(i + 1) & 0xfc00) === 0xdc00) { n += 4; i++; } else n += 3;
  }
  return n;
}
