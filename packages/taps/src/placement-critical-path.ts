/**
 * The critical-path model (critical-path.ts) of any placement.json against the
 * default placement, in the same model: for `tasmoe place --json`, tests and
 * the validation against the simulator (docs/model.md "TAPS").
 */
import type { Placement } from '@tasmoe/schemas';
import { criticalPathItems, criticalPaths, defaultCriticalPaths, maxOf, taskTimeModel } from './critical-path.js';
import { layerExpectedMax } from './layer-expected-max.js';
import { expertCoresOf } from './placement-record.js';
import { layerOfExpert, totalExperts } from './routing-heat.js';
import type { ResolvedArchConfig, ResolvedTapsParamsLike, ResolvedWorkloadConfig } from './types.js';

export interface PlacementCriticalPath {
  /** CP_l of the placement and of the default placement, ms. */
  readonly layerMs: number[];
  readonly defaultLayerMs: number[];
  /** Busiest core's expected busy time per step, ms (placement, default). */
  readonly coreMaxMs: number;
  readonly defaultCoreMaxMs: number;
  /** Sum of CP_l over the default's: > 1 means predicted slower. */
  readonly stepRatio: number;
  /** Largest CP_l / default CP_l over the layers. */
  readonly worstLayerRatio: number;
  /** Largest ratio over the layers of the expected tasks on the busiest core to the default's (layer-expected-max.ts). */
  readonly worstLayerMaxRatio: number;
}

export function placementCriticalPath(
  arch: ResolvedArchConfig,
  workload: ResolvedWorkloadConfig,
  taps: ResolvedTapsParamsLike,
  placement: Placement,
  expertHeat: Float64Array,
): PlacementCriticalPath {
  const n = arch.mesh.cores[0] * arch.mesh.cores[1];
  const experts = totalExperts(workload);
  const tasks = taskTimeModel(arch, workload, taps, expertHeat);
  const layerOf = Int32Array.from({ length: experts }, (_, e) => layerOfExpert(e, workload));
  const def = defaultCriticalPaths(tasks, n, layerOf);
  const itemExpert: number[] = [];
  const itemCopies: number[] = [];
  const itemLayer: number[] = [];
  const assign: number[] = [];
  expertCoresOf(placement, experts, n).forEach((cores, e) => {
    for (const c of cores) {
      itemExpert.push(e);
      itemCopies.push(cores.length);
      itemLayer.push(layerOf[e] as number);
      assign.push(c);
    }
  });
  const cp = criticalPaths(criticalPathItems(tasks, n, itemExpert, itemCopies, itemLayer, def.contend), assign);
  const use = itemExpert.map((e, k) => (tasks.useProb[e] as number) / (itemCopies[k] as number));
  const em = layerExpectedMax(tasks.layerCount, n, itemLayer, use, assign);
  const emDef = layerExpectedMax(
    tasks.layerCount,
    n,
    layerOf,
    tasks.useProb,
    Int32Array.from(layerOf, (_, e) => e % n),
  );
  let worstMax = 0;
  for (let l = 0; l < em.length; l++)
    if ((emDef[l] as number) > 0) worstMax = Math.max(worstMax, (em[l] as number) / (emDef[l] as number));
  let worst = 0;
  for (let l = 0; l < cp.layerS.length; l++) {
    const d = def.layerS[l] as number;
    if (d > 0) worst = Math.max(worst, (cp.layerS[l] as number) / d);
  }
  return {
    layerMs: Array.from(cp.layerS, (v) => v * 1e3),
    defaultLayerMs: Array.from(def.layerS, (v) => v * 1e3),
    coreMaxMs: maxOf(cp.coreS) * 1e3,
    defaultCoreMaxMs: maxOf(def.coreS) * 1e3,
    stepRatio: def.stepS > 0 ? cp.stepS / def.stepS : 1,
    worstLayerRatio: worst,
    worstLayerMaxRatio: worstMax,
  };
}
