/**
 * Temperature rows of a `-o` trace written straight into bytes: the same text as
 * formatTemperatureRow (formatKelvin per value, tab separated, newline), without a string
 * per value. A 200-row transient of the reference stack writes 1.65 million values; as
 * strings they cost about as much as the solver's steps and most of the run's garbage.
 */
import { formatKelvin } from './text.js';

const TAB = 9,
  NL = 10,
  DOT = 46,
  ZERO = 48;
/** ASCII of 00..99: two digits per division. */
const PAIRS = Uint8Array.from({ length: 200 }, (_, i) => ZERO + (i & 1 ? (i >> 1) % 10 : Math.floor((i >> 1) / 10)));

export class KelvinRows {
  private buf = new Uint8Array(1 << 16);
  private len = 0;
  private readonly digits = new Uint8Array(24);

  /** Appends one row (kelvin, two decimals, tab separated, with newline). */
  push(values: ArrayLike<number>): void {
    // a value takes at most 24 bytes on the fast path (16 digits, dot, tab); the rare slow path grows again
    this.reserve(24 * values.length + 1);
    for (let i = 0; i < values.length; i++) {
      if (i > 0) this.buf[this.len++] = TAB;
      this.value(values[i] ?? Number.NaN);
    }
    this.buf[this.len++] = NL;
  }

  /** The rows written so far (a view, valid until the next push). */
  bytes(): Uint8Array {
    return this.buf.subarray(0, this.len);
  }

  private value(v: number): void {
    // formatKelvin's fast path, digit by digit
    const x = v * 100;
    if (x >= 100 && x < 1e15) {
      const n = Math.floor(x),
        f = x - n;
      if (Math.abs(f - 0.5) > 1e-6) {
        const k = f > 0.5 ? n + 1 : n;
        // hundredths after the dot, then the integer part (>= 1) right to left in the scratch
        let ip = Math.floor(k / 100),
          d = 0;
        const frac = k - 100 * ip,
          dg = this.digits;
        while (ip >= 100) {
          const q = Math.floor(ip / 100),
            r = 2 * (ip - 100 * q);
          dg[d++] = PAIRS[r + 1] as number;
          dg[d++] = PAIRS[r] as number;
          ip = q;
        }
        if (ip >= 10) {
          dg[d++] = PAIRS[2 * ip + 1] as number;
          dg[d++] = PAIRS[2 * ip] as number;
        } else dg[d++] = ZERO + ip;
        const b = this.buf;
        let o = this.len;
        while (d > 0) b[o++] = dg[--d] as number;
        b[o++] = DOT;
        b[o++] = PAIRS[2 * frac] as number;
        b[o++] = PAIRS[2 * frac + 1] as number;
        this.len = o;
        return;
      }
    }
    const s = formatKelvin(v);
    this.reserve(s.length);
    for (let c = 0; c < s.length; c++) this.buf[this.len++] = s.charCodeAt(c);
  }

  private reserve(extra: number): void {
    if (this.len + extra <= this.buf.length) return;
    const next = new Uint8Array(Math.max(2 * this.buf.length, this.len + extra));
    next.set(this.buf.subarray(0, this.len));
    this.buf = next;
  }
}
