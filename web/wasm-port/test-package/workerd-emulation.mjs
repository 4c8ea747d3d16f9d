// Preload (node --conditions=workerd --import ./workerd-emulation.mjs) that makes Node behave like
// Cloudflare's workerd where it matters to a WebAssembly package: compiling WebAssembly from bytes at run
// time throws, as workerd's "Wasm code generation disallowed by embedder" (WebAssembly.compile,
// compileStreaming, instantiate/instantiateStreaming of bytes, new WebAssembly.Module); a `.wasm` import
// yields a WebAssembly.Module compiled "at deploy time" (here: with the constructor saved before the patch),
// a `.bin` import an ArrayBuffer — wrangler's default module rules CompiledWasm and Data.
import { register } from 'node:module';
import { readFileSync } from 'node:fs';

// Node's fetch/Request/Response (undici) compile their HTTP parser from bytes when first touched; workerd's
// are native. Touch them before the patch: the restriction is for the worker's code, not the host's.
void new Request('https://warm.up/');

const RealModule = WebAssembly.Module;
const realInstantiate = WebAssembly.instantiate;
const bytesAt = (url) => readFileSync(new URL(url));

globalThis[Symbol.for('microembed.workerd-emulation')] = {
  wasm: (url) => new RealModule(bytesAt(url)),
  data: (url) => { const b = bytesAt(url); return b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength); },
  refused: 0, // how many run-time compilations were attempted (and refused)
};

function refuse(what) {
  globalThis[Symbol.for('microembed.workerd-emulation')].refused++;
  return new WebAssembly.CompileError(`${what}: Wasm code generation disallowed by embedder`);
}
WebAssembly.compile = async () => { throw refuse('WebAssembly.compile()'); };
WebAssembly.compileStreaming = async () => { throw refuse('WebAssembly.compileStreaming()'); };
WebAssembly.instantiateStreaming = async () => { throw refuse('WebAssembly.instantiateStreaming()'); };
WebAssembly.instantiate = (source, imports) => source instanceof RealModule
  ? realInstantiate(source, imports) : Promise.reject(refuse('WebAssembly.instantiate()'));
WebAssembly.Module = new Proxy(RealModule, { construct() { throw refuse('WebAssembly.Module()'); } });

register('./workerd-hooks.mjs', import.meta.url);
