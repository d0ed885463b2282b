import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { WindowAggregates } from './window-aggregates.js';

const W = 1000;

describe('window aggregates: pro-rata attribution with carry-over', () => {
  it('splits work over the windows it overlaps, in proportion to the overlap', () => {
    const a = new WindowAggregates(2, 3, 4, W);
    a.beginWindow();
    a.spreadCore(1, 500, 2500, 200); // 500 ns in w0, 1000 in w1, 500 in w2
    a.spreadBank(2, 900, 1100, 20, false);
    a.spreadBank(2, 100, 200, 7, true);
    a.spreadLink(3, 0, 4000, 40);
    a.addStep(2000, 1234, 8); // ends exactly at the end of window 1
    const w0 = a.emitBase();
    expect([...w0.coreBusyNs]).toEqual([0, 500]);
    expect(w0.coreFlops[1]).toBeCloseTo(50);
    expect(w0.bankReadBytes[2]).toBeCloseTo(10);
    expect(w0.bankWriteBytes[2]).toBe(7);
    expect(w0.bankBusyNs[2]).toBeCloseTo(200);
    expect(w0.linkFlits[3]).toBeCloseTo(10);
    expect(w0.completedTokens).toBe(0);
    a.beginWindow();
    const w1 = a.emitBase();
    expect(w1.coreBusyNs[1]).toBe(1000);
    expect(w1.bankReadBytes[2]).toBeCloseTo(10);
    expect(w1.completedTokens).toBe(8);
    expect(w1.stepLatenciesNs).toEqual([1234]);
    a.beginWindow();
    const w2 = a.emitBase();
    expect(w2.coreBusyNs[1]).toBe(500);
    expect(w2.bankReadBytes[2]).toBe(0);
    expect(w2.bankWriteBytes[2]).toBe(0);
    a.beginWindow();
    expect(a.emitBase().linkFlits[3]).toBeCloseTo(10);
    a.beginWindow();
    const w4 = a.emitBase();
    expect(w4.linkFlits[3]).toBe(0);
    expect(w4.coreBusyNs[1]).toBe(0);
  });

  it('property: totals are conserved whatever the intervals, including ones reaching past the ring (growth)', () => {
    const job = fc.record({
      start: fc.integer({ min: 0, max: 20 * W }),
      len: fc.integer({ min: 0, max: 30 * W }),
      amount: fc.integer({ min: 0, max: 1000 }),
    });
    fc.assert(
      fc.property(fc.array(job, { minLength: 1, maxLength: 40 }), (jobs) => {
        const a = new WindowAggregates(1, 1, 1, W);
        const sorted = [...jobs].sort((p, q) => p.start - q.start);
        let busy = 0;
        let flops = 0;
        let bytes = 0;
        let w = 0;
        let expBusy = 0;
        for (const j of sorted) {
          while ((w + 1) * W <= j.start) {
            const out = a.emitBase();
            busy += out.coreBusyNs[0] ?? 0;
            flops += out.coreFlops[0] ?? 0;
            bytes += out.bankReadBytes[0] ?? 0;
            expect(out.coreBusyNs[0] ?? 0).toBeLessThanOrEqual(W * jobs.length + 1e-9);
            w++;
            a.beginWindow();
          }
          a.spreadCore(0, j.start, j.start + j.len, j.amount);
          a.spreadBank(0, j.start, j.start + j.len, j.amount, false);
          expBusy += j.len;
        }
        for (let n = 0; n < 60; n++) {
          const out = a.emitBase();
          busy += out.coreBusyNs[0] ?? 0;
          flops += out.coreFlops[0] ?? 0;
          bytes += out.bankReadBytes[0] ?? 0;
          a.beginWindow();
        }
        const total = jobs.reduce((s, j) => s + j.amount, 0);
        expect(busy).toBeCloseTo(expBusy, 6);
        expect(flops).toBeCloseTo(total, 6);
        expect(bytes).toBeCloseTo(total, 6);
      }),
      { numRuns: 200 },
    );
  });
});
