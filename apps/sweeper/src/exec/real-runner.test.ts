/** The sweeper through the real experiment runner (runAll of @tasmoe/experiment) and the embedded solver. */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import { afterEach, describe, expect, it } from 'vitest';
import { writeCollectedSweep } from '../collect/write-collect.js';
import { runPoint } from '../runner/run-all-adapter.js';
import { loadSweep } from '../sweep/load-sweep.js';
import { tempDir } from '../testing/fixtures.js';
import { inlineExecutor } from './inline-executor.js';
import { runSweep } from './run-sweep.js';

const cleanups: (() => unknown)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

describe('real runner', () => {
  it('a two-point sweep on a small config runs through runAll, resumes, and collects one row per point and scenario', async () => {
    const sweep = loadSweep(path.join(import.meta.dirname, '..', '__fixtures__', 'real-small.yaml'));
    const t = tempDir('real');
    cleanups.push(t.cleanup);
    const first = await runSweep(sweep.points, { sweepFolder: t.dir, executor: inlineExecutor(runPoint) });
    expect(first).toMatchObject({ total: 2, completed: 2, failed: 0 });
    const again = await runSweep(sweep.points, { sweepFolder: t.dir, executor: inlineExecutor(runPoint) });
    expect(again).toMatchObject({ total: 2, skipped: 2 });
    const out = await writeCollectedSweep(sweep.points, t.dir, Object.keys(sweep.spec.axes));
    const rows = parse(readFileSync(out.csvFile, 'utf8'), { columns: true }) as Record<string, string>[];
    expect(rows).toHaveLength(4);
    for (const r of rows) expect(Number(r.T_peak_logic)).toBeGreaterThan(45);
    expect(new Set(rows.map((r) => r['tas.tacs.thresholds.Thot']))).toEqual(new Set(['55', '70']));
  }, 180_000);
});
