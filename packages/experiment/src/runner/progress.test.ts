import { readFileSync } from 'node:fs';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseConfigText } from '@tasmoe/schemas';
import { lineProgress, type ProgressEvent } from './progress.js';
import { runAll } from './run-all.js';

const fixtures = path.join(import.meta.dirname, '..', '__fixtures__');
const read = (f: string) => readFileSync(path.join(fixtures, 'small', f), 'utf8');

describe('progress', () => {
  it('without a terminal: a line at start, at every 10 %, and at the end of each scenario', () => {
    const lines: string[] = [];
    const p = lineProgress((l) => lines.push(l));
    p.emit({ type: 'start', scenario: 'baseline', fraction: 0 });
    for (let i = 1; i <= 40; i++) p.emit({ type: 'progress', scenario: 'baseline', window: i * 10, fraction: i / 40 });
    p.emit({ type: 'done', scenario: 'baseline' });
    p.emit({ type: 'skipped', scenario: 'taps' });
    expect(lines).toEqual([
      'baseline  started',
      ...[1, 2, 3, 4, 5, 6, 7, 8, 9].map((d) => `baseline  ${d * 10}%  window ${d * 40}`),
      'baseline  done',
      'taps      skipped (complete, same configuration)',
    ]);
  });

  it('a run capped by maxWindows reports progress against the cap, reaching 100 % at its last window', async () => {
    const configs = {
      arch: parseConfigText('arch', read('arch.yaml')),
      workload: parseConfigText('workload', read('workload.yaml').replace('steps: 12', 'steps: 2000')),
      tas: parseConfigText('tas', read('tas.yaml')),
    };
    const events: ProgressEvent[] = [];
    await runAll({
      configs,
      outDir: mkdtempSync(path.join(tmpdir(), 'tasmoe-progress-')),
      scenarios: ['baseline'],
      parallel: 1,
      maxWindows: 120,
      thermalModule: path.join(fixtures, 'lumped-thermal.ts'),
      report: false,
      progress: { emit: (e) => events.push(e), finish: () => undefined },
    });
    const fractions = events.filter((e) => e.type === 'progress').map((e) => e.fraction ?? 0);
    // windows 0, 50, 100 and the last (119); by tokens alone a 120-window run of 2000 steps shows under 10 %
    expect(fractions).toHaveLength(4);
    expect(fractions[1]).toBeCloseTo(51 / 120, 6);
    expect(fractions[3]).toBe(1);
    expect([...fractions].sort((a, b) => a - b)).toEqual(fractions);
  });
});
