// Compiled (not run) by test/types.test.js: the declarations in src/index.d.ts describe real usage.
import { load, loadDefault, loadBundle, bundleFiles, similarity, topK, clearCache, simdSupported, Model, Tokenizer, parseSafetensors } from '../../src/index.js';

async function main(): Promise<void> {
  const model: Model = await load('vocab', { simd: simdSupported() });
  const fromUrl = await load(new URL('https://example.invalid/model/'));
  const fromBytes = await load({ 'config.json': new Uint8Array(), 'model.safetensors': new ArrayBuffer(8), 'tokenizer.json': new Uint8Array() });
  const shipped: Model = await loadDefault({ simd: false, verify: true });
  const bundled: Model = await loadBundle(new ArrayBuffer(8));
  const files: Record<string, Uint8Array> = bundleFiles(new Uint8Array(8));
  const v: Float32Array = model.embed('hello');
  console.log(shipped.embed(Object.keys(files)[0]), bundled.dim);
  const batch: Float32Array[] = model.embedBatch(['a', 'b']);
  const s: number = similarity(v, batch[0]) + model.similarity('a', 'b');
  const best: number[] = topK(v, batch, 1);
  const ids: number[] = model.tokenIds('hello');
  const kernel: 'simd' | 'scalar' = fromUrl.kernel;
  const layout: 'microembed' | 'model2vec' = fromUrl.format;
  console.log(layout, fromUrl.dtype, fromUrl.normalize, fromUrl.maxChars);
  const tok: Tokenizer = fromBytes.tokenizer;
  const n: number = tok.encodeInto('x', new Int32Array(8), true);
  const st = parseSafetensors(new Uint8Array(16));
  console.log(s, best, ids, kernel, n, st.tensors.size, model.embedInto('x', new Float32Array(model.dim)), model.memoryBytes);
  clearCache();
}
void main;
