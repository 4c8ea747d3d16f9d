// JS tokenize time per tweet, Unigram pipeline against the fused WordPiece loop, in one process, interleaved
// rounds (so machine load hits both alike): the shipped model (vocab/, WordPiece + BertNormalizer) and the
// Unigram fixture folder (nmt_nfkc Precompiled + Strip + Replace + Metaspace + Unigram, 4k pieces), the same
// inputs as reports/model2vec-2026-12-03.md's Java figures. Thread CPU time (process.cpuUsage, one thread).
//   node bench/unigram-vs-wordpiece.mjs [--rounds N] [--wordpiece DIR] [--unigram DIR] [FILE...]
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Tokenizer } from '../src/tokenizer.js';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const repo = resolve(root, '..', '..');
const argv = process.argv.slice(2);
const opt = (name, dflt) => { const i = argv.indexOf(name); if (i < 0) return dflt; const v = argv[i + 1]; argv.splice(i, 2); return v; };
const rounds = Number(opt('--rounds', 5));
const wpDir = opt('--wordpiece', join(repo, 'vocab'));
const uniDir = opt('--unigram', join(repo, 'runtime', 'src', 'test', 'resources', 'dev', 'microembed', 'model2vec', 'unigram-f16'));
const shared = process.env.MICROEMBED_SHARED ?? join(repo, '..', 'shared', 'data');
const files = argv.length ? argv : ['english', 'french', 'arabic', 'hindi'].map((l) => join(shared, 'tweets', 'xlm-t', l, 'val_text.txt'));
if (!existsSync(join(wpDir, 'tokenizer.json'))) throw new Error(`${wpDir}/tokenizer.json not found (--wordpiece DIR)`);

const wordpiece = new Tokenizer(readFileSync(join(wpDir, 'tokenizer.json')));
const unigram = new Tokenizer(readFileSync(join(uniDir, 'tokenizer.json')));
const out = new Int32Array(512);

/** CPU µs per text of one pass over texts. */
function pass(t, texts) {
  const c0 = process.cpuUsage();
  let tokens = 0;
  for (const s of texts) tokens += t.encodeInto(s, out, true);
  const c = process.cpuUsage(c0);
  return { us: (c.user + c.system) / texts.length, tokens: tokens / texts.length };
}

const rows = [];
for (const file of files) {
  const texts = readFileSync(file, 'utf8').split('\n').filter((l) => l.trim() !== '');
  pass(wordpiece, texts); pass(unigram, texts); // warm-up: compiled code, caches
  const wp = [], uni = [];
  let wpTok = 0, uniTok = 0;
  for (let r = 0; r < rounds; r++) {
    const a = pass(wordpiece, texts), b = pass(unigram, texts);
    wp.push(a.us); uni.push(b.us); wpTok = a.tokens; uniTok = b.tokens;
  }
  const best = (v) => Math.min(...v);
  rows.push({ file, texts: texts.length, wordpieceUs: best(wp), unigramUs: best(uni), ratio: best(uni) / best(wp), wordpieceTokens: wpTok, unigramTokens: uniTok });
}
console.log(JSON.stringify({ node: process.version, rounds, wordpiece: wpDir, unigram: uniDir, rows }, null, 1));
for (const r of rows) console.log(`${r.file}: WordPiece ${r.wordpieceUs.toFixed(2)} µs, Unigram ${r.unigramUs.toFixed(2)} µs per text, ratio ${r.ratio.toFixed(2)}x`);
