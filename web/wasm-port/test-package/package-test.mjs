// The npm package as a JS user meets it: `npm pack` (prepack builds dist/ and model/default.bin) → install
// the tarball into an empty project (offline: the package has no dependencies) → loadDefault() and embed
// (1) in Node, (2) in a plain browser page served from that project's node_modules (headless Chromium,
// an import map, no bundler), (3) in a Workers-style runtime that forbids compiling WebAssembly from bytes:
// Node under workerd-emulation.mjs, and Cloudflare's workerd itself (devDependency "workerd"); the
// package's "workerd" export condition imports the .wasm files as modules.
// Each must give the same vector bytes as the checkout's loader on vocab/. Also checks the negative control:
// without the condition, the default entry fails under that runtime, so (3) proves the condition works.
//   node test-package/package-test.mjs      (CHROMIUM=/usr/bin/chromium by default)
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, mkdirSync, writeFileSync, copyFileSync, readFileSync, rmSync, existsSync, readdirSync } from 'node:fs';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { join, resolve, dirname, extname, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import assert from 'node:assert/strict';
import { load } from '../src/index.js';

const here = dirname(fileURLToPath(import.meta.url));
const root = resolve(here, '..');
const repo = resolve(root, '..', '..');
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
const TEXTS = ['the weather is lovely today', 'so happy today 😂 #blessed @user', '東京 タワー', '', 'Ünïcödé naïve café', 'x'.repeat(3000)];
const hex = (f32) => Buffer.from(f32.buffer, f32.byteOffset, f32.byteLength).toString('hex');
const step = (s) => console.log(`# package: ${s}`);

// 1. pack
const packDir = join(root, 'target', 'package');
rmSync(packDir, { recursive: true, force: true });
mkdirSync(packDir, { recursive: true });
step('npm pack');
const packOut = execFileSync(npm, ['pack', '--json', '--pack-destination', packDir], { cwd: root, encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] });
const packed = JSON.parse(packOut.slice(packOut.lastIndexOf('\n[') + 1))[0]; // (the prepack scripts print before the JSON)
const tarball = join(packDir, packed.filename);
const shipped = packed.files.map((f) => f.path);
for (const f of ['model/default.bin', 'dist/pool-simd.wasm', 'dist/pool-scalar.wasm', 'dist/float-simd.wasm', 'dist/float-scalar.wasm', 'dist/vocab.wasm', 'dist/kernels.js', 'dist/microembed.js', 'src/index.js', 'src/worker.js', 'src/index.d.ts'])
  assert.ok(shipped.includes(f), `the tarball lacks ${f}`);
console.log(`# package: ${packed.filename}: ${(packed.size / 1048576).toFixed(2)} MiB packed, ${(packed.unpackedSize / 1048576).toFixed(2)} MiB unpacked, ${shipped.length} files`);

// 2. an empty project that installs the tarball
const project = mkdtempSync(join(tmpdir(), 'microembed-user-'));
try {
  writeFileSync(join(project, 'package.json'), JSON.stringify({ name: 'user-app', private: true, type: 'module' }, null, 2));
  step(`npm install the tarball into ${project}`);
  execFileSync(npm, ['install', '--offline', '--no-audit', '--no-fund', '--ignore-scripts', tarball], { cwd: project, stdio: ['ignore', 'inherit', 'inherit'] });
  assert.ok(existsSync(join(project, 'node_modules', 'microembed', 'model', 'default.bin')));
  assert.deepEqual(readdirSync(join(project, 'node_modules')).filter((n) => !n.startsWith('.')), ['microembed'], 'installs no dependencies');

  const want = await load(resolve(process.env.MICROEMBED_MODEL || join(repo, 'vocab')), { cache: false }); // what prepack bundled
  const wantHex = TEXTS.map((t) => hex(want.embed(t)));
  const same = (got, where) => {
    for (let i = 0; i < TEXTS.length; i++) assert.equal(got[i], wantHex[i], `${where}: vector bytes differ for ${JSON.stringify(TEXTS[i]).slice(0, 40)}`);
  };

  // Node
  step('Node: import "microembed", loadDefault(), embed');
  writeFileSync(join(project, 'node-app.mjs'), `import { loadDefault, similarity } from 'microembed';
const texts = JSON.parse(process.argv[2]);
const model = await loadDefault();
const hex = (v) => Buffer.from(v.buffer, v.byteOffset, v.byteLength).toString('hex');
console.log(JSON.stringify({ resolved: import.meta.resolve('microembed'), kernel: model.kernel, dim: model.dim,
  hex: texts.map((t) => hex(model.embed(t))), sim: similarity(model.embed(texts[0]), model.embed(texts[0])) }));
`);
  const node = JSON.parse(execFileSync(process.execPath, ['node-app.mjs', JSON.stringify(TEXTS)], { cwd: project, encoding: 'utf8' }));
  assert.ok(node.resolved.includes('/node_modules/microembed/dist/microembed.js'), node.resolved); // the "node" condition: the one-file bundle
  same(node.hex, 'Node');
  assert.ok(Math.abs(node.sim - 1) < 1e-6);
  console.log(`# package: Node ok (${node.kernel}, ${node.dim}-d, ${TEXTS.length} texts bit-identical)`);

  // Workers-style runtime
  step('workerd emulation: --conditions=workerd, no WebAssembly compilation from bytes');
  for (const f of ['workerd-emulation.mjs', 'workerd-hooks.mjs']) copyFileSync(join(here, f), join(project, f));
  writeFileSync(join(project, 'worker.mjs'), `// A Worker as wrangler would bundle it: module syntax, a fetch handler.
import { loadDefault, load } from 'microembed';
const hex = (v) => Array.from(new Uint8Array(v.buffer, v.byteOffset, v.byteLength), (b) => b.toString(16).padStart(2, '0')).join('');
export default {
  async fetch(request) {
    const texts = JSON.parse(new URL(request.url).searchParams.get('texts'));
    const model = await loadDefault();
    return Response.json({ kernel: model.kernel, hex: texts.map((t) => hex(model.embed(t))) });
  },
};
/** A Model2Vec folder handed over as files (a Worker would fetch them): the float32 kernel. */
export async function model2vec(files, texts) {
  const model = await load(files);
  return { kernel: model.kernel, format: model.format, hex: texts.map((t) => hex(model.embed(t))) };
}
`);
  writeFileSync(join(project, 'worker-driver.mjs'), `const emulation = globalThis[Symbol.for('microembed.workerd-emulation')];
let refused = false;
try { new WebAssembly.Module(new Uint8Array([0, 97, 115, 109, 1, 0, 0, 0])); } catch (e) { refused = /disallowed/.test(e.message); }
const before = emulation.refused;
const { default: worker, model2vec } = await import('./worker.mjs');
const res = await worker.fetch(new Request('https://worker.test/?texts=' + encodeURIComponent(process.argv[2])));
const { readFileSync } = await import('node:fs');
const files = Object.fromEntries(['config.json', 'model.safetensors', 'tokenizer.json'].map((f) => [f, new Uint8Array(readFileSync(process.argv[3] + '/' + f))]));
const m2v = await model2vec(files, JSON.parse(process.argv[2]));
console.log(JSON.stringify({ refused, refusedDuringLoad: emulation.refused - before, resolved: import.meta.resolve('microembed'), m2v, ...(await res.json()) }));
`);
  const m2vDir = join(root, 'test', 'fixtures', 'model2vec', 'f16');
  const args = (conditions) => [...conditions, '--import', './workerd-emulation.mjs', 'worker-driver.mjs', JSON.stringify(TEXTS), m2vDir];
  const worker = JSON.parse(execFileSync(process.execPath, args(['--conditions=workerd']), { cwd: project, encoding: 'utf8' }));
  assert.equal(worker.refused, true, 'the emulation must refuse new WebAssembly.Module(bytes)');
  assert.equal(worker.refusedDuringLoad, 0, 'loading through the workerd entry compiled WebAssembly from bytes');
  assert.ok(worker.resolved.endsWith('/node_modules/microembed/src/worker.js'), worker.resolved);
  same(worker.hex, 'workerd emulation');
  const m2vWant = await load(m2vDir, { cache: false });
  assert.equal(worker.m2v.format, 'model2vec');
  TEXTS.forEach((t, i) => assert.equal(worker.m2v.hex[i], hex(m2vWant.embed(t)), `workerd emulation, Model2Vec f16: vector bytes differ for ${JSON.stringify(t).slice(0, 40)}`));
  const control = spawnSync(process.execPath, args([]), { cwd: project, encoding: 'utf8' });
  assert.notEqual(control.status, 0, 'without the workerd condition the default entry should fail under the emulation');
  assert.match(control.stderr, /disallowed by embedder/);
  console.log(`# package: workerd emulation ok (${worker.kernel}; a Model2Vec folder too; the default entry fails there as it should: ${control.stderr.match(/CompileError: [^\n]*/)[0]})`);

  // the real workerd (devDependency "workerd"): the worker and the package's files as modules, as a bundler
  // hands them over (each file named by its path; .wasm as compiled modules, .bin as data); the bare
  // "microembed" is the file Node's resolver picks under --conditions=workerd, which is what wrangler's
  // bundler does with that condition. A second worker is the control: the default entry on the same host.
  step('workerd (the real runtime): the worker through the "workerd" condition, and the default entry as a control');
  const real = await realWorkerd(project, TEXTS);
  assert.match(real.main.refused, /disallowed by embedder/, 'workerd allowed compiling WebAssembly from bytes');
  assert.ok(real.entry.endsWith('/node_modules/microembed/src/worker.js'), real.entry);
  same(real.main.hex, 'workerd');
  assert.match(real.control.error ?? '', /disallowed by embedder/, `the default entry under workerd: ${JSON.stringify(real.control).slice(0, 200)}`);
  console.log(`# package: ${real.version} ok (${real.main.kernel}; the default entry fails there: ${real.control.error.slice(0, 90)})`);

  // browser
  step('browser: a plain page served from the project, import map → node_modules/microembed');
  writeFileSync(join(project, 'index.html'), `<!doctype html><meta charset="utf-8"><title>user app</title>
<script type="importmap">{ "imports": { "microembed": "./node_modules/microembed/src/index.js" } }</script>
<script type="module">
import { loadDefault } from 'microembed';
const hex = (v) => Array.from(new Uint8Array(v.buffer, v.byteOffset, v.byteLength), (b) => b.toString(16).padStart(2, '0')).join('');
window.__embedHex = async (texts, simd) => { const m = await loadDefault(simd === undefined ? {} : { simd }); return { kernel: m.kernel, hex: texts.map((t) => hex(m.embed(t))) }; };
document.body.dataset.ready = '1';
</script><body></body>
`);
  const { chromium } = await import('playwright-core');
  const server = serve(project);
  await new Promise((ok) => server.listen(0, '127.0.0.1', ok));
  const browser = await chromium.launch({ executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'] });
  try {
    const page = await browser.newPage();
    const errors = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(`http://127.0.0.1:${server.address().port}/index.html`);
    await page.waitForFunction(() => document.body?.dataset.ready === '1', null, { timeout: 60000 });
    for (const simd of [undefined, false]) {
      const got = await page.evaluate(([t, s]) => window.__embedHex(t, s), [TEXTS, simd]);
      same(got.hex, `Chromium (${got.kernel})`);
    }
    assert.deepEqual(errors, []);
    console.log(`# package: browser ok (Chromium ${browser.version()}, SIMD and scalar kernels)`);
  } finally {
    await browser.close();
    server.close();
  }
  console.log('# package: ok');
} finally {
  rmSync(project, { recursive: true, force: true });
}

/**
 * Runs workerd (this package's devDependency) on the installed package in project: a worker importing
 * "microembed", and a control worker importing the default entry; returns their answers for texts.
 */
async function realWorkerd(project, texts) {
  const { spawn } = await import('node:child_process');
  const workerd = join(root, 'node_modules', '.bin', 'workerd');
  if (!existsSync(workerd)) throw new Error(`${workerd} missing: npm ci installs the devDependency "workerd"`);
  const version = execFileSync(workerd, ['--version'], { encoding: 'utf8' }).trim();
  const entry = execFileSync(process.execPath, ['--conditions=workerd', '--input-type=module', '-e', "console.log(import.meta.resolve('microembed'))"], { cwd: project, encoding: 'utf8' }).trim();
  const pkg = 'node_modules/microembed';
  const rel = (url) => fileURLToPath(url).slice(project.length + 1);
  const hexFn = "const hex = (v) => Array.from(new Uint8Array(v.buffer, v.byteOffset, v.byteLength), (b) => b.toString(16).padStart(2, '0')).join('');";
  writeFileSync(join(project, 'wd-main.mjs'), `import { loadDefault } from 'microembed';
${hexFn}
export default { async fetch(request) {
  let refused = null;
  try { new WebAssembly.Module(new Uint8Array([0, 97, 115, 109, 1, 0, 0, 0])); } catch (e) { refused = String(e.message); }
  const texts = await request.json(), model = await loadDefault();
  return Response.json({ refused, kernel: model.kernel, hex: texts.map((t) => hex(model.embed(t))) });
} };
`);
  writeFileSync(join(project, 'wd-control.mjs'), `import { loadBundle } from 'microembed-default-entry';
import bundle from '${pkg}/model/default.bin';
export default { async fetch() {
  try { await loadBundle(bundle); return Response.json({ error: null }); } catch (e) { return Response.json({ error: String(e.message) }); }
} };
`);
  writeFileSync(join(project, 'wd-alias.mjs'), `export * from '${rel(entry)}';\n`);
  writeFileSync(join(project, 'wd-alias-default.mjs'), `export * from '${pkg}/src/index.js';\n`);
  const modules = [];
  for (const d of ['src', 'dist']) for (const f of readdirSync(join(project, pkg, d)).sort()) {
    if (f.endsWith('.js')) modules.push(`(name = "${pkg}/${d}/${f}", esModule = embed "${pkg}/${d}/${f}")`);
    else if (f.endsWith('.wasm')) modules.push(`(name = "${pkg}/${d}/${f}", wasm = embed "${pkg}/${d}/${f}")`);
  }
  modules.push(`(name = "${pkg}/model/default.bin", data = embed "${pkg}/model/default.bin")`);
  const port = await new Promise((ok) => { const s = createServer().listen(0, '127.0.0.1', () => { const p = s.address().port; s.close(() => ok(p)); }); });
  const worker = (first, alias, aliasFile) => `(modules = [ (name = "${first}", esModule = embed "${first}"), (name = "${alias}", esModule = embed "${aliasFile}"),
    ${modules.join(',\n    ')} ], compatibilityDate = "2024-09-23")`;
  writeFileSync(join(project, 'workerd.capnp'), `using Workerd = import "/workerd/workerd.capnp";
const config :Workerd.Config = (
  services = [ (name = "main", worker = ${worker('wd-main.mjs', 'microembed', 'wd-alias.mjs')}),
               (name = "control", worker = ${worker('wd-control.mjs', 'microembed-default-entry', 'wd-alias-default.mjs')}) ],
  sockets = [ (name = "main", address = "127.0.0.1:${port}", http = (), service = "main"),
              (name = "control", address = "127.0.0.1:${port + 1}", http = (), service = "control") ],
);
`);
  const child = spawn(workerd, ['serve', 'workerd.capnp'], { cwd: project, stdio: ['ignore', 'pipe', 'pipe'] });
  let log = '';
  child.stdout.on('data', (d) => { log += d; });
  child.stderr.on('data', (d) => { log += d; });
  try {
    const post = async (p, body) => {
      for (let tries = 0; ; tries++) {
        try {
          const res = await fetch(`http://127.0.0.1:${p}/`, { method: 'POST', body: JSON.stringify(body) });
          if (!res.ok) throw new Error(`HTTP ${res.status}: ${await res.text()}`);
          return await res.json();
        } catch (e) {
          if (tries > 100 || child.exitCode !== null) throw new Error(`workerd: ${e.message}\n${log}`);
          await new Promise((ok) => setTimeout(ok, 200));
        }
      }
    };
    return { version, entry, main: await post(port, texts), control: await post(port + 1, []) };
  } finally {
    child.kill();
  }
}

/** A static file server rooted at dir (the user's project). */
function serve(dir) {
  const types = { '.html': 'text/html; charset=utf-8', '.js': 'text/javascript; charset=utf-8', '.wasm': 'application/wasm' };
  return createServer((req, res) => {
    const file = resolve(dir, '.' + decodeURIComponent(new URL(req.url, 'http://x').pathname));
    if (!file.startsWith(dir + sep)) { res.writeHead(404); return res.end(); }
    try {
      const body = readFileSync(file);
      res.writeHead(200, { 'Content-Type': types[extname(file)] ?? 'application/octet-stream' });
      res.end(body);
    } catch { res.writeHead(404); res.end(); }
  });
}
