// Loading speed: JSON.parse of a 100k-entry vocabulary object costs tens of milliseconds (100k JS strings
// and a dictionary-mode object) and the tokenizer then copies it again into its own table. This scanner
// finds tokenizer.json's model.vocab object in the text, so the rest is parsed by JSON.parse with an empty
// vocab and the entries go straight from the text into the tokenizer's table. Anything unexpected in the
// structure returns null and the caller falls back to plain JSON.parse (which then names the error).

const WS = (c) => c === 32 || c === 9 || c === 10 || c === 13;

function ws(t, i) {
  while (i < t.length && WS(t.charCodeAt(i))) i++;
  return i;
}

/** Index after the string that starts at t[i] === '"', or -1. */
function skipString(t, i) {
  for (let j = i + 1; ;) {
    const q = t.indexOf('"', j);
    if (q < 0) return -1;
    let b = q - 1;
    while (t.charCodeAt(b) === 92) b--;
    if ((q - 1 - b) % 2 === 0) return q + 1;
    j = q + 1;
  }
}

/** Index after the JSON value starting at t[i], or -1 (shallow syntax only; JSON.parse checks the rest). */
function skipValue(t, i) {
  const c = t.charCodeAt(i);
  if (c === 34) return skipString(t, i);
  if (c === 123 || c === 91) {
    let depth = 0;
    while (i < t.length) {
      const d = t.charCodeAt(i);
      if (d === 34) { i = skipString(t, i); if (i < 0) return -1; continue; }
      if (d === 123 || d === 91) depth++;
      else if (d === 125 || d === 93) { if (--depth === 0) return i + 1; }
      i++;
    }
    return -1;
  }
  while (i < t.length) {
    const d = t.charCodeAt(i);
    if (d === 44 || d === 125 || d === 93 || WS(d)) return i;
    i++;
  }
  return i;
}

function keyAt(t, i, end) {
  const raw = t.slice(i + 1, end - 1);
  return raw.indexOf('\\') < 0 ? raw : JSON.parse(t.slice(i, end));
}

/** Members of the object at t[i] === '{': calls visit(key, valueStart) which returns the value's end; null on trouble. */
function members(t, i, visit) {
  if (t.charCodeAt(i) !== 123) return null;
  i = ws(t, i + 1);
  if (t.charCodeAt(i) === 125) return i + 1;
  for (;;) {
    if (t.charCodeAt(i) !== 34) return null;
    const kEnd = skipString(t, i);
    if (kEnd < 0) return null;
    const key = keyAt(t, i, kEnd);
    i = ws(t, kEnd);
    if (t.charCodeAt(i) !== 58) return null;
    i = ws(t, i + 1);
    const vEnd = visit(key, i);
    if (vEnd === null || vEnd < 0) return null;
    i = ws(t, vEnd);
    const c = t.charCodeAt(i);
    if (c === 125) return i + 1;
    if (c !== 44) return null;
    i = ws(t, i + 1);
  }
}

/**
 * Walks tokenizer.json text; at model.vocab calls readVocab(text, start) which returns the index after the
 * vocab object. Returns [from, to) of that object, or null when the text's structure is not as expected
 * (the caller then falls back to JSON.parse, which reports the problem).
 */
export function locateVocab(t, readVocab) {
  let span = null;
  try {
    const end = members(t, ws(t, 0), (key, i) => {
      if (key !== 'model' || t.charCodeAt(i) !== 123) return skipValue(t, i);
      return members(t, i, (k, j) => {
        if (k !== 'vocab' || t.charCodeAt(j) !== 123) return skipValue(t, j);
        const e = readVocab(t, j);
        span = [j, e];
        return e;
      });
    });
    if (end === null || ws(t, end) !== t.length) return null;
  } catch (e) {
    if (e instanceof VocabError) throw e;
    return null;
  }
  return span;
}

/** A problem inside model.vocab (reported as is, no fallback). */
export class VocabError extends Error {}
