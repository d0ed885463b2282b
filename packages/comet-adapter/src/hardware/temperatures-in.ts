/**
 * The hand-over from the thermal step to the next window in one pass over the
 * 8,256 block temperatures: fromBlockTempsK's kelvin -> C conversion, the scan
 * of nextHardwareState's in-place update (the banks whose temperature left its
 * refresh band, the only ones that update touches) and the trip test (every
 * block below trip_c, so checkThermalTrip has nothing to find). Three loops
 * over the same values, each ~3 % of a window, become one; the values, the
 * banks found and their order are the ones the three loops give.
 */
import { KELVIN_OFFSET } from '@tasmoe/thermal';
import type { BlockTemperaturesC } from '../power/block-temperatures.js';
import { checkBlockTempsLength } from '../power/block-vectors.js';
import { PowerModelError } from '../power/errors.js';
import type { HardwareSnapshot } from './next-hardware-state.js';

export interface BlockScan {
  /** Banks whose temperature is outside [bankBandLoC, bankBandHiC) of the state, ascending. */
  readonly outOfBand: Int32Array;
  count: number;
  /** Every converted temperature is below the trip temperature (false when one is not a number). */
  allBelowTrip: boolean;
}

export function createBlockScan(bankCount: number): BlockScan {
  return { outOfBand: new Int32Array(bankCount), count: 0, allBelowTrip: false };
}

/** Converts [cores..., banks...] kelvin into `out` (C) and fills `scan` against `hw`'s bands and `tripC`. */
export function takeBlockTempsK(
  blockTempsK: Float64Array,
  out: BlockTemperaturesC,
  hw: HardwareSnapshot,
  tripC: number,
  scan: BlockScan,
): void {
  const coreC = out.coreC;
  const bankC = out.bankC;
  const nc = coreC.length;
  const nb = bankC.length;
  checkBlockTempsLength(blockTempsK, out);
  const lo = hw.bankBandLoC;
  const hi = hw.bankBandHiC;
  const list = scan.outOfBand;
  if (lo.length !== nb || hi.length !== nb || list.length < nb)
    throw new PowerModelError('REFRESH_INPUT', `band limits or scan list shorter than the ${nb} banks`);
  let below = true;
  for (let c = 0; c < nc; c++) {
    const t = (blockTempsK[c] as number) - KELVIN_OFFSET;
    coreC[c] = t;
    if (!(t < tripC)) below = false;
  }
  let n = 0;
  for (let b = 0; b < nb; b++) {
    const t = (blockTempsK[nc + b] as number) - KELVIN_OFFSET;
    bankC[b] = t;
    if (!(t < tripC)) below = false;
    // NaN fails both tests, as in the update's own scan
    if (!(t >= (lo[b] as number) && t < (hi[b] as number))) list[n++] = b;
  }
  scan.count = n;
  scan.allBelowTrip = below;
}
