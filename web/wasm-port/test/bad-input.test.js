// Bad input never traps or hangs: broken model files and hostile safetensors headers are one Error naming
// the file and the problem; hostile texts (empty, 1 MB, lone surrogates, controls) embed normally.
import test from 'node:test';
import assert from 'node:assert/strict';
import { load, parseSafetensors, similarity, topK } from '../src/index.js';
import { smallModel, resign, safetensors } from './helpers.js';

const enc = (s) => new Uint8Array(Buffer.from(s, 'utf8'));

/** A model.safetensors with the given raw header (and data), re-signed so load reaches the parser. */
function withSafetensors(bytes) {
  const files = smallModel();
  files['model.safetensors'] = bytes;
  return resign(files);
}

function rawHeader(headerText, data = new Uint8Array(0), declaredLength = null) {
  const h = Buffer.from(headerText, 'utf8');
  const len = Buffer.alloc(8);
  len.writeBigUInt64LE(declaredLength ?? BigInt(h.length));
  return new Uint8Array(Buffer.concat([len, h, Buffer.from(data)]));
}

async function rejects(files, pattern) {
  await assert.rejects(load(files), (e) => {
    assert.ok(e instanceof Error, 'an Error');
    assert.match(e.message, pattern);
    return true;
  });
}

const good = JSON.stringify({
  embeddings: { dtype: 'I8', shape: [38, 16], data_offsets: [0, 608] },
  scales: { dtype: 'F32', shape: [16], data_offsets: [608, 672] },
});

test('a well-formed hand-made safetensors loads', async () => {
  const data = new Uint8Array(672);
  new Float32Array(data.buffer, 608, 16).fill(0.5);
  data[0] = 1;
  const m = await load(withSafetensors(rawHeader(good, data)));
  assert.equal(m.dim, 16);
});

const hostile = [
  ['empty file', new Uint8Array(0), /shorter than the 8-byte header/],
  ['7 bytes', new Uint8Array(7), /shorter than the 8-byte header/],
  ['header length 2^63', rawHeader('{}', new Uint8Array(0), 1n << 63n), /exceeds the 100 MB limit/],
  ['header length past the end', rawHeader('{}', new Uint8Array(0), 1000n), /runs past the end/],
  ['header not JSON', rawHeader('{"embeddings": '), /not valid UTF-8 JSON/],
  ['header invalid UTF-8', new Uint8Array([2, 0, 0, 0, 0, 0, 0, 0, 0xc3, 0x28]), /not valid UTF-8 JSON/],
  ['header an array', rawHeader('[1,2]'), /not a JSON object/],
  ['header null', rawHeader('null'), /not a JSON object/],
  ['deeply nested header', rawHeader('['.repeat(200000) + ']'.repeat(200000)), /not valid UTF-8 JSON|not a JSON object/],
  ['unknown dtype', rawHeader(JSON.stringify({ embeddings: { dtype: 'Q4', shape: [1], data_offsets: [0, 1] } }), new Uint8Array(1)), /unknown dtype/],
  ['overflowing shape', rawHeader(JSON.stringify({ embeddings: { dtype: 'I8', shape: [2 ** 52, 2 ** 52], data_offsets: [0, 16] } }), new Uint8Array(16)), /needs .* bytes/],
  ['negative shape', rawHeader(JSON.stringify({ embeddings: { dtype: 'I8', shape: [-1, 16], data_offsets: [0, 16] } }), new Uint8Array(16)), /shape must be/],
  ['offsets out of the data', rawHeader(JSON.stringify({ embeddings: { dtype: 'I8', shape: [4], data_offsets: [0, 4] } }), new Uint8Array(2)), /out of the 2-byte data section/],
  ['offsets reversed', rawHeader(JSON.stringify({ embeddings: { dtype: 'I8', shape: [0], data_offsets: [4, 0] } }), new Uint8Array(4)), /out of the/],
  ['overlapping tensors', rawHeader(JSON.stringify({
    embeddings: { dtype: 'I8', shape: [38, 16], data_offsets: [0, 608] },
    scales: { dtype: 'F32', shape: [16], data_offsets: [544, 608] } }), new Uint8Array(608)), /overlaps/],
  ['gap in the data', rawHeader(JSON.stringify({
    embeddings: { dtype: 'I8', shape: [38, 16], data_offsets: [0, 608] },
    scales: { dtype: 'F32', shape: [16], data_offsets: [612, 676] } }), new Uint8Array(676)), /belong to no tensor/],
  ['trailing bytes', rawHeader(good, new Uint8Array(700)), /belong to no tensor/],
  ['truncated data', rawHeader(good, new Uint8Array(600)), /out of the 600-byte data section/],
  ['no embeddings', rawHeader(JSON.stringify({ scales: { dtype: 'F32', shape: [16], data_offsets: [0, 64] } }), new Uint8Array(64)), /"embeddings" must be an I8 tensor of rank 2/],
  ['embeddings F32', rawHeader(JSON.stringify({ embeddings: { dtype: 'F32', shape: [38, 16], data_offsets: [0, 2432] } }), new Uint8Array(2432)), /"embeddings" must be an I8/],
  ['embeddings rank 1', rawHeader(JSON.stringify({ embeddings: { dtype: 'I8', shape: [608], data_offsets: [0, 608] } }), new Uint8Array(608)), /rank 2/],
  ['scales wrong length', rawHeader(JSON.stringify({
    embeddings: { dtype: 'I8', shape: [38, 16], data_offsets: [0, 608] },
    scales: { dtype: 'F32', shape: [15], data_offsets: [608, 668] } }), new Uint8Array(668)), /"scales" must be F32 \[16\]/],
  ['NaN scale', (() => { const d = new Uint8Array(672); new Float32Array(d.buffer, 608, 16).fill(NaN); return rawHeader(good, d); })(), /non-finite/],
  ['dimension 0', rawHeader(JSON.stringify({ embeddings: { dtype: 'I8', shape: [38, 0], data_offsets: [0, 0] },
    scales: { dtype: 'F32', shape: [0], data_offsets: [0, 0] } })), /dimension 0 out of 1..4096/],
  ['dimension 5000', rawHeader(JSON.stringify({ embeddings: { dtype: 'I8', shape: [38, 5000], data_offsets: [0, 190000] },
    scales: { dtype: 'F32', shape: [5000], data_offsets: [190000, 210000] } }), new Uint8Array(210000)), /dimension 5000 out of 1..4096/],
  ['fewer rows than the tokenizer', rawHeader(JSON.stringify({ embeddings: { dtype: 'I8', shape: [10, 16], data_offsets: [0, 160] },
    scales: { dtype: 'F32', shape: [16], data_offsets: [160, 224] } }), new Uint8Array(224)), /vocab_size 38 but model.safetensors has 10|10 rows but tokenizer.json/],
];

for (const [name, bytes, pattern] of hostile) {
  test(`model.safetensors: ${name} → Error`, async () => {
    await rejects(withSafetensors(bytes), new RegExp(`model\\.safetensors: .*${pattern.source}|${pattern.source}`));
  });
}

test('weighted_mean without a weights tensor, and non-finite weights', async () => {
  await rejects(resign(smallModel(), (c) => { c.microembed.pooling = 'weighted_mean'; }), /no "weights" tensor/);
  const files = smallModel({ pooling: 'weighted_mean' }, (f) => {
    const st = parseSafetensors(f['model.safetensors']);
    const w = st.tensors.get('weights').bytes;
    new DataView(w.buffer, w.byteOffset).setFloat32(4, Infinity, true);
  });
  await rejects(files, /"weights" has a non-finite value/);
});

test('config.json problems', async () => {
  await rejects({ ...smallModel(), 'config.json': enc('{"microembed": ') }, /config\.json: not valid UTF-8 JSON/);
  await rejects(resign(smallModel(), (c) => { c.microembed.format_version = 2; }), /format_version 2 is not supported/);
  await rejects(resign(smallModel(), (c) => { c.microembed.dim = 32; }), /dim 32 but model.safetensors has 16/);
  await rejects(resign(smallModel(), (c) => { c.microembed.vocab_size = 99; }), /vocab_size 99/);
  await rejects(resign(smallModel(), (c) => { c.microembed.pooling = 'max'; }), /pooling "max"/);
  await rejects(resign(smallModel(), (c) => { delete c.microembed.files['tokenizer.json']; }), /does not list tokenizer\.json/);
  await rejects(resign(smallModel(), (c) => { c.microembed = 5; }), /"microembed" is not an object/);
  await rejects({ ...smallModel(), 'config.json': enc('[1]') }, /config\.json: not a JSON object/);
  // without microembed.format_version a folder is Model2Vec's (test/model2vec.test.js): its table as it is
  assert.equal((await load(resign(smallModel(), (c) => { delete c.microembed; }))).format, 'model2vec');
  const { 'tokenizer.json': _, ...missing } = smallModel();
  await rejects(missing, /tokenizer\.json is missing/);
});

test('checksums: a changed or truncated file is refused', async () => {
  const f = smallModel();
  const truncated = { ...f, 'model.safetensors': f['model.safetensors'].subarray(0, 100) };
  await rejects(truncated, /model\.safetensors: 100 bytes, config\.json says \d+ \(truncated/);
  const flipped = { ...f, 'model.safetensors': f['model.safetensors'].slice() };
  flipped['model.safetensors'][200] ^= 1;
  await rejects(flipped, /model\.safetensors: sha256 [0-9a-f]{64} does not match/);
  const tok = { ...f, 'tokenizer.json': f['tokenizer.json'].slice() };
  tok['tokenizer.json'][10] ^= 1;
  await rejects(tok, /tokenizer\.json: sha256/);
});

test('tokenizer.json problems', async () => {
  const edit = (fn) => smallModel({}, (f) => { f['tokenizer.json'] = enc(fn(Buffer.from(f['tokenizer.json']).toString('utf8'))); });
  await rejects(edit((s) => s.slice(0, s.length - 10)), /tokenizer\.json: (not valid JSON|model\.vocab: expected)/);
  await rejects(edit((s) => s.slice(0, 300)), /tokenizer\.json: (not valid JSON|model\.vocab: )/);
  await rejects(edit((s) => s.replace('"type":"WordPiece","unk_token"', '"type":"BPE","unk_token"')), /model type "BPE" is not supported \(supported: WordPiece, Unigram\)/);
  await rejects(edit((s) => s.replace('"lowercase":false', '"lowercase":"yes"')), /normalizer\.lowercase must be true or false/);
  await rejects(edit((s) => s.replace('{"type":"BertPreTokenizer"}', '{"type":"Whitespace"}')), /pre_tokenizer type "Whitespace" is not supported \(supported: BertPreTokenizer, Metaspace/);
  await rejects(edit((s) => s.replace('"cat":12', '"cat":-12')), /bad id|not a non-negative/);
  await rejects(edit((s) => s.replace('"cat":12', '"cat":1.5')), /bad id 1\.5/);
  await rejects(edit((s) => s.replace('"unk_token":"[UNK]"', '"unk_token":"[NOPE]"')), /unk_token "\[NOPE\]" is not in the vocabulary/);
  await rejects(edit((s) => s.replace('"content":"lol"', '"content":5')), /added_tokens\[\d+\]\.content must be a string/);
  await rejects(edit((s) => s.replace('"special":true', '"special":"yes"')), /added_tokens\[0\]\.special must be true or false/);
  await rejects(edit((s) => s.replace('"content":"lol","single_word":false', '"content":"lol","single_word":true')), /single_word.* not supported/);
  await rejects(edit((s) => s.replace('"content":"\\ud83d"', '"content":"\\ud83d"').replace('"content":"lol"', '"content":"\\ud83d"')), /lone surrogate/);
  await rejects(edit(() => '\u0000'), /tokenizer\.json: not valid JSON/);
});

test('model files that are not bytes, sources that are not sources', async () => {
  await assert.rejects(load({ ...smallModel(), 'model.safetensors': 'text' }), /must be an ArrayBuffer or Uint8Array/);
  await assert.rejects(load(42), /source must be/);
  await assert.rejects(load('/nonexistent/folder'), /\/nonexistent\/folder\/config\.json: cannot read \(ENOENT\)/);
});

test('hostile texts embed without throwing, quickly, into a unit or zero vector', { timeout: 20000 }, async () => {
  const m = await load(smallModel());
  const mb = 1 << 20;
  const texts = [
    '', ' ', '\u0000\u0001\u200b', '\ud800', '\udc00', 'a\ud800b', '\udbff\udfff', 'cat\udc00sat',
    'a'.repeat(mb), ' '.repeat(mb), 'cat '.repeat(mb / 4), '😀'.repeat(mb / 2), '!'.repeat(mb), '東'.repeat(mb),
    '\ud800'.repeat(mb), 'lol'.repeat(mb / 3), '❤️'.repeat(mb / 2), '\u0000'.repeat(mb), 'un' + '##'.repeat(mb / 2),
  ];
  for (const t of texts) {
    const v = m.embed(t);
    assert.equal(v.length, 16);
    let n = 0;
    for (const x of v) { assert.ok(Number.isFinite(x)); n += x * x; }
    assert.ok(n === 0 || Math.abs(n - 1) < 1e-5);
    assert.ok(m.tokenIds(t).length <= m.maxTokens);
  }
  assert.ok(m.embed('').every((x) => x === 0));
  assert.deepEqual(m.embed('cat '.repeat(mb / 4)), m.embedIds(Array(512).fill(12)));
  for (const bad of [null, undefined, 42, {}, ['cat']]) assert.throws(() => m.embed(bad), /embed: text must be a string/);
  assert.throws(() => m.embedBatch('cat'), /texts must be an array/);
  assert.throws(() => m.embedBatch(['cat', 5]), /embedBatch\[1\]: text must be a string/);
  assert.throws(() => m.embedIds([0, 38]), /id 38 at 1 is outside 0..37/);
  assert.throws(() => m.embedIds([-1]), /outside/);
});

test('similarity and topK', async () => {
  const m = await load(smallModel());
  const [a, b, c] = m.embedBatch(['the cat sat', 'the cat sat!', 'hello world']);
  assert.ok(Math.abs(similarity(a, a) - 1) < 1e-6);
  assert.equal(similarity(a, new Float32Array(16)), 0);
  assert.throws(() => similarity(a, new Float32Array(3)), /lengths differ/);
  assert.deepEqual(topK(a, [c, b, a], 2), [2, 1]);
  assert.deepEqual(topK(a, [a, a, c], 3), [0, 1, 2]);
  assert.deepEqual(topK(a, [], 3), []);
  assert.throws(() => topK(a, [a], -1), /k must be a non-negative integer/);
  assert.ok(Math.abs(m.similarity('the cat sat', 'the cat sat!') - similarity(a, b)) < 1e-12);
});

test('load caches per source: a serverless function loads once per container', async () => {
  const { writeFolder } = await import('../scripts/fixture.mjs');
  const { mkdtempSync } = await import('node:fs');
  const { tmpdir } = await import('node:os');
  const { join } = await import('node:path');
  const { pathToFileURL } = await import('node:url');
  const dir = mkdtempSync(join(tmpdir(), 'microembed-'));
  writeFolder(dir, smallModel());
  const a = await load(dir), b = await load(dir);
  assert.equal(a, b);
  const c = await load(pathToFileURL(dir));
  assert.deepEqual(c.embed('the cat'), a.embed('the cat'));
  assert.notEqual(await load(dir, { cache: false }), a);
});

test('a safetensors writer round trip (fixture writer and reader agree)', () => {
  const st = parseSafetensors(safetensors([{ name: 'x', dtype: 'I8', shape: [3], data: new Uint8Array([1, 2, 3]) }]));
  assert.deepEqual([...st.tensors.get('x').bytes], [1, 2, 3]);
  assert.equal(st.metadata.format, 'microembed');
});
