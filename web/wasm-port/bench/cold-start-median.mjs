// Cold start, as issue 15 asks for it: RUNS fresh `node` processes each doing import + load + first embed
// (bench/cold-start.mjs), alternating the sources given so machine load hits them alike; prints the median
// (and p10/p90) of wall time and of CPU time per source, plus the load average at the start.
// Each round also times a bare `node -e 0` (process start and exit, nothing loaded): on a loaded machine
// the ratio to it is the steadier figure, and "process" is the whole child, spawn to exit, of both.
//   node bench/cold-start-median.mjs [--runs 20] [SOURCE ...]     SOURCE: default (loadDefault) or a model folder,
//   optionally SCRIPT=SOURCE to time another checkout's bench/cold-start.mjs (e.g. main's, for before/after)
import { execFileSync } from 'node:child_process';
import { loadavg, cpus } from 'node:os';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const args = process.argv.slice(2);
const at = args.indexOf('--runs');
const runs = at >= 0 ? Number(args.splice(at, 2)[1]) : 20;
const sources = args.length ? args : ['default'];
const q = (xs, p) => { const s = [...xs].sort((a, b) => a - b); return s[Math.min(s.length - 1, Math.floor(p * s.length))]; };
const timed = (argv) => { const t = performance.now(), out = execFileSync(process.execPath, argv).toString(); return { out, processMs: performance.now() - t }; };
console.log(`cold start: ${runs} fresh processes per source, node ${process.version}, load average ${loadavg().map((x) => x.toFixed(1)).join(' ')} on ${cpus().length} CPUs`);
const results = Object.fromEntries(sources.map((s) => [s, []]));
const bare = [];
const command = (s) => (s.includes('=') ? s.split('=') : [join(here, 'cold-start.mjs'), s]);
for (let i = 0; i < runs; i++) {
  bare.push(timed(['-e', '0']).processMs);
  for (const s of sources) { const { out, processMs } = timed(command(s)); results[s].push({ ...JSON.parse(out), processMs }); }
}
const floor = q(bare, 0.5);
console.log(`node -e 0: median ${floor.toFixed(1)} ms process wall (p10 ${q(bare, 0.1).toFixed(1)}, p90 ${q(bare, 0.9).toFixed(1)})`);
for (const s of sources) {
  const r = results[s], m = (k) => q(r.map((x) => x[k]), 0.5), f = (k) => m(k).toFixed(1);
  console.log(`${s}: import + load + first embed median ${f('coldStartMs')} ms wall (p10 ${q(r.map((x) => x.coldStartMs), 0.1).toFixed(1)}, p90 ${q(r.map((x) => x.coldStartMs), 0.9).toFixed(1)}), ` +
    `${f('coldStartCpuMs')} ms CPU; import ${f('importMs')}, load ${f('loadMs')}, first embed ${f('firstEmbedMs')} ms wall (medians); ` +
    `process ${f('processMs')} ms; ratios to node -e 0: cold start ${(m('coldStartMs') / floor).toFixed(2)}, process ${(m('processMs') / floor).toFixed(2)}`);
}
console.log(`load average at the end: ${loadavg().map((x) => x.toFixed(1)).join(' ')}`);
