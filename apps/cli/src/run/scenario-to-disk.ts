/**
 * One scenario from configs to files: run.log, the unified CSV, the window
 * series, heat-map frames, placement.json, replica_state.json, and run.json
 * last (its presence with a matching config hash marks the scenario complete).
 * Every file is written atomically; errors go to run.log before they propagate.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { stringify as yamlStringify } from 'yaml';
import type { MetricsRow, ResolvedArchConfig, ResolvedTasParams, ResolvedWorkloadConfig, Scenario, ThermalBackend, InfluenceMatrix, Placement } from '@tasmoe/schemas';
import { metricsCsv } from '@tasmoe/metrics';
import { writeFileAtomic } from './atomic-write.js';
import { hashOf } from './config-hash.js';
import { gitCommit, packageVersions } from './provenance.js';
import { openRunLog } from './run-log.js';
import { runScenario } from './scenario-loop.js';

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

export interface ScenarioDeps {
  readonly createThermal: (arch: ResolvedArchConfig) => ThermalBackend;
  readonly influence?: (arch: ResolvedArchConfig) => InfluenceMatrix | undefined;
  readonly onProgress?: (window: number, fraction: number) => void;
  readonly signal?: AbortSignal;
}

export async function runScenarioToDisk(job: ScenarioJob, deps: ScenarioDeps): Promise<ScenarioManifest> {
  const f = scenarioFiles(job.outDir, job.scenario, job.workloadName);
  const hash = jobHash(job);
  const runId = `${job.workloadName}-${job.scenario}-${hash.slice(0, 12)}`;
  const logger = openRunLog(f.log, { verbose: job.verbose });
  const { arch, workload, tas } = job.configs;
  const versions = packageVersions();
  const commit = gitCommit();
  try {
    logger.info(`run ${runId}: scenario ${job.scenario}, workload ${job.workloadName}, seed ${workload.routing.seed}`);
    logger.info(`versions ${JSON.stringify(versions)}${commit ? ` git ${commit}` : ''}`);
    logger.info(`config snapshot (resolved):\n${yamlStringify({ arch, workload, tas })}`);
    const t0 = performance.now();
    const influence = deps.influence?.(arch);
    let backendName = '';
    const res = await runScenario({
      arch,
      workload,
      tas,
      scenario: job.scenario,
      workloadName: job.workloadName,
      createThermal: (a) => {
        const b = deps.createThermal(a);
        backendName = b.name;
        logger.info(`thermal back end: ${b.name}`);
        return b;
      },
      ...(influence ? { influence } : {}),
      ...(job.placement ? { placement: job.placement } : {}),
      logger,
      ...(deps.onProgress ? { onProgress: deps.onProgress } : {}),
      ...(job.maxWindows !== undefined ? { maxWindows: job.maxWindows } : {}),
      ...(deps.signal ? { signal: deps.signal } : {}),
    });
    writeFileAtomic(f.csv, metricsCsv([res.row]));
    writeFileAtomic(f.windows, res.windowsCsv);
    writeFileAtomic(f.frames, res.framesCsv);
    writeFileAtomic(f.placement, `${JSON.stringify(res.placement, null, 2)}\n`);
    writeFileAtomic(f.replicaState, `${JSON.stringify(res.replicaState, null, 2)}\n`);
    const manifest: ScenarioManifest = {
      status: 'complete',
      config_hash: hash,
      run_id: runId,
      seed: workload.routing.seed,
      scenario: job.scenario,
      workload: job.workloadName,
      windows: res.windows,
      wall_ms: Math.round(performance.now() - t0),
      row: res.row,
      versions,
      ...(commit ? { git_commit: commit } : {}),
      thermal_backend: backendName,
      created: new Date().toISOString(),
    };
    writeFileAtomic(f.manifest, `${JSON.stringify(manifest, null, 2)}\n`);
    logger.info(`wrote ${path.basename(f.csv)} (${manifest.wall_ms} ms wall)`);
    return manifest;
  } catch (err) {
    logger.error(`${err instanceof Error ? `${err.name}${'code' in err ? ` [${String(err.code)}]` : ''}: ${err.message}` : String(err)}`);
    if (err instanceof Error && err.cause !== undefined) logger.error(`caused by: ${String(err.cause)}`);
    throw err;
  } finally {
    logger.close();
  }
}
