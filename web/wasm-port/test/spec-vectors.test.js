// The shared specification (docs/model-format.md, "Shared test vectors"): spec/test-vectors.jsonl, written
// by the Java runtime from the shipped model; every line's ids and vector bytes must be identical here,
// with the SIMD and with the scalar kernel.
import test from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { load, clearCache } from '../src/index.js';
import { repo, shippedModel, bytesOf, readJsonRecords } from './helpers.js';

const vectorsFile = process.env.MICROEMBED_SPEC_VECTORS ?? join(repo, 'spec', 'test-vectors.jsonl');
const present = existsSync(vectorsFile);

test('spec/test-vectors.jsonl: identical ids and vector bytes (SIMD and scalar)', {
  skip: !present ? `${vectorsFile} not there yet` : !shippedModel ? 'no shipped model (vocab/) yet' : false,
}, async () => {
  const records = readJsonRecords(readFileSync(vectorsFile, 'utf8'), vectorsFile);
  assert.ok(records.length > 0);
  for (const simd of [true, false]) {
    clearCache();
    const m = await load(shippedModel, { simd });
    const bad = [];
    for (const { line, value: { text, ids, vector } } of records) {
      const gotIds = m.tokenizer.encode(text);
      const want = Buffer.from(vector, 'base64');
      const got = bytesOf(m.embed(text));
      if (JSON.stringify(gotIds) !== JSON.stringify(ids)) bad.push(`${vectorsFile}:${line}: ids differ for ${JSON.stringify(text).slice(0, 80)}`);
      else if (!got.equals(want)) bad.push(`${vectorsFile}:${line}: vector bytes differ for ${JSON.stringify(text).slice(0, 80)}`);
    }
    assert.equal(bad.length, 0, `${m.kernel}: ${bad.length} of ${records.length} differ:\n${bad.slice(0, 10).join('\n')}`);
    console.log(`# spec vectors: ${records.length} identical with the ${m.kernel} kernel`);
  }
});
