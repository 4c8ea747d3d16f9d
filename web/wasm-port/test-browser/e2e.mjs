// End-to-end in headless Chromium (Debian's /usr/bin/chromium driven by playwright-core): serves the demo,
// waits until the page has loaded the model and embedded the tweets (recording per-tweet latency in the
// browser), types into the similarity and search boxes, reads what the page shows, checks that Chromium's
// vectors are byte-identical to Node's, and saves a screenshot to target/e2e/demo.png.
import { chromium } from 'playwright-core';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import assert from 'node:assert/strict';
import { startServer } from '../demo/server.mjs';
import { load } from '../src/index.js';

const root = join(import.meta.dirname ?? new URL('.', import.meta.url).pathname, '..');
const outDir = join(root, 'target', 'e2e');
mkdirSync(outDir, { recursive: true });

const { server, url, model: modelDir } = await startServer();
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
    '--disable-component-update', '--disable-sync'],
});
let failed = false;
try {
  const page = await browser.newPage({ viewport: { width: 1000, height: 900 } });
  const errors = [];
  page.on('pageerror', (e) => errors.push(e.message));
  page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
  await page.goto(url);
  await page.waitForFunction(() => document.getElementById('status').dataset.ready === '1' || document.getElementById('status').dataset.error === '1', null, { timeout: 120000 });
  const statusText = await page.textContent('#status');
  assert.ok(!statusText.startsWith('error'), `page failed: ${statusText}`);
  const stats = await page.evaluate(() => window.__stats);
  assert.equal(stats.crossOriginIsolated, true, 'the server sends COOP/COEP so timings are 5 µs resolution');

  // similarity: identical texts → 1; typed texts → a number in [-1, 1]
  await page.fill('#a', '');
  await page.type('#a', 'the weather is lovely today');
  await page.fill('#b', '');
  await page.type('#b', 'the weather is lovely today');
  assert.equal(await page.textContent('#sim'), '1.0000');
  await page.fill('#b', '');
  await page.type('#b', 'what a terrible match, so angry');
  const sim = Number(await page.textContent('#sim'));
  assert.ok(sim >= -1 && sim < 1, `similarity ${sim}`);

  // search as you type: the list updates on every keystroke; an exact tweet comes back first
  const tweets = await page.evaluate(() => window.__tweets);
  const target = tweets.findIndex((t) => t.length > 40 && t.length < 90);
  const query = tweets[target];
  let updates = 0, last = '';
  for (const ch of query.slice(0, 12)) {
    await page.type('#q', ch);
    const now = await page.textContent('#results');
    if (now !== last) updates++;
    last = now;
  }
  assert.ok(updates >= 6, `results changed on only ${updates} of 12 keystrokes`);
  await page.fill('#q', query);
  await page.waitForFunction((i) => document.querySelector('#results li')?.dataset.index !== undefined, target);
  const first = await page.$eval('#results li', (li) => ({ index: Number(li.dataset.index), text: li.textContent }));
  const firstTweet = tweets[first.index];
  assert.ok(first.index === target || firstTweet === query, `searching tweet ${target} verbatim ranks tweet ${first.index} first`);
  assert.ok(first.text.startsWith('1.000'), `top score ${first.text.slice(0, 5)}`);
  const resultCount = await page.$$eval('#results li', (l) => l.length);
  assert.equal(resultCount, 10);

  // the browser's kernels (SIMD and scalar) give the same bytes as Node's
  const node = await load(modelDir);
  for (const t of ['the weather is lovely today', query, '東京 😂 #love lol', '', 'x'.repeat(5000)]) {
    const hex = await page.evaluate((s) => window.__embedHex(s), t);
    const want = Buffer.from(node.embed(t).buffer).toString('hex');
    assert.equal(hex, want, `Chromium and Node differ for ${JSON.stringify(t).slice(0, 40)}`);
    assert.equal(await page.evaluate((s) => window.__embedHexScalar(s), t), want, `Chromium's scalar kernel differs for ${JSON.stringify(t).slice(0, 40)}`);
  }
  await page.fill('#q', 'so happy today 😂');
  await page.screenshot({ path: join(outDir, 'demo.png'), fullPage: true });
  assert.deepEqual(errors, []);
  const report = { ...stats, similarityTyped: sim, chromium: browser.version(), model: modelDir };
  writeFileSync(join(outDir, 'browser-latency.json'), JSON.stringify(report, null, 2) + '\n');
  console.log(`browser e2e ok: Chromium ${browser.version()}, ${stats.kernel} kernel, load ${stats.loadMs.toFixed(1)} ms, ` +
    `${stats.tweets} tweets, per tweet p50 ${stats.p50us.toFixed(2)} µs p90 ${stats.p90us.toFixed(2)} µs p99 ${stats.p99us.toFixed(2)} µs, ` +
    `WASM memory ${(stats.wasmMemoryBytes / 1048576).toFixed(2)} MiB; screenshot ${join(outDir, 'demo.png')}`);
} catch (e) {
  failed = true;
  console.error('browser e2e FAILED:', e.stack ?? e);
} finally {
  await browser.close();
  server.close();
}
process.exit(failed ? 1 : 0);
