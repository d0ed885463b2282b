/**
 * The hardware state the physicalizer runs the next window at (SPEC section 3:
 * "... thermal step -> DVFS + refresh state"): per-core frequency from the DVFS
 * governor and per-bank effective bandwidth from the refresh model, both
 * decided from the temperatures at the end of the last window.
 *
 * Refresh temperature: by default each bank refreshes at the rate its own
 * temperature calls for (the seed's `multiplier(T_dram)`, and `refresh_mhz`
 * is a mean per bank). With `refreshTemperature: 'die'` every bank of a DRAM
 * die follows the die's hottest bank, as a real die does with its one
 * temperature sensor (JEDEC MR4 / TCR); that refreshes more.
 */
import type { HardwareState, ResolvedArchConfig, Topology } from '@tasmoe/schemas';
import type { BlockTemperaturesC } from '../power/block-temperatures.js';
import { PowerModelError } from '../power/errors.js';
import {
  createDvfsModel,
  createDvfsState,
  nextDvfsState,
  type DvfsModel,
  type DvfsState,
} from '../dvfs/dvfs-governor.js';
import {
  compileRefreshCurve,
  compiledRefreshBand,
  compiledRefreshMultiplier,
  type CompiledRefreshCurve,
} from '../refresh/compiled-refresh-curve.js';
import { effectiveBandwidth } from '../refresh/effective-bandwidth.js';
import type { RefreshConfig } from '../refresh/refresh-rate.js';

export type RefreshTemperature = 'bank' | 'die';

/** bankBand value of a bank whose band is not known (first update, 'die' mode). */
export const NO_BAND = 255;

export interface HardwareModel {
  readonly coreCount: number;
  readonly bankCount: number;
  readonly banksPerDie: number;
  readonly dvfs: DvfsModel;
  readonly refresh: RefreshConfig;
  readonly refreshCurve: CompiledRefreshCurve;
  readonly refreshTemperature: RefreshTemperature;
  /** Raw (refresh-free) bandwidth of each bank, bytes/ns (= GB/s). */
  readonly rawBankBwBytesPerNs: Float64Array;
}

/** HardwareState plus what produced it (DVFS state, refresh rates), for metrics and the next update. */
export interface HardwareSnapshot extends HardwareState {
  readonly dvfs: DvfsState;
  /** Same array as dvfs.coreFreqGhz. */
  readonly coreFreqGhz: Float64Array;
  readonly bankBwBytesPerNs: Float64Array;
  readonly bankRefreshMultiplier: Float64Array;
  /** Refresh commands per second of each bank (feed to computePowerFromEvents' bankRefreshPerS). */
  readonly bankRefreshPerS: Float64Array;
  /**
   * Refresh-curve point whose multiplier each bank has ('bank' mode; NO_BAND when unknown), so
   * an in-place update only looks up banks whose temperature left that band (most windows: few).
   */
  readonly bankBand: Uint8Array;
  /**
   * The temperature range [lo, hi) of each bank's band (NaN for NO_BAND: never inside), so the
   * per-window scan compares each bank with two values of its own instead of looking its band up.
   */
  readonly bankBandLoC: Float64Array;
  readonly bankBandHiC: Float64Array;
  /**
   * Sums over all banks of bankBwBytesPerNs and bankRefreshPerS. An in-place update adjusts them
   * by the changed banks' differences (rounding may drift by ~1e-13 relative over a long run).
   */
  bankBwTotalBytesPerNs: number;
  bankRefreshTotalPerS: number;
}

export interface HardwareModelOptions {
  /** Raw bandwidth of a bank, bytes/ns (= GB/s; tas params `taps.capacity.bank_bw_gbps`), one value or one per bank. */
  readonly rawBankBwBytesPerNs: number | Float64Array;
  readonly refreshTemperature?: RefreshTemperature;
}

export function createHardwareModel(
  arch: Pick<ResolvedArchConfig, 'dvfs' | 'refresh'>,
  topology: Topology,
  opts: HardwareModelOptions,
): HardwareModel {
  const nb = topology.bankCount;
  const refreshCurve = compileRefreshCurve(arch.refresh.tref_curve);
  if (!(arch.refresh.tref_base_us > 0))
    throw new PowerModelError('REFRESH_INPUT', `tref_base_us ${arch.refresh.tref_base_us}; expected > 0`);
  if (!(arch.refresh.trfc_ns >= 0))
    throw new PowerModelError('REFRESH_INPUT', `trfc_ns ${arch.refresh.trfc_ns}; expected >= 0`);
  const raw =
    typeof opts.rawBankBwBytesPerNs === 'number'
      ? new Float64Array(nb).fill(opts.rawBankBwBytesPerNs)
      : Float64Array.from(opts.rawBankBwBytesPerNs);
  if (raw.length !== nb)
    throw new PowerModelError('REFRESH_INPUT', `got ${raw.length} raw bank bandwidths, expected ${nb}`);
  for (let b = 0; b < nb; b++) {
    if (!((raw[b] as number) >= 0) || !Number.isFinite(raw[b] as number))
      throw new PowerModelError('REFRESH_INPUT', `bank ${b} raw bandwidth ${raw[b]}; expected a finite value >= 0`);
  }
  return {
    coreCount: topology.coreCount,
    bankCount: nb,
    banksPerDie: topology.banksX * topology.banksY,
    dvfs: createDvfsModel(arch.dvfs.domains, topology.coreCount),
    refresh: arch.refresh,
    refreshCurve,
    refreshTemperature: opts.refreshTemperature ?? 'bank',
    rawBankBwBytesPerNs: raw,
  };
}

/** Nominal frequencies, and refresh at the curve's first (coolest) multiplier. */
export function createHardwareSnapshot(model: HardwareModel): HardwareSnapshot {
  const dvfs = createDvfsState(model.dvfs);
  const nb = model.bankCount;
  const first = model.refreshCurve.multiplier[0] as number;
  const rate = first / (model.refresh.tref_base_us * 1e-6);
  const bw = new Float64Array(nb);
  for (let b = 0; b < nb; b++)
    bw[b] = effectiveBandwidth(model.rawBankBwBytesPerNs[b] as number, rate, model.refresh.trfc_ns);
  return {
    dvfs,
    coreFreqGhz: dvfs.coreFreqGhz,
    bankBwBytesPerNs: bw,
    bankRefreshMultiplier: new Float64Array(nb).fill(first),
    bankRefreshPerS: new Float64Array(nb).fill(rate),
    bankBand: new Uint8Array(nb).fill(NO_BAND),
    bankBandLoC: new Float64Array(nb).fill(Number.NaN),
    bankBandHiC: new Float64Array(nb).fill(Number.NaN),
    bankBwTotalBytesPerNs: sumOf(bw),
    bankRefreshTotalPerS: rate * nb,
  };
}

/**
 * The next window's hardware state from the last window's temperatures. Writes
 * into `into` (may be `prev` itself; default a new snapshot) and returns it.
 */
export function nextHardwareState(
  model: HardwareModel,
  prev: HardwareSnapshot,
  tempsC: BlockTemperaturesC,
  into: HardwareSnapshot = createHardwareSnapshot(model),
): HardwareSnapshot {
  const nb = model.bankCount;
  if (tempsC.bankC.length !== nb)
    throw new PowerModelError('REFRESH_INPUT', `got ${tempsC.bankC.length} bank temperatures, expected ${nb}`);
  nextDvfsState(prev.dvfs, tempsC.coreC, into.dvfs);
  const r = model.refresh;
  const baseS = r.tref_base_us * 1e-6;
  const inPlace = into === prev;
  if (model.refreshTemperature === 'bank') {
    const t = tempsC.bankC;
    // each bank's band [lo, hi) of its curve point, open at both ends; NaN fails both tests
    const lo = into.bankBandLoC,
      hi = into.bankBandHiC;
    for (
      let b = inPlace ? firstOutOfBand(t, lo, hi, 0) : 0;
      b < nb;
      b = inPlace ? firstOutOfBand(t, lo, hi, b + 1) : b + 1
    )
      rebandBank(model, into, t[b] as number, b, baseS, inPlace);
    if (!inPlace) updateTotals(into);
    return into;
  }
  const perDie = model.banksPerDie;
  for (let die = 0; die * perDie < nb; die++) {
    const lo = die * perDie;
    const hi = Math.min(nb, lo + perDie);
    let dieMax = Number.NEGATIVE_INFINITY;
    for (let b = lo; b < hi; b++) {
      const t = tempsC.bankC[b] as number;
      if (!Number.isFinite(t))
        throw new PowerModelError('REFRESH_INPUT', `bank ${b} has temperature ${t}; expected a finite value in C`);
      if (t > dieMax) dieMax = t;
    }
    const dieMult = compiledRefreshMultiplier(dieMax, model.refreshCurve);
    for (let b = lo; b < hi; b++) {
      setBank(model, into, b, dieMult, baseS, inPlace);
      // a die's multiplier depends on all its banks: no per-bank band
      into.bankBand[b] = NO_BAND;
      into.bankBandLoC[b] = Number.NaN;
      into.bankBandHiC[b] = Number.NaN;
    }
  }
  if (!inPlace) updateTotals(into);
  return into;
}

/**
 * nextHardwareState's in-place update ('bank' refresh temperature) when the banks whose
 * temperature left their band are already known: `outOfBand[0..count)`, ascending, as the
 * scan of the in-place update finds them (hardware/temperatures-in.ts finds them while it
 * converts the temperatures). The same steps in the same order, so the same state and errors.
 */
export function nextHardwareStateOutOfBand(
  model: HardwareModel,
  state: HardwareSnapshot,
  tempsC: BlockTemperaturesC,
  outOfBand: Int32Array,
  count: number,
): HardwareSnapshot {
  if (model.refreshTemperature !== 'bank')
    throw new PowerModelError('REFRESH_INPUT', "a precomputed band scan needs refreshTemperature 'bank'");
  if (tempsC.bankC.length !== model.bankCount)
    throw new PowerModelError(
      'REFRESH_INPUT',
      `got ${tempsC.bankC.length} bank temperatures, expected ${model.bankCount}`,
    );
  nextDvfsState(state.dvfs, tempsC.coreC, state.dvfs);
  const baseS = model.refresh.tref_base_us * 1e-6;
  const t = tempsC.bankC;
  for (let i = 0; i < count; i++) {
    const b = outOfBand[i] as number;
    rebandBank(model, state, t[b] as number, b, baseS, true);
  }
  return state;
}

/** Bank b at temperature tb: its band, band limits and refresh (throws on a temperature that is not finite). */
function rebandBank(
  model: HardwareModel,
  into: HardwareSnapshot,
  tb: number,
  b: number,
  baseS: number,
  inPlace: boolean,
): void {
  if (!Number.isFinite(tb))
    throw new PowerModelError('REFRESH_INPUT', `bank ${b} has temperature ${tb}; expected a finite value in C`);
  const c = model.refreshCurve;
  const nk = compiledRefreshBand(tb, c);
  into.bankBand[b] = nk;
  into.bankBandLoC[b] = c.bandLoC[nk] as number;
  into.bankBandHiC[b] = c.bandHiC[nk] as number;
  setBank(model, into, b, c.multiplier[nk] as number, baseS, inPlace);
}

/**
 * The first bank from `from` whose temperature left its band (t.length if none): the scan every
 * in-place update makes over all banks, a small loop of its own (~2x faster than with the update
 * of a changed bank in the same loop body; per-bank limits: ~1.6x faster than the band lookup).
 */
function firstOutOfBand(t: Float64Array, lo: Float64Array, hi: Float64Array, from: number): number {
  for (let b = from; b < t.length; b++) {
    const tb = t[b] as number;
    if (!(tb >= (lo[b] as number) && tb < (hi[b] as number))) return b;
  }
  return t.length;
}

/** Updated in place (the loop's case), a bank whose multiplier did not change keeps its rate and bandwidth. */
/** Sets one bank's refresh; in place, also moves the totals by its change (a full recompute costs a pass over 8,192 banks). */
function setBank(
  model: HardwareModel,
  into: HardwareSnapshot,
  b: number,
  m: number,
  baseS: number,
  inPlace: boolean,
): void {
  if (inPlace && into.bankRefreshMultiplier[b] === m) return;
  const rate = m / baseS;
  const bw = effectiveBandwidth(model.rawBankBwBytesPerNs[b] as number, rate, model.refresh.trfc_ns);
  if (inPlace) {
    into.bankRefreshTotalPerS += rate - (into.bankRefreshPerS[b] as number);
    into.bankBwTotalBytesPerNs += bw - (into.bankBwBytesPerNs[b] as number);
  }
  into.bankRefreshMultiplier[b] = m;
  into.bankRefreshPerS[b] = rate;
  into.bankBwBytesPerNs[b] = bw;
}

function updateTotals(s: HardwareSnapshot): void {
  s.bankBwTotalBytesPerNs = sumOf(s.bankBwBytesPerNs);
  s.bankRefreshTotalPerS = sumOf(s.bankRefreshPerS);
}

function sumOf(a: Float64Array): number {
  let t = 0;
  for (let i = 0; i < a.length; i++) t += a[i] as number;
  return t;
}

/** The state for the first window: the governor applied once from nominal to the starting temperatures. */
export function initialHardwareState(model: HardwareModel, tempsC: BlockTemperaturesC): HardwareSnapshot {
  const s = createHardwareSnapshot(model);
  return nextHardwareState(model, s, tempsC, s);
}
