// A fixture closer to the shipped model's tokenizer for benchmarks: mBERT's vocabulary plus, as added
// tokens, every fully-qualified emoji of /usr/share/unicode/emoji/emoji-test.txt, frequent hashtags and
// frequent out-of-vocabulary words of the tweet train splits (a stand-in for distill's slang list).
// node scripts/realistic-fixture.mjs [outDir]
import { readFileSync, readdirSync, statSync, existsSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { modelFiles, writeFolder } from './fixture.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const shared = process.env.MICROEMBED_SHARED ?? join(root, '..', '..', '..', 'shared', 'data');
const out = process.argv[2] ?? join(root, 'target', 'realistic-model');
const vocab = readFileSync(join(shared, 'vocab', 'mbert-cased-vocab.txt'), 'utf8').split('\n');
if (vocab[vocab.length - 1] === '') vocab.pop();
const inVocab = new Set(vocab);
const added = [];
const seen = new Set();
const add = (t) => { if (!inVocab.has(t) && !seen.has(t)) { seen.add(t); added.push(t); } };
const emojiTest = '/usr/share/unicode/emoji/emoji-test.txt';
if (existsSync(emojiTest)) {
  for (const line of readFileSync(emojiTest, 'utf8').split('\n')) {
    const m = /^([0-9A-F ]+);\s*fully-qualified/.exec(line);
    if (m) add(String.fromCodePoint(...m[1].trim().split(/\s+/).map((h) => parseInt(h, 16))));
  }
}
const texts = [];
const walk = (d) => { for (const e of readdirSync(d)) { const p = join(d, e); if (statSync(p).isDirectory()) walk(p); else if (e === 'train_text.txt') texts.push(readFileSync(p, 'utf8')); } };
walk(join(shared, 'tweets'));
const count = (re) => { const c = new Map(); for (const t of texts) for (const m of t.matchAll(re)) c.set(m[0], (c.get(m[0]) ?? 0) + 1); return c; };
const top = (c, n, min) => [...c].filter(([, k]) => k >= min).sort((a, b) => b[1] - a[1]).slice(0, n).map(([w]) => w);
for (const h of top(count(/#[\p{L}\p{N}_]+/gu), 2000, 5)) add(h);
for (const w of top(count(/\b\p{Ll}{3,12}\b/gu), 4000, 20)) if (!inVocab.has(w)) add(w);
writeFolder(out, modelFiles({ vocab, added, dim: 64, pooling: 'mean', seed: 7 }));
console.log(`realistic fixture: ${vocab.length} WordPiece + ${added.length} added tokens → ${out}`);
