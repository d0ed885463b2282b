/**
 * Pins the DeepSeek-V2 throughput loss the critical-path model used to miss
 * (docs/model.md "TAPS", "Throughput as a hard constraint"). Every core hosts
 * every layer there, so the default co-locates every layer offset and the former
 * model (0/1 contention weights, limits on the max of expected busy times only)
 * counted a layer's own experts alone: TAPS's answer under it ran at 0.911x the
 * default's ips (full runs, 3 trace seeds) while the model said 1.00x.
 */
import { describe, expect, it } from 'vitest';
import { deepseek, defaultArch, tapsParams } from './__fixtures__/configs.js';
import { influenceDouble } from './__fixtures__/influence-double.js';
import { prepareProblem } from './build-placement.js';
import { criticalPaths, maxOf } from './critical-path.js';
import { lanesWander } from './contention-offsets.js';
import { localSearch, SearchState } from './heuristic.js';
import { layerExpectedMax } from './layer-expected-max.js';
import type { PlacementProblem } from './problem.js';
import { analyticExpertHeat } from './routing-heat.js';
import { assignmentViolations } from './validate.js';

const sum = (a: ArrayLike<number>) => Array.from(a).reduce((s, v) => s + v, 0);

/**
 * The Zipf heat with each layer's ranks shuffled (deterministic LCG), as the trace
 * generator does (its routing model permutes popularity per layer), so a layer's
 * hot experts do not all sit on the default's first cores.
 */
function shuffledHeat(heat: Float64Array, layers: number, routed: number): Float64Array {
  const out = Float64Array.from(heat);
  let x = 12345;
  const rnd = () => {
    x = (x * 1103515245 + 12345) % 2147483648;
    return x / 2147483648;
  };
  for (let l = 0; l < layers; l++) {
    for (let k = routed - 1; k > 0; k--) {
      const j = Math.floor(rnd() * (k + 1));
      const a = l * routed + k;
      const b = l * routed + j;
      const t = out[a] as number;
      out[a] = out[b] as number;
      out[b] = t;
    }
  }
  return out;
}

/** The problem as the former model saw it: own layer only, no busy-time profile, no expected max. */
function formerProblem(p: PlacementProblem, defaultAssign: Int32Array): PlacementProblem {
  const contend = new Float64Array(p.layerCount);
  contend[0] = 1;
  const cp = { ...p.cp, contend };
  const def = criticalPaths(cp, defaultAssign);
  return {
    ...p,
    cp,
    layerLimitS: def.layerS.map((v) => v * 1.01),
    coreLimitS: maxOf(def.coreS) * 1.01,
    busyProfile: undefined,
    layerMaxLimit: new Float64Array(p.layerCount).fill(Infinity),
  };
}

describe('DeepSeek-V2: throughput the former critical-path model missed', () => {
  it('the former answer breaks the constraints now; the current one keeps them', () => {
    const arch = defaultArch();
    const w = deepseek();
    const heat = shuffledHeat(analyticExpertHeat(w), w.moe.layers, w.moe.experts_per_layer);
    const { problem: p } = prepareProblem(arch, w, tapsParams({ replicate: 0 }), influenceDouble(), {
      expertHeat: heat,
    });
    expect(lanesWander(p.cp.contend)).toBe(true);
    const defaultAssign = Int32Array.from(p.itemExpert, (e) => e % p.coreCount);
    const emDefault = sum(layerExpectedMax(p.layerCount, p.coreCount, p.itemLayer, p.itemUse, defaultAssign));

    const former = new SearchState(formerProblem(p, defaultAssign), defaultAssign);
    localSearch(former, 10);
    const formerAssign = Int32Array.from(former.assign);
    // Within the former limits (what the former model promised) ...
    expect(assignmentViolations(formerProblem(p, defaultAssign), formerAssign)).toEqual([]);
    // ... but its layers' expected tasks on the busiest core are up by more than the 1% promised
    // (+8.2% here; +7.7% for the answer of the measured run, which lost 6.5% ips at 6,000 windows),
    const emFormer = sum(layerExpectedMax(p.layerCount, p.coreCount, p.itemLayer, p.itemUse, formerAssign));
    expect(emFormer / emDefault).toBeGreaterThan(1.02);
    // and the current model refuses it.
    const why = assignmentViolations(p, formerAssign);
    expect(why.some((m) => m.includes('expected tasks on its busiest core'))).toBe(true);

    const current = new SearchState(p, defaultAssign);
    localSearch(current, 10);
    expect(assignmentViolations(p, current.assign)).toEqual([]);
    const emCurrent = sum(layerExpectedMax(p.layerCount, p.coreCount, p.itemLayer, p.itemUse, current.assign));
    expect(emCurrent / emDefault).toBeLessThanOrEqual(1.01);
  });
});
