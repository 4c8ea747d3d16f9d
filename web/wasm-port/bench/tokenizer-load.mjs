// Tokenizer construction alone in a fresh process (the bulk of load): wall and CPU ms, JSON on one line.
// To compare two checkouts, alternate runs:  node bench/tokenizer-load.mjs [MODEL_DIR] [PACKAGE_DIR]
import { readFileSync } from 'node:fs';
import { join, resolve, dirname } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const modelDir = resolve(process.argv[2] ?? join(root, '..', '..', 'vocab'));
const pkg = resolve(process.argv[3] ?? root);
const { Tokenizer } = await import(pathToFileURL(join(pkg, 'src', 'tokenizer.js')).href);
const b = readFileSync(join(modelDir, 'tokenizer.json'));
const c0 = process.cpuUsage(), t0 = performance.now();
new Tokenizer(new Uint8Array(b.buffer, b.byteOffset, b.byteLength));
const c = process.cpuUsage(c0);
console.log(JSON.stringify({ wallMs: performance.now() - t0, cpuMs: (c.user + c.system) / 1000 }));
