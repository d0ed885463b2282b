/** Predicted steady core temperatures of a placement: T = ambient + H p (+ the reads' share, A r). */
import type { InfluenceMatrix, Placement } from '@tasmoe/schemas';
import type { DramProblem } from './dram-model.js';
import { TapsError } from './errors.js';
import { checkInfluence } from './influence.js';
import { predictTemperatures } from './objective.js';
import { expertCoresOf } from './placement-record.js';

/**
 * Each core's sum of a per-expert quantity (by global expert number) split evenly over the
 * expert's cores: its compute watts, its shard-read watts (read in each host's vault).
 */
export function perCoreShare(placement: Placement, perExpert: Float64Array, coreCount: number): Float64Array {
  const out = new Float64Array(coreCount);
  expertCoresOf(placement, perExpert.length, coreCount).forEach((cs, e) => {
    const share = (perExpert[e] as number) / cs.length;
    for (const c of cs) out[c] = (out[c] as number) + share;
  });
  return out;
}

/**
 * Per-core power of a placement: basePowerW (the same on every core, or one
 * value per core, e.g. PlacementResult.problem.basePowerW with attention) plus
 * each expert's power (expertPowerW, by global expert number) split evenly over its cores.
 */
export function placementCorePower(
  placement: Placement,
  expertPowerW: Float64Array,
  coreCount: number,
  basePowerW: number | ArrayLike<number> = 0,
): Float64Array {
  const p =
    typeof basePowerW === 'number' ? new Float64Array(coreCount).fill(basePowerW) : Float64Array.from(basePowerW);
  if (p.length !== coreCount)
    throw new TapsError(
      'TAPS_HEAT_INVALID',
      `base power has ${p.length} entries, expected ${coreCount} (one per core)`,
    );
  const experts = perCoreShare(placement, expertPowerW, coreCount);
  for (let c = 0; c < coreCount; c++) p[c] = (p[c] as number) + (experts[c] as number);
  return p;
}

/**
 * Predicted core temperatures (degC) of a placement under H; with `reads` (PlacementProblem.dram),
 * also each expert's shard reads in its cores' vaults, through the vault -> core influence.
 */
export function predictCoreTemps(
  placement: Placement,
  expertPowerW: Float64Array,
  h: InfluenceMatrix,
  basePowerW: number | ArrayLike<number> = 0,
  reads?: Pick<DramProblem, 'expertAccessW' | 'accessCoreCol'>,
): Float64Array {
  checkInfluence(h, h.coreCount);
  for (const v of expertPowerW)
    if (!Number.isFinite(v) || v < 0)
      throw new TapsError('TAPS_HEAT_INVALID', `expert power ${v} W is not finite and >= 0`);
  const n = h.coreCount;
  const t = predictTemperatures(h.data, h.ambientC, placementCorePower(placement, expertPowerW, n, basePowerW));
  if (reads === undefined) return t;
  const r = perCoreShare(placement, reads.expertAccessW, n);
  for (let c = 0; c < n; c++) {
    const a = r[c] as number;
    if (a !== 0) for (let k = 0; k < n; k++) t[k] = (t[k] as number) + a * (reads.accessCoreCol[c * n + k] as number);
  }
  return t;
}
