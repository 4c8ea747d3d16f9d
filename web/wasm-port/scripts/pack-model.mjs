// Builds model/default.bin, the default model the npm package ships (loadDefault()): the model folder's
// files (vocab/ of the repository, or the folder given) in one bundle — a safetensors file whose tensors
// are U8 [n], one per file, named by file name — so Node reads one file, a browser fetches one URL, and a
// Workers bundle imports one data module. Runs before `npm pack` (prepack). Fails loudly without a model.
//   node scripts/pack-model.mjs [MODEL_DIR] [OUT]
import { readFileSync, writeFileSync, mkdirSync, existsSync } from 'node:fs';
import { join, resolve, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { safetensors } from './fixture.mjs';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const modelDir = resolve(process.argv[2] || process.env.MICROEMBED_MODEL || join(root, '..', '..', 'vocab'));
const out = resolve(process.argv[3] ?? join(root, 'model', 'default.bin'));

/** The bundle bytes of a model folder: config.json and every file it lists. */
export function bundle(dir) {
  const configBytes = readFileSync(join(dir, 'config.json'));
  const listed = Object.keys(JSON.parse(configBytes.toString('utf8')).microembed?.files ?? {});
  // pca.safetensors (and the manifest) are distillation provenance: embedding never reads them
  const names = ['config.json', ...listed.filter((n) => n !== 'pca.safetensors')];
  const tensors = names.map((name) => {
    const data = name === 'config.json' ? withoutFile(configBytes, 'pca.safetensors') : readFileSync(join(dir, name));
    return { name, dtype: 'U8', shape: [data.length], data: new Uint8Array(data.buffer, data.byteOffset, data.byteLength) };
  });
  return safetensors(tensors, { format: 'microembed-bundle', format_version: '1' });
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
  mkdirSync(dirname(out), { recursive: true });
  writeFileSync(out, bytes);
  console.log(`pack-model: ${out} (${bytes.length} bytes) from ${modelDir}`);
}
