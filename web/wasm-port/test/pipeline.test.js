// The general tokenizer pipeline (src/pipeline.js; docs/tokenizer.md §9), the same cases as the Java
// runtime's TokenizerPipelineTest: the committed SentencePiece fixtures against the ids spm_encode printed,
// hand-made Unigram / Metaspace / normalizer cases, lower-casing BertNormalizer, one error per unsupported component.
import test from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Tokenizer } from '../src/tokenizer.js';
import { repo } from './helpers.js';

const resources = join(repo, 'runtime', 'src', 'test', 'resources', 'dev', 'microembed');
const fixture = (name) => new Tokenizer(readFileSync(join(resources, 'model2vec', 'tokenizers', `${name}.json`)));
const LINES = ['Hello world, this is a test.', 'Der Hund schläft 🐶 ☃', '  Ｆｕｌｌｗｉｄｔｈ  ﬁ spaces   here  '];

function unigramJson(normalizer, preTokenizer, byteFallback, ...piecesAndScores) {
  const vocab = [];
  for (let i = 0; i < piecesAndScores.length; i += 2) vocab.push([piecesAndScores[i], piecesAndScores[i + 1]]);
  return JSON.stringify({ normalizer, pre_tokenizer: preTokenizer, model: { type: 'Unigram', unk_id: 0, vocab, byte_fallback: byteFallback } });
}
const metaspace = (prepend, split) => ({ type: 'Metaspace', replacement: '▁', prepend_scheme: prepend, split });

test('Unigram + nmt_nfkc Precompiled: the ids spm_encode gives', () => {
  const t = fixture('spm-unigram-4k');
  assert.equal(t.vocabSize, 4000);
  assert.equal(t.unknownId, -1, 'a Unigram model has no unk_token: Model2Vec keeps its unknown ids');
  // spm_encode --model=uni4k.model --output_format=id (SentencePiece 0.1.97)
  assert.deepEqual(t.encode(LINES[0]), [925, 859, 3, 1494, 18, 19, 5, 3, 274, 75, 162, 12, 325, 69, 25]);
  assert.deepEqual(t.encode(LINES[1]), [3, 1590, 1358, 541, 18, 219, 824, 3, 0, 3, 0]);
  assert.deepEqual(t.encode(LINES[2]), [143, 13, 129, 328, 19, 274, 459, 479, 9, 745, 1208, 8]);
  assert.deepEqual(t.tokens(LINES[0]), ['▁He', 'llo', '▁', 'wor', 'l', 'd', ',', '▁', 'th', 'is', '▁is', '▁a', '▁te', 'st', '.']);
  assert.deepEqual(t.encode(''), []);
  assert.deepEqual(t.encode('   '), [], 'only whitespace: stripped, nothing left');
  assert.deepEqual(t.encode('<s>'), [1], 'control pieces are added tokens');
});

test('Unigram with byte fallback and nmt_nfkc_cf: the ids spm_encode gives', () => {
  const t = fixture('spm-unigram-2k-byte-fallback');
  assert.deepEqual(t.encode(LINES[0]), [647, 805, 303, 347, 641, 261, 259, 486, 342, 477, 267, 499, 333, 277]);
  assert.deepEqual(t.encode(LINES[1]), [633, 983, 363, 619, 273, 444, 1040, 259, 243, 162, 147, 185, 259, 229, 155, 134]);
  assert.deepEqual(t.encode(LINES[2]), [692, 341, 491, 274, 486, 580, 989, 263, 1022, 647, 286]);
  assert.deepEqual(t.tokens('☃'), ['▁', '<0xE2>', '<0x98>', '<0x83>']);
});

test('a capped encode is the prefix of the full one', () => {
  const t = fixture('spm-unigram-4k');
  const text = `${LINES[0]} ${LINES[1]}`, all = t.encode(text);
  for (const cap of [1, 2, 5, 11, all.length, all.length + 3]) {
    const out = new Int32Array(cap);
    const n = t.encodeInto(text, out, true);
    assert.equal(n, Math.min(cap, all.length));
    assert.deepEqual(Array.from(out.subarray(0, n)), all.slice(0, n));
  }
});

test('Viterbi picks the best-scoring segmentation; unknown code points fuse into one unk', () => {
  // "abc": a+b+c = -9, ab+c = -5, a+bc = -4.5 (best), abc missing
  const t = new Tokenizer(unigramJson(null, null, false, '<unk>', 0, 'a', -3, 'b', -3, 'c', -3, 'ab', -2, 'bc', -1.5));
  assert.deepEqual(t.tokens('abc'), ['a', 'bc']);
  assert.deepEqual(t.encode('axy😀b'), [1, 0, 2], 'a supplementary character counts as one position');
});

test('Metaspace: prepend schemes and split', () => {
  const vocab = ['<unk>', 0, '▁', -0.2, 'a', -1, 'b', -1, '▁a', -0.5, '▁b', -0.5, 'a▁b', -0.1];
  assert.deepEqual(new Tokenizer(unigramJson(null, metaspace('always', true), false, ...vocab)).tokens('a b'), ['▁a', '▁b']);
  assert.deepEqual(new Tokenizer(unigramJson(null, metaspace('never', true), false, ...vocab)).tokens('a b'), ['a', '▁b']);
  assert.deepEqual(new Tokenizer(unigramJson(null, metaspace('always', false), false, ...vocab)).tokens('a b'), ['▁', 'a▁b']);
  assert.deepEqual(new Tokenizer(unigramJson(null, metaspace('first', true), false, ...vocab)).tokens('a b'), ['▁a', '▁b']);
  const first = new Tokenizer(JSON.stringify({ ...JSON.parse(unigramJson(null, metaspace('first', true), false, ...vocab)),
    added_tokens: [{ content: '<s>', special: true, normalized: false }] }));
  assert.deepEqual(first.tokens('a<s>a'), ['▁a', '<s>', 'a'], 'first: only the piece at offset 0 gets the prefix');
});

test('normalizers of a Sequence: NFKC, Lowercase, Replace (string, regex), Strip', () => {
  const seq = { type: 'Sequence', normalizers: [{ type: 'NFKC' }, { type: 'Lowercase' },
    { type: 'Replace', pattern: { String: 'x' }, content: 'b' }, { type: 'Replace', pattern: { Regex: 'a{2,}' }, content: 'a' },
    { type: 'Strip', strip_left: true, strip_right: true }] };
  const t = new Tokenizer(unigramJson(seq, null, false, '<unk>', 0, 'a', -1, 'b', -1, 'ς', -1, 'σ', -1));
  assert.deepEqual(t.tokens('  ＡAAX \t'), ['a', 'b']);
  assert.deepEqual(t.tokens('Σ'), ['σ'], 'Lowercase maps per code point: no final-sigma rule');
  const dollars = new Tokenizer(unigramJson({ type: 'Replace', pattern: { String: 'a' }, content: '$&$1' }, null, false, '<unk>', 0, '$&$1', -1));
  assert.deepEqual(dollars.tokens('a'), ['$&$1'], 'the replacement is literal');
});

test('unsupported components: one error naming the type', () => {
  assert.throws(() => new Tokenizer('{"model":{"type":"BPE","vocab":{},"merges":[]}}'), /model type "BPE" is not supported/);
  assert.throws(() => new Tokenizer(unigramJson({ type: 'Prepend', prepend: 'x' }, null, false, '<unk>', 0)), /normalizer type "Prepend" is not supported/);
  assert.throws(() => new Tokenizer(unigramJson({ type: 'Sequence', normalizers: [{ type: 'ByteLevel' }] }, null, false, '<unk>', 0)), /normalizer type "ByteLevel"/);
  assert.throws(() => new Tokenizer(unigramJson(null, { type: 'ByteLevel', add_prefix_space: false }, false, '<unk>', 0)), /pre_tokenizer type "ByteLevel" is not supported/);
  assert.throws(() => new Tokenizer(unigramJson({ type: 'Precompiled', precompiled_charsmap: 'AAAA' }, null, false, '<unk>', 0)), /precompiled_charsmap/);
  assert.throws(() => new Tokenizer(unigramJson({ type: 'Precompiled', precompiled_charsmap: 'AA A' }, null, false, '<unk>', 0)), /not valid base64/);
  assert.throws(() => new Tokenizer(unigramJson(null, null, false, '<unk>', 'x')), /model\.vocab\[0\] must be \[piece, score\]/);
  assert.throws(() => new Tokenizer(JSON.stringify({ model: { type: 'Unigram', unk_id: 5, vocab: [['a', 0]] } })), /unk_id must be null or an id/);
});

test('lower-casing BertNormalizer (uncased WordPiece, as potion-base): the pipeline lower-cases and strips accents', () => {
  const json = readFileSync(join(resources, 'fixtures', 'tokenizers', 'small-uncased.json'), 'utf8');
  const t = new Tokenizer(json);
  assert.notEqual(t.pipeline, null, 'not the cased fused loop');
  assert.deepEqual(t.tokens('HeLLo, WÖRLD!'), ['hello', ',', 'world', '!']);
  assert.deepEqual(t.tokens('Unbelievable wörlds'), ['un', '##believ', '##able', 'world', '##s']);
  assert.deepEqual(t.tokens('[UNK] x'), ['[UNK]', '[UNK]'], 'added token on the raw text, then an unknown word');
  assert.deepEqual(t.encodeInto('x hello', new Int32Array(4), true), 1, 'dropUnknown skips [UNK]');
  // the same with the normalizer behind a Sequence (Java's wordPieceBehindAnotherNormalizerRunsThePipeline)
  const root = JSON.parse(json);
  root.normalizer = { type: 'Sequence', normalizers: [root.normalizer] };
  const general = new Tokenizer(JSON.stringify(root));
  for (const s of ['Hello, World!', 'unaffable straße', '  über  CAFÉ 中文 ', '', '[UNK] x', 'İ ǅ Ω'])
    assert.deepEqual(general.encode(s), t.encode(s), s);
});
