// The Model2Vec-format shared vectors written by the Java runtime (spec/model2vec-*.jsonl, from the fixture folders
// under runtime/src/test/resources/dev/microembed/model2vec/): the JS port must give the same ids and the same
// vector bytes (docs/model-format.md's float32 pooling order), with the SIMD and the scalar kernel. The Unigram
// folder is not read by the JS port yet: its load must fail naming the component.
import test from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { load, clearCache } from '../src/index.js';
import { repo, bytesOf, readJsonRecords } from './helpers.js';

const folders = join(repo, 'runtime', 'src', 'test', 'resources', 'dev', 'microembed', 'model2vec');
const cases = { 'wordpiece-f32': 'wordpiece-f32', 'wordpiece-i8': 'wordpiece-i8', 'wordpiece-vocab-quantised': 'wordpiece-vocab-quantised' };

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

test('a Unigram folder is refused with a message naming the component', async () => {
  await assert.rejects(load(join(folders, 'unigram-f16'), { cache: false }), (e) => e instanceof Error && /Unigram|Metaspace|Precompiled/.test(e.message));
});
