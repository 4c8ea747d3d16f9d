// Demo: loads the model from /model/, embeds a few thousand real tweets once (timing each one), then
// answers similarity and search-as-you-type from the browser, no server round trip.
import { load, similarity, topK } from '../src/index.js';

const $ = (id) => document.getElementById(id);
const status = $('status');

function percentile(sorted, p) { return sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))]; }

async function main() {
  const t0 = performance.now();
  const model = await load(new URL('/model/', location.href));
  const loadMs = performance.now() - t0;
  const tweets = await (await fetch('/tweets.json')).json();

  // Per-tweet latency: each tweet embedded REPEAT times between two clock reads (performance.now() is
  // coarsened to 5 µs even when cross-origin isolated), so the per-call figure is not clock noise.
  const REPEAT = 20;
  const vectors = new Array(tweets.length);
  const perTweet = new Float64Array(tweets.length);
  const tAll = performance.now();
  for (let i = 0; i < tweets.length; i++) {
    const s = performance.now();
    for (let r = 0; r < REPEAT; r++) vectors[i] = model.embed(tweets[i]);
    perTweet[i] = ((performance.now() - s) * 1000) / REPEAT;
  }
  const embedAllMs = (performance.now() - tAll) / REPEAT;
  const sorted = Array.from(perTweet).sort((x, y) => x - y);
  window.__stats = {
    kernel: model.kernel, dim: model.dim, tweets: tweets.length, loadMs, embedAllMs, crossOriginIsolated,
    p50us: percentile(sorted, 0.5), p90us: percentile(sorted, 0.9), p99us: percentile(sorted, 0.99),
    meanUs: sorted.reduce((a, b) => a + b, 0) / sorted.length, wasmMemoryBytes: model.memoryBytes,
  };
  const st = window.__stats;
  status.textContent = `ready: ${model.dim}-d ${model.pooling} model, ${model.kernel} kernel, loaded in ${loadMs.toFixed(0)} ms; ` +
    `${tweets.length} tweets embedded, p50 ${st.p50us.toFixed(1)} µs per tweet`;
  status.dataset.ready = '1';

  const updateSim = () => { $('sim').textContent = model.similarity($('a').value, $('b').value).toFixed(4); };
  $('a').addEventListener('input', updateSim);
  $('b').addEventListener('input', updateSim);
  updateSim();

  const search = () => {
    const q = $('q').value;
    const s = performance.now();
    const qv = model.embed(q);
    const top = q.trim() === '' ? [] : topK(qv, vectors, 10);
    const ms = performance.now() - s;
    $('results').replaceChildren(...top.map((i) => {
      const li = document.createElement('li');
      const score = document.createElement('span');
      score.className = 'score';
      score.textContent = similarity(qv, vectors[i]).toFixed(3);
      li.append(score, tweets[i]);
      li.dataset.index = String(i);
      return li;
    }));
    $('searchInfo').textContent = q ? `top ${top.length} of ${tweets.length} in ${ms.toFixed(2)} ms` : '';
  };
  $('q').addEventListener('input', search);

  // for the end-to-end test: the bytes of an embedding, to compare with Node's
  const hex = (v) => Array.from(new Uint8Array(v.buffer), (b) => b.toString(16).padStart(2, '0')).join('');
  window.__embedHex = (text) => hex(model.embed(text));
  // the scalar twin in this browser, for the end-to-end test (loaded on demand: same files, other kernel)
  window.__embedHexScalar = async (text) => hex((await load(new URL('/model/', location.href), { simd: false })).embed(text));
  window.__tweets = tweets;
}

main().catch((e) => { status.textContent = `error: ${e.message}`; status.dataset.error = '1'; console.error(e); });
