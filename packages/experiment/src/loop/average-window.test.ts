import type { PhysicalWindow } from '@tasmoe/schemas';
import { describe, expect, it } from 'vitest';
import { createWindowAverager } from './average-window.js';
import { forkGraph } from './fork-graph.js';

/** The fields the averager reads (the event columns and counters it leaves out are not needed). */
function window(winIdx: number, busy: number): PhysicalWindow {
  const z = new Float64Array(1);
  return {
    winIdx,
    tStartNs: winIdx * 3e6,
    tEndNs: (winIdx + 1) * 3e6,
    coreBusyNs: Float64Array.of(busy, 2 * busy),
    coreFlops: z,
    bankReadBytes: Float64Array.of(10 * busy),
    bankWriteBytes: z,
    bankBusyNs: z,
    linkFlits: z,
  } as unknown as PhysicalWindow;
}

describe('createWindowAverager', () => {
  it('means every field over the windows added; the first window names the mean', () => {
    const avg = createWindowAverager();
    avg.add(window(7, 1));
    avg.add(window(8, 3));
    const m = avg.result();
    expect(avg.count).toBe(2);
    expect(m.winIdx).toBe(7);
    expect(Array.from(m.coreBusyNs)).toEqual([2, 4]);
    expect(Array.from(m.bankReadBytes)).toEqual([20]);
  });

  it('a forked copy (fork-graph.ts) keeps its own sums: a twin pass does not add into its base', () => {
    const base = createWindowAverager();
    base.add(window(0, 1));
    const twin = forkGraph(base);
    twin.add(window(1, 5));
    expect(base.count).toBe(1);
    expect(Array.from(base.result().coreBusyNs)).toEqual([1, 2]);
    expect(twin.count).toBe(2);
    expect(Array.from(twin.result().coreBusyNs)).toEqual([3, 6]);
  });
});
