/** Small shared helpers for the line-oriented HotSpot text formats (pure). */
import { ThermalFormatError } from '../errors.js';

/** Splits text into lines (LF or CRLF), keeping 1-based line numbers. */
export function splitLines(text: string): string[] {
  return text.split(/\r?\n/);
}

/** True for blank lines and `#` comment lines. */
export function isSkippable(line: string): boolean {
  const t = line.trim();
  return t.length === 0 || t.startsWith('#');
}

/** Whitespace (space/tab) separated tokens of a line. */
export function tokens(line: string): string[] {
  const t = line.trim();
  return t.length === 0 ? [] : t.split(/[ \t]+/);
}

const NUMBER_RE = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;

/** True when `s` is a plain decimal/scientific number (what C's strtod accepts here). */
export function isNumberToken(s: string): boolean {
  return NUMBER_RE.test(s);
}

/** Parses a number token or throws a THERMAL_FORMAT error naming `what`. */
export function parseNumber(s: string | undefined, what: string, line?: number): number {
  if (s === undefined || !isNumberToken(s)) {
    throw new ThermalFormatError(
      `expected a number for ${what}, got ${s === undefined ? 'nothing' : JSON.stringify(s)}`,
      line !== undefined ? { line } : {},
    );
  }
  return Number(s);
}

/** Kelvin with two decimals, as HotSpot prints temperatures (`%.2f`). */
export function formatKelvin(v: number): string {
  // fast path (~5x toFixed): positive values below 1e13 whose hundredths are not within
  // 1e-6 of a rounding tie round the same way as toFixed's exact decimal expansion
  const x = v * 100;
  if (x >= 100 && x < 1e15) {
    const n = Math.floor(x),
      f = x - n;
    if (Math.abs(f - 0.5) > 1e-6) {
      const s = String(f > 0.5 ? n + 1 : n);
      return `${s.slice(0, -2)}.${s.slice(-2)}`;
    }
  }
  return v.toFixed(2);
}

/**
 * Writes a length (metres) compactly but exactly: 8 fixed decimals when that is
 * exact (HotSpot's own style), otherwise the shortest round-trip representation.
 */
export function formatLength(v: number): string {
  const f = v.toFixed(8);
  return Number(f) === v ? f : String(v);
}
