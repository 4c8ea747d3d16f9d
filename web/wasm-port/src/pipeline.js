// The general encode loop, as the Java runtime's PipelineEncoder (docs/tokenizer.md §9): one replaceable
// object per tokenizer.json stage (src/normalizers.js, src/unigram.js, WordPiece), run as Hugging Face
// does: added tokens cut out of the raw text → normalizer per piece in between → added tokens with
// normalized: true cut out of the normalized piece → pre-tokenizer → model per word. A piece that normalizes
// to nothing is dropped (as HF drops empty splits). Strings per piece (normalizers work on strings); words
// are ranges of them and the models write ids straight into the caller's array.
import { normalizerFromJson, preTokenizerFromJson, bertFlags } from './normalizers.js';

/** Whether the tokenizer.json is the cased BERT WordPiece configuration the fused loop of src/tokenizer.js runs. */
export function isFusedBert(json, modelType) {
  const n = json.normalizer, p = json.pre_tokenizer;
  if (modelType !== 'WordPiece' || !n || typeof n !== 'object' || n.type !== 'BertNormalizer' || !p || p.type !== 'BertPreTokenizer') return false;
  const f = bertFlags(n, 'normalizer');
  return f.cleanText && f.handleChineseChars && !f.stripAccents && !f.lowercase;
}

/** The normalizer and pre-tokenizer objects of a tokenizer.json; Error naming the component otherwise. */
export function pipelineStages(json) {
  return { normalizer: normalizerFromJson(json.normalizer), preTokenizer: preTokenizerFromJson(json.pre_tokenizer) };
}

export class PipelineEncoder {
  /**
   * @param normalizer {normalize(s)}; preTokenizer {split(piece, first, words)}
   * @param model {tokenize(s, from, to, sink), unknownTokenId}
   * @param raw AddedTokenTrie of the normalized: false added tokens, normalized: that of the others (null: none)
   */
  constructor(normalizer, preTokenizer, model, raw, normalized) {
    this.normalizer = normalizer;
    this.preTokenizer = preTokenizer;
    this.model = model;
    this.raw = raw;
    this.normalized = normalized;
    // per-call state (one call at a time: JS is single-threaded), fields fixed here for one hidden class
    this.out = null;
    this.n = 0;
    this.limit = 0;
    this.dropped = -2;
  }

  /** Appends one id unless dropped; true when the output is full. */
  emit(id) {
    if (id !== this.dropped) this.out[this.n++] = id;
    return this.n >= this.limit;
  }

  /** The pre-tokenizer's words go to the model. */
  word(s, from, to) {
    return to > from && this.model.tokenize(s, from, to, this);
  }

  /** Encodes well-formed text (lone surrogates replaced by the caller) into out[0, limit); returns the count. */
  encodeInto(text, out, dropUnknown, limit) {
    const unk = this.model.unknownTokenId;
    this.out = out;
    this.n = 0;
    this.limit = limit;
    this.dropped = dropUnknown && unk >= 0 ? unk : -2;
    try {
      if (limit > 0) this.split(text, 0, text.length, this.raw, true);
      return this.n;
    } finally {
      this.out = null;
    }
  }

  /**
   * Cuts the added tokens of trie out of s[0, len) (leftmost-longest), handing the text in between to
   * rawPiece (raw: normalize first) or the pre-tokenizer. True when full.
   */
  split(s, from, len, trie, raw, first = true) {
    if (trie === null) return from < len && this.between(s, from, len, raw, first && from === 0);
    let start = from;
    for (let i = from; i < len; i++) {
      const id = trie.longestAt(s, i, len);
      if (id === -1) continue;
      const stop = trie.matchEnd;
      if (start < i && this.between(s, start, i, raw, first && start === 0)) return true;
      if (this.emit(id)) return true;
      start = stop;
      i = stop - 1;
    }
    return start < len && this.between(s, start, len, raw, first && start === 0);
  }

  between(s, from, to, raw, first) {
    const piece = from === 0 && to === s.length ? s : s.slice(from, to);
    if (!raw) return this.preTokenizer.split(piece, first, this);
    const normalized = this.normalizer.normalize(piece);
    if (normalized.length === 0) return false;
    if (this.normalized === null) return this.preTokenizer.split(normalized, first, this);
    return this.split(normalized, 0, normalized.length, this.normalized, false, first);
  }
}
