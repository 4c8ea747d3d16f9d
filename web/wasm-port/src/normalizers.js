// The normalizer and pre-tokenizer stages of the general pipeline (src/pipeline.js), one object per
// tokenizer.json component, as the Java runtime's TextNormalizer and PreTokenizer (docs/tokenizer.md §9).
// A normalizer has normalize(string) → string; a pre-tokenizer split(piece, firstPiece, words) calls
// words.word(s, from, to) per word (true: output full, stop) and returns true when stopped.
import { PrecompiledCharsmap } from './precompiled.js';
import { BertStringNormalizer, BertPreTokenizer } from './bert-string.js';

export const NORMALIZERS = 'BertNormalizer, Sequence, Replace, Strip, Lowercase, NFC, NFD, NFKC, NFKD, Precompiled';
export const PRE_TOKENIZERS = 'BertPreTokenizer, Metaspace (or none)';

const IDENTITY = { normalize: (s) => s };

class Sequence {
  constructor(steps) { this.steps = steps; }
  normalize(s) { for (const n of this.steps) s = n.normalize(s); return s; }
}

/** Replace with a literal pattern: every non-overlapping occurrence, left to right. */
class ReplaceString {
  constructor(pattern, content) { this.pattern = pattern; this.content = content; }
  normalize(s) { return this.pattern === '' || !s.includes(this.pattern) ? s : s.split(this.pattern).join(this.content); }
}

/** Replace with a regular expression (the patterns tokenizers ship, such as " {2,}", mean the same here as in Java and Oniguruma). */
class ReplaceRegex {
  constructor(regex, content, where) {
    try { this.regex = new RegExp(regex, 'gu'); } catch (e) {
      throw new Error(`${where}.pattern.Regex ${JSON.stringify(regex)} is not a supported regular expression: ${e.message}`);
    }
    this.content = content.replace(/\$/g, '$$$$'); // literal, as Java's quoteReplacement
    this.required = requiredLiteral(regex);
  }

  normalize(s) {
    if (this.required !== '' && !s.includes(this.required)) return s;
    return s.replace(this.regex, this.content);
  }
}

/** For c{n,} / c{n} / c+ with a plain character c: c repeated n (or 1) times, a literal every match contains; else "". */
function requiredLiteral(regex) {
  const m = /^([^\\.[\](){}*+?^$|])(?:\{(\d{1,2})(?:,\d*)?\}|\+)$/u.exec(regex);
  return m ? m[1].repeat(m[2] === undefined ? 1 : Number(m[2])) : '';
}

/** Unicode White_Space (all in the BMP), which Rust's char::is_whitespace implements. */
function isWhiteSpace(c) {
  return (c >= 0x09 && c <= 0x0d) || c === 0x20 || c === 0x85 || c === 0xa0 || c === 0x1680 || (c >= 0x2000 && c <= 0x200a)
    || c === 0x2028 || c === 0x2029 || c === 0x202f || c === 0x205f || c === 0x3000;
}

class Strip {
  constructor(left, right) { this.left = left; this.right = right; }
  normalize(s) {
    let from = 0, to = s.length;
    if (this.left) while (from < to && isWhiteSpace(s.charCodeAt(from))) from++;
    if (this.right) while (to > from && isWhiteSpace(s.charCodeAt(to - 1))) to--;
    return from === 0 && to === s.length ? s : s.slice(from, to);
  }
}

/** Each code point lower-cased alone (Rust's char::to_lowercase: no final-sigma rule; U+0130 → i + U+0307). */
class Lowercase {
  constructor() { this.bmp = new Array(65536).fill(undefined); }
  lower(cp) {
    if (cp < 0x10000) {
      let r = this.bmp[cp];
      if (r === undefined) r = this.bmp[cp] = String.fromCharCode(cp).toLowerCase();
      return r;
    }
    return String.fromCodePoint(cp).toLowerCase();
  }

  normalize(s) {
    if (!/[^a-z0-9\s\p{Ll}\p{Lo}\p{P}]/u.test(s)) return s; // nothing that lower-cases
    let out = '';
    for (let i = 0; i < s.length;) {
      const cp = s.codePointAt(i), n = cp > 0xffff ? 2 : 1;
      out += this.lower(cp);
      i += n;
    }
    return out;
  }
}

class UnicodeForm {
  constructor(form) { this.form = form; }
  normalize(s) { return s.normalize(this.form); }
}

function object(o, what) {
  if (o === null || typeof o !== 'object' || Array.isArray(o)) throw new Error(`${what} must be a JSON object`);
  return o;
}

function bool(o, dflt, what) {
  if (o === undefined || o === null) return dflt;
  if (typeof o === 'boolean') return o;
  throw new Error(`${what} must be true or false`);
}

/** BertNormalizer's flags (strip_accents null: the value of lowercase), as the Java TokenizerConfig reads them. */
export function bertFlags(n, where) {
  if (n.strip_accents !== undefined && n.strip_accents !== null && typeof n.strip_accents !== 'boolean') throw new Error(`${where}.strip_accents must be true, false or null`);
  const lowercase = bool(n.lowercase, true, `${where}.lowercase`);
  return {
    cleanText: bool(n.clean_text, true, `${where}.clean_text`), handleChineseChars: bool(n.handle_chinese_chars, true, `${where}.handle_chinese_chars`),
    stripAccents: n.strip_accents ?? lowercase, lowercase,
  };
}

/** The normalizer of a tokenizer.json (null or absent: none). */
export function normalizerFromJson(n, where = 'normalizer', depth = 0) {
  if (n === undefined || n === null) return IDENTITY;
  object(n, where);
  if (depth > 16) throw new Error(`${where}: normalizers nested too deep`);
  const t = n.type;
  if (typeof t !== 'string') throw new Error(`${where}.type is missing`);
  switch (t) {
    case 'BertNormalizer': {
      const f = bertFlags(n, where);
      return new BertStringNormalizer(f.cleanText, f.handleChineseChars, f.stripAccents, f.lowercase, where);
    }
    case 'Sequence': {
      if (!Array.isArray(n.normalizers)) throw new Error(`${where}.normalizers must be an array`);
      return new Sequence(n.normalizers.map((x, i) => normalizerFromJson(object(x, `${where}.normalizers[${i}]`), `${where}.normalizers[${i}]`, depth + 1)));
    }
    case 'Replace': {
      const p = object(n.pattern, `${where}.pattern`);
      if (typeof n.content !== 'string') throw new Error(`${where}.content must be a string`);
      if (typeof p.String === 'string') return new ReplaceString(p.String, n.content);
      if (typeof p.Regex === 'string') return new ReplaceRegex(p.Regex, n.content, where);
      throw new Error(`${where}.pattern must be {"String": …} or {"Regex": …}`);
    }
    case 'Strip': return new Strip(bool(n.strip_left, true, `${where}.strip_left`), bool(n.strip_right, true, `${where}.strip_right`));
    case 'Lowercase': return new Lowercase();
    case 'NFC': case 'NFD': case 'NFKC': case 'NFKD': return new UnicodeForm(t);
    case 'Precompiled': {
      const map = n.precompiled_charsmap;
      if (map === undefined || map === null || map === '') return IDENTITY;
      if (typeof map !== 'string') throw new Error(`${where}.precompiled_charsmap must be a base64 string`);
      return new PrecompiledCharsmap(map, where);
    }
    default: throw new Error(`normalizer type ${JSON.stringify(t)} is not supported (supported: ${NORMALIZERS})`);
  }
}

/**
 * Metaspace: every ' ' becomes the replacement; it is prepended when the piece does not start with it
 * (prepend_scheme always, or first for the piece at offset 0 of the text); with split, the piece is cut
 * before every replacement character.
 */
class Metaspace {
  constructor(replacement, prependScheme, splitWords) {
    this.replacement = replacement;
    this.code = replacement.charCodeAt(0);
    this.prependScheme = prependScheme;
    this.splitWords = splitWords;
  }

  split(piece, first, words) {
    let s = piece.includes(' ') ? piece.replaceAll(' ', this.replacement) : piece;
    const prepend = this.prependScheme === 'always' || (this.prependScheme === 'first' && first);
    if (prepend && s.charCodeAt(0) !== this.code) s = this.replacement + s;
    if (!this.splitWords) return words.word(s, 0, s.length);
    let start = 0;
    for (let i = 1; i < s.length; i++) {
      if (s.charCodeAt(i) === this.code) {
        if (words.word(s, start, i)) return true;
        start = i;
      }
    }
    return words.word(s, start, s.length);
  }
}

const NONE = { split: (piece, first, words) => words.word(piece, 0, piece.length) };

/** The pre-tokenizer of a tokenizer.json (null or absent: none). */
export function preTokenizerFromJson(p) {
  if (p === undefined || p === null) return NONE;
  object(p, 'pre_tokenizer');
  if (p.type === 'BertPreTokenizer') return new BertPreTokenizer();
  if (p.type === 'Metaspace') {
    const r = p.replacement;
    if (typeof r !== 'string' || r.length !== 1)
      throw new Error('pre_tokenizer.replacement must be a one-character string (a supplementary character is not supported)');
    const scheme = p.prepend_scheme;
    let prepend = scheme === undefined || scheme === null ? 'always' : typeof scheme === 'string' ? scheme : null;
    if (prepend === null) throw new Error('pre_tokenizer.prepend_scheme must be a string');
    if (p.add_prefix_space === false) {
      if (prepend !== 'never' && scheme !== undefined && scheme !== null)
        throw new Error(`pre_tokenizer: add_prefix_space false does not match prepend_scheme ${JSON.stringify(scheme)}`);
      prepend = 'never';
    }
    if (prepend !== 'always' && prepend !== 'first' && prepend !== 'never')
      throw new Error(`pre_tokenizer Metaspace prepend_scheme is ${JSON.stringify(prepend)}; expected always, first or never`);
    return new Metaspace(r, prepend, bool(p.split, true, 'pre_tokenizer.split'));
  }
  throw new Error(`pre_tokenizer type ${JSON.stringify(p.type)} is not supported (supported: ${PRE_TOKENIZERS})`);
}
