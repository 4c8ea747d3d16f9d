// One cold start in a fresh process: import + load + first embed (what a serverless function pays once
// per container). Prints JSON. node bench/cold-start.mjs MODEL_DIR|default [simd|scalar]
//   default: loadDefault(), the package's model/default.bin (built tokenizer tables; npm run prepack or
//   node scripts/pack-model.mjs); a folder: load(MODEL_DIR), which parses tokenizer.json and hashes every file.
const c0 = process.cpuUsage();
const t0 = performance.now();
const { load, loadDefault } = await import('../src/index.js');
const t1 = performance.now();
const options = process.argv[3] ? { simd: process.argv[3] === 'simd' } : {};
const model = await (process.argv[2] === 'default' ? loadDefault(options) : load(process.argv[2], options));
const t2 = performance.now();
model.embed('Cold start: the first tweet of the day ☕️ #monday @user');
const t3 = performance.now();
const cpu = process.cpuUsage(c0); // CPU time of all threads: fairer than wall time on a busy machine
console.log(JSON.stringify({ importMs: t1 - t0, loadMs: t2 - t1, firstEmbedMs: t3 - t2, coldStartMs: t3 - t0,
  sinceProcessStartMs: t3, coldStartCpuMs: (cpu.user + cpu.system) / 1000, wasmMemoryBytes: model.memoryBytes, kernel: model.kernel }));
