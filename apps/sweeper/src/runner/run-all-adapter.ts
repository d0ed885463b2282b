/**
 * The default point runner: `runAll` of @tasmoe/cli (the experiment runner,
 * issue 9), one scenario at a time (`parallel: 1`: the sweeper already keeps
 * every core busy with points), resuming completed scenarios inside a point.
 *
 * LEAD: this is the only file that knows runAll's signature. It imports the
 * CLI dynamically and checks for `runAll` so the sweeper builds and tests
 * before the runner lands; once it does, replace `loadRunAll` with
 * `import { runAll } from '@tasmoe/cli'` and drop the local interface copy.
 */
import type { MetricsRow, Scenario } from '@tasmoe/schemas';
import { SweeperError } from '../errors.js';
import type { PointConfigs, SweepPoint } from '../sweep/point.js';
import type { PointRunner } from './point-runner.js';

/** The part of @tasmoe/cli's RunAllOptions the sweeper uses (issue 9's interface). */
export interface RunAllOptionsSubset {
  configs: PointConfigs;
  workloadName?: string;
  outDir: string;
  scenarios?: readonly Scenario[];
  parallel?: number;
  verbose?: boolean;
  report?: boolean;
  resume?: boolean;
  signal?: AbortSignal;
}

export type RunAllFn = (opts: RunAllOptionsSubset) => Promise<{ rows: MetricsRow[]; skipped: Scenario[]; outDir: string }>;

let cached: Promise<RunAllFn> | undefined;

async function loadRunAll(): Promise<RunAllFn> {
  const cli = (await import('@tasmoe/cli')) as Record<string, unknown>;
  const runAll = cli['runAll'];
  if (typeof runAll !== 'function') {
    throw new SweeperError('RUNNER_MISSING', '@tasmoe/cli does not export runAll yet (the experiment runner, issue 9): use --runner <module> meanwhile');
  }
  return runAll as RunAllFn;
}

/** Per-point HTML reports are off: a sweep's report is collect's sweep.csv and plots. */
export const runPoint: PointRunner = async (point: SweepPoint, outDir: string, signal: AbortSignal) => {
  cached ??= loadRunAll();
  const runAll = await cached;
  return runAll({
    configs: point.configs,
    workloadName: point.workloadName,
    outDir,
    scenarios: point.scenarios,
    parallel: 1,
    report: false,
    resume: true,
    signal,
  });
};
