/**
 * Thermal trip (thermal.trip_c): where leakage and refresh feedback leave no
 * steady state below the silicon limit, a chip does not run hotter and hotter;
 * its thermal sensor asserts a trip (THERMTRIP#) and the stack shuts down. The
 * loop does the same: the first window (or steady start) with a block at or
 * above trip_c ends the run with one line naming the block and the fields that
 * move the operating point. The check runs before temperatures or powers can
 * grow to non-finite values.
 */
import type { BlockTemperaturesC } from './block-temperatures.js';
import { PowerModelError } from './errors.js';

/** Throws THERMAL_TRIP when a core or bank is at or above tripC (or not finite). `where` names the moment, e.g. "window 812". */
export function checkThermalTrip(temps: BlockTemperaturesC, tripC: number, where: string): void {
  // every window passes: one compare per block, and the search for the hottest block (which only
  // names it in the message) runs only when some block is at or above tripC or not a number
  if (allBelow(temps.coreC, tripC) && allBelow(temps.bankC, tripC)) return;
  let hot = Number.NEGATIVE_INFINITY;
  let kind = 'core';
  let idx = -1;
  // NaN counts as hotter than anything and is kept once found
  for (let i = 0; i < temps.coreC.length && !Number.isNaN(hot); i++) {
    const t = temps.coreC[i] as number;
    if (!(t <= hot)) {
      hot = t;
      idx = i;
    }
  }
  for (let i = 0; i < temps.bankC.length && !Number.isNaN(hot); i++) {
    const t = temps.bankC[i] as number;
    if (!(t <= hot)) {
      hot = t;
      kind = 'bank';
      idx = i;
    }
  }
  if (hot < tripC) return;
  throw new PowerModelError(
    'THERMAL_TRIP',
    `thermal trip at ${where}: ${kind} ${idx} reached ${Number.isFinite(hot) ? hot.toFixed(1) : hot} C >= thermal.trip_c ${tripC} C, the stack shuts down; ` +
      'raise geometry.cooling.h_wmk2k or lower the workload intensity (sequence.micro_batch, sequence.concurrency)',
  );
}

/** Whether every value is below `limit` (false on NaN, and for any value when `limit` is NaN). */
function allBelow(xs: Float64Array, limit: number): boolean {
  for (let i = 0; i < xs.length; i++) if (!((xs[i] as number) < limit)) return false;
  return true;
}
