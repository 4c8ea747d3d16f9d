// Cold start, as issue 15 asks for it: RUNS fresh `node` processes each doing import + load + first embed
// (bench/cold-start.mjs), alternating the sources given so machine load hits them alike; prints the median
// (and p10/p90) of wall time and of CPU time per source, plus the load average at the start.
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
console.log(`cold start: ${runs} fresh processes per source, node ${process.version}, load average ${loadavg().map((x) => x.toFixed(1)).join(' ')} on ${cpus().length} CPUs`);
const results = Object.fromEntries(sources.map((s) => [s, []]));
const command = (s) => (s.includes('=') ? s.split('=') : [join(here, 'cold-start.mjs'), s]);
for (let i = 0; i < runs; i++) for (const s of sources) results[s].push(JSON.parse(execFileSync(process.execPath, command(s)).toString()));
for (const s of sources) {
  const r = results[s], f = (k) => `${q(r.map((x) => x[k]), 0.5).toFixed(1)}`;
  console.log(`${s}: import + load + first embed median ${f('coldStartMs')} ms wall (p10 ${q(r.map((x) => x.coldStartMs), 0.1).toFixed(1)}, p90 ${q(r.map((x) => x.coldStartMs), 0.9).toFixed(1)}), ` +
    `${f('coldStartCpuMs')} ms CPU; import ${f('importMs')}, load ${f('loadMs')}, first embed ${f('firstEmbedMs')} ms wall (medians)`);
}
console.log(`load average at the end: ${loadavg().map((x) => x.toFixed(1)).join(' ')}`);
