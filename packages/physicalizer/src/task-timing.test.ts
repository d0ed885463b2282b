import { describe, expect, it } from 'vitest';
import { roundRobinPlacement, smallArch, smallTas, smallWorkload } from './__testing__/fixtures.js';
import { syntheticSource } from './__testing__/synthetic-source.js';
import { newComputeBuffer, reserveCompute } from './event-columns.js';
import { createPhysicalizer } from './physicalizer.js';
import { createExpertTaskTiming, expertTaskTiming } from './task-timing.js';

function event(b: ReturnType<typeof newComputeBuffer>, op: number, computeNs: number, weightReadNs: number): void {
  const j = reserveCompute(b);
  b.op[j] = op;
  b.expert[j] = op === 0 ? 3 : -1;
  b.computeNs[j] = computeNs;
  b.weightReadNs[j] = weightReadNs;
}

describe('expertTaskTiming', () => {
  it('sums compute and weight-read time over expert tasks only (attention left out)', () => {
    const b = newComputeBuffer(1); // grows past its capacity
    event(b, 0, 10, 200);
    event(b, 1, 50, 0);
    event(b, 0, 30, 100);
    const t = expertTaskTiming(b, createExpertTaskTiming());
    expect(t).toEqual({ tasks: 2, computeNs: 40, weightReadNs: 300 });
  });
  it('overwrites the previous window', () => {
    const b = newComputeBuffer();
    const out = expertTaskTiming(b, { tasks: 5, computeNs: 1, weightReadNs: 1 });
    expect(out).toEqual({ tasks: 0, computeNs: 0, weightReadNs: 0 });
  });
});

describe('expert task timing in lowered windows', () => {
  it('compute time is FLOPs at the core frequency; a task lasts at least its weight read and its compute', () => {
    const arch = smallArch();
    const workload = smallWorkload({}, {});
    const tas = smallTas();
    const ph = createPhysicalizer({
      arch,
      tas,
      workload,
      placement: roundRobinPlacement(arch, workload),
      source: syntheticSource(workload),
    });
    let fc = 0;
    let withReads = 0;
    for (let w = 0; w < 20 && !ph.done; w++) {
      const c = ph.physicalizeWindow(w).compute;
      for (let i = 0; i < c.count; i++) {
        const ghz = c.ghz[i] as number;
        const fpc = ph.machine.flopsPerCycle[c.coreId[i] as number] as number;
        expect(c.computeNs[i]).toBeCloseTo((c.flops[i] as number) / (fpc * ghz), 6);
        const durNs = (c.durationCycles[i] as number) / ghz;
        // whole cycles round the duration up by less than one cycle
        expect(durNs + 1 / ghz).toBeGreaterThanOrEqual(c.computeNs[i] as number);
        expect(durNs + 1 / ghz).toBeGreaterThanOrEqual(c.weightReadNs[i] as number);
        if (c.op[i] === 0) {
          fc++;
          if ((c.weightReadNs[i] as number) > 0) withReads++;
        } else expect(c.weightReadNs[i]).toBe(0);
      }
    }
    expect(fc).toBeGreaterThan(0);
    // every expert task reads its weights
    expect(withReads).toBe(fc);
  });
});
