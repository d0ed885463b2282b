import { describe, expect, it } from 'vitest';
import type { FigureJob } from './figure-io.js';
import { PAGE_COST, splitJobs } from './figure-jobs.js';

const IDS = [
  'temperature',
  'performance',
  'pareto',
  'timeseries-thermal',
  'timeseries-system',
  'heatmap-mean',
  'heatmap-max',
  'placement',
];
const jobs = IDS.map((id) => ({ id, png: true }) as unknown as FigureJob);
const names = (lists: number[][]) => lists.map((l) => l.map((i) => IDS[i]));

describe('splitJobs', () => {
  it('one thread: costliest figures first, the shortest PNG last', () => {
    const [only = []] = splitJobs(jobs, 1);
    expect(names([only])[0]?.slice(0, 2)).toEqual(['timeseries-system', 'timeseries-thermal']);
    expect(names([only])[0]?.at(-1)).toBe('performance');
    expect([...only].sort()).toEqual(IDS.map((_, i) => i).sort());
  });

  it('two threads: every figure once, the two time series apart, the page counted on the first', () => {
    const lists = splitJobs(jobs, 2, PAGE_COST);
    expect(names(lists)).toEqual([
      ['timeseries-thermal', 'placement', 'pareto', 'performance'],
      ['timeseries-system', 'heatmap-max', 'heatmap-mean', 'temperature'],
    ]);
    expect(lists.flat().sort()).toEqual(IDS.map((_, i) => i).sort());
  });

  it('an unknown figure counts as a small one; no jobs, empty lists', () => {
    const lists = splitJobs([{ id: 'other', png: false } as unknown as FigureJob, ...jobs], 2);
    expect(lists.flat()).toHaveLength(9);
    expect(splitJobs([], 2)).toEqual([[], []]);
  });
});
