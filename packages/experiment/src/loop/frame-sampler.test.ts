import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createFrameSampler } from './frame-sampler.js';

describe('createFrameSampler', () => {
  it('holds at most max frames, evenly spaced from window 0, covering the run (property)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 50 }),
        fc.integer({ min: 1, max: 20 }),
        fc.integer({ min: 1, max: 5000 }),
        (max, stride0, windows) => {
          const s = createFrameSampler<number>(max, stride0);
          for (let w = 0; w < windows; w++) if (s.wants(w)) s.add(w, w);
          const f = s.frames();
          expect(f.length).toBeGreaterThan(0);
          expect(f.length).toBeLessThanOrEqual(max);
          expect(f[0]).toBe(0);
          const gaps = new Set(f.slice(1).map((w, i) => w - (f[i] as number)));
          expect(gaps.size).toBeLessThanOrEqual(1); // one spacing
          const gap = [...gaps][0] ?? windows;
          // the last frame is within one spacing of the end, and the spacing is not wasteful
          expect(windows - 1 - (f[f.length - 1] as number)).toBeLessThan(gap);
          if (f.length < max / 2) expect(gap).toBeLessThanOrEqual(Math.max(stride0, 1));
        },
      ),
      { numRuns: 300 },
    );
  });
});
