/**
 * Where a scenario's results live and when they are complete: the job, its
 * files, its configuration hash and run.json manifest. Light (no simulation
 * modules), so run-all can decide what to run before loading the loop.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { MetricsRow, Placement, ResolvedArchConfig, ResolvedTasParams, ResolvedWorkloadConfig, Scenario } from '@tasmoe/schemas';
import { hashOf } from './config-hash.js';

/** Bumped when the result files change meaning, so old results are not resumed as current. */
export const RESULTS_FORMAT = 1;

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
  /**
   * The TACS scenario on this job's placement (baseline -> tacs, taps -> tas). The run evaluates
   * TACS in shadow; when TACS never acts, that scenario's results are this run's, window for
   * window, and are written for it too (marked derived_from) instead of being simulated again.
   */
  readonly tacsTwin?: Scenario;
}

export interface ScenarioFiles {
  readonly dir: string;
  readonly csv: string;
  readonly windows: string;
  readonly frames: string;
  readonly placement: string;
  readonly replicaState: string;
  readonly log: string;
  readonly manifest: string;
}

export function scenarioFiles(outDir: string, scenario: Scenario, workloadName: string): ScenarioFiles {
  const dir = path.join(outDir, scenario);
  return {
    dir,
    csv: path.join(dir, `${workloadName}.csv`),
    windows: path.join(dir, `${workloadName}.windows.csv`),
    frames: path.join(dir, `${workloadName}.frames.csv`),
    placement: path.join(dir, 'placement.json'),
    replicaState: path.join(dir, 'replica_state.json'),
    log: path.join(dir, 'run.log'),
    manifest: path.join(dir, 'run.json'),
  };
}

export function jobHash(job: Pick<ScenarioJob, 'configs' | 'scenario' | 'workloadName' | 'maxWindows' | 'placement'>): string {
  return hashOf({
    format: RESULTS_FORMAT,
    configs: job.configs,
    scenario: job.scenario,
    workload: job.workloadName,
    maxWindows: job.maxWindows ?? null,
    placement: job.placement ?? null,
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
  /** Run id of the run whose closed loop this scenario's is (TACS idle throughout; see ScenarioJob.tacsTwin). */
  readonly derived_from?: string;
}

/** The manifest of a complete scenario with this configuration, if one exists. */
export function completedManifest(job: ScenarioJob): ScenarioManifest | undefined {
  const f = scenarioFiles(job.outDir, job.scenario, job.workloadName);
  if (!existsSync(f.manifest) || !existsSync(f.csv)) return undefined;
  try {
    const m = JSON.parse(readFileSync(f.manifest, 'utf8')) as ScenarioManifest;
    return m.status === 'complete' && m.config_hash === jobHash(job) ? m : undefined;
  } catch {
    return undefined;
  }
}
