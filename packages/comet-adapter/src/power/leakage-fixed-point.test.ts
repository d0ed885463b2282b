import { describe, expect, it } from 'vitest';
import { buildWindow, smallArch, smallTopology, uniformTemps } from '../__fixtures__/power-fixtures.js';
import type { BlockTemperaturesC } from './block-temperatures.js';
import { PowerModelError } from './errors.js';
import { leakagePowerW } from './leakage.js';
import { iterateLeakageFixedPoint } from './leakage-fixed-point.js';
import { computePowerFromEvents, createWindowPower, type WindowPower } from './window-power.js';

const AMBIENT = 45;

/** A stand-in steady solver: every block sees its own power through resistance r (K/W) to ambient. */
function isolatedBlocksSolver(rCore: number, rBank: number, n: { cores: number; banks: number }) {
  const out: BlockTemperaturesC = { coreC: new Float64Array(n.cores), bankC: new Float64Array(n.banks) };
  return (p: WindowPower): BlockTemperaturesC => {
    for (let c = 0; c < n.cores; c++) out.coreC[c] = AMBIENT + rCore * (p.coreW[c] as number);
    for (let b = 0; b < n.banks; b++) out.bankC[b] = AMBIENT + rBank * (p.bankW[b] as number);
    return out;
  };
}

/** T = ambient + r (p0 + leak(T)) for one block, by bisection. */
function bisectFixedPoint(r: number, p0: number, leak: { refW: number; refC: number; betaPerK: number }): number {
  let lo = AMBIENT;
  let hi = AMBIENT + 500;
  for (let i = 0; i < 200; i++) {
    const mid = (lo + hi) / 2;
    if (AMBIENT + r * (p0 + leakagePowerW(mid, leak)) > mid) lo = mid;
    else hi = mid;
  }
  return (lo + hi) / 2;
}

describe('iterateLeakageFixedPoint', () => {
  const arch = smallArch();
  const topo = smallTopology();
  const w = buildWindow(
    topo,
    arch.mesh.noc.width_bits,
    [
      { core: 0, flops: 5e10, busyNs: 1e6 },
      { core: 4, flops: 2e10, busyNs: 5e5 },
    ],
    [],
    1e6,
  );
  const out = createWindowPower(topo.coreCount, topo.bankCount);
  const power = (t: BlockTemperaturesC) => computePowerFromEvents(w, t, arch, topo, { out });
  const counts = { cores: topo.coreCount, banks: topo.bankCount };

  it('converges to temperatures consistent with the power they produce', () => {
    const r = 4;
    const res = iterateLeakageFixedPoint({
      initialTempsC: uniformTemps(topo, AMBIENT),
      power,
      solve: isolatedBlocksSolver(r, 200, counts),
      tolC: 1e-6,
    });
    expect(res.maxDeltaC).toBeLessThan(1e-6);
    // core 0: 5e10 FLOP x 0.3 pJ / 1 ms = 15 W dynamic, 0.05 W idle (busy the whole window)
    const p0 = 15 + arch.power.core_idle_w;
    const expected = bisectFixedPoint(r, p0, {
      refW: arch.power.core_leak_w,
      refC: arch.power.leak_ref_c,
      betaPerK: arch.power.leak_beta_per_k,
    });
    expect(res.tempsC.coreC[0]).toBeCloseTo(expected, 4);
    // leakage made it hotter than the leakage-free answer
    expect(res.tempsC.coreC[0]).toBeGreaterThan(AMBIENT + r * p0);
    expect(res.iterations).toBeGreaterThan(2);
  });

  it('needs two iterations when leakage does not depend on temperature', () => {
    // a one-step refresh curve too, so refresh power does not move with temperature either
    const refreshFlat = smallArch({ power: { leak_beta_per_k: 0 }, refresh: { tref_curve: [[0, 1]] } });
    const res = iterateLeakageFixedPoint({
      initialTempsC: uniformTemps(topo, AMBIENT),
      power: (t) => computePowerFromEvents(w, t, refreshFlat, topo, { out }),
      solve: isolatedBlocksSolver(1, 1, counts),
    });
    expect(res.iterations).toBe(2);
  });

  it('throws POWER_FIXED_POINT on thermal runaway', () => {
    expect(() =>
      iterateLeakageFixedPoint({
        initialTempsC: uniformTemps(topo, AMBIENT),
        power,
        solve: isolatedBlocksSolver(400, 200, counts),
        maxIterations: 200,
      }),
    ).toThrow(expect.objectContaining({ code: 'POWER_FIXED_POINT' }));
  });

  it('stops a runaway at RUNAWAY_C with a message naming the fields, before the power turns infinite', () => {
    const solve = isolatedBlocksSolver(400, 200, counts);
    const guarded = (p: Parameters<typeof solve>[0]) => {
      for (const v of [...p.coreW, ...p.bankW])
        if (!Number.isFinite(v)) throw new Error('the solver was given an infinite power');
      return solve(p);
    };
    expect(() =>
      iterateLeakageFixedPoint({
        initialTempsC: uniformTemps(topo, AMBIENT),
        power,
        solve: guarded,
        maxIterations: 200,
      }),
    ).toThrow(
      expect.objectContaining({
        code: 'POWER_FIXED_POINT',
        category: 'input',
        message: expect.stringMatching(/thermal runaway: the steady state passed 1000 C.*geometry\.cooling\.h_wmk2k/),
      }),
    );
  });

  it('does not modify the initial temperatures and rejects a mis-sized solver answer', () => {
    const init = uniformTemps(topo, AMBIENT);
    iterateLeakageFixedPoint({ initialTempsC: init, power, solve: isolatedBlocksSolver(1, 1, counts) });
    expect(init.coreC[0]).toBe(AMBIENT);
    expect(() =>
      iterateLeakageFixedPoint({
        initialTempsC: init,
        power,
        solve: () => ({ coreC: new Float64Array(1), bankC: new Float64Array(1) }),
      }),
    ).toThrow(PowerModelError);
  });
});
