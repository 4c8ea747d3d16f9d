// Module hooks of workerd-emulation.mjs: `.wasm` and `.bin` imports become modules whose default export is
// the compiled WebAssembly.Module or the file's ArrayBuffer (made by the preload in the main thread).
export async function load(url, context, nextLoad) {
  const kind = url.endsWith('.wasm') ? 'wasm' : url.endsWith('.bin') ? 'data' : null;
  if (!kind) return nextLoad(url, context);
  return {
    format: 'module', shortCircuit: true,
    source: `export default globalThis[Symbol.for('microembed.workerd-emulation')].${kind}(${JSON.stringify(url)});\n`,
  };
}
