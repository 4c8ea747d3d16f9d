// The WebAssembly pooling kernels: SIMD128 and scalar give identical bits, and both follow the normative
// math of docs/model-format.md (checked against a plain-JS rendering of it), for dims with and without a
// tail after the 16-lane blocks, int8 extremes, empty and maximal inputs, mean and weighted_mean.
import test from 'node:test';
import assert from 'node:assert/strict';
import { load, simdSupported } from '../src/index.js';
import { parseSafetensors } from '../src/safetensors.js';
import { float32Values } from '../src/safetensors.js';
import { smallModel, referencePool, bytesOf, SMALL_VOCAB, SMALL_ADDED } from './helpers.js';
import { rng } from '../scripts/fixture.mjs';

test('this Node has SIMD128 and picks it by default', async () => {
  assert.equal(simdSupported(), true);
  const m = await load(smallModel(), {});
  assert.equal(m.kernel, 'simd');
  assert.equal(m.exports.simd(), 1);
  const s = await load(smallModel(), { simd: false });
  assert.equal(s.kernel, 'scalar');
  assert.equal(s.exports.simd(), 0);
});

for (const pooling of ['mean', 'weighted_mean']) {
  for (const dim of [1, 7, 16, 37, 64, 100]) {
    test(`SIMD = scalar = reference, ${pooling}, D=${dim}`, async () => {
      const files = smallModel({ dim, pooling, seed: dim * 7 + 1, extremes: true, maxTokens: 300 });
      const simd = await load(files, { simd: true });
      const scalar = await load(files, { simd: false });
      const st = parseSafetensors(files['model.safetensors']);
      const table = new Int8Array(st.tensors.get('embeddings').bytes.slice().buffer);
      const scales = float32Values(st.tensors.get('scales'));
      const weights = pooling === 'weighted_mean' ? float32Values(st.tensors.get('weights')) : null;
      const V = SMALL_VOCAB.length + SMALL_ADDED.length;
      const next = rng(dim);
      const cases = [[], [V - 1], Array(300).fill(V - 1), [0, 1, 2]];
      for (let c = 0; c < 40; c++) cases.push(Array.from({ length: 1 + (next() % 300) }, () => next() % V));
      for (const ids of cases) {
        const a = simd.embedIds(ids), b = scalar.embedIds(ids);
        const want = referencePool(table, dim, scales, weights, ids);
        assert.ok(bytesOf(a).equals(bytesOf(b)), `SIMD and scalar differ for ${ids.length} ids`);
        assert.ok(bytesOf(a).equals(bytesOf(want)), `kernel differs from the reference for ${ids.length} ids`);
      }
      // all-(-128) row, many times: the int32 sum stays exact, and the result is a unit vector
      const v = simd.embedIds(Array(300).fill(V - 1));
      let n = 0;
      for (const x of v) n += x * x;
      assert.ok(Math.abs(n - 1) < 1e-5);
    });
  }
}

test('zero vector for no ids and for a zero table', async () => {
  const m = await load(smallModel({ dim: 32 }));
  assert.ok(m.embedIds([]).every((x) => x === 0 && !Object.is(x, -0)));
  const zero = smallModel({ dim: 32 }, (files) => {
    const st = parseSafetensors(files['model.safetensors']);
    st.tensors.get('embeddings').bytes.fill(0);
  });
  const z = await load(zero);
  for (const kind of [true, false]) {
    const k = await load(zero, { simd: kind });
    const v = k.embed('hello world');
    assert.ok(v.every((x) => Object.is(x, 0)), 'zero sum gives +0.0 everywhere');
  }
  assert.equal(z.embed('').length, 32);
});
