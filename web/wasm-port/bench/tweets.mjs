// Tweets for the benchmarks: every *_text.txt under ../shared/data/tweets (train and val), in a fixed order.
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

export function readTweets(shared, limit = Infinity) {
  const files = [];
  const walk = (d) => {
    for (const e of readdirSync(d).sort()) {
      const p = join(d, e);
      if (statSync(p).isDirectory()) walk(p);
      else if (e.endsWith('_text.txt')) files.push(p);
    }
  };
  walk(join(shared, 'tweets'));
  const lists = files.map((f) => readFileSync(f, 'utf8').split('\n').filter((l) => l.trim() !== ''));
  // round robin over files, so any prefix mixes languages and tasks
  const out = [];
  for (let i = 0; out.length < limit; i++) {
    let any = false;
    for (const l of lists) if (i < l.length && out.length < limit) { out.push(l[i]); any = true; }
    if (!any) break;
  }
  return { tweets: out, files: files.length };
}

export function stats(values) {
  const s = Float64Array.from(values).sort();
  const q = (p) => s[Math.min(s.length - 1, Math.floor(p * s.length))];
  return { n: s.length, p50: q(0.5), p90: q(0.9), p99: q(0.99), mean: s.reduce((a, b) => a + b, 0) / s.length };
}
