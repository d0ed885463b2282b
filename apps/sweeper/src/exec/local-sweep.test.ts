import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import { afterEach, describe, expect, it } from 'vitest';
import { METRICS_COLUMNS, parseSweepText } from '@tasmoe/schemas';
import { writeCollectedSweep } from '../collect/write-collect.js';
import { loadRunner } from '../runner/point-runner.js';
import { metricsCsvPath, pointDir, stagingRoot } from '../store/layout.js';
import { readPointRecord } from '../store/point-record.js';
import { expandSweep } from '../sweep/expand.js';
import { loadSweep } from '../sweep/load-sweep.js';
import type { SweepPoint } from '../sweep/point.js';
import { FAKE_RUNNER, tempDir, TINY_SWEEP } from '../testing/fixtures.js';
import type { PointOutcome } from './execute-point.js';
import type { PointExecutor } from './executor.js';
import { inlineExecutor } from './inline-executor.js';
import { runSweep, silentSweepProgress, type SweepProgressSink } from './run-sweep.js';
import { acquireSweepLock } from './sweep-lock.js';
import { threadPoolExecutor } from './thread-pool.js';

const sweep = loadSweep(TINY_SWEEP);
const axes = Object.keys(sweep.spec.axes);
const cleanups: (() => unknown)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

function folder(): string {
  const t = tempDir('local');
  cleanups.push(t.cleanup);
  return t.dir;
}

function pool(size: number, delayMs = 0): PointExecutor {
  const ex = threadPoolExecutor({
    runner: FAKE_RUNNER,
    size,
    env: { ...process.env, TASMOE_FAKE_RUNNER_DELAY_MS: String(delayMs) },
  });
  cleanups.push(() => ex.close());
  return ex;
}

/** A progress sink that calls `onDone` after each finished point. */
function onEachDone(
  onDone: (n: number, p: SweepPoint, o: PointOutcome) => void,
  onStart?: (p: SweepPoint) => void,
): SweepProgressSink {
  let n = 0;
  return { ...silentSweepProgress, pointStarted: (p) => onStart?.(p), pointDone: (p, o) => onDone(++n, p, o) };
}

describe('local executor', () => {
  it('runs a 2x2 sweep on worker threads (TypeScript sources under vitest) and collect gives one row per point and scenario', async () => {
    const dir = folder();
    const s = await runSweep(sweep.points, { sweepFolder: dir, executor: pool(2) });
    expect(s).toMatchObject({ total: 4, completed: 4, skipped: 0, failed: 0, interrupted: false });
    for (const p of sweep.points) {
      const rec = readPointRecord(pointDir(dir, p.id));
      expect(rec).toMatchObject({ status: 'complete', hash: p.hash, axes: p.axes, scenarios: ['baseline', 'tas'] });
      expect(existsSync(path.join(pointDir(dir, p.id), 'run-all.json'))).toBe(true);
    }
    const out = await writeCollectedSweep(sweep.points, dir, axes);
    expect(out.collected.missing).toEqual([]);
    const rows = parse(readFileSync(out.csvFile, 'utf8'), { columns: true }) as Record<string, string>[];
    expect(Object.keys(rows[0] ?? {}).slice(0, 5 + METRICS_COLUMNS.length)).toEqual([
      'point_id',
      ...axes,
      'repeat',
      'seed',
      ...METRICS_COLUMNS,
    ]);
    expect(rows.map((r) => [r['tas.tacs.thresholds.Thot'], r['workload.routing.zipf_s'], r.scenario])).toEqual([
      ['70', '0.8', 'baseline'],
      ['70', '0.8', 'tas'],
      ['70', '1.2', 'baseline'],
      ['70', '1.2', 'tas'],
      ['75', '0.8', 'baseline'],
      ['75', '0.8', 'tas'],
      ['75', '1.2', 'baseline'],
      ['75', '1.2', 'tas'],
    ]);
    // Each row is the point's own metrics CSV, unchanged.
    for (const r of rows) {
      const p = sweep.points.find((x) => x.id === r.point_id);
      if (p === undefined) throw new Error(`unknown point ${r.point_id}`);
      const own = (
        parse(readFileSync(metricsCsvPath(pointDir(dir, p.id), r.scenario ?? '', p.workloadName), 'utf8'), {
          columns: true,
        }) as Record<string, string>[]
      )[0];
      for (const c of METRICS_COLUMNS) expect(r[c]).toBe(own?.[c]);
      expect(r.seed).toBe('42');
    }
    // The fake runner's physics: hotter with more skew, cooler under TAS.
    const t = (thot: string, z: string, sc: string) =>
      Number(
        rows.find(
          (r) => r['tas.tacs.thresholds.Thot'] === thot && r['workload.routing.zipf_s'] === z && r.scenario === sc,
        )?.T_peak_logic,
      );
    expect(t('70', '1.2', 'baseline')).toBeGreaterThan(t('70', '0.8', 'baseline'));
    expect(t('75', '1.2', 'tas')).toBeLessThan(t('75', '1.2', 'baseline'));
    expect(out.plotFiles.map((f) => path.basename(f)).sort()).toEqual([
      'T_peak_logic--tas.tacs.thresholds.Thot.svg',
      'T_peak_logic--workload.routing.zipf_s.svg',
      'ips--tas.tacs.thresholds.Thot.svg',
      'ips--workload.routing.zipf_s.svg',
    ]);
    expect(readFileSync(out.plotFiles[0] ?? '', 'utf8')).toMatch(/^<svg[^>]*>[\s\S]*tas[\s\S]*<\/svg>$/);
  });

  it('the thread pool and an injected runner function give byte-identical results', async () => {
    const a = folder();
    const b = folder();
    await runSweep(sweep.points, { sweepFolder: a, executor: pool(2) });
    await runSweep(sweep.points, { sweepFolder: b, executor: inlineExecutor(await loadRunner(FAKE_RUNNER), 2) });
    const ca = await writeCollectedSweep(sweep.points, a, axes, { plots: false });
    const cb = await writeCollectedSweep(sweep.points, b, axes, { plots: false });
    expect(readFileSync(cb.csvFile, 'utf8')).toBe(readFileSync(ca.csvFile, 'utf8'));
  });

  it('resumes after an interruption without redoing finished points', async () => {
    const dir = folder();
    const stop = new AbortController();
    const first = await runSweep(sweep.points, {
      sweepFolder: dir,
      executor: pool(1),
      stop: stop.signal,
      progress: onEachDone((n) => {
        if (n === 2) stop.abort();
      }),
    });
    expect(first).toMatchObject({ completed: 2, notStarted: 2, interrupted: true });
    const done = first.outcomes.map((o) => o.id);
    const before = new Map(done.map((id) => [id, readFileSync(path.join(pointDir(dir, id), 'point.json'), 'utf8')]));
    const collectedEarly = await writeCollectedSweep(sweep.points, dir, axes, { plots: false });
    expect(collectedEarly.collected.missing.map((m) => m.state)).toEqual(['not run', 'not run']);

    const ran: string[] = [];
    const second = await runSweep(sweep.points, {
      sweepFolder: dir,
      executor: pool(2),
      progress: onEachDone((_, p, o) => o.status !== 'skipped' && ran.push(p.id)),
    });
    expect(second).toMatchObject({ skipped: 2, completed: 2, interrupted: false });
    expect(ran.sort()).toEqual(
      sweep.points
        .map((p) => p.id)
        .filter((id) => !done.includes(id))
        .sort(),
    );
    for (const [id, text] of before)
      expect(readFileSync(path.join(pointDir(dir, id), 'point.json'), 'utf8')).toBe(text);
    const final = await writeCollectedSweep(sweep.points, dir, axes, { plots: false });
    expect(final.collected.rows).toHaveLength(8);
  });

  it('aborting a running point never leaves it marked complete; the next start resumes inside it', async () => {
    const dir = folder();
    const abort = new AbortController();
    const stop = new AbortController();
    const one = sweep.points.slice(0, 1);
    const first = await runSweep(one, {
      sweepFolder: dir,
      executor: pool(1, 300),
      stop: stop.signal,
      abort: abort.signal,
      // 300 ms per scenario: abort once the first scenario is written, while the second runs.
      progress: onEachDone(
        () => undefined,
        () => {
          const timer = setInterval(() => {
            const staged = existsSync(stagingRoot(dir)) ? readdirSync(stagingRoot(dir)) : [];
            if (staged.some((s) => existsSync(path.join(stagingRoot(dir), s, 'fake-runner.log')))) {
              clearInterval(timer);
              abort.abort();
            }
          }, 20);
        },
      ),
    });
    expect(first.outcomes.map((o) => o.status)).toEqual(['aborted']);
    const p = one[0];
    if (p === undefined) throw new Error('no point');
    expect(existsSync(pointDir(dir, p.id))).toBe(false);
    const [partial] = readdirSync(stagingRoot(dir));
    expect(readPointRecord(path.join(stagingRoot(dir), partial ?? ''))?.status).toBe('running');
    expect(readFileSync(path.join(stagingRoot(dir), partial ?? '', 'fake-runner.log'), 'utf8')).toBe('baseline\n');

    const second = await runSweep(one, { sweepFolder: dir, executor: pool(1, 300) });
    expect(second.outcomes).toMatchObject([{ status: 'complete', resumed: true }]);
    // baseline was not run again.
    expect(readFileSync(path.join(pointDir(dir, p.id), 'fake-runner.log'), 'utf8')).toBe('baseline\ntas\n');
    expect(readdirSync(stagingRoot(dir))).toEqual([]);
  });

  it('a failed point is recorded with its error and the sweep goes on', async () => {
    const dir = folder();
    const spec = parseSweepText(
      'name: f\naxes:\n  workload.model: [ok-model, fail-model]\n  tas.tacs.thresholds.Thot: [70, 75]\nscenarios: [baseline, tas]\n',
    );
    const points = expandSweep(spec, sweep.base);
    const s = await runSweep(points, { sweepFolder: dir, executor: inlineExecutor(await loadRunner(FAKE_RUNNER), 2) });
    expect(s).toMatchObject({ completed: 2, failed: 2 });
    for (const p of points) {
      const rec = readPointRecord(pointDir(dir, p.id));
      if (p.workloadName === 'fail-model') {
        expect(rec?.status).toBe('failed');
        expect(rec?.error?.message).toMatch(/fails on purpose/);
        expect(rec?.error?.stack).toMatch(/fake-runner/);
      } else expect(rec?.status).toBe('complete');
    }
    const c = await writeCollectedSweep(points, dir, Object.keys(spec.axes), { plots: false });
    expect(c.collected.rows).toHaveLength(4);
    expect(c.collected.missing.map((m) => [m.point.workloadName, m.state])).toEqual([
      ['fail-model', 'failed'],
      ['fail-model', 'failed'],
    ]);
    // Failed points are retried on the next start; complete ones are not.
    const again = await runSweep(points, {
      sweepFolder: dir,
      executor: inlineExecutor(await loadRunner(FAKE_RUNNER), 2),
    });
    expect(again).toMatchObject({ skipped: 2, failed: 2 });
  });

  it('a runner that returns without the metrics CSVs fails the point', async () => {
    const dir = folder();
    const s = await runSweep(sweep.points.slice(0, 1), {
      sweepFolder: dir,
      executor: inlineExecutor(async () => undefined),
    });
    expect(s.outcomes[0]?.error?.message).toMatch(/without the metrics CSV of baseline, tas/);
  });

  it('one local run per sweep folder', () => {
    const dir = folder();
    const lock = acquireSweepLock(dir);
    expect(() => acquireSweepLock(dir)).toThrow(/being run by process/);
    lock.release();
    acquireSweepLock(dir).release();
  });
});
