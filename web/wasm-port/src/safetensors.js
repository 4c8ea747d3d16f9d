// A strict safetensors reader (docs/model-format.md, "A reader rejects"): every way a hostile or broken
// header can lie (sizes, offsets, overlaps, gaps, dtypes, overflowing shapes) becomes one Error naming
// the file and the problem, before any tensor byte is used.

const DTYPE_BYTES = {
  BOOL: 1, U8: 1, I8: 1, F8_E4M3: 1, F8_E5M2: 1, I16: 2, U16: 2, F16: 2, BF16: 2,
  I32: 4, U32: 4, F32: 4, I64: 8, U64: 8, F64: 8,
};
const MAX_HEADER = 100 * 1024 * 1024;

/**
 * @param {Uint8Array} bytes the whole file
 * @param {string} file name for messages
 * @returns {{metadata: object, tensors: Map<string, {dtype: string, shape: number[], bytes: Uint8Array}>}}
 */
export function parseSafetensors(bytes, file = 'model.safetensors') {
  const bad = (msg) => new Error(`${file}: ${msg}`);
  if (!(bytes instanceof Uint8Array)) throw bad('expected bytes');
  const headerLength = headerLengthOf(bytes, bytes.length, file);
  const dataStart = 8 + headerLength;
  const { metadata, spans } = parseHeader(bytes.subarray(8, dataStart), bytes.length - dataStart, file);
  const tensors = new Map();
  for (const [name, t] of spans) tensors.set(name, { dtype: t.dtype, shape: t.shape, bytes: bytes.subarray(dataStart + t.begin, dataStart + t.end) });
  return { metadata, tensors };
}

/** The header length N from the file's first 8 bytes (fileLength: the whole file's), checked. */
export function headerLengthOf(first8, fileLength, file = 'model.safetensors') {
  const bad = (msg) => new Error(`${file}: ${msg}`);
  if (fileLength < 8 || first8.length < 8) throw bad(`${fileLength} bytes is shorter than the 8-byte header length`);
  const n = new DataView(first8.buffer, first8.byteOffset, 8).getBigUint64(0, true);
  if (n > BigInt(MAX_HEADER)) throw bad(`header length ${n} exceeds the 100 MB limit`);
  const headerLength = Number(n);
  if (8 + headerLength > fileLength) throw bad(`header length ${headerLength} runs past the end of the ${fileLength}-byte file (truncated?)`);
  return headerLength;
}

/**
 * The header's JSON checked against a data section of dataLength bytes (for readers that fetch tensors one
 * range at a time): metadata, and name → {dtype, shape, begin, end} relative to the data section.
 */
export function parseHeader(headerBytes, dataLength, file = 'model.safetensors') {
  const bad = (msg) => new Error(`${file}: ${msg}`);
  let header;
  try {
    const text = new TextDecoder('utf-8', { fatal: true }).decode(headerBytes);
    header = JSON.parse(text);
  } catch (e) {
    throw bad(`header is not valid UTF-8 JSON (${e.message})`);
  }
  if (header === null || typeof header !== 'object' || Array.isArray(header)) throw bad('header is not a JSON object');
  const spans = new Map();
  const order = [];
  let metadata = {};
  for (const name of Object.keys(header)) {
    const e = header[name];
    if (name === '__metadata__') {
      if (e === null || typeof e !== 'object' || Array.isArray(e)) throw bad('__metadata__ is not an object');
      metadata = e;
      continue;
    }
    const t = `tensor ${JSON.stringify(name)}`;
    if (e === null || typeof e !== 'object' || Array.isArray(e)) throw bad(`${t}: entry is not an object`);
    const size = Object.hasOwn(DTYPE_BYTES, e.dtype) ? DTYPE_BYTES[e.dtype] : 0;
    if (!size) throw bad(`${t}: unknown dtype ${JSON.stringify(e.dtype)}`);
    if (!Array.isArray(e.shape) || e.shape.length > 8 || !e.shape.every((d) => Number.isSafeInteger(d) && d >= 0))
      throw bad(`${t}: shape must be an array of at most 8 non-negative integers, found ${JSON.stringify(e.shape)?.slice(0, 80)}`);
    let count = 1n;
    for (const d of e.shape) count *= BigInt(d);
    const o = e.data_offsets;
    if (!Array.isArray(o) || o.length !== 2 || !o.every((x) => Number.isSafeInteger(x) && x >= 0))
      throw bad(`${t}: data_offsets must be [begin, end] non-negative integers`);
    const [begin, end] = o;
    if (begin > end || end > dataLength)
      throw bad(`${t}: data_offsets [${begin}, ${end}] out of the ${dataLength}-byte data section`);
    if (count * BigInt(size) !== BigInt(end - begin))
      throw bad(`${t}: shape [${e.shape}] of ${e.dtype} needs ${count * BigInt(size)} bytes, data_offsets give ${end - begin}`);
    order.push([begin, end, name]);
    spans.set(name, { dtype: e.dtype, shape: e.shape.slice(), begin, end });
  }
  order.sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  let pos = 0;
  for (const [begin, end, name] of order) {
    if (begin < pos) throw bad(`tensor ${JSON.stringify(name)} overlaps another tensor at byte ${begin}`);
    if (begin > pos) throw bad(`data section bytes [${pos}, ${begin}) belong to no tensor`);
    pos = end;
  }
  if (pos !== dataLength) throw bad(`data section bytes [${pos}, ${dataLength}) belong to no tensor`);
  return { metadata, spans };
}

/** Little-endian float32 values of a tensor, copied (the source may be unaligned). */
export function float32Values(tensor) {
  const out = new Float32Array(tensor.bytes.length / 4);
  const dv = new DataView(tensor.bytes.buffer, tensor.bytes.byteOffset, tensor.bytes.byteLength);
  for (let i = 0; i < out.length; i++) out[i] = dv.getFloat32(i * 4, true);
  return out;
}
