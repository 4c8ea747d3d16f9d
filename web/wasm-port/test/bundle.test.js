// The default-model bundle (scripts/pack-model.mjs → model/default.bin): loadBundle gives the folder's
// vectors, bad bundles are clear errors, loadDefault loads the shipped file when it has been built.
import test from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { load, loadBundle, loadDefault, bundleFiles, clearCache } from '../src/index.js';
import { smallModel, safetensors, bytesOf, root, shippedModel } from './helpers.js';

const asBundle = (files, metadata = { format: 'microembed-bundle', format_version: '1' }) =>
  safetensors(Object.entries(files).map(([name, data]) => ({ name, dtype: 'U8', shape: [data.length], data })), metadata);

test('loadBundle: the same vectors as load of the same files', async () => {
  const files = smallModel();
  const a = await load(files), b = await loadBundle(asBundle(files));
  for (const t of ['the cat sat on the mat', 'unbelievable!', 'lol ❤️ #love', ''])
    assert.deepEqual(bytesOf(b.embed(t)), bytesOf(a.embed(t)));
  const ab = asBundle(files);
  assert.equal((await loadBundle(ab.buffer.slice(ab.byteOffset, ab.byteOffset + ab.byteLength))).dim, a.dim, 'an ArrayBuffer works too');
});

test('bundleFiles / loadBundle: clear errors', async () => {
  const files = smallModel();
  assert.throws(() => bundleFiles(asBundle(files, { format: 'microembed' })), /not a microembed bundle/);
  assert.throws(() => bundleFiles(new Uint8Array(3)), /shorter than the 8-byte header/);
  assert.throws(() => bundleFiles(safetensors([{ name: 'config.json', dtype: 'I8', shape: [2], data: new Uint8Array(2) }], { format: 'microembed-bundle' })), /"config.json" must be U8 of rank 1/);
  assert.throws(() => bundleFiles('nope'), /must be an ArrayBuffer or Uint8Array/);
  const { 'tokenizer.json': _, ...noTokenizer } = files;
  await assert.rejects(loadBundle(asBundle(noTokenizer)), /tokenizer.json is missing/);
  const broken = { ...files, 'model.safetensors': files['model.safetensors'].slice(0, -1) };
  await assert.rejects(loadBundle(asBundle(broken)), /model.safetensors: .*bytes, config.json says/);
});

const bundled = join(root, 'model', 'default.bin');
test('loadDefault: the packaged model/default.bin gives the shipped folder\'s vectors, cached per kernel', {
  skip: !existsSync(bundled) ? 'model/default.bin not built (npm run prepack or node scripts/pack-model.mjs)' : !shippedModel ? 'no shipped model' : false,
}, async () => {
  clearCache();
  const d = await loadDefault(), f = await load(shippedModel, { cache: false });
  assert.equal(await loadDefault(), d, 'cached');
  assert.notEqual(await loadDefault({ simd: !(d.kernel === 'simd') }), d, 'per kernel');
  const verified = await loadDefault({ verify: true, cache: false });
  for (const t of ['the weather is lovely today', '東京 😂 #love lol']) {
    assert.deepEqual(bytesOf(d.embed(t)), bytesOf(f.embed(t)));
    assert.deepEqual(bytesOf(verified.embed(t)), bytesOf(f.embed(t)));
  }
  assert.equal(d.tokenizer.vocabReader, 'compiled');
  // a Node without process.getBuiltinModule (before 20.16 / 22.3) imports the built-ins instead
  const getBuiltinModule = process.getBuiltinModule;
  process.getBuiltinModule = undefined;
  try {
    const [old, oldFolder] = [await loadDefault({ cache: false, verify: true }), await load(shippedModel, { cache: false })];
    assert.deepEqual(bytesOf(old.embed('東京 😂 #love lol')), bytesOf(f.embed('東京 😂 #love lol')));
    assert.deepEqual(bytesOf(oldFolder.embed('東京 😂 #love lol')), bytesOf(f.embed('東京 😂 #love lol')));
  } finally {
    process.getBuiltinModule = getBuiltinModule;
  }
});

test('bundle with built tokenizer tables: same ids and vectors; corrupt tables are clear errors', async () => {
  const { mkdtempSync, writeFileSync, rmSync } = await import('node:fs');
  const { tmpdir } = await import('node:os');
  const { bundle } = await import('../scripts/pack-model.mjs');
  const { parseSafetensors } = await import('../src/safetensors.js');
  const files = smallModel();
  const dir = mkdtempSync(join(tmpdir(), 'microembed-bundle-'));
  try {
    for (const [name, b] of Object.entries(files)) writeFileSync(join(dir, name), b);
    const bytes = bundle(dir);
    const folder = await load(files), built = await loadBundle(bytes, { verify: true });
    assert.equal(built.tokenizer.vocabReader, 'compiled');
    for (const t of ['the cat sat on the mat', 'unbelievable!', 'lol ❤️ #love 🇺🇸 @user', '東京 x##y', '', 'b'.repeat(300)]) {
      assert.deepEqual(built.tokenizer.encode(t), folder.tokenizer.encode(t));
      assert.deepEqual(bytesOf(built.embed(t)), bytesOf(folder.embed(t)));
    }
    assert.equal(built.tokenizer.id('#love'), folder.tokenizer.id('#love'), 'added tokens (parsed on first use)');
    assert.equal(built.tokenizer.token(folder.tokenizer.id('cat')), 'cat');

    const span = (name) => { const st = parseSafetensors(bytes); const t = st.tensors.get(name); return [t.bytes.byteOffset - bytes.byteOffset, t.bytes.length]; };
    const patched = (name, at, value) => {
      const b = bytes.slice();
      new DataView(b.buffer).setInt32(span(name)[0] + 4 * at, value, true);
      return b;
    };
    await assert.rejects(loadBundle(patched('tokenizer/whole.ent', 2, 99999)), /tokenizer tables: whole\.ent holds id 99999, outside 0\.\./);
    await assert.rejects(loadBundle(patched('tokenizer/trie.tokenId', 3, 1 << 30)), /trie\.tokenId holds id/);
    await assert.rejects(loadBundle(patched('tokenizer/cont.ent', 2, -7)), /cont\.ent holds id -7/);
    // the bounds exactly (src/vocab.wat's first_bad_id): vocabSize and -2 are refused, the last entry is checked too
    const V = built.tokenizer.vocabSize, entries = span('tokenizer/whole.ent')[1] / 12;
    await assert.rejects(loadBundle(patched('tokenizer/whole.ent', 2, V)), new RegExp(`whole\\.ent holds id ${V}, outside 0\\.\\.${V - 1}`));
    await assert.rejects(loadBundle(patched('tokenizer/whole.ent', 3 * (entries - 1) + 2, -2)), /whole\.ent holds id -2/);
    const lastOk = await loadBundle(patched('tokenizer/whole.ent', 3 * (entries - 1) + 2, V - 1));
    assert.equal(lastOk.tokenizer.vocabReader, 'compiled');
    const flipped = bytes.slice();
    flipped[span('tokenizer/whole.slots')[0] + 8] ^= 1;
    await assert.rejects(loadBundle(flipped, { verify: true }), /the tokenizer tables' sha256 [0-9a-f]{64} does not match/);
    const meta = bytes.slice();
    const [at, len] = span('tokenizer/meta.json');
    const text = Buffer.from(meta.subarray(at, at + len)).toString('utf8').replace('"version":1', '"version":7');
    meta.set(Buffer.from(text), at);
    await assert.rejects(loadBundle(meta), /version 7 is not 1/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('Tokenizer.fromCompiled: ids checked in place when the tables lie in WebAssembly memory, and on a copy otherwise', async () => {
  const { Tokenizer } = await import('../src/tokenizer.js');
  const folder = await load(smallModel(), { cache: false });
  const { meta, arrays, addedPairsJson } = folder.tokenizer.compiledTables();
  const added = new TextEncoder().encode(addedPairsJson);
  const inMemory = (patch) => { // every array at an 8-aligned offset of one WebAssembly.Memory, as the loader reads them
    const total = Object.values(arrays).reduce((sum, a) => sum + ((a.byteLength + 7) & ~7), 0);
    const memory = new WebAssembly.Memory({ initial: Math.ceil(total / 65536) + 1 });
    const views = {};
    let at = 64; // not at 0, so a wrong base offset would read other bytes
    for (const [name, a] of Object.entries(arrays)) {
      views[name] = new a.constructor(memory.buffer, at, a.length);
      views[name].set(a);
      at += (a.byteLength + 7) & ~7;
    }
    patch(views);
    return { memory, views };
  };
  const text = 'the cat sat on the mat';
  const ok = inMemory(() => {});
  assert.deepEqual(Tokenizer.fromCompiled(meta, ok.views, added, 'mem', ok.memory).encode(text), folder.tokenizer.encode(text));
  const last = 3 * meta.wholeCount - 1;
  const bad = inMemory((v) => { v['whole.ent'][last] = meta.vocabSize; });
  assert.throws(() => Tokenizer.fromCompiled(meta, bad.views, added, 'mem', bad.memory), new RegExp(`mem: whole\\.ent holds id ${meta.vocabSize}, outside`));
  assert.throws(() => Tokenizer.fromCompiled(meta, bad.views, added, 'copy'), /copy: whole\.ent holds id/); // not told the memory: a copy
  const badTrie = inMemory((v) => { v['trie.tokenId'][v['trie.tokenId'].length - 1] = -2; });
  assert.throws(() => Tokenizer.fromCompiled(meta, badTrie.views, added, 'mem', badTrie.memory), /trie\.tokenId holds id -2/);
});
