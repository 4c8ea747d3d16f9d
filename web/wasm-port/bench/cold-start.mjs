// One cold start in a fresh process: import + load + first embed (what a serverless function pays once
// per container). Prints JSON. node bench/cold-start.mjs MODEL_DIR|default [simd|scalar] [--src]
//   default: loadDefault(), the package's model/default.bin (built tokenizer tables; npm run prepack or
//   node scripts/pack-model.mjs); a folder: load(MODEL_DIR), which parses tokenizer.json and hashes every file.
//   Imports dist/microembed.js, what `import 'microembed'` resolves to in Node; --src: src/index.js and its
//   module graph instead (what browsers and bundlers read).
const entry = process.argv.includes('--src') ? '../src/index.js' : '../dist/microembed.js';
const argv = process.argv.filter((a) => a !== '--src');
const c0 = process.cpuUsage();
const t0 = performance.now();
const { load, loadDefault } = await import(entry);
const t1 = performance.now();
const options = argv[3] ? { simd: argv[3] === 'simd' } : {};
const model = await (argv[2] === 'default' ? loadDefault(options) : load(argv[2], options));
const t2 = performance.now();
model.embed('Cold start: the first tweet of the day ☕️ #monday @user');
const t3 = performance.now();
const cpu = process.cpuUsage(c0); // CPU time of all threads: fairer than wall time on a busy machine
console.log(JSON.stringify({ importMs: t1 - t0, loadMs: t2 - t1, firstEmbedMs: t3 - t2, coldStartMs: t3 - t0,
  sinceProcessStartMs: t3, coldStartCpuMs: (cpu.user + cpu.system) / 1000, wasmMemoryBytes: model.memoryBytes, kernel: model.kernel }));
