import { describe, expect, it } from 'vitest';
import { newComputeBuffer, reserveCompute } from './event-columns.js';
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
