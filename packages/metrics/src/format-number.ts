/**
 * A number as the CSVs write it: rounded to 6 significant digits, then the
 * shortest text of the double nearest that decimal, i.e.
 * `String(Number(x.toPrecision(6)))` for a non-integer. The loop writes ~12
 * such cells per window, so the common case (|x| in [1e-6, 1e15)) is computed
 * here without the string round trip, and gives the same text:
 * - m = |x| 10^(5-e) is one correctly rounded product or quotient of x and an
 *   exact power of ten (10^0..10^22 are doubles), so it is within 1.2e-10 of the
 *   exact decimal value for m < 1e6;
 * - whenever that value is more than 1e-6 away from a rounding tie (frac 0.5)
 *   and from the ends of [99999.5, 999999.5) that fix the exponent, rounding m
 *   gives the 6 digits toPrecision picks; anything closer takes the slow path;
 * - a decimal of at most 6 significant digits is the shortest text of its
 *   nearest double (doubles tell apart all decimals of up to 15 digits), so
 *   String() writes those digits without trailing zeros, in plain notation
 *   for a point position n with -6 < n <= 21 (ECMA-262 Number::toString).
 * Tested against the string round trip (format-number.test.ts).
 */
const POW10 = Array.from({ length: 23 }, (_, i) => 10 ** i);
const ZEROS = Array.from({ length: 23 }, (_, i) => '0'.repeat(i));
const MARGIN = 1e-6;

/** Round to 6 significant digits so CSVs are stable and readable. */
export function formatNumber(x: number): string {
  if (!Number.isFinite(x)) return String(x);
  if (Number.isInteger(x)) return String(x);
  return sixDigits(x) ?? String(Number(x.toPrecision(6)));
}

function scaled(a: number, e: number): number {
  const k = 5 - e;
  return k >= 0 ? a * (POW10[k] as number) : a / (POW10[-k] as number);
}

/** The text of a non-integer x, or undefined where only the string round trip is sure. */
function sixDigits(x: number): string | undefined {
  const a = x < 0 ? -x : x;
  if (!(a >= 1e-6 && a < 1e15)) return undefined;
  let e = Math.floor(Math.log10(a));
  let m = scaled(a, e);
  // log10 may be one off next to a power of ten
  if (m >= 999999.5 + MARGIN) m = scaled(a, ++e);
  else if (m < 99999.5 - MARGIN) m = scaled(a, --e);
  if (!(m >= 99999.5 + MARGIN && m < 999999.5 - MARGIN)) return undefined;
  const floor = Math.floor(m);
  const frac = m - floor;
  if (frac > 0.5 - MARGIN && frac < 0.5 + MARGIN) return undefined;
  let r = frac > 0.5 ? floor + 1 : floor;
  let digits = 6;
  while (r % 10 === 0) {
    r /= 10;
    digits--;
  }
  const s = String(r);
  // digits before the decimal point
  const n = e + 1;
  let out: string;
  if (n >= digits) out = s + (ZEROS[n - digits] as string);
  else if (n > 0) out = `${s.slice(0, n)}.${s.slice(n)}`;
  else if (n > -6) out = `0.${ZEROS[-n] as string}${s}`;
  else return undefined;
  return x < 0 ? `-${out}` : out;
}
