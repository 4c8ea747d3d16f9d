// Where the WebAssembly modules come from. By default their bytes ship in dist/kernels.js (base64) and are
// compiled here, lazily, once per process. A host that forbids compiling WebAssembly from bytes
// (Cloudflare Workers / workerd) compiles the .wasm files itself when they are imported as modules; the
// package's "workerd" entry (src/worker.js) hands those over with useCompiledModules, and nothing here
// then compiles bytes.
import { SIMD_WASM_BASE64, SCALAR_WASM_BASE64, VOCAB_WASM_BASE64, FLOAT_SIMD_WASM_BASE64, FLOAT_SCALAR_WASM_BASE64 } from '../dist/kernels.js';
import { decodeBase64 } from './base64.js';

const BASE64 = { simd: SIMD_WASM_BASE64, scalar: SCALAR_WASM_BASE64, vocab: VOCAB_WASM_BASE64, float_simd: FLOAT_SIMD_WASM_BASE64, float_scalar: FLOAT_SCALAR_WASM_BASE64 };
const bytes = {}; // kind → Uint8Array, decoded on first use
const compiled = {}; // kind → Promise<WebAssembly.Module> (kernels)
let given = null; // {simd?, scalar?, float_simd?, float_scalar?, vocab} WebAssembly.Module compiled by the host
let vocab = null;

function bytesOf(kind) { return (bytes[kind] ??= decodeBase64(BASE64[kind])); }

/** Use modules the host already compiled (workerd's .wasm module imports) instead of compiling bytes. */
export function useCompiledModules(modules) {
  for (const k of ['simd', 'scalar', 'float_simd', 'float_scalar', 'vocab']) {
    if (modules[k] !== undefined && !(modules[k] instanceof WebAssembly.Module)) throw new Error(`useCompiledModules: ${k} is not a WebAssembly.Module`);
  }
  if (!modules.vocab || (!modules.simd && !modules.scalar)) throw new Error('useCompiledModules: needs vocab and at least one of simd, scalar');
  given = modules;
  vocab = modules.vocab;
}

/** True when this engine validates the SIMD128 kernel (with host-compiled modules: when one was given). */
export function simdSupported() {
  return given ? !!given.simd : WebAssembly.validate(bytesOf('simd'));
}

/**
 * Promise<WebAssembly.Module> of a pooling kernel: 'simd' or 'scalar' (int8, src/pool.wat), 'float_simd' or
 * 'float_scalar' (src/pool-float.wat). Compiled synchronously: the kernels are 0.5-1.3 KB (far below any
 * engine's limit for synchronous compiles), and WebAssembly.compile's round trip through the engine's worker
 * threads cost 1.5-4 ms of a cold start on a busy machine (measured: reports/speed-node-2026-12-04.md).
 */
export function kernelModule(kind) {
  if (given) return given[kind] ? Promise.resolve(given[kind]) : Promise.reject(new Error(`the ${kind} kernel module was not provided`));
  if (!compiled[kind]) {
    try { compiled[kind] = Promise.resolve(new WebAssembly.Module(bytesOf(kind))); } catch (e) { return Promise.reject(e); }
  }
  return compiled[kind];
}

/** The load-time module (src/vocab.wat), synchronously: 3 KB, which every engine compiles synchronously. */
export function vocabModule() {
  return (vocab ??= new WebAssembly.Module(bytesOf('vocab')));
}
