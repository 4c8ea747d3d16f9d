// Base64 → bytes in browsers (atob) and Node (Buffer); the WebAssembly modules ship inside dist/kernels.js
// as base64, so loading them needs no fetch or file read.
export function decodeBase64(str) {
  if (typeof atob === 'function') {
    const bin = atob(str);
    const out = new Uint8Array(bin.length);
    for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
    return out;
  }
  return new Uint8Array(Buffer.from(str, 'base64'));
}
