/**
 * The default point runner: `runAll` of @tasmoe/experiment (the experiment runner),
 * one scenario at a time (`parallel: 1`: the sweeper already keeps every core
 * busy with points), resuming completed scenarios inside a point.
 */
import { runAll } from '@tasmoe/experiment';
import type { SweepPoint } from '../sweep/point.js';
import type { PointRunner } from './point-runner.js';

/** Per-point HTML reports are off: a sweep's report is collect's sweep.csv and plots. */
export const runPoint: PointRunner = async (point: SweepPoint, outDir: string, signal: AbortSignal) => {
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
