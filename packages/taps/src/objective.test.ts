import { describe, expect, it } from 'vitest';
import { influenceDouble } from './__fixtures__/influence-double.js';
import { meshEdges, objectiveTerms, objectiveValue, predictTemperatures } from './objective.js';

describe('objective in predicted temperature', () => {
  it('matches a hand computation', () => {
    // 2x2 mesh, edges (0,1) (0,2) (1,3) (2,3); T = 50, 52, 51, 55, ambient 45.
    const e = meshEdges(2, 2);
    expect(Array.from(e.a)).toEqual([0, 0, 1, 2]);
    expect(Array.from(e.b)).toEqual([1, 2, 3, 3]);
    const t = Float64Array.from([50, 52, 51, 55]);
    const w = { peak: 1, spread: 0.2, smooth: 0.1 };
    // peak rise 10; mean 52, MAD (2+0+1+3)/4 = 1.5; smooth (2+1+3+4)/4 = 2.5
    expect(objectiveValue(t, 45, e, w)).toBeCloseTo(10 + 0.2 * 1.5 + 0.1 * 2.5, 12);
    const terms = objectiveTerms(t, 45, e, w);
    expect(terms).toMatchObject({ peakC: 55, spreadK: 1.5, smoothK: 2.5 });
  });
  it('counts lateral heat flow: two hot interior cores side by side score worse than two apart', () => {
    // The point of smoothing T instead of load: on raw load differences the adjacent pair wins.
    const h = influenceDouble();
    const e = meshEdges(8, 8);
    const w = { peak: 1, spread: 0.2, smooth: 0.1 };
    const power = (cores: number[]) => {
      const p = new Float64Array(64).fill(0.1);
      for (const c of cores) p[c] = 2;
      return p;
    };
    const adjacent = objectiveValue(predictTemperatures(h.data, h.ambientC, power([27, 28])), h.ambientC, e, w);
    const apart = objectiveValue(predictTemperatures(h.data, h.ambientC, power([18, 45])), h.ambientC, e, w);
    expect(apart).toBeLessThan(adjacent);
    // Smoothing raw load would prefer the adjacent pair (fewer hot-cold edges).
    const loadSmooth = (p: Float64Array) => {
      let s = 0;
      for (let k = 0; k < e.a.length; k++)
        s += Math.abs((p[e.a[k] as number] as number) - (p[e.b[k] as number] as number));
      return s;
    };
    expect(loadSmooth(power([27, 28]))).toBeLessThan(loadSmooth(power([18, 45])));
  });
  it('predictTemperatures is ambient + H p', () => {
    const h = influenceDouble(2, 2);
    const t = predictTemperatures(h.data, 40, Float64Array.from([1, 0, 0, 2]));
    for (let c = 0; c < 4; c++)
      expect(t[c]).toBeCloseTo(40 + (h.data[c * 4] as number) + 2 * (h.data[c * 4 + 3] as number), 12);
  });
});
