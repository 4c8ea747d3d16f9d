// The package's entry for Cloudflare Workers / workerd (export condition "workerd"): that host forbids
// compiling WebAssembly from bytes at run time (WebAssembly.compile and new WebAssembly.Module throw), but
// compiles .wasm files imported as modules when the worker is deployed, and imports .bin files as
// ArrayBuffers (wrangler's default module rules CompiledWasm and Data). So the kernels and the default model
// are imported here; everything else is the default entry.
import simd from '../dist/pool-simd.wasm';
import scalar from '../dist/pool-scalar.wasm';
import floatSimd from '../dist/float-simd.wasm';
import floatScalar from '../dist/float-scalar.wasm';
import vocab from '../dist/vocab.wasm';
import defaultBundle from '../model/default.bin';
import { useCompiledModules } from './wasm-modules.js';
import { loadBundle } from './index.js';

export * from './index.js';

useCompiledModules({ simd, scalar, float_simd: floatSimd, float_scalar: floatScalar, vocab });

let defaultModel = null; // kind → Promise<Model>, like the default entry's cache
/** The model shipped in this package (model/default.bin), loaded once per isolate and kernel. */
export function loadDefault(options = {}) {
  const kind = options.simd === false ? 'scalar' : 'simd';
  defaultModel ??= {};
  if (options.cache === false) return loadBundle(defaultBundle, options);
  const p = (defaultModel[kind] ??= loadBundle(defaultBundle, options));
  p.catch(() => { if (defaultModel[kind] === p) delete defaultModel[kind]; });
  return p;
}
