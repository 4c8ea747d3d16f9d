// One cold start in a fresh process: import + load + first embed (what a serverless function pays once
// per container). Prints JSON. node bench/cold-start.mjs MODEL_DIR [simd|scalar]
const c0 = process.cpuUsage();
const t0 = performance.now();
const { load } = await import('../src/index.js');
const t1 = performance.now();
const model = await load(process.argv[2], process.argv[3] ? { simd: process.argv[3] === 'simd' } : {});
const t2 = performance.now();
model.embed('Cold start: the first tweet of the day ☕️ #monday @user');
const t3 = performance.now();
const cpu = process.cpuUsage(c0); // CPU time of all threads: fairer than wall time on a busy machine
console.log(JSON.stringify({ importMs: t1 - t0, loadMs: t2 - t1, firstEmbedMs: t3 - t2, coldStartMs: t3 - t0,
  sinceProcessStartMs: t3, coldStartCpuMs: (cpu.user + cpu.system) / 1000, wasmMemoryBytes: model.memoryBytes, kernel: model.kernel }));
