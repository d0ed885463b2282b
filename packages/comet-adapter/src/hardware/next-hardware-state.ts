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
import { createDvfsModel, createDvfsState, nextDvfsState, type DvfsModel, type DvfsState } from '../dvfs/dvfs-governor.js';
import { compileRefreshCurve, compiledRefreshBand, compiledRefreshMultiplier, type CompiledRefreshCurve } from '../refresh/compiled-refresh-curve.js';
import { effectiveBandwidth } from '../refresh/effective-bandwidth.js';
import type { RefreshConfig } from '../refresh/refresh-rate.js';

export type RefreshTemperature = 'bank' | 'die';

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
   * Temperature band [lo, hi) C in which each bank's multiplier stays what it is ('bank' mode),
   * so an in-place update only looks up banks that left their band (most windows: none).
   */
  readonly bankBandLoC: Float64Array;
  readonly bankBandHiC: Float64Array;
  /** Sums over all banks of bankBwBytesPerNs and bankRefreshPerS (kept current by nextHardwareState). */
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
  if (!(arch.refresh.tref_base_us > 0)) throw new PowerModelError('REFRESH_INPUT', `tref_base_us ${arch.refresh.tref_base_us}; expected > 0`);
  if (!(arch.refresh.trfc_ns >= 0)) throw new PowerModelError('REFRESH_INPUT', `trfc_ns ${arch.refresh.trfc_ns}; expected >= 0`);
  const raw = typeof opts.rawBankBwBytesPerNs === 'number' ? new Float64Array(nb).fill(opts.rawBankBwBytesPerNs) : Float64Array.from(opts.rawBankBwBytesPerNs);
  if (raw.length !== nb) throw new PowerModelError('REFRESH_INPUT', `got ${raw.length} raw bank bandwidths, expected ${nb}`);
  for (let b = 0; b < nb; b++) {
    if (!((raw[b] as number) >= 0) || !Number.isFinite(raw[b] as number)) throw new PowerModelError('REFRESH_INPUT', `bank ${b} raw bandwidth ${raw[b]}; expected a finite value >= 0`);
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
  for (let b = 0; b < nb; b++) bw[b] = effectiveBandwidth(model.rawBankBwBytesPerNs[b] as number, rate, model.refresh.trfc_ns);
  return {
    dvfs,
    coreFreqGhz: dvfs.coreFreqGhz,
    bankBwBytesPerNs: bw,
    bankRefreshMultiplier: new Float64Array(nb).fill(first),
    bankRefreshPerS: new Float64Array(nb).fill(rate),
    // empty bands: the first update looks every bank up
    bankBandLoC: new Float64Array(nb).fill(Number.POSITIVE_INFINITY),
    bankBandHiC: new Float64Array(nb).fill(Number.NEGATIVE_INFINITY),
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
  if (tempsC.bankC.length !== nb) throw new PowerModelError('REFRESH_INPUT', `got ${tempsC.bankC.length} bank temperatures, expected ${nb}`);
  nextDvfsState(prev.dvfs, tempsC.coreC, into.dvfs);
  const r = model.refresh;
  const baseS = r.tref_base_us * 1e-6;
  const inPlace = into === prev;
  if (model.refreshTemperature === 'bank') {
    const t = tempsC.bankC, lo = into.bankBandLoC, hi = into.bankBandHiC;
    let changed = !inPlace;
    for (let b = 0; b < nb; b++) {
      const tb = t[b] as number;
      // NaN and +-Infinity always fail this test (bands are finite or end at +-MAX_VALUE)
      if (inPlace && tb >= (lo[b] as number) && tb < (hi[b] as number)) continue;
      if (!Number.isFinite(tb)) throw new PowerModelError('REFRESH_INPUT', `bank ${b} has temperature ${tb}; expected a finite value in C`);
      const band = compiledRefreshBand(tb, model.refreshCurve);
      if (setBank(model, into, b, model.refreshCurve.multiplier[band] as number, baseS, inPlace)) changed = true;
      lo[b] = band === 0 ? -Number.MAX_VALUE : (model.refreshCurve.tempC[band] as number);
      hi[b] = band + 1 < model.refreshCurve.tempC.length ? (model.refreshCurve.tempC[band + 1] as number) : Number.MAX_VALUE;
    }
    if (changed) updateTotals(into);
    return into;
  }
  const perDie = model.banksPerDie;
  for (let die = 0; die * perDie < nb; die++) {
    const lo = die * perDie;
    const hi = Math.min(nb, lo + perDie);
    let dieMax = Number.NEGATIVE_INFINITY;
    for (let b = lo; b < hi; b++) {
      const t = tempsC.bankC[b] as number;
      if (!Number.isFinite(t)) throw new PowerModelError('REFRESH_INPUT', `bank ${b} has temperature ${t}; expected a finite value in C`);
      if (t > dieMax) dieMax = t;
    }
    const dieMult = compiledRefreshMultiplier(dieMax, model.refreshCurve);
    for (let b = lo; b < hi; b++) {
      setBank(model, into, b, dieMult, baseS, inPlace);
      // a die's multiplier depends on all its banks: no per-bank band
      into.bankBandLoC[b] = Number.POSITIVE_INFINITY;
      into.bankBandHiC[b] = Number.NEGATIVE_INFINITY;
    }
  }
  updateTotals(into);
  return into;
}

/** Updated in place (the loop's case), a bank whose multiplier did not change keeps its rate and bandwidth. */
function setBank(model: HardwareModel, into: HardwareSnapshot, b: number, m: number, baseS: number, inPlace: boolean): boolean {
  if (inPlace && into.bankRefreshMultiplier[b] === m) return false;
  const rate = m / baseS;
  into.bankRefreshMultiplier[b] = m;
  into.bankRefreshPerS[b] = rate;
  into.bankBwBytesPerNs[b] = effectiveBandwidth(model.rawBankBwBytesPerNs[b] as number, rate, model.refresh.trfc_ns);
  return true;
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
