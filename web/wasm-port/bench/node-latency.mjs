// The Node half of bench/paired.mjs, measured the way `microembed bench` measures Java: one thread, the
// model loaded, every line of FILE embedded (embedInto, no allocation) for WARMUP seconds, then in rounds
// for SECONDS with a clock read around each call; prints one JSON line (p50/p90/p99 µs, CPU µs per call).
//   node bench/node-latency.mjs FILE MODEL_DIR|default SECONDS WARMUP
import { readFileSync } from 'node:fs';
import { load, loadDefault } from '../src/index.js';

const [file, source, seconds = '5', warmup = '2'] = process.argv.slice(2);
const lines = readFileSync(file, 'utf8').split('\n').filter((l) => l.length > 0);
const model = await (source === 'default' ? loadDefault() : load(source));
const out = new Float32Array(model.dim);
const hr = process.hrtime.bigint;
let sink = 0;
for (const end = hr() + BigInt(Math.round(Number(warmup) * 1e9)); hr() < end;) for (const s of lines) sink += model.embedInto(s, out)[0];
let samples = new Float64Array(1 << 20), count = 0;
const budget = BigInt(Math.round(Number(seconds) * 1e9));
const cpu0 = process.cpuUsage(), start = hr();
do {
  for (const s of lines) {
    const a = hr();
    model.embedInto(s, out);
    const b = hr();
    if (count === samples.length) { const bigger = new Float64Array(samples.length * 2); bigger.set(samples); samples = bigger; }
    samples[count++] = Number(b - a) / 1000;
    sink += out[0];
  }
} while (hr() - start < budget);
const cpu = process.cpuUsage(cpu0);
const sorted = samples.subarray(0, count).sort();
const q = (p) => sorted[Math.max(0, Math.min(count - 1, Math.ceil(p * count) - 1))];
console.log(JSON.stringify({ p50_us: q(0.5), p90_us: q(0.9), p99_us: q(0.99), cpu_us: (cpu.user + cpu.system) / count, calls: count, lines: lines.length, kernel: model.kernel, checksum: Number.isNaN(sink) ? 'nan' : 'ok' }));
