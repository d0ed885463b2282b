import { describe, expect, it } from 'vitest';
import { caseAPower, loadArch } from '../../test/arch-configs.js';
import { createEmbeddedArchBackend } from '../arch/embedded-arch-backend.js';
import { integratePeriphery } from './periphery-integration.js';

describe('integratePeriphery (the 12 package nodes across a file-mode window)', () => {
  const arch = loadArch('arch_8x8_32x32x8.yaml');
  const be = createEmbeddedArchBackend(arch, { grid: [8, 8], tiers: 'layers', stages: 5, coupledStages: 5 });
  const model = be.model;
  const M = 64;
  const layers = (cells: Float64Array) => model.layers.map((_, n) => cells.slice(n * M, (n + 1) * M));
  const p = caseAPower();
  p.fill(0.004, 64);

  it('a steady state stays put', () => {
    be.steady(p);
    const cells = layers(be.simulator.cellTemperatures());
    const per = be.simulator.peripheryTemperatures();
    const out = integratePeriphery(model, cells, cells, per, 3e-3);
    out.forEach((v, i) => expect(Math.abs(v - (per[i] as number))).toBeLessThan(1e-9));
  });

  it('follows the full model across windows of changing power within 0.01 K', () => {
    be.steady(p);
    let cells = layers(be.simulator.cellTemperatures());
    let per = be.simulator.peripheryTemperatures();
    const start = Float64Array.from(per);
    const hot = Float64Array.from(p).fill(2.5, 0, 64);
    let worst = 0;
    for (let k = 0; k < 10; k++) {
      be.step(k < 5 ? hot : p, 3e-3);
      const end = layers(be.simulator.cellTemperatures());
      const mine = integratePeriphery(model, cells, end, per, 3e-3);
      const full = be.simulator.peripheryTemperatures();
      mine.forEach((v, i) => (worst = Math.max(worst, Math.abs(v - (full[i] as number)))));
      cells = end;
      per = mine;
    }
    expect(worst).toBeLessThan(0.01);
    // the spreader periphery really moved over those 30 ms
    expect(Math.abs((per[0] as number) - (start[0] as number))).toBeGreaterThan(0.01);
  });
});
