// Byte mutations in the style of libFuzzer's (bit flips, interesting values, erase/insert/duplicate ranges,
// splices with another corpus input, dictionary words, ASCII number edits), from a seeded PRNG so a run can be
// repeated with --seed.
const INTERESTING = [0, 1, 0x7f, 0x80, 0xff, 0x20, 0x22, 0x5c, 0x7b, 0x7d, 0x5b, 0x5d, 0x2c, 0x3a, 0x30, 0x2d];

export class Mutator {
  constructor(seed) { this.state = (seed >>> 0) || 1; }
  next() { // xorshift32
    let x = this.state;
    x ^= x << 13; x ^= x >>> 17; x ^= x << 5;
    this.state = x >>> 0;
    return this.state;
  }
  int(n) { return n <= 1 ? 0 : this.next() % n; }

  /** Words to splice in: JSON keys and string values and, for text, frequent byte runs of the seeds. */
  static dictionary(corpus) {
    const words = new Set();
    for (const c of corpus) {
      const s = Buffer.from(c.subarray(0, 1 << 16)).toString('latin1');
      for (const m of s.matchAll(/"([^"\\]{1,40})"/g)) words.add(m[1]);
      for (const m of s.matchAll(/[A-Za-z_#@]{2,12}/g)) words.add(m[0]);
    }
    for (const w of ['-1', '4294967296', '1e999', 'NaN', '1e-400', '9223372036854775808', '\\ud800', '\\u0000', 'null', '[[[[', '##']) words.add(w);
    return [...words].slice(0, 4000).map((w) => Buffer.from(w, 'latin1'));
  }

  mutate(base, other, dict, maxLen) {
    let b = Buffer.from(base);
    const rounds = 1 + this.int(4);
    for (let r = 0; r < rounds; r++) b = this.once(b, other, dict);
    return new Uint8Array(b.length > maxLen ? b.subarray(0, maxLen) : b);
  }

  once(b, other, dict) {
    const n = b.length;
    const at = this.int(n + 1);
    switch (this.int(10)) {
      case 0: if (n) b[this.int(n)] ^= 1 << this.int(8); return b;
      case 1: if (n) b[this.int(n)] = INTERESTING[this.int(INTERESTING.length)]; return b;
      case 2: if (n) b[this.int(n)] = this.int(256); return b;
      case 3: { const len = 1 + this.int(Math.min(64, n || 1)); return Buffer.concat([b.subarray(0, at), b.subarray(Math.min(n, at + len))]); }
      case 4: { const len = 1 + this.int(16); const ins = Buffer.alloc(len, this.int(256)); return Buffer.concat([b.subarray(0, at), ins, b.subarray(at)]); }
      case 5: { const from = this.int(n), len = 1 + this.int(Math.min(128, n || 1)); return Buffer.concat([b.subarray(0, at), b.subarray(from, from + len), b.subarray(at)]); }
      case 6: { // splice with another input
        const o = Buffer.from(other), from = this.int(o.length), len = this.int(Math.min(256, o.length + 1));
        return Buffer.concat([b.subarray(0, at), o.subarray(from, from + len), b.subarray(at)]);
      }
      case 7: case 8: { // dictionary word, inserted or overwriting
        const w = dict[this.int(dict.length)];
        if (!w) return b;
        if (this.int(2)) return Buffer.concat([b.subarray(0, at), w, b.subarray(at)]);
        const c = Buffer.from(b); w.copy(c, Math.min(at, Math.max(0, n - w.length))); return c;
      }
      default: { // ASCII integer: change a run of digits
        const s = b.toString('latin1');
        const digits = [...s.matchAll(/-?\d+/g)];
        if (!digits.length) return b;
        const m = digits[this.int(digits.length)];
        const v = [String(Number(m[0]) + 1), String(Number(m[0]) - 1), '0', '-1', String(2 ** 31), String(2 ** 32 + 1), String(Number(m[0]) * 1000)][this.int(7)];
        return Buffer.concat([b.subarray(0, m.index), Buffer.from(v, 'latin1'), b.subarray(m.index + m[0].length)]);
      }
    }
  }
}
