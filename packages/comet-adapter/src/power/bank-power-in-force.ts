/**
 * The per-bank power of the closed loop's case (refresh rates in force given,
 * dynamic terms from the window's aggregates, no per-bank breakdown): the
 * same arithmetic as window-power.ts's general pass, so the same bits, in two
 * passes. The leakage exponential dominates (8,192 banks per window); banks of
 * one thermal cell have the very same temperature (a 32x32 bank die on the
 * 16x16 loop grid: 2x2 banks per cell), so the first pass walks the banks in
 * 2x2 groups and computes exp once per distinct temperature of a group
 * (~1.6x faster than the general pass's neighbour test per bank). The second
 * pass sums in bank order, as the general pass does, and also sums the
 * window's DRAM bytes (read + write) in that order.
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
  const leakW = out.bankLeakW;
  const finite =
    k.banksX % 2 === 0 && k.banksY % 2 === 0 && bankT.length % (k.banksX * k.banksY) === 0
      ? leakByCellPairs(bankT, leakW, k)
      : leakByRows(bankT, leakW, k);
  // a temperature that is not finite: the first one in bank order is named, as the general pass does
  if (!finite) for (let b = 0; b < bankT.length; b++) checkTemp('bank', b, bankT[b] as number);
  const { windowS, jPerByte, refreshJ } = k;
  const bankW = out.bankW;
  // most banks move no bytes in a window: their access term (0 x jPerByte) / windowS is exactly 0
  // (jPerByte finite, windowS > 0), so the division runs only for the banks that do
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
  return total;
}

/** Leakage of every bank, 2x2 groups (even banksX and banksY); false when a temperature is not finite. */
function leakByCellPairs(bankT: Float64Array, leakW: Float64Array, k: InForceConstants): boolean {
  const { leakRefW, leakRefC, beta, banksX: bx } = k;
  const perDie = bx * k.banksY;
  let finite = true;
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
    }
  }
  return finite;
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
