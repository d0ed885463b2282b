import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { metricsCsvPath } from './layout.js';

describe('sweep layout', () => {
  it('a workload name from a sweep job (Redis) cannot leave its point folder', () => {
    const dir = '/sweeps/s/points/0123456789abcdef';
    for (const name of ['../../escape', '..', 'a/../../b', 'x\\..\\y']) {
      const f = metricsCsvPath(dir, 'baseline', name);
      expect(path.dirname(f), name).toBe(path.join(dir, 'baseline'));
      expect(path.basename(f)).not.toContain('..');
    }
    expect(metricsCsvPath(dir, 'tas', 'mixtral-8x7b')).toBe(path.join(dir, 'tas', 'mixtral-8x7b.csv'));
  });
});
