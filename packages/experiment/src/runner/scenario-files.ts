/**
 * Where a scenario's results live and when they are complete: the job, its
 * files, its configuration hash and run.json manifest. Light (no simulation
 * modules), so run-all can decide what to run before loading the loop.
 */
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import {
  safeFileStem,
  type MetricsRow,
  type Placement,
  type ResolvedArchConfig,
  type ResolvedTasParams,
  type ResolvedWorkloadConfig,
  type Scenario,
} from '@tasmoe/schemas';
import type { WrittenFile } from './atomic-write.js';
import { hashOf } from './config-hash.js';
import type { PolicyModuleRef } from '../policy/load-policy-modules.js';
import type { TraceInput } from './trace-input.js';
import type { StartCheck } from '../loop/start-check.js';

/**
 * Bumped when the result files change meaning, so old results are not resumed as current.
 * 2: metrics rows gained hot_window_share, t_first_hot_ms, energy_per_token_j, throttled_ms and
 * expert_load_max_mean.
 * 3: window rows gained banks_touched, expert_tasks, expert_compute_ms and expert_weight_read_ms;
 * metrics rows banks_touched_mean, banks_touched_max, weight_read_ms_per_task and compute_ms_per_task.
 */
export const RESULTS_FORMAT = 3;

export interface ScenarioConfigs {
  readonly arch: ResolvedArchConfig;
  readonly workload: ResolvedWorkloadConfig;
  readonly tas: ResolvedTasParams;
}

export interface ScenarioJob {
  readonly configs: ScenarioConfigs;
  readonly scenario: Scenario;
  readonly workloadName: string;
  readonly outDir: string;
  readonly verbose: boolean;
  readonly maxWindows?: number;
  readonly placement?: Placement;
  /** Policy modules (--policy) whose scenarios the run may name; every worker imports them. */
  readonly policyModules?: readonly PolicyModuleRef[];
  /**
   * The scenario adding an online policy to this job's placement (baseline -> tacs, taps -> tas,
   * eplb -> eplb-tacs). The run evaluates that policy in shadow; when it never acts, that scenario's
   * results are this run's, window for window, and are written for it too (marked derived_from)
   * instead of being simulated again.
   */
  readonly onlineTwin?: Scenario;
  /** Replay this recorded trace instead of generating it (trace-input.ts). */
  readonly traces?: TraceInput;
  /** Threads that parse `traces` (speed only: not part of the job hash). */
  readonly traceThreads?: number;
}

export interface ScenarioFiles {
  readonly dir: string;
  readonly csv: string;
  readonly windows: string;
  readonly frames: string;
  readonly placement: string;
  readonly replicaState: string;
  readonly log: string;
  /** The log of a run over a finished result: becomes run.log on success, stays beside it on failure. */
  readonly newLog: string;
  readonly manifest: string;
}

/** File names use the workload name through safeFileStem (a name from a config never leaves the folder). */
export function scenarioFiles(outDir: string, scenario: Scenario, workloadName: string): ScenarioFiles {
  const dir = path.join(outDir, scenario);
  const stem = safeFileStem(workloadName);
  return {
    dir,
    csv: path.join(dir, `${stem}.csv`),
    windows: path.join(dir, `${stem}.windows.csv`),
    frames: path.join(dir, `${stem}.frames.csv`),
    placement: path.join(dir, 'placement.json'),
    replicaState: path.join(dir, 'replica_state.json'),
    log: path.join(dir, 'run.log'),
    newLog: path.join(dir, 'run.new.log'),
    manifest: path.join(dir, 'run.json'),
  };
}

export function jobHash(
  job: Pick<
    ScenarioJob,
    'configs' | 'scenario' | 'workloadName' | 'maxWindows' | 'placement' | 'policyModules' | 'traces'
  >,
): string {
  return hashOf({
    format: RESULTS_FORMAT,
    configs: job.configs,
    scenario: job.scenario,
    workload: job.workloadName,
    maxWindows: job.maxWindows ?? null,
    placement: job.placement ?? null,
    // the policies' code is part of the configuration (by content, not by path)
    ...(job.policyModules !== undefined && job.policyModules.length > 0
      ? { policies: job.policyModules.map((m) => m.sha256) }
      : {}),
    ...(job.traces !== undefined ? { traces: job.traces } : {}),
  });
}

export interface ScenarioManifest {
  readonly status: 'complete';
  readonly config_hash: string;
  readonly run_id: string;
  readonly seed: number;
  readonly scenario: Scenario;
  readonly workload: string;
  readonly windows: number;
  readonly wall_ms: number;
  readonly row: MetricsRow;
  readonly versions: Record<string, string>;
  readonly git_commit?: string;
  readonly thermal_backend: string;
  readonly created: string;
  /** Run id of the run whose closed loop this scenario's is (its online policy idle throughout; see ScenarioJob.onlineTwin). */
  readonly derived_from?: string;
  /** Run id of the run this scenario's loop continued from (a fork at TACS's first action), and the window. */
  readonly forked_from?: string;
  readonly forked_at_window?: number;
  /**
   * The measured pass's steady start and its end against the steady state of the pass's own mean
   * activity, hottest core and bank in C (start-check.ts; absent with an ambient start).
   */
  readonly start_check?: StartCheck;
  /** Each result file (name in the scenario folder) with its size and sha256: resume trusts the files only when they match. */
  readonly files: Readonly<Record<string, WrittenFile>>;
}

/** The result files a manifest lists, by key of ScenarioFiles. */
export const RESULT_FILE_KEYS = ['csv', 'windows', 'frames', 'placement', 'replicaState'] as const;

/** Where a scenario's log goes: run.log, unless a finished result is there (then run.new.log, see ScenarioFiles.newLog). */
export function logFileFor(f: ScenarioFiles): string {
  return existsSync(f.manifest) ? f.newLog : f.log;
}

function sha256Of(file: string): string {
  return createHash('sha256').update(readFileSync(file)).digest('hex');
}

/** Why the files of a manifest cannot be trusted, or undefined when every one has its recorded size and sha256. */
export function filesMismatch(dir: string, m: Pick<ScenarioManifest, 'files'>): string | undefined {
  if (m.files === undefined || Object.keys(m.files).length === 0) return 'run.json lists no result files';
  for (const [name, want] of Object.entries(m.files)) {
    const file = path.join(dir, name);
    let size: number;
    try {
      size = statSync(file).size;
    } catch {
      return `${name} is missing`;
    }
    if (size !== want.bytes) return `${name} has ${size} bytes, run.json says ${want.bytes}`;
    if (sha256Of(file) !== want.sha256) return `${name} differs from the file run.json describes (sha256)`;
  }
  return undefined;
}

/** The manifest in a scenario folder, if it parses as one. */
export function readManifest(f: ScenarioFiles): ScenarioManifest | undefined {
  if (!existsSync(f.manifest)) return undefined;
  try {
    const m = JSON.parse(readFileSync(f.manifest, 'utf8')) as ScenarioManifest;
    return m !== null && typeof m === 'object' && m.status === 'complete' ? m : undefined;
  } catch {
    return undefined;
  }
}

/** The manifest of a complete scenario with this configuration whose files are intact, if one exists. */
export function completedManifest(job: ScenarioJob): ScenarioManifest | undefined {
  const f = scenarioFiles(job.outDir, job.scenario, job.workloadName);
  const m = readManifest(f);
  if (m === undefined || m.config_hash !== jobHash(job)) return undefined;
  return filesMismatch(f.dir, m) === undefined ? m : undefined;
}
