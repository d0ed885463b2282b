/**
 * One window's record (the window CSV's row) from what the window did, the
 * temperatures at its end, and the hardware state that was in force during it
 * (read before the window's end temperatures move DVFS and refresh on).
 */
import type { PhysicalWindow } from '@tasmoe/schemas';
import type { ExpertTaskTiming } from '@tasmoe/physicalizer';
import { windowEnergyJ, type CometWindowSnapshot, type HardwareSnapshot } from '@tasmoe/comet-adapter';
import type { WindowMetrics } from '@tasmoe/metrics';
import { variance, type LayerTemps } from './telemetry-view.js';

/** The hardware state a window ran under, as the record reports it. */
export interface HardwareInForce {
  freqMeanGhz: number;
  throttledFraction: number;
  bankBwTotalBytesPerNs: number;
  bankRefreshTotalPerS: number;
}

export function createHardwareInForce(): HardwareInForce {
  return { freqMeanGhz: 0, throttledFraction: 0, bankBwTotalBytesPerNs: 0, bankRefreshTotalPerS: 0 };
}

/** Reads the state in force into `out` (a core is throttled below its domain's nominal step). */
export function readHardwareInForce(
  hw: HardwareSnapshot,
  nominalGhz: Float64Array,
  out: HardwareInForce,
): HardwareInForce {
  let freq = 0;
  let throttled = 0;
  const freqs = hw.coreFreqGhz;
  for (let c = 0; c < freqs.length; c++) {
    const f = freqs[c] as number;
    freq += f;
    if (f < (nominalGhz[c] as number) - 1e-9) throttled++;
  }
  out.freqMeanGhz = freq / freqs.length;
  out.throttledFraction = throttled / freqs.length;
  out.bankBwTotalBytesPerNs = hw.bankBwTotalBytesPerNs;
  out.bankRefreshTotalPerS = hw.bankRefreshTotalPerS;
  return out;
}

export function windowRecord(
  w: number,
  pw: PhysicalWindow,
  snap: CometWindowSnapshot,
  hw: HardwareInForce,
  lt: LayerTemps,
  linkCapacityFlits: number,
  vaultBwTotalBytesPerNs = Number.POSITIVE_INFINITY,
  taskTiming: ExpertTaskTiming = { tasks: 0, computeNs: 0, weightReadNs: 0 },
): WindowMetrics {
  const windowNs = pw.tEndNs - pw.tStartNs;
  const power = snap.power;
  let lat = 0;
  let latMax = 0;
  // indexed, not for-of: the array is a frozen empty one in most windows, and for-of over the two
  // kinds kept deoptimising this function (V8 "wrong map", every other window)
  const lats = pw.stepLatenciesNs;
  for (let i = 0; i < lats.length; i++) {
    const ms = (lats[i] as number) / 1e6;
    lat += ms;
    latMax = Math.max(latMax, ms);
  }
  return {
    win: w,
    t_start_ms: pw.tStartNs / 1e6,
    t_end_ms: pw.tEndNs / 1e6,
    T_peak_logic: lt.peakLogicC,
    T_peak_dram: lt.peakDramC,
    T_mean_logic: lt.meanLogicC,
    T_mean_dram: lt.meanDramC,
    T_var_core: variance(snap.coreTempC),
    tokens: pw.completedTokens,
    steps_done: pw.stepLatenciesNs.length,
    lat_sum_ms: lat,
    lat_max_ms: latMax,
    // the power pass sums the same bytes in the same order when it reads the aggregates
    dram_bytes: Number.isNaN(power.bankBytesTotal)
      ? sumOfSums(pw.bankReadBytes, pw.bankWriteBytes)
      : power.bankBytesTotal,
    // the banks' (refresh-reduced) bandwidth, capped by the vaults' TSVs (dram.vault_bw_gbps x vaults)
    dram_capacity_bytes: Math.min(hw.bankBwTotalBytesPerNs, vaultBwTotalBytesPerNs) * windowNs,
    refresh_mhz: hw.bankRefreshTotalPerS / pw.bankReadBytes.length / 1e6,
    noc_flit_hops: sum(pw.linkFlits),
    noc_capacity_flit_hops: linkCapacityFlits,
    freq_mean_ghz: hw.freqMeanGhz,
    throttled_fraction: hw.throttledFraction,
    migrations: pw.migrationsApplied,
    reroutes: pw.reroutesApplied,
    weight_moves: pw.weightMovesApplied,
    replicas_created: pw.replicasCreated,
    replicas_retired: pw.replicasRetired,
    energy_j: windowEnergyJ(power),
    power_logic_w: power.coreTotalW,
    power_dram_w: power.bankTotalW,
    // counted by the power pass when it read the aggregates (the same sums, one pass fewer)
    banks_touched: power.banksTouched < 0 ? touched(pw.bankReadBytes, pw.bankWriteBytes) : power.banksTouched,
    expert_tasks: taskTiming.tasks,
    expert_compute_ms: taskTiming.computeNs / 1e6,
    expert_weight_read_ms: taskTiming.weightReadNs / 1e6,
  };
}

/** Banks that served any byte (a[i] + b[i] > 0). */
function touched(a: Float64Array, b: Float64Array): number {
  let n = 0;
  for (let i = 0; i < a.length; i++) if ((a[i] as number) + (b[i] as number) > 0) n++;
  return n;
}

/** Sum of a[i] + b[i]. */
function sumOfSums(a: Float64Array, b: Float64Array): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += (a[i] as number) + (b[i] as number);
  return s;
}

export function sum(a: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i] as number;
  return s;
}

export function max(a: ArrayLike<number>): number {
  let m = Number.NEGATIVE_INFINITY;
  for (let i = 0; i < a.length; i++) m = Math.max(m, a[i] as number);
  return m;
}
