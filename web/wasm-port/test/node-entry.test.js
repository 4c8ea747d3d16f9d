// dist/microembed.js, the package's Node entry ("node" condition of package.json's exports): scripts/build.mjs
// bundles src/index.js and its imports into one file because a cold start pays Node's ESM loader per module
// (reports/speed-node-2026-12-04.md). It must be src/ as built now, and behave as src/ does.
import test from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { buildSync } from 'esbuild';
import * as src from '../src/index.js';
import { root, shippedModel, smallModel, bytesOf, readJsonRecords, repo } from './helpers.js';

const bundlePath = join(root, 'dist', 'microembed.js');

test('dist/microembed.js is what package.json gives Node, and is src/ as built now (else: npm run build)', () => {
  const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
  assert.equal(pkg.exports['.'].node, './dist/microembed.js');
  assert.ok(Object.keys(pkg.exports['.']).indexOf('workerd') < Object.keys(pkg.exports['.']).indexOf('node'), 'workerd must win over node');
  assert.ok(existsSync(bundlePath), 'dist/microembed.js is missing: npm run build');
  // rebuilt in memory with scripts/build.mjs's options; the code below the banner line must be the same
  const fresh = buildSync({ entryPoints: [join(root, 'src', 'index.js')], bundle: true, format: 'esm', platform: 'neutral',
    external: ['node:*'], target: 'es2022', charset: 'utf8', write: false, logLevel: 'silent' }).outputFiles[0].text;
  const built = readFileSync(bundlePath, 'utf8');
  const code = (text) => text.replace(/^\n+/, '');
  assert.equal(code(built.slice(built.indexOf('\n') + 1)), code(fresh), 'dist/microembed.js is stale: npm run build');
});

test('dist/microembed.js: the same exports, ids, vector bytes and errors as src/index.js', async () => {
  const dist = await import('../dist/microembed.js');
  assert.deepEqual(Object.keys(dist).sort(), Object.keys(src).sort());
  const files = smallModel();
  const a = await src.load(files), b = await dist.load(files);
  for (const t of ['the cat sat on the mat', 'lol ❤️ #love 🇺🇸 @user', '', 'b'.repeat(300)]) {
    assert.deepEqual(b.tokenIds(t), a.tokenIds(t));
    assert.deepEqual(bytesOf(b.embed(t)), bytesOf(a.embed(t)));
  }
  assert.throws(() => b.embed(null), /^Error: embed: text must be a string, got null$/);
  await assert.rejects(dist.load(join(root, 'no-such-model')), /config\.json: cannot read \(ENOENT\)/);
  await assert.rejects(dist.load({ 'config.json': new Uint8Array(3) }), /config\.json: not valid UTF-8 JSON/);
});

const vectorsFile = join(repo, 'spec', 'test-vectors.jsonl');
test('dist/microembed.js: spec/test-vectors.jsonl ids and vector bytes, loadDefault and the folder', {
  skip: !existsSync(vectorsFile) || !shippedModel ? 'no spec vectors or shipped model' : false,
}, async () => {
  const dist = await import('../dist/microembed.js');
  const models = [await dist.load(shippedModel, { cache: false })];
  if (existsSync(join(root, 'model', 'default.bin'))) models.push(await dist.loadDefault({ cache: false }));
  const records = readJsonRecords(readFileSync(vectorsFile, 'utf8'), vectorsFile);
  for (const m of models) {
    let same = 0;
    for (const { value: { text, ids, vector } } of records)
      if (JSON.stringify(m.tokenizer.encode(text)) === JSON.stringify(ids) && bytesOf(m.embed(text)).equals(Buffer.from(vector, 'base64'))) same++;
    assert.equal(same, records.length, `${m.tokenizer.vocabReader} tables: ${records.length - same} of ${records.length} differ`);
  }
});
