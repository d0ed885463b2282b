/**
 * The per-bank power of the closed loop's case (refresh rates in force given,
 * dynamic terms from the window's aggregates, no per-bank breakdown): the
 * same arithmetic as window-power.ts's general pass, so the same bits. The
 * leakage exponential dominates (8,192 banks per window); banks of one thermal
 * cell have the very same temperature (a 32x32 bank die on the 16x16 loop grid:
 * 2x2 banks per cell), so the banks are walked two rows at a time: the leakage
 * in 2x2 groups, exp once per distinct temperature of a group (~1.6x faster
 * than the general pass's neighbour test per bank), then the two rows' sums in
 * bank order, as the general pass sums, with the window's DRAM bytes (read +
 * write) and touched banks in that order (~10 % faster than two passes over all
 * banks: the rows are still in cache).
 */
import type { WindowPower } from './window-power.js';

export interface InForceConstants {
  readonly windowS: number;
  readonly jPerByte: number;
  readonly refreshJ: number;
  readonly leakRefW: number;
  readonly leakRefC: number;
  readonly beta: number;
  readonly banksX: number;
  readonly banksY: number;
}

/** Returns the banks' total power, W; writes bankW, bankLeakW, bankBytesTotal and banksTouched of `out`. */
export function bankPowersInForce(
  bankT: Float64Array,
  read: Float64Array,
  write: Float64Array,
  rates: Float64Array,
  out: WindowPower,
  checkTemp: (kind: string, i: number, t: number) => void,
  k: InForceConstants,
): number {
  const pairs = k.banksX % 2 === 0 && k.banksY % 2 === 0 && bankT.length % (k.banksX * k.banksY) === 0;
  const total = pairs ? byRowPairs(bankT, read, write, rates, out, k) : byRows(bankT, read, write, rates, out, k);
  // NaN: a temperature that is not finite (or a NaN sum); the first such temperature in bank order
  // is named, as the general pass does
  if (Number.isNaN(total)) for (let b = 0; b < bankT.length; b++) checkTemp('bank', b, bankT[b] as number);
  return total;
}

/**
 * Leakage in 2x2 groups (even banksX and banksY), then the sums of those two bank rows in bank
 * order while they are still in cache; NaN when a temperature is not finite.
 */
function byRowPairs(
  bankT: Float64Array,
  read: Float64Array,
  write: Float64Array,
  rates: Float64Array,
  out: WindowPower,
  k: InForceConstants,
): number {
  const { leakRefW, leakRefC, beta, banksX: bx, windowS, jPerByte, refreshJ } = k;
  const leakW = out.bankLeakW;
  const bankW = out.bankW;
  const perDie = bx * k.banksY;
  // most banks move no bytes in a window: their access term (0 x jPerByte) / windowS is exactly 0
  // (jPerByte finite, windowS > 0), so the division runs only for the banks that do
  const skipIdle = Number.isFinite(jPerByte) && windowS > 0;
  let finite = true;
  let total = 0;
  let bytes = 0;
  let touched = 0;
  for (let die = 0; die < bankT.length; die += perDie) {
    for (let row = die; row < die + perDie; row += 2 * bx) {
      for (let b = row; b < row + bx; b += 2) {
        const t = bankT[b] as number;
        const l = leakRefW * Math.exp(beta * (t - leakRefC));
        leakW[b] = l;
        const t1 = bankT[b + 1] as number;
        const t2 = bankT[b + bx] as number;
        const t3 = bankT[b + bx + 1] as number;
        leakW[b + 1] = t1 === t ? l : leakRefW * Math.exp(beta * (t1 - leakRefC));
        leakW[b + bx] = t2 === t ? l : leakRefW * Math.exp(beta * (t2 - leakRefC));
        leakW[b + bx + 1] = t3 === t ? l : leakRefW * Math.exp(beta * (t3 - leakRefC));
        // x - x is 0 for a finite x, NaN for NaN and +-Infinity
        if (!(t - t + (t1 - t1) + (t2 - t2) + (t3 - t3) === 0)) finite = false;
      }
      for (let b = row, end = row + 2 * bx; b < end; b++) {
        const rw = (read[b] as number) + (write[b] as number);
        bytes += rw;
        if (rw > 0) touched++;
        const access = skipIdle && rw === 0 ? 0 : (rw * jPerByte) / windowS;
        const w = access + (rates[b] as number) * refreshJ + (leakW[b] as number);
        bankW[b] = w;
        total += w;
      }
    }
  }
  out.bankBytesTotal = bytes;
  out.banksTouched = touched;
  return finite ? total : Number.NaN;
}

/** Leakage row by row (any grid), then the sums in bank order; NaN when a temperature is not finite. */
function byRows(
  bankT: Float64Array,
  read: Float64Array,
  write: Float64Array,
  rates: Float64Array,
  out: WindowPower,
  k: InForceConstants,
): number {
  const finite = leakByRows(bankT, out.bankLeakW, k);
  const { windowS, jPerByte, refreshJ } = k;
  const leakW = out.bankLeakW;
  const bankW = out.bankW;
  const skipIdle = Number.isFinite(jPerByte) && windowS > 0;
  let total = 0;
  let bytes = 0;
  let touched = 0;
  for (let b = 0; b < bankW.length; b++) {
    const rw = (read[b] as number) + (write[b] as number);
    bytes += rw;
    if (rw > 0) touched++;
    const access = skipIdle && rw === 0 ? 0 : (rw * jPerByte) / windowS;
    const w = access + (rates[b] as number) * refreshJ + (leakW[b] as number);
    bankW[b] = w;
    total += w;
  }
  out.bankBytesTotal = bytes;
  out.banksTouched = touched;
  return finite ? total : Number.NaN;
}

/** Leakage of every bank, reusing the left or the upper neighbour's when equal; false when a temperature is not finite. */
function leakByRows(bankT: Float64Array, leakW: Float64Array, k: InForceConstants): boolean {
  const { leakRefW, leakRefC, beta, banksX: bx } = k;
  const perDie = bx * k.banksY;
  let finite = true;
  for (let b = 0, x = 0, rowStart = 0, dieStart = 0; b < bankT.length; b++, x++) {
    if (x === bx) {
      x = 0;
      rowStart = b;
      if (b - dieStart === perDie) dieStart = b;
    }
    const t = bankT[b] as number;
    if (!(t - t === 0)) finite = false;
    if (x > 0 && t === bankT[b - 1]) leakW[b] = leakW[b - 1] as number;
    else if (rowStart > dieStart && t === bankT[b - bx]) leakW[b] = leakW[b - bx] as number;
    else leakW[b] = leakRefW * Math.exp(beta * (t - leakRefC));
  }
  return finite;
}
