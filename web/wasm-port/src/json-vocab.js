// Loading speed: JSON.parse of a 100k-entry vocabulary object costs tens of milliseconds (100k JS strings
// and a dictionary-mode object), and the tokenizer would then copy it again into its own tables. This
// walker finds tokenizer.json's model.vocab object in the UTF-8 bytes (JSON's structural characters are
// ASCII, so bytes suffice), hands it to a reader (the WebAssembly table builder, src/vocab.wat), and lets
// JSON.parse do the rest with an empty vocab. Anything unexpected in the structure returns null, and the
// caller falls back to plain JSON.parse (which then names the error).

const WS = (c) => c === 32 || c === 9 || c === 10 || c === 13;
const utf8 = new TextDecoder('utf-8', { fatal: true });

function ws(b, i) {
  while (i < b.length && WS(b[i])) i++;
  return i;
}

/** Index after the string that starts at b[i] === '"', or -1. */
function skipString(b, i) {
  for (let j = i + 1; ;) {
    const q = b.indexOf(34, j);
    if (q < 0) return -1;
    let k = q - 1;
    while (b[k] === 92) k--;
    if ((q - 1 - k) % 2 === 0) return q + 1;
    j = q + 1;
  }
}

/** Index after the JSON value starting at b[i], or -1 (shallow syntax only; JSON.parse checks the rest). */
function skipValue(b, i) {
  const c = b[i];
  if (c === 34) return skipString(b, i);
  if (c === 123 || c === 91) {
    let depth = 0;
    while (i < b.length) {
      const d = b[i];
      if (d === 34) { i = skipString(b, i); if (i < 0) return -1; continue; }
      if (d === 123 || d === 91) depth++;
      else if (d === 125 || d === 93) { if (--depth === 0) return i + 1; }
      i++;
    }
    return -1;
  }
  while (i < b.length) {
    const d = b[i];
    if (d === 44 || d === 125 || d === 93 || WS(d)) return i;
    i++;
  }
  return i;
}

let skip = skipValue; // the value skipper in use: JS, or the WebAssembly one locateVocab is given

/** Members of the object at b[i] === '{': visit(key, valueStart) returns the value's end; null on trouble. */
function members(b, i, visit) {
  if (b[i] !== 123) return null;
  i = ws(b, i + 1);
  if (b[i] === 125) return i + 1;
  for (;;) {
    if (b[i] !== 34) return null;
    const kEnd = skipString(b, i);
    if (kEnd < 0) return null;
    const key = JSON.parse(utf8.decode(b.subarray(i, kEnd)));
    i = ws(b, kEnd);
    if (b[i] !== 58) return null;
    i = ws(b, i + 1);
    const vEnd = visit(key, i);
    if (vEnd === null || vEnd < 0) return null;
    i = ws(b, vEnd);
    if (b[i] === 125) return i + 1;
    if (b[i] !== 44) return null;
    i = ws(b, i + 1);
  }
}

/**
 * Walks tokenizer.json bytes; at model.vocab calls readVocab(bytes, start), which returns the index
 * after the vocab object or -1; other values are stepped over with skipper(bytes, start) (same contract
 * as skipValue). Returns [from, to) of that object, or null when the structure is not as
 * expected (the caller then falls back to JSON.parse).
 */
export function locateVocab(b, readVocab, skipper = skipValue) {
  let span = null;
  skip = skipper;
  try {
    const end = members(b, ws(b, 0), (key, i) => {
      if (key !== 'model' || b[i] !== 123) return skip(b, i);
      return members(b, i, (k, j) => {
        if (k !== 'vocab' || b[j] !== 123) return skip(b, j);
        const e = readVocab(b, j);
        if (e < 0) return null;
        span = [j, e];
        return e;
      });
    });
    if (end === null || ws(b, end) !== b.length) return null;
  } catch {
    return null;
  } finally {
    skip = skipValue;
  }
  return span;
}

/** The text of the bytes with [from, to) replaced by "{}" (throws TypeError on invalid UTF-8). */
export function withEmptyVocab(b, [from, to]) {
  return utf8.decode(b.subarray(0, from)) + '{}' + utf8.decode(b.subarray(to));
}
