// Differential, WASM side: reads the Java runtime's fuzzed texts with their ids and vector bytes
// (fuzz/target/fuzz/differential.jsonl, written by dev.microembed.fuzz.DifferentialTest) and checks that the port
// gives identical ids and identical vector bits, with the SIMD and the scalar kernel.
//   node differential.mjs [FILE]
import { readFileSync, existsSync } from 'node:fs';
import { join, resolve, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { load } from '../src/index.js';

const here = dirname(fileURLToPath(import.meta.url));
const repo = resolve(here, '..', '..', '..');
const file = process.argv[2] ?? join(repo, 'fuzz/target/fuzz/differential.jsonl');
if (!existsSync(file)) { console.error(`differential: ${file} is missing (run dev.microembed.fuzz.DifferentialTest first)`); process.exit(2); }
const modelDir = process.env.MICROEMBED_MODEL ?? join(repo, 'vocab');
const simd = await load(modelDir, { cache: false });
const scalar = await load(modelDir, { cache: false, simd: false });
let texts = 0, idMismatch = 0, vecMismatch = 0, first = null;
for (const line of readFileSync(file, 'utf8').split('\n')) {
  if (!line) continue;
  const rec = JSON.parse(line);
  texts++;
  const ids = simd.tokenizer.encode(rec.text);
  if (ids.length !== rec.ids.length || ids.some((id, i) => id !== rec.ids[i])) {
    idMismatch++;
    first ??= `ids differ on ${JSON.stringify(rec.text)}\n java ${JSON.stringify(rec.ids)}\n wasm ${JSON.stringify(ids)}`;
  }
  const want = Buffer.from(rec.vector, 'base64');
  for (const m of [simd, scalar]) {
    const v = m.embed(rec.text);
    if (Buffer.compare(Buffer.from(v.buffer, v.byteOffset, v.byteLength), want) !== 0) {
      vecMismatch++;
      first ??= `vector bits differ (${m.kernel}) on ${JSON.stringify(rec.text)}`;
    }
  }
}
console.log(`differential java vs wasm: ${texts} fuzzed texts, ${idMismatch} id mismatches, ${vecMismatch} vector mismatches (simd and scalar)`);
if (texts === 0) { console.error('differential: no texts in ' + file); process.exit(1); }
if (idMismatch || vecMismatch) { console.error(first); process.exit(1); }
