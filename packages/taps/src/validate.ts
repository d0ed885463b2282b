/**
 * Every placement, from any back end, passes through here before it is kept:
 * one message per violated constraint (empty = valid).
 */
import { profileViolations } from './busy-profile.js';
import { criticalPaths } from './critical-path.js';
import { layerExpectedMax } from './layer-expected-max.js';
import type { PlacementProblem } from './problem.js';

const CAPACITY_TOLERANCE = 1e-9;

export function assignmentViolations(p: PlacementProblem, assign: Int32Array): string[] {
  const out: string[] = [];
  const n = p.coreCount;
  if (assign.length !== p.itemCount) return [`assignment has ${assign.length} items, expected ${p.itemCount}`];
  const load = new Float64Array(n);
  const perLayer = new Int32Array(p.layerCount * n);
  for (let i = 0; i < p.itemCount; i++) {
    const c = assign[i] as number;
    if (!Number.isInteger(c) || c < 0 || c >= n) {
      out.push(`E${p.itemExpert[i]}: core ${c} is not a core of the ${n}-core mesh`);
      continue;
    }
    if (p.coreSignature[c] !== p.itemSignature[i])
      out.push(`E${p.itemExpert[i]}: core ${c} is home to other lanes than its default core (attention signature)`);
    load[c] = (load[c] as number) + (p.itemLoad[i] as number);
    const li = (p.itemLayer[i] as number) * n + c;
    perLayer[li] = (perLayer[li] as number) + 1;
    const q = p.itemPartner[i] as number;
    if (q > i) {
      const d = assign[q] as number;
      if (d === c) out.push(`E${p.itemExpert[i]}: both replicas on core ${c}`);
      else if (d >= 0 && d < n && p.distant[c * n + d] !== 1)
        out.push(`E${p.itemExpert[i]}: replicas on cores ${c} and ${d} are not thermally distant`);
    }
  }
  for (let c = 0; c < n; c++) {
    if ((load[c] as number) > p.coreCapacity * (1 + CAPACITY_TOLERANCE)) {
      out.push(
        `core ${c}: FLOP rate ${(load[c] as number).toExponential(4)} exceeds capacity ${p.coreCapacity.toExponential(4)}`,
      );
    }
  }
  const items = new Int32Array(n);
  for (let i = 0; i < p.itemCount; i++) {
    const c = assign[i] as number;
    if (c >= 0 && c < n) items[c] = (items[c] as number) + 1;
  }
  for (let c = 0; c < n; c++)
    if ((items[c] as number) > p.coreItemCap)
      out.push(`core ${c}: ${items[c]} experts, at most ${p.coreItemCap} (the default placement's most: vault room)`);
  if (out.length === 0) {
    const cp = criticalPaths(p.cp, assign);
    for (let l = 0; l < p.layerCount; l++) {
      const v = cp.layerS[l] as number;
      const lim = p.layerLimitS[l] as number;
      if (v > lim * (1 + CAPACITY_TOLERANCE))
        out.push(
          `layer ${l}: expected critical path ${(v * 1e3).toFixed(4)} ms exceeds ${(lim * 1e3).toFixed(4)} ms (default placement's + tolerance)`,
        );
    }
    for (let c = 0; c < n; c++) {
      const v = cp.coreS[c] as number;
      if (v > p.coreLimitS * (1 + CAPACITY_TOLERANCE))
        out.push(
          `core ${c}: expected busy time ${(v * 1e3).toFixed(4)} ms per step exceeds ${(p.coreLimitS * 1e3).toFixed(4)} ms (default placement's busiest core + tolerance)`,
        );
    }
    if (p.busyProfile !== undefined) out.push(...profileViolations(p.busyProfile, cp.coreS, CAPACITY_TOLERANCE));
    const em = layerExpectedMax(p.layerCount, n, p.itemLayer, p.itemUse, assign);
    for (let l = 0; l < p.layerCount; l++) {
      const v = em[l] as number;
      const lim = p.layerMaxLimit[l] as number;
      if (v > lim * (1 + CAPACITY_TOLERANCE))
        out.push(
          `layer ${l}: ${v.toFixed(4)} expected tasks on its busiest core exceed ${lim.toFixed(4)} (default placement's + tolerance)`,
        );
    }
  }
  for (let l = 0; l < p.layerCount; l++) {
    for (let c = 0; c < n; c++) {
      const k = perLayer[l * n + c] as number;
      if (k > (p.layerSlots[l] as number))
        out.push(`core ${c}: ${k} experts of layer ${l}, at most ${p.layerSlots[l]}`);
    }
  }
  return out;
}
