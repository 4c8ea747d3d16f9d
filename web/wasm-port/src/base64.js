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

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
let sextets = null;

/**
 * Strict base64 (RFC 4648 alphabet) as java.util.Base64.getDecoder() reads it: padding optional but
 * correct when present, no whitespace or other characters. The bytes, or null for input Java rejects.
 */
export function base64Bytes(str) {
  if (sextets === null) { sextets = new Int8Array(128).fill(-1); for (let i = 0; i < 64; i++) sextets[ALPHABET.charCodeAt(i)] = i; }
  let len = str.length, pad = 0;
  while (pad < 2 && len > 0 && str.charCodeAt(len - 1) === 61) { len--; pad++; }
  if (len % 4 === 1 || (pad > 0 && (len + pad) % 4 !== 0)) return null;
  const out = new Uint8Array(Math.floor(len * 3 / 4));
  let acc = 0, bits = 0, o = 0;
  for (let i = 0; i < len; i++) {
    const c = str.charCodeAt(i), v = c < 128 ? sextets[c] : -1;
    if (v < 0) return null;
    acc = ((acc << 6) | v) & 0xffffff;
    bits += 6;
    if (bits >= 8) { bits -= 8; out[o++] = (acc >> bits) & 0xff; }
  }
  return out;
}
