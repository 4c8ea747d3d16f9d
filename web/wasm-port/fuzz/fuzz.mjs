// Seeded mutation fuzzing of the JS/WASM port's input surfaces (docs/fuzzing.md): any text through the shipped
// model, tokenizer.json, safetensors and whole model folders. Each target first replays its committed seeds
// (the Java targets' corpora, shared: fuzz/src/test/resources/dev/microembed/fuzz/*Inputs/fuzz) and crashers
// (crashers/<target>/), then mutates them for its time budget. A failure is anything other than the documented
// rejection (an Error whose message names the file): a WebAssembly trap (RuntimeError), a TypeError or other
// internal error, an input running over 10 s (the watchdog thread), a wrong-length, non-finite or non-unit vector,
// or the SIMD and scalar kernels disagreeing. Prints, per target: executions, V8 block coverage of src/, corpus
// size, crashes.
//   node fuzz.mjs [--seconds N] [--text-seconds N] [--targets a,b] [--seed S] [--replay-only] [--no-coverage]
import { readFileSync, readdirSync, existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createHash } from 'node:crypto';
import { Worker } from 'node:worker_threads';
import { Session } from 'node:inspector/promises';
import { Mutator } from './mutator.mjs';
import { decodeText, unpackFolder, withChecksums } from './support.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const port = resolve(here, '..');
const repo = resolve(port, '..', '..');
const seedsRoot = join(repo, 'fuzz/src/test/resources/dev/microembed/fuzz');
const crashRoot = join(here, 'crashers');

const args = process.argv.slice(2);
const opt = (name, dflt) => { const i = args.indexOf('--' + name); return i >= 0 ? args[i + 1] : dflt; };
const seconds = Number(opt('seconds', '20'));
// The text target's own budget: texts are the figure that needs volume (run-fuzz.sh gives it most of the JS time).
const textSeconds = Number(opt('text-seconds', String(seconds)));
const rngSeed = Number(opt('seed', String(Date.now() % 1e9)));
const replayOnly = args.includes('--replay-only');
const LIMIT_MS = 10000; // a hang, not a slow input: a cold, loaded 2-core machine once spent >1 s on a 0.3 ms input (Java side)

// Coverage of the port's own sources: V8 block coverage, started before the port is imported.
const session = new Session();
session.connect();
await session.post('Profiler.enable');
// Block counters slow the text target ~3x; --no-coverage runs without them (coverage then reads n/a).
const withCoverage = !args.includes('--no-coverage');
if (withCoverage) await session.post('Profiler.startPreciseCoverage', { callCount: true, detailed: true });
const { load, Tokenizer, parseSafetensors } = await import('../src/index.js');

const modelDir = process.env.MICROEMBED_MODEL ?? join(repo, 'vocab');
const read = (f) => new Uint8Array(readFileSync(f));
const shipped = await load({
  'config.json': read(join(modelDir, 'config.json')),
  'model.safetensors': read(join(modelDir, 'model.safetensors')),
  'tokenizer.json': read(join(modelDir, 'tokenizer.json')),
  ...(existsSync(join(modelDir, 'pca.safetensors')) ? { 'pca.safetensors': read(join(modelDir, 'pca.safetensors')) } : {}),
}, { cache: false });

class Finding extends Error {}

/** The documented rejection: a plain Error whose message names the file. */
function checkRejection(e, files) {
  if (e instanceof Finding) throw e;
  if (e instanceof WebAssembly.RuntimeError) throw new Finding('WebAssembly trap: ' + e.message, { cause: e });
  if (!(e instanceof Error) || e.constructor !== Error) throw new Finding(`internal error ${e?.constructor?.name}: ${e?.message}`, { cause: e });
  if (!files.some((f) => e.message.includes(f))) throw new Finding(`the error does not name ${files.join(' or ')}: ${e.message}`, { cause: e });
}

// unit: false for a Model2Vec folder with "normalize": false (a mutated config may turn a folder into one), whose
// vectors are plain means by contract.
function checkVector(v, dim, what, unit = true) {
  if (!(v instanceof Float32Array) || v.length !== dim) throw new Finding(`vector of length ${v?.length}, expected ${dim} for ${what}`);
  let s = 0;
  for (const x of v) { if (!Number.isFinite(x)) throw new Finding('non-finite component for ' + what); s += x * x; }
  if (unit && s !== 0 && Math.abs(Math.sqrt(s) - 1) > 1e-3) throw new Finding(`norm ${Math.sqrt(s)} for ${what}`);
}

const short = new Int32Array(7);
let full = new Int32Array(4096), textInputs = 0; // the text target's id buffer (grown with the longest text), its input count

// Regression (fixed 2026-12-03): src/pool.wat gave a NaN component when the sum of squares overflowed to +inf; it
// now gives the zero vector as the spec and the Java Pooler do. Reproducer: crashers/folder/crash-779e7e9e….
const TEXTS = ['', 'hello world', 'Der Hund schläft 🐶 #love', 'unbelievable running', '你好 ümlaut [UNK]', 'a\u0000b\ud800c \u00ad\u200b x'];

const targets = {
  text(data) {
    const text = decodeText(data);
    const tok = shipped.tokenizer;
    // Every id: tok.encode would restart from scratch each time its 64, 256, ... id buffer fills (three passes
    // over a 500-token text); a buffer longer than the text holds them all in one pass (an id covers at least
    // one UTF-16 unit), and a count short of its length proves nothing was cut.
    if (full.length <= text.length) full = new Int32Array(2 * text.length + 64);
    const count = tok.encodeInto(text, full, false, full.length);
    if (count >= full.length) throw new Finding(`${count} ids for ${text.length} UTF-16 units`);
    const ids = full.subarray(0, count);
    for (const id of ids) if (!(id >= 0 && id < tok.vocabSize)) throw new Finding(`id ${id} out of range`);
    // The allocating encode (its grow-and-restart loop) on every 64th input: the same ids.
    if ((++textInputs & 63) === 0) {
      const again = tok.encode(text);
      if (again.length !== count || again.some((id, i) => id !== ids[i])) throw new Finding('encode and encodeInto give different ids');
    }
    const n = tok.encodeInto(text, short, false, short.length);
    if (n !== Math.min(count, 7) || ids.subarray(0, n).some((id, i) => id !== short[i])) throw new Finding('a 7-id output is not the prefix of the full output');
    const v = shipped.embed(text);
    checkVector(v, shipped.dim, JSON.stringify(text.slice(0, 80)));
    // As the Java target: no known id in the full output means a zero vector. From the ids above rather than
    // shipped.tokenIds(text), which would tokenise the text a fourth time (a quarter of this target's time).
    if (!ids.some((id) => id !== tok.unknownId) && v.some((x) => x !== 0)) throw new Finding('no known token but a non-zero vector');
  },
  'tokenizer-json'(data) {
    let tok;
    try {
      tok = new Tokenizer(data, 'tokenizer.json');
    } catch (e) {
      checkRejection(e, ['tokenizer.json']);
      return;
    }
    const out = new Int32Array(64);
    for (const t of TEXTS) {
      for (const id of tok.encode(t)) if (!(id >= 0 && id < tok.vocabSize)) throw new Finding(`id ${id} out of range ${tok.vocabSize}`);
      tok.encodeInto(t, out, true, out.length);
    }
  },
  safetensors(data) {
    let r;
    try {
      r = parseSafetensors(data, 'model.safetensors');
    } catch (e) {
      checkRejection(e, ['model.safetensors']);
      return;
    }
    for (const [name, t] of r.tensors) {
      const elements = t.shape.reduce((a, b) => a * b, 1);
      const width = { F64: 8, F32: 4, I32: 4, U32: 4, I64: 8, U64: 8, F16: 2, BF16: 2, I16: 2, U16: 2, I8: 1, U8: 1, BOOL: 1 }[t.dtype];
      if (width !== undefined && elements * width !== t.bytes.length) throw new Finding(`${name}: shape ${t.shape} disagrees with ${t.bytes.length} bytes`);
    }
  },
  async folder(data) {
    if (data.length === 0) return;
    const [c, tj, st] = unpackFolder(data.subarray(1));
    const files = { 'config.json': (data[0] & 1) ? withChecksums(c, tj, st) : c, 'tokenizer.json': tj, 'model.safetensors': st };
    let fast, scalar;
    try {
      fast = await load(files, { cache: false });
      scalar = await load(files, { cache: false, simd: false });
    } catch (e) {
      // config.json names the files, so a mutated name ("tokenizr.json is missing") is named as it is written
      checkRejection(e, [...Object.keys(files), 'model file set', '.json', '.safetensors']);
      return;
    }
    for (const t of TEXTS) {
      const a = fast.embed(t), b = scalar.embed(t);
      checkVector(a, fast.dim, JSON.stringify(t), fast.normalize !== false);
      if (Buffer.compare(Buffer.from(a.buffer), Buffer.from(b.buffer)) !== 0) throw new Finding('SIMD and scalar kernels differ on ' + JSON.stringify(t));
    }
  },
};
// The Java targets whose seeds each JS target shares.
const seedDirs = { text: 'TokenizerTextFuzzTest', 'tokenizer-json': 'TokenizerJsonFuzzTest', safetensors: 'SafetensorsFuzzTest', folder: 'ModelFolderFuzzTest' };
const chosen = (opt('targets', Object.keys(targets).join(','))).split(',');

const files = (dir) => existsSync(dir) ? readdirSync(dir).sort().map((f) => join(dir, f)) : [];
const state = new SharedArrayBuffer(16), s = new Int32Array(state);
const inputBuf = new SharedArrayBuffer(1 << 20), inputBytes = new Uint8Array(inputBuf);
const watchdog = new Worker(join(here, 'watchdog.mjs'), { workerData: { state, input: inputBuf, limitMs: LIMIT_MS, crashDir: crashRoot, targets: chosen } });
watchdog.unref();

async function coverage() {
  if (!withCoverage) return [];
  const { result } = await session.post('Profiler.takePreciseCoverage');
  return result.filter((r) => r.url.includes('/wasm-port/src/'));
}
/** Blocks of src/ ever run: a range with count > 0 in any snapshot (counts reset on each take). */
const seen = new Map(); // url -> Set of "start:end"
const allBlocks = new Map();
function addCoverage(scripts) {
  for (const sc of scripts) {
    const hit = seen.get(sc.url) ?? new Set(), all = allBlocks.get(sc.url) ?? new Set();
    for (const fn of sc.functions) for (const r of fn.ranges) {
      const key = r.startOffset + ':' + r.endOffset;
      all.add(key);
      if (r.count > 0) hit.add(key);
    }
    seen.set(sc.url, hit); allBlocks.set(sc.url, all);
  }
}

const mutator = new Mutator(rngSeed);
let failures = 0;
const report = [];
for (const [ti, name] of chosen.entries()) {
  const fn = targets[name];
  if (!fn) throw new Error('unknown target ' + name);
  Atomics.store(s, 2, ti);
  const seeds = files(join(seedsRoot, seedDirs[name] + 'Inputs', 'fuzz')).map(read);
  const crashers = files(join(crashRoot, name)).map(read);
  const corpus = [...seeds, ...crashers];
  let execs = 0, crashes = 0;
  const cpu0 = process.cpuUsage();
  const before = new Map([...seen].map(([k, v]) => [k, v.size]));
  addCoverage(await coverage()); // starts this target's count from zero
  for (const k of seen.keys()) seen.get(k).clear();
  const runOne = async (data) => {
    inputBytes.set(data.subarray(0, inputBytes.length));
    Atomics.store(s, 1, Math.min(data.length, inputBytes.length));
    Atomics.add(s, 0, 1);
    execs++;
    const t0 = performance.now();
    try {
      await fn(data);
      if (performance.now() - t0 > LIMIT_MS) throw new Finding(`one input ran ${Math.round(performance.now() - t0)} ms`);
    } catch (e) {
      const finding = e instanceof Finding ? e : new Finding(`uncaught ${e?.constructor?.name}: ${e?.message}`, { cause: e });
      crashes++;
      const dir = join(crashRoot, name);
      mkdirSync(dir, { recursive: true });
      const file = join(dir, 'crash-' + createHash('sha1').update(data).digest('hex'));
      if (!existsSync(file)) writeFileSync(file, data);
      if (crashes <= 3) console.error(`FUZZ CRASH in ${name}: ${finding.message}\n  input saved as ${file}\n  ${finding.cause?.stack ?? finding.stack}`);
    }
  };
  for (const data of corpus) await runOne(data);
  const replayed = execs;
  const budget = name === 'text' ? textSeconds : seconds;
  const end = Date.now() + (replayOnly ? 0 : budget * 1000);
  const dict = Mutator.dictionary(corpus);
  while (Date.now() < end) {
    for (let k = 0; k < 256; k++) {
      const base = corpus[mutator.int(corpus.length)];
      const other = corpus[mutator.int(corpus.length)];
      await runOne(mutator.mutate(base, other, dict, name === 'text' ? 4096 : 1 << 18));
    }
  }
  const cpu = process.cpuUsage(cpu0), cpuSeconds = (cpu.user + cpu.system) / 1e6; // this process's CPU (a loaded machine steals wall time)
  addCoverage(await coverage());
  let hit = 0, all = 0;
  for (const [url, set] of seen) { hit += set.size; all += allBlocks.get(url).size; }
  failures += crashes;
  report.push({ target: name, executions: execs, replayed, coverage: withCoverage ? `${hit}/${all} blocks` : 'n/a', corpus: corpus.length, crashes, seconds: replayOnly ? 0 : budget, cpu_seconds: Math.round(cpuSeconds * 10) / 10 });
  console.log(`js ${name}: executions ${execs} (${replayed} replayed), coverage ${withCoverage ? `${hit}/${all} V8 blocks of src/` : 'n/a'}, corpus ${corpus.length}, crashes ${crashes}, ${cpuSeconds.toFixed(1)} CPU s (${Math.round(execs / Math.max(cpuSeconds, 1e-3))} per CPU s)`);
  void before;
}
Atomics.store(s, 3, 1);
if (process.env.FUZZ_REPORT) writeFileSync(process.env.FUZZ_REPORT, JSON.stringify({ seed: rngSeed, targets: report }, null, 1));
console.log(`js fuzz: mutation seed ${rngSeed}; ${failures} crashes`);
process.exit(failures === 0 ? 0 : 1);
