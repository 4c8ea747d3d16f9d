// Issue 15's paired speed figure: Node/WASM end to end per tweet against Java's `microembed bench`, on the
// same tweets (../shared/data/tweets, all languages, bench/tweets.mjs's order) and the same model folder, in
// one invocation, alternating Java and Node runs (ROUNDS of each) so that machine load hits both alike.
// Prints each run, the medians, and last the ratios Node/Java of p50 latency and of CPU time per call.
//   node bench/paired.mjs [--tweets 5000] [--rounds 3] [--seconds 5] [--warmup 2] [--model DIR] [--java-root DIR]
// --java-root: the checkout whose ./microembed runs the Java side (default: this one; /work/main for main's).
import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync, existsSync } from 'node:fs';
import { join, resolve, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadavg, cpus } from 'node:os';
import { readTweets } from './tweets.mjs';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const repo = resolve(root, '..', '..');
const arg = (name, dflt) => { const i = process.argv.indexOf(name); return i > 0 ? process.argv[i + 1] : dflt; };
const n = Number(arg('--tweets', 5000)), rounds = Number(arg('--rounds', 3));
const seconds = arg('--seconds', '5'), warmup = arg('--warmup', '2');
const model = resolve(arg('--model', join(repo, 'vocab')));
const javaRoot = resolve(arg('--java-root', repo));
const shared = process.env.MICROEMBED_SHARED ?? join(repo, '..', 'shared', 'data');
if (!existsSync(join(javaRoot, 'microembed'))) throw new Error(`${javaRoot}/microembed not found (--java-root)`);

const { tweets, files } = readTweets(shared, n);
const input = join(root, 'target', 'bench', 'paired-tweets.txt');
mkdirSync(dirname(input), { recursive: true });
writeFileSync(input, tweets.map((t) => t.replace(/[\r\n]+/g, ' ')).join('\n') + '\n');
console.log(`paired: ${tweets.length} tweets from ${files} files, model ${model}, ${rounds} rounds of ${seconds} s (+${warmup} s warm-up) each side`);
console.log(`paired: Java from ${javaRoot}, Node ${process.version}; load average ${loadavg().map((x) => x.toFixed(1)).join(' ')} on ${cpus().length} CPUs`);

const java = [], node = [];
for (let r = 0; r < rounds; r++) {
  const text = execFileSync(join(javaRoot, 'microembed'), ['bench', '--model', model, '--input', input, '--seconds', seconds, '--warmup', warmup], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] });
  const p50 = Number(/bench p50_us=([\d.]+)/.exec(text)?.[1]), cpu = Number(/cpu time\s+([\d.]+) us per call/.exec(text)?.[1]);
  if (!(p50 > 0) || !(cpu > 0)) throw new Error(`could not read microembed bench's output:\n${text}`);
  java.push({ p50_us: p50, cpu_us: cpu, kernel: /kernel ([^)]+)\)/.exec(text)?.[1] });
  node.push(JSON.parse(execFileSync(process.execPath, [join(root, 'bench', 'node-latency.mjs'), input, model, seconds, warmup], { encoding: 'utf8' })));
  console.log(`round ${r + 1}: Java p50 ${java[r].p50_us.toFixed(3)} µs, CPU ${java[r].cpu_us.toFixed(3)} µs/call (${java[r].kernel}); ` +
    `Node p50 ${node[r].p50_us.toFixed(3)} µs, CPU ${node[r].cpu_us.toFixed(3)} µs/call (${node[r].kernel})`);
}
const median = (xs) => { const s = [...xs].sort((a, b) => a - b); return s.length % 2 ? s[s.length >> 1] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2; };
const j = { p50: median(java.map((x) => x.p50_us)), cpu: median(java.map((x) => x.cpu_us)) };
const o = { p50: median(node.map((x) => x.p50_us)), cpu: median(node.map((x) => x.cpu_us)) };
console.log(`medians: Java p50 ${j.p50.toFixed(3)} µs, CPU ${j.cpu.toFixed(3)} µs/call; Node p50 ${o.p50.toFixed(3)} µs, CPU ${o.cpu.toFixed(3)} µs/call; load average now ${loadavg().map((x) => x.toFixed(1)).join(' ')}`);
console.log(`ratio node/java p50=${(o.p50 / j.p50).toFixed(2)} cpu=${(o.cpu / j.cpu).toFixed(2)}`);
