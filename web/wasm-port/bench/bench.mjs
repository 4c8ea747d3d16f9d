// Node benchmark (one thread): load time, cold start (fresh processes), WASM memory, and per-tweet
// latency end to end (string in → Float32Array out) over real tweets from ../shared/data/tweets, with the
// tokenizer and the pooling kernel also timed apart. Numbers are reported, not asserted.
//   node bench/bench.mjs [--model DIR] [--limit N] [--cold RUNS] [--json FILE]
import { execFileSync } from 'node:child_process';
import { existsSync, writeFileSync, mkdirSync } from 'node:fs';
import { join, dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { load, clearCache } from '../src/index.js';
import { readTweets, stats } from './tweets.mjs';
import { peakScratchBytes } from '../src/tokenizer.js';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const repo = resolve(root, '..', '..');
const arg = (name, dflt) => { const i = process.argv.indexOf(name); return i > 0 ? process.argv[i + 1] : dflt; };
const shipped = join(repo, 'vocab');
const modelDir = resolve(arg('--model', process.env.MICROEMBED_MODEL ?? (existsSync(join(shipped, 'config.json')) ? shipped : join(root, 'target', 'fixture-model'))));
const shared = process.env.MICROEMBED_SHARED ?? join(repo, '..', 'shared', 'data');
const limit = Number(arg('--limit', 20000));
const coldRuns = Number(arg('--cold', 7));

const { tweets, files } = readTweets(shared, limit);
const result = { node: process.version, model: modelDir, tweets: tweets.length, tweetFiles: files };

// cold start: fresh processes (the folder, and the package's bundle when it is built)
const colds = [], bundled = existsSync(join(root, 'model', 'default.bin')) ? [] : null;
for (let i = 0; i < coldRuns; i++) {
  colds.push(JSON.parse(execFileSync(process.execPath, [join(root, 'bench', 'cold-start.mjs'), modelDir]).toString()));
  bundled?.push(JSON.parse(execFileSync(process.execPath, [join(root, 'bench', 'cold-start.mjs'), 'default']).toString()));
}
result.coldStart = {
  runs: coldRuns,
  coldStartMs: stats(colds.map((c) => c.coldStartMs)),
  coldStartCpuMs: stats(colds.map((c) => c.coldStartCpuMs)),
  loadMs: stats(colds.map((c) => c.loadMs)),
  importMs: stats(colds.map((c) => c.importMs)),
  firstEmbedMs: stats(colds.map((c) => c.firstEmbedMs)),
};
if (bundled) result.coldStartDefault = { runs: coldRuns, coldStartMs: stats(bundled.map((c) => c.coldStartMs)), coldStartCpuMs: stats(bundled.map((c) => c.coldStartCpuMs)) };

for (const simd of [true, false]) {
  clearCache();
  const t0 = performance.now();
  const model = await load(modelDir, { simd });
  const warmLoadMs = performance.now() - t0;
  const k = model.kernel;
  result.wasmMemoryBytes = model.memoryBytes;
  // warm-up pass, then timed passes
  for (const t of tweets) model.embed(t);
  const endToEnd = [], tokenize = [], pool = [];
  const idsArrays = tweets.map((t) => model.tokenIds(t));
  let tokens = 0;
  for (const ids of idsArrays) tokens += ids.length;
  const hr = process.hrtime.bigint;
  for (const t of tweets) {
    const s = hr();
    model.embed(t);
    endToEnd.push(Number(hr() - s) / 1000);
  }
  const scratch = new Int32Array(model.maxTokens);
  for (const t of tweets) {
    const s = hr();
    model.tokenizer.encodeInto(t, scratch, true, model.maxTokens);
    tokenize.push(Number(hr() - s) / 1000);
  }
  for (const ids of idsArrays) {
    model.ids.set(ids);
    const s = hr();
    model.pool(model.idsPtr, ids.length, model.outPtr);
    pool.push(Number(hr() - s) / 1000);
  }
  // What a WebAssembly tokenizer would pay before doing any work: getting the string into linear memory.
  const copy = [];
  const enc = new TextEncoder();
  const scratchBytes = new Uint8Array(model.memory.buffer, 0, 4 * 1024); // timing only: overwritten below
  const saved = scratchBytes.slice();
  for (const t of tweets) {
    const s = hr();
    enc.encodeInto(t, scratchBytes);
    copy.push(Number(hr() - s) / 1000);
  }
  scratchBytes.set(saved);
  const tAll = performance.now();
  const cpu0 = process.cpuUsage();
  for (let r = 0; r < 3; r++) for (const t of tweets) model.embed(t);
  const cpu = process.cpuUsage(cpu0);
  const throughput = (3 * tweets.length) / ((performance.now() - tAll) / 1000);
  // CPU time per tweet: not inflated by the time this process waits for a core on a busy machine
  const cpuUsPerTweet = (cpu.user + cpu.system) / (3 * tweets.length);
  result[k] = {
    warmLoadMs, meanTokensPerTweet: tokens / tweets.length,
    endToEndUs: stats(endToEnd), tokenizeUs: stats(tokenize), poolUs: stats(pool), stringToWasmUs: stats(copy), tweetsPerSecond: throughput, cpuUsPerTweet,
  };
}

const f = (x) => x.toFixed(2);
console.log(`microembed Node ${process.version}, model ${modelDir}`);
console.log(`${tweets.length} tweets from ${files} files of ${join(shared, 'tweets')}; ${f(result.simd.meanTokensPerTweet)} tokens per tweet on average`);
console.log(`machine load average at the start: ${(await import('node:os')).loadavg().map((x) => x.toFixed(1)).join(' ')} on ${(await import('node:os')).cpus().length} CPUs`);
console.log(`cold start (fresh process: import + load + first embed), median of ${coldRuns}: ${f(result.coldStart.coldStartMs.p50)} ms wall, ${f(result.coldStart.coldStartCpuMs.p50)} ms CPU ` +
  `(import ${f(result.coldStart.importMs.p50)}, load ${f(result.coldStart.loadMs.p50)}, first embed ${f(result.coldStart.firstEmbedMs.p50)})`);
if (bundled) console.log(`cold start with loadDefault() (model/default.bin), median of ${coldRuns}: ${f(result.coldStartDefault.coldStartMs.p50)} ms wall, ${f(result.coldStartDefault.coldStartCpuMs.p50)} ms CPU`);
result.vocabScratchBytes = peakScratchBytes;
console.log(`WASM linear memory: ${result.wasmMemoryBytes} bytes (${f(result.wasmMemoryBytes / 1048576)} MiB) held by the model; ` +
  `plus ${f(peakScratchBytes / 1048576)} MiB of scratch while the vocabulary loads (freed after load)`);
for (const k of ['simd', 'scalar']) {
  const r = result[k];
  console.log(`[${k}] warm load ${f(r.warmLoadMs)} ms; per tweet end to end p50 ${f(r.endToEndUs.p50)} µs, p90 ${f(r.endToEndUs.p90)}, p99 ${f(r.endToEndUs.p99)}, ` +
    `mean ${f(r.endToEndUs.mean)}; CPU time per tweet (3 passes) ${f(r.cpuUsPerTweet)} µs; tokenize p50 ${f(r.tokenizeUs.p50)} µs; pool p50 ${f(r.poolUs.p50)} µs; ${Math.round(r.tweetsPerSecond)} tweets/s; ` +
    `string → WASM memory copy alone (TextEncoder.encodeInto) p50 ${f(r.stringToWasmUs.p50)} µs`);
}
const out = arg('--json', join(root, 'target', 'bench', 'node.json'));
mkdirSync(dirname(out), { recursive: true });
writeFileSync(out, JSON.stringify(result, null, 2) + '\n');
console.log(`wrote ${out}`);
