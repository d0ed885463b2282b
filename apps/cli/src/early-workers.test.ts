import { describe, expect, it } from 'vitest';
import { earlyWorkerCount } from './early-workers.js';

describe('earlyWorkerCount', () => {
  it('two for run-all on two or more cores, none for other commands or one core', () => {
    expect(earlyWorkerCount(['run-all'], 2)).toBe(2);
    expect(earlyWorkerCount(['run-all', '--max-windows', '10'], 8)).toBe(2);
    expect(earlyWorkerCount(['run-all'], 1)).toBe(0);
    expect(earlyWorkerCount(['run-single', '--scenario', 'taps'], 2)).toBe(0);
    expect(earlyWorkerCount(['report', 'results'], 2)).toBe(0);
    expect(earlyWorkerCount(['run-all', '--help'], 2)).toBe(0);
  });

  it('follows --parallel (1: the in-process lane, no worker)', () => {
    expect(earlyWorkerCount(['run-all', '--parallel', '1'], 2)).toBe(0);
    expect(earlyWorkerCount(['run-all', '--parallel=1'], 2)).toBe(0);
    expect(earlyWorkerCount(['run-all', '--parallel', '4'], 2)).toBe(2);
    expect(earlyWorkerCount(['run-all', '--parallel', 'x'], 2)).toBe(0);
  });
});
