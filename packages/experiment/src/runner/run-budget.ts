/**
 * Before a run starts: its estimated windows, memory and disk (estimateRun of
 * @tasmoe/schemas) against the machine. A run over budget is refused with the
 * estimate and the config field that drives it (RUN_TOO_LARGE, exit 2) unless
 * the caller allows it (`--allow-large`): a mistyped `window_ms` or `steps`
 * then fails in a second, not after hours or when the kernel kills it.
 */
import { totalmem } from 'node:os';
import { statfsSync } from 'node:fs';
import path from 'node:path';
import { estimateRun, type RunEstimate, type RunEstimateConfigs } from '@tasmoe/schemas';
import { RunnerError } from './runner-error.js';

/** Estimated windows per scenario above which a run is refused (the default Mixtral run: ~15,000 estimated, 32,480 run). */
export const MAX_WINDOWS = 2_000_000;
/** Share of the machine's memory the scenarios running at once may take. */
export const MEMORY_SHARE = 0.8;

export interface Machine {
  readonly memoryBytes: number;
  /** Free space where the results go, bytes (undefined when unknown). */
  readonly freeDiskBytes: number | undefined;
}

/** Memory (the cgroup limit when there is one) and free disk space under `outDir`. */
export function thisMachine(outDir: string): Machine {
  const limit = typeof process.constrainedMemory === 'function' ? process.constrainedMemory() : 0;
  const memoryBytes = limit !== undefined && limit > 0 && limit < totalmem() ? limit : totalmem();
  let freeDiskBytes: number | undefined;
  for (let dir = path.resolve(outDir); ; dir = path.dirname(dir)) {
    try {
      const s = statfsSync(dir);
      freeDiskBytes = s.bavail * s.bsize;
      break;
    } catch {
      if (path.dirname(dir) === dir) break;
    }
  }
  return { memoryBytes, freeDiskBytes };
}

/** Bytes for a message: kB, MB or GB with one decimal (kB whole). */
const gb = (b: number) =>
  b >= 1e9 ? `${(b / 1e9).toFixed(1)} GB` : b >= 1e6 ? `${(b / 1e6).toFixed(1)} MB` : `${Math.round(b / 1e3)} kB`;

export interface BudgetRequest {
  readonly configs: RunEstimateConfigs;
  readonly maxWindows?: number;
  /** Scenarios to run, and how many run at once. */
  readonly scenarios: number;
  readonly concurrent: number;
}

/** The estimate, or RUN_TOO_LARGE naming what is over and the field that drives it. */
export function checkRunBudget(req: BudgetRequest, machine: Machine): RunEstimate {
  const est = estimateRun(req.configs, req.maxWindows === undefined ? {} : { maxWindows: req.maxWindows });
  const { workload, tas } = req.configs;
  const over: string[] = [];
  if (req.maxWindows === undefined && est.windows > MAX_WINDOWS) {
    // windows = steps x windows per step: name first the factor further from the defaults' ~30 windows per step
    const win = `tas.tacs.window_ms (${tas.tacs.window_ms} ms)`;
    const steps = `workload.sequence.steps (${workload.sequence.steps})`;
    const driver = est.windowsPerStep > 100 ? `${win} and ${steps}` : `${steps} and ${win}`;
    over.push(
      `about ${est.windows.toExponential(2)} windows per scenario (at least: ${workload.sequence.steps} decode steps of ~${(est.stepS * 1e3).toPrecision(3)} ms ` +
        `in windows of ${tas.tacs.window_ms} ms), above the limit of ${MAX_WINDOWS}; driven by ${driver}; or cap the run with --max-windows`,
    );
  }
  const memory = est.memoryBytes * Math.max(1, req.concurrent);
  if (memory > MEMORY_SHARE * machine.memoryBytes) {
    const top = est.memoryParts[0];
    over.push(
      `about ${gb(memory)} of memory (${gb(est.memoryBytes)} per scenario x ${req.concurrent} at once) on a machine with ${gb(machine.memoryBytes)}` +
        `${top === undefined ? '' : `; the largest part is ${top.what} (${gb(top.bytes)}), driven by ${top.field}`}; or lower --parallel`,
    );
  }
  const disk = est.windowsCsvBytes * req.scenarios;
  if (machine.freeDiskBytes !== undefined && disk > machine.freeDiskBytes) {
    over.push(
      `about ${gb(disk)} of window series for ${req.scenarios} scenario(s), more than the ${gb(machine.freeDiskBytes)} free where the results go`,
    );
  }
  if (over.length > 0)
    throw new RunnerError(
      'RUN_TOO_LARGE',
      `run refused before it started: ${over.join('; ')}. Pass --allow-large to run it anyway.`,
    );
  return est;
}
