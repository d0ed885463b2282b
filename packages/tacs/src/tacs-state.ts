/**
 * What TACS carries from one window to the next: EMA-smoothed temperatures, how
 * long each core has been hot, and which experts it gave replicas (so it can find
 * them again to retire them). Immutable: every step returns a new state.
 */
import type { Telemetry } from '@tasmoe/schemas';
import type { BankTwinGroups } from './bank-twins.js';
import { TacsError } from './errors.js';
import { indexRange } from './index-range.js';

export interface TacsState {
  /** Windows folded into the EMA so far. */
  readonly windows: number;
  readonly lastTsNs: number;
  /** EMA of temps_core, C. */
  readonly emaCore: Float64Array;
  /** EMA of temps_bank, C (empty when telemetry carries no bank temperatures). */
  readonly emaBank: Float64Array;
  /**
   * Present when only the group heads of `emaBank` are current (the step had bank twins):
   * fillTwins(emaBank, bankTwins) makes every entry current.
   */
  readonly bankTwins?: BankTwinGroups;
  /** Consecutive windows each core has been hot (EMA above Thot, or at/above Temg). */
  readonly hotStreak: Int32Array;
  /** Experts TACS created replicas for, ascending; checked against the replica state every window. */
  readonly replicaExperts: Int32Array;
}

/** ema = alpha * newest + (1 - alpha) * previous; the first telemetry initialises it. */
export function smoothTemperatures(
  previous: Float64Array | undefined,
  raw: readonly number[] | Float64Array,
  alpha: number,
  what: string,
  /** Write here instead of a new array (may be `previous` itself: the update is element-wise). */
  into?: Float64Array,
  /** Filled with the largest smoothed and raw value (saves the callers another pass). */
  peaks?: TemperaturePeaks,
): Float64Array {
  checkCarried(previous, raw.length, what);
  const out = into !== undefined && into.length === raw.length ? into : new Float64Array(raw.length);
  const p = emaHeads(previous, raw instanceof Float64Array ? raw : asFloat64(raw), alpha, out, indexRange(raw.length));
  if (peaks !== undefined) {
    peaks.smoothed = p.smoothed;
    peaks.raw = p.raw;
  }
  return out;
}

/**
 * smoothTemperatures over the heads of `groups` only (the other entries of the result are not
 * written): their twins' raw values are equal, so are their EMAs and the peaks.
 */
export function smoothBankHeads(
  previous: Float64Array | undefined,
  raw: readonly number[] | Float64Array,
  alpha: number,
  groups: BankTwinGroups,
  into: Float64Array | undefined,
  peaks: TemperaturePeaks,
): Float64Array {
  if (raw.length !== groups.bankCount)
    throw new TacsError('TACS_INPUT_SHAPE', `bank twins cover ${groups.bankCount} banks, telemetry has ${raw.length}`);
  checkCarried(previous, raw.length, 'bank temperatures');
  const out = into !== undefined && into.length === raw.length ? into : new Float64Array(raw.length);
  const p = emaHeads(previous, raw instanceof Float64Array ? raw : asFloat64(raw), alpha, out, groups.heads);
  peaks.smoothed = p.smoothed;
  peaks.raw = p.raw;
  return out;
}

function checkCarried(previous: Float64Array | undefined, length: number, what: string): void {
  if (previous !== undefined && previous.length !== length) {
    throw new TacsError(
      'TACS_INPUT_SHAPE',
      `${what}: carried state has ${previous.length} entries, telemetry has ${length}`,
    );
  }
}

/**
 * out[i] = alpha raw[i] + (1 - alpha) previous[i] (or raw[i]) for i in `heads`, with the peaks;
 * one pass over typed arrays only (V8 keeps it monomorphic). The first window and the others are
 * separate loops, so the loop tests nothing per element but the peaks.
 */
function emaHeads(
  previous: Float64Array | undefined,
  raw: Float64Array,
  alpha: number,
  out: Float64Array,
  heads: Int32Array,
): TemperaturePeaks {
  let maxS = Number.NEGATIVE_INFINITY;
  let maxR = Number.NEGATIVE_INFINITY;
  const n = heads.length;
  if (previous === undefined) {
    for (let k = 0; k < n; k++) {
      const i = heads[k] as number;
      const r = raw[i] as number;
      out[i] = r;
      if (r > maxS) maxS = r;
      if (r > maxR) maxR = r;
    }
    return { smoothed: maxS, raw: maxR };
  }
  const keep = 1 - alpha;
  for (let k = 0; k < n; k++) {
    const i = heads[k] as number;
    const r = raw[i] as number;
    const v = alpha * r + keep * (previous[i] as number);
    out[i] = v;
    if (v > maxS) maxS = v;
    if (r > maxR) maxR = r;
  }
  return { smoothed: maxS, raw: maxR };
}

export interface TemperaturePeaks {
  smoothed: number;
  raw: number;
}

/** A number array as a typed one (`undefined` entries as 0), so that `ema` sees one array kind. */
function asFloat64(raw: readonly number[]): Float64Array {
  const a = new Float64Array(raw.length);
  for (let i = 0; i < raw.length; i++) a[i] = raw[i] ?? 0;
  return a;
}

export function checkTelemetryShape(
  telemetry: Telemetry,
  coreCount: number,
  bankCount: number,
  /** Bank temperatures in hand (the telemetry's, or the typed array that replaces them). */
  bankLength: number = telemetry.temps_bank.length,
): void {
  if (telemetry.temps_core.length !== coreCount) {
    throw new TacsError(
      'TACS_INPUT_SHAPE',
      `telemetry has ${telemetry.temps_core.length} core temperatures, the mesh ${coreCount} cores`,
    );
  }
  if (telemetry.util_core.length !== coreCount) {
    throw new TacsError(
      'TACS_INPUT_SHAPE',
      `telemetry has ${telemetry.util_core.length} core utilisations, the mesh ${coreCount} cores`,
    );
  }
  if (bankLength !== 0 && bankLength !== bankCount) {
    throw new TacsError(
      'TACS_INPUT_SHAPE',
      `telemetry has ${bankLength} bank temperatures, the stack ${bankCount} banks (or none)`,
    );
  }
}
