// BertNormalizer and BertPreTokenizer as stages of the general pipeline (src/pipeline.js), on strings, with
// every flag (clean_text, handle_chinese_chars, strip_accents, lowercase), as the Java runtime's
// BertNormalizer.normalizeString and PreTokenizer.BERT (docs/tokenizer.md §2, §3). The cased BERT WordPiece
// configuration never comes here: src/tokenizer.js fuses it into one allocation-free pass. Tables: the
// tokenizer's own (dist/unicode-tables.js from spec/unicode/bert-unicode.txt), built on first use.
import { CLASS_RANGES, BERT_MAPS } from '../dist/unicode-tables.js';

const REMOVE = 1, SPACE = 2, PUNCT = 4, NONSPACING = 8; // bits per code point, independent of each other

let tables = null;

function bertTables() {
  if (tables) return tables;
  const cls = new Uint8Array(0x110000);
  const put = (ranges, bit) => { for (let i = 0; i < ranges.length; i += 2) for (let c = ranges[i]; c <= ranges[i + 1]; c++) cls[c] |= bit; };
  put(CLASS_RANGES.remove, REMOVE);
  put(CLASS_RANGES.whitespace, SPACE);
  put(CLASS_RANGES.punctuation, PUNCT);
  const ccc = new Uint8Array(0x110000), lower = new Map(), nfd = new Map();
  for (const line of BERT_MAPS.split('\n')) {
    if (line === '') continue;
    const f = line.split(' '), v = f.slice(1).map((x) => parseInt(x, 16));
    if (f[0] === 'lower') lower.set(v[0], v.slice(1));
    else if (f[0] === 'nfd') nfd.set(v[0], v.slice(1));
    else if (f[0] === 'ccc') ccc.fill(v[2], v[0], v[1] + 1);
    else if (f[0] === 'mark_nonspacing') for (let c = v[0]; c <= v[1]; c++) cls[c] |= NONSPACING;
  }
  return (tables = { cls, ccc, lower, nfd, mapsPresent: BERT_MAPS !== '' });
}

/** HF's is_chinese_char: the CJK ideograph blocks BertNormalizer surrounds with spaces. */
function isChinese(cp) {
  return (cp >= 0x4e00 && cp <= 0x9fff) || (cp >= 0x3400 && cp <= 0x4dbf) || (cp >= 0x20000 && cp <= 0x2a6df)
    || (cp >= 0x2a700 && cp <= 0x2b73f) || (cp >= 0x2b740 && cp <= 0x2b81f) || (cp >= 0x2b920 && cp <= 0x2ceaf)
    || (cp >= 0xf900 && cp <= 0xfaff) || (cp >= 0x2f800 && cp <= 0x2fa1f);
}

const BARRIER = -1; // a starter that strip_accents removed: it still ends a canonical-reordering run

export class BertStringNormalizer {
  constructor(cleanText, handleChineseChars, stripAccents, lowercase, where) {
    this.cleanText = cleanText;
    this.handleChineseChars = handleChineseChars;
    this.stripAccents = stripAccents;
    this.lowercase = lowercase;
    this.t = bertTables();
    if ((stripAccents || lowercase) && !this.t.mapsPresent)
      throw new Error(`${where}: lower-casing / accent-stripping needs the lower, nfd and ccc tables of spec/unicode/bert-unicode.txt, which this build lacks`);
    this.cps = new Int32Array(64); // the output code points; marks are put in canonical order as they arrive
  }

  add(n, cp) {
    if (n === this.cps.length) { const c = new Int32Array(2 * n); c.set(this.cps); this.cps = c; }
    this.cps[n] = cp;
    return n + 1;
  }

  normalize(s) {
    const { cls, ccc, lower, nfd } = this.t, cps = () => this.cps;
    let n = 0, runStart = 0;
    const push = (cp) => { // CodePointBuffer.add with reorder = stripAccents
      if (cp === BARRIER) { runStart = n; return; }
      const c = this.stripAccents ? ccc[cp] : 0;
      if (c === 0) { n = this.add(n, cp); runStart = n; return; }
      n = this.add(n, cp);
      const a = cps();
      let i = n - 1;
      while (i > runStart && ccc[a[i - 1]] > c) { a[i] = a[i - 1]; i--; }
      a[i] = cp;
    };
    const emitLower = (cp) => {
      const m = this.lowercase ? lower.get(cp) : undefined;
      if (m === undefined) push(cp);
      else for (const x of m) push(x);
    };
    for (let i = 0; i < s.length;) {
      let cp = s.codePointAt(i);
      i += cp > 0xffff ? 2 : 1;
      if (this.cleanText) {
        if (cls[cp] & REMOVE) continue;
        if (cls[cp] & SPACE) cp = 32;
      }
      const cjk = this.handleChineseChars && isChinese(cp);
      if (cjk) push(32);
      if (this.stripAccents) {
        const d = cp >= 0xac00 && cp <= 0xd7a3 ? hangul(cp) : nfd.get(cp) ?? [cp];
        for (const x of d) {
          if (!(cls[x] & NONSPACING)) emitLower(x);
          else if (ccc[x] === 0) push(BARRIER);
        }
      } else emitLower(cp);
      if (cjk) push(32);
    }
    let out = '';
    const a = cps();
    for (let k = 0; k < n; k += 4096) out += String.fromCodePoint(...a.subarray(k, Math.min(n, k + 4096)));
    return out;
  }
}

function hangul(cp) {
  const s = cp - 0xac00, l = 0x1100 + Math.floor(s / 588), v = 0x1161 + Math.floor((s % 588) / 28);
  return s % 28 === 0 ? [l, v] : [l, v, 0x11a7 + (s % 28)];
}

/** BertPreTokenizer: whitespace ends a word and is dropped; punctuation ends it and is a word of its own. */
export class BertPreTokenizer {
  constructor() { this.cls = bertTables().cls; }

  split(piece, first, words) {
    const cls = this.cls;
    let start = -1;
    for (let i = 0; i < piece.length;) {
      const cp = piece.codePointAt(i), n = cp > 0xffff ? 2 : 1;
      const c = cls[cp];
      if (c & SPACE) {
        if (start >= 0 && words.word(piece, start, i)) return true;
        start = -1;
      } else if (c & PUNCT) {
        if (start >= 0 && words.word(piece, start, i)) return true;
        start = -1;
        if (words.word(piece, i, i + n)) return true;
      } else if (start < 0) start = i;
      i += n;
    }
    return start >= 0 && words.word(piece, start, piece.length);
  }
}
