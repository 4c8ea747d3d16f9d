// UTF-16 -> UTF-8 into a caller's buffer, without TextEncoder: the tokenizers need the bytes of a slice of a
// string with no allocation, and a lone high surrogate at the slice end is encoded as itself (as Java does).

/** Writes the UTF-8 bytes of s[from, to) into b (capacity >= 3 * (to - from)); returns the byte count. */
export function encodeUtf8Into(s, from, to, b) {
  let n = 0;
  for (let i = from; i < to; i++) {
    let c = s.charCodeAt(i);
    if (c < 0x80) b[n++] = c;
    else if (c < 0x800) { b[n++] = 0xc0 | (c >> 6); b[n++] = 0x80 | (c & 63); }
    else if (c >= 0xd800 && c <= 0xdbff && i + 1 < to) {
      c = ((c - 0xd800) << 10) + (s.charCodeAt(++i) - 0xdc00) + 0x10000;
      b[n++] = 0xf0 | (c >> 18); b[n++] = 0x80 | ((c >> 12) & 63); b[n++] = 0x80 | ((c >> 6) & 63); b[n++] = 0x80 | (c & 63);
    } else { b[n++] = 0xe0 | (c >> 12); b[n++] = 0x80 | ((c >> 6) & 63); b[n++] = 0x80 | (c & 63); }
  }
  return n;
}
