// The Model2Vec-format shared vectors written by the Java runtime (spec/model2vec-*.jsonl, from the fixture folders
// under runtime/src/test/resources/dev/microembed/model2vec/): the JS port must give the same ids and the same
// vector bytes (docs/model-format.md's float32 pooling order), with the SIMD and the scalar kernel: the three
// WordPiece folders and the Unigram one (nmt_nfkc Precompiled + Strip + Replace + Metaspace + Unigram, F16 table).
import test from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { load, clearCache } from '../src/index.js';
import { repo, bytesOf, readJsonRecords } from './helpers.js';

const folders = join(repo, 'runtime', 'src', 'test', 'resources', 'dev', 'microembed', 'model2vec');
const cases = { 'wordpiece-f32': 'wordpiece-f32', 'wordpiece-i8': 'wordpiece-i8', 'wordpiece-vocab-quantised': 'wordpiece-vocab-quantised',
  'unigram-f16': 'unigram-f16' };

for (const [spec, folder] of Object.entries(cases)) {
  const file = join(repo, 'spec', `model2vec-${spec}.jsonl`);
  test(`spec/model2vec-${spec}.jsonl: identical ids and vector bytes with Java (SIMD and scalar)`, {
    skip: existsSync(file) ? false : `${file} not there`,
  }, async () => {
    const records = readJsonRecords(readFileSync(file, 'utf8'), file);
    assert.ok(records.length > 0);
    for (const simd of [true, false]) {
      clearCache();
      const m = await load(join(folders, folder), { simd, cache: false });
      const bad = [];
      for (const { line, value: { text, ids, vector } } of records) {
        const gotIds = m.tokenizer.encode(text);
        const got = bytesOf(m.embed(text));
        if (JSON.stringify(gotIds) !== JSON.stringify(ids)) bad.push(`${file}:${line}: ids differ for ${JSON.stringify(text).slice(0, 60)}`);
        else if (!got.equals(Buffer.from(vector, 'base64'))) bad.push(`${file}:${line}: vector bytes differ for ${JSON.stringify(text).slice(0, 60)}`);
      }
      assert.equal(bad.length, 0, `${simd ? 'simd' : 'scalar'}: ${bad.length} of ${records.length} differ:\n${bad.slice(0, 5).join('\n')}`);
    }
  });
}

test('the Unigram folder: the general pipeline, F16 table, unknown ids kept', async () => {
  const m = await load(join(folders, 'unigram-f16'), { cache: false });
  assert.equal(m.dtype, 'F16');
  assert.notEqual(m.tokenizer.pipeline, null);
  assert.equal(m.tokenizer.unknownId, -1);
  assert.deepEqual(m.tokenIds('☃'), [3, 0], 'unk_id 0 is pooled, as Model2Vec does for Unigram models');
  const files = {};
  for (const f of ['config.json', 'model.safetensors', 'tokenizer.json']) files[f] = readFileSync(join(folders, 'unigram-f16', f));
  const fromFiles = await load(files);
  assert.ok(bytesOf(fromFiles.embed('Der Hund schläft')).equals(bytesOf(m.embed('Der Hund schläft'))), 'load(files) as load(DIR)');
});
