// A tiny static server for the demo: the package's own files (src/, dist/, demo/), a model folder under
// /model/ and a list of real tweets from ../shared/data at /tweets.json (read at run time, never copied).
// node demo/server.mjs [--port 8080] [--model DIR]   (default model: vocab/ of the checkout, else the fixture)
import { createServer } from 'node:http';
import { readFile, readdir } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { join, extname, resolve, sep, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const repo = resolve(root, '..', '..');
const TYPES = { '.html': 'text/html; charset=utf-8', '.js': 'text/javascript; charset=utf-8', '.mjs': 'text/javascript; charset=utf-8',
  '.json': 'application/json', '.wasm': 'application/wasm', '.css': 'text/css', '.safetensors': 'application/octet-stream' };

export function defaultModel() {
  if (process.env.MICROEMBED_MODEL) return process.env.MICROEMBED_MODEL;
  const shipped = join(repo, 'vocab');
  return existsSync(join(shipped, 'config.json')) ? shipped : join(root, 'target', 'fixture-model');
}

/** Up to `limit` tweets: the val splits of every xlm-t language and tweeteval task, round robin. */
export async function loadTweets(shared, limit = 2000) {
  const files = [];
  for (const group of ['xlm-t', 'tweeteval']) {
    const dir = join(shared, 'tweets', group);
    if (!existsSync(dir)) continue;
    for (const sub of (await readdir(dir)).sort()) {
      const f = join(dir, sub, 'val_text.txt');
      if (existsSync(f)) files.push(f);
    }
  }
  const lists = await Promise.all(files.map(async (f) => (await readFile(f, 'utf8')).split('\n').filter((l) => l.trim())));
  const out = [];
  for (let i = 0; out.length < limit; i++) {
    let any = false;
    for (const l of lists) if (i < l.length && out.length < limit) { out.push(l[i]); any = true; }
    if (!any) break;
  }
  return out;
}

export async function startServer({ port = 0, model = defaultModel(), shared = process.env.MICROEMBED_SHARED ?? join(repo, '..', 'shared', 'data') } = {}) {
  const tweets = JSON.stringify(await loadTweets(shared));
  const server = createServer(async (req, res) => {
    const url = new URL(req.url, 'http://localhost');
    let path = decodeURIComponent(url.pathname);
    // cross-origin isolation gives performance.now() 5 µs resolution instead of 100 µs
    const headers = { 'Cross-Origin-Opener-Policy': 'same-origin', 'Cross-Origin-Embedder-Policy': 'require-corp', 'Cache-Control': 'no-store' };
    if (path === '/') { res.writeHead(302, { Location: '/demo/index.html' }); return res.end(); }
    if (path === '/favicon.ico') { res.writeHead(204, headers); return res.end(); }
    if (path === '/tweets.json') { res.writeHead(200, { ...headers, 'Content-Type': TYPES['.json'] }); return res.end(tweets); }
    let file;
    if (path.startsWith('/model/')) file = resolve(model, '.' + path.slice('/model'.length));
    else if (/^\/(src|dist|demo)\//.test(path)) file = resolve(root, '.' + path);
    const base = path.startsWith('/model/') ? resolve(model) : root;
    if (!file || !(file + sep).startsWith(base + sep) && file !== base) { res.writeHead(404, headers); return res.end('not found'); }
    try {
      const body = await readFile(file);
      res.writeHead(200, { ...headers, 'Content-Type': TYPES[extname(file)] ?? 'application/octet-stream' });
      res.end(body);
    } catch {
      res.writeHead(404, headers);
      res.end('not found');
    }
  });
  await new Promise((ok) => server.listen(port, '127.0.0.1', ok));
  return { server, url: `http://127.0.0.1:${server.address().port}/demo/index.html`, model };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const arg = (name) => { const i = process.argv.indexOf(name); return i > 0 ? process.argv[i + 1] : undefined; };
  const { url, model } = await startServer({ port: Number(arg('--port') ?? 8080), model: arg('--model') ?? defaultModel() });
  console.log(`microembed demo at ${url} (model ${model})`);
}
