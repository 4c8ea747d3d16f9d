// Builds model/default.bin, the default model the npm package ships (loadDefault()): one safetensors file
// holding config.json and model.safetensors of the model folder (vocab/ of the repository, or the folder
// given) as U8 tensors, and instead of tokenizer.json the tokenizer's built tables ("tokenizer/…": I32 and
// U16 arrays plus tokenizer/meta.json, one contiguous range, first in the data section so they stay
// aligned) — a cold start then uses them in place instead of parsing 2 MB of JSON into hash tables. One
// file: Node reads one file, a browser fetches one URL, a Workers bundle imports one data module. Runs
// before `npm pack` (prepack); checks that the bundle gives the folder's ids and vectors; fails loudly
// without a model.
//   node scripts/pack-model.mjs [MODEL_DIR] [OUT]
import { readFileSync, writeFileSync, mkdirSync, existsSync } from 'node:fs';
import { join, resolve, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createHash } from 'node:crypto';
import { safetensors } from './fixture.mjs';
import { Tokenizer } from '../src/tokenizer.js';
import { load, loadBundle } from '../src/index.js';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const modelDir = resolve(process.argv[2] || process.env.MICROEMBED_MODEL || join(root, '..', '..', 'vocab'));
const out = resolve(process.argv[3] ?? join(root, 'model', 'default.bin'));

/** The bundle bytes of a model folder. */
export function bundle(dir) {
  const configBytes = readFileSync(join(dir, 'config.json'));
  const tokenizerBytes = readFileSync(join(dir, 'tokenizer.json'));
  const { meta, arrays, addedPairsJson } = new Tokenizer(new Uint8Array(tokenizerBytes)).compiledTables();
  const view = (a) => new Uint8Array(a.buffer, a.byteOffset, a.byteLength);
  const tables = [
    ...Object.entries(arrays).filter(([, a]) => a instanceof Int32Array).map(([name, a]) => ({ name: `tokenizer/${name}`, dtype: 'I32', shape: [a.length], data: view(a) })),
    ...Object.entries(arrays).filter(([, a]) => a instanceof Uint16Array).map(([name, a]) => ({ name: `tokenizer/${name}`, dtype: 'U16', shape: [a.length], data: view(a) })),
  ];
  const metaBytes = Buffer.from(JSON.stringify(meta), 'utf8');
  const addedBytes = Buffer.from(addedPairsJson, 'utf8');
  tables.push({ name: 'tokenizer/meta.json', dtype: 'U8', shape: [metaBytes.length], data: view(metaBytes) },
    { name: 'tokenizer/added.json', dtype: 'U8', shape: [addedBytes.length], data: view(addedBytes) });
  const tablesSha = createHash('sha256');
  for (const t of tables) tablesSha.update(t.data);
  // pca.safetensors (and the manifest) are distillation provenance: embedding never reads them
  const config = withoutFile(configBytes, 'pca.safetensors');
  const model = readFileSync(join(dir, 'model.safetensors'));
  return safetensors([...tables,
    { name: 'config.json', dtype: 'U8', shape: [config.length], data: view(config) },
    { name: 'model.safetensors', dtype: 'U8', shape: [model.length], data: view(model) },
  ], {
    format: 'microembed-bundle', format_version: '1', tables_sha256: tablesSha.digest('hex'),
    tokenizer_sha256: createHash('sha256').update(tokenizerBytes).digest('hex'),
  });
}

/** config.json bytes without one entry of microembed.files (the loaders verify every listed file). */
function withoutFile(configBytes, name) {
  const config = JSON.parse(configBytes.toString('utf8'));
  if (!config.microembed?.files?.[name]) return configBytes;
  delete config.microembed.files[name];
  return Buffer.from(JSON.stringify(config, null, 2) + '\n', 'utf8');
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  if (!existsSync(join(modelDir, 'config.json'))) {
    console.error(`pack-model: no model folder at ${modelDir} (config.json missing): the package would ship without its default model`);
    process.exit(1);
  }
  const bytes = bundle(modelDir);
  // the bundle must embed exactly as the folder does
  const [fromBundle, fromFolder] = [await loadBundle(bytes, { verify: true }), await load(modelDir, { cache: false })];
  const texts = ['', 'the weather is lovely today', 'so happy today 😂 #blessed @user lol', '東京 タワー', 'Ünïcödé naïve café ❤️', 'x'.repeat(3000)];
  const spec = join(root, '..', '..', 'spec', 'test-vectors.jsonl');
  if (existsSync(spec)) for (const line of readFileSync(spec, 'utf8').split('\n')) if (line.trim()) texts.push(JSON.parse(line).text);
  for (const t of texts) {
    const a = Buffer.from(fromBundle.embed(t).buffer), b = Buffer.from(fromFolder.embed(t).buffer);
    if (!a.equals(b) || fromBundle.tokenizer.encode(t).join() !== fromFolder.tokenizer.encode(t).join()) {
      console.error(`pack-model: the bundle and ${modelDir} differ for ${JSON.stringify(t).slice(0, 60)}`);
      process.exit(1);
    }
  }
  mkdirSync(dirname(out), { recursive: true });
  writeFileSync(out, bytes);
  console.log(`pack-model: ${out} (${bytes.length} bytes) from ${modelDir}; same ids and vectors as the folder on ${texts.length} texts`);
}
