// Watchdog thread of fuzz.mjs: the main thread bumps a counter before each input and copies the input into
// shared memory; if the counter stands still for longer than the per-input limit, this thread saves that input
// as a hang and ends the process (a synchronous hang cannot be interrupted from inside).
import { workerData } from 'node:worker_threads';
import { mkdirSync, writeFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { join } from 'node:path';

const { state, input, limitMs, crashDir } = workerData;
const s = new Int32Array(state); // [0] exec counter, [1] input length, [2] target index, [3] done flag
const bytes = new Uint8Array(input);
let last = -1, since = Date.now();
setInterval(() => {
  if (Atomics.load(s, 3) === 1) process.exit(0);
  const n = Atomics.load(s, 0);
  if (n !== last) { last = n; since = Date.now(); return; }
  if (Date.now() - since > limitMs && n > 0) {
    const data = bytes.slice(0, Atomics.load(s, 1));
    const target = workerData.targets[Atomics.load(s, 2)];
    const dir = join(crashDir, target);
    mkdirSync(dir, { recursive: true });
    const file = join(dir, 'hang-' + createHash('sha1').update(data).digest('hex'));
    writeFileSync(file, data);
    process.stderr.write(`\nFUZZ HANG in ${target}: one input ran over ${limitMs} ms; saved as ${file}\n`);
    process.kill(process.pid, 'SIGTERM'); // process.exit here would end only this thread
  }
}, 100);
