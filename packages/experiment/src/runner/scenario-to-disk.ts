/**
 * One scenario from configs to files: run.log, the unified CSV, the window
 * series, heat-map frames, placement.json, replica_state.json, and run.json
 * last (its presence with a matching config hash, and files matching the
 * sizes and sha256 it lists, marks the scenario complete). Every result is
 * staged as a synced temp file first and published (renamed) only once all of
 * them are written, so a failed write (a full disk) publishes nothing and an
 * earlier complete result stays as it was. Errors go to the log before they
 * propagate; over a finished result the log is run.new.log until success, so a
 * failed rerun never overwrites a finished scenario's run.log.
 */
import { renameSync, rmSync } from 'node:fs';
import path from 'node:path';
import { stringify as yamlStringify } from 'yaml';
import type { MetricsRow, ResolvedArchConfig, Scenario, ThermalBackend, InfluenceMatrix } from '@tasmoe/schemas';
import { metricsCsv } from '@tasmoe/metrics';
import {
  openAtomicFile,
  stageFile,
  writeFileAtomic,
  type AtomicFileWriter,
  type StagedFile,
  type WrittenFile,
} from './atomic-write.js';
import {
  jobHash,
  logFileFor,
  scenarioFiles,
  type ScenarioFiles,
  type ScenarioJob,
  type ScenarioManifest,
} from './scenario-files.js';
import { gitCommit, packageVersions } from './provenance.js';
import { openRunLog, type RunLogger } from './run-log.js';
import type { ThermalContext } from './thermal-factory.js';
import { runScenario, type ForkedTwin, type ScenarioRunResult, type TwinOutputs } from '../loop/scenario-loop.js';
import { loadPolicyRegistry } from '../policy/load-policy-modules.js';

export interface ScenarioDeps {
  readonly createThermal: (arch: ResolvedArchConfig, ctx?: ThermalContext) => ThermalBackend;
  readonly influence?: (arch: ResolvedArchConfig) => InfluenceMatrix | undefined;
  readonly onProgress?: (window: number, fraction: number) => void;
  readonly signal?: AbortSignal;
}

function runIdOf(job: ScenarioJob, hash: string): string {
  return `${job.workloadName}-${job.scenario}-${hash.slice(0, 12)}`;
}

function logHeader(
  logger: RunLogger,
  job: ScenarioJob,
  runId: string,
  versions: Record<string, string>,
  commit: string | undefined,
): void {
  const { arch, workload, tas } = job.configs;
  logger.info(`run ${runId}: scenario ${job.scenario}, workload ${job.workloadName}, seed ${workload.routing.seed}`);
  logger.info(`versions ${JSON.stringify(versions)}${commit ? ` git ${commit}` : ''}`);
  logger.info(`config snapshot (resolved):\n${yamlStringify({ arch, workload, tas })}`);
}

/**
 * Runs the job; returns its manifest, followed by its TACS twin's when the twin was derived
 * from this run (job.onlineTwin, its online policy idle in every window).
 */
export async function runScenarioToDisk(job: ScenarioJob, deps: ScenarioDeps): Promise<ScenarioManifest[]> {
  const f = scenarioFiles(job.outDir, job.scenario, job.workloadName);
  const hash = jobHash(job);
  const runId = runIdOf(job, hash);
  const logFile = logFileFor(f);
  const logger = openRunLog(logFile, { verbose: job.verbose });
  const { arch, workload, tas } = job.configs;
  const versions = packageVersions();
  const commit = gitCommit();
  let windowsFile: AtomicFileWriter | undefined;
  let twinOutputs: ForkOutputs | undefined;
  const staged: StagedFile[] = [];
  try {
    logHeader(logger, job, runId, versions, commit);
    const registry = await loadPolicyRegistry(job.policyModules ?? []);
    const shadow = job.onlineTwin !== undefined && !job.verbose;
    const shadowPolicy = job.onlineTwin === undefined ? undefined : registry.scenario(job.onlineTwin).online?.name;
    if (shadow)
      logger.info(
        `${shadowPolicy} evaluated in shadow every window (not applied): if it never acts, this run is also scenario ${job.onlineTwin}'s`,
      );
    const t0 = performance.now();
    const influence = deps.influence?.(arch);
    let backendName = '';
    const windows = (windowsFile = openAtomicFile(f.windows));
    twinOutputs =
      shadow && job.onlineTwin !== undefined
        ? forkOutputs(job, job.onlineTwin, runId, windows, versions, commit, () => backendName)
        : undefined;
    const res = await runScenario({
      arch,
      workload,
      tas,
      scenario: job.scenario,
      registry,
      workloadName: job.workloadName,
      createThermal: (a) => {
        // an external solver's command lines and stderr go to this scenario's log
        const b = deps.createThermal(a, { log: (line) => logger.info(line) });
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
      ...(shadow && job.onlineTwin !== undefined ? { shadowOf: job.onlineTwin } : {}),
      windowsSink: (chunk) => windows.write(chunk),
      ...(twinOutputs !== undefined ? { forkTwin: twinOutputs.outputs } : {}),
      ...(job.traces !== undefined ? { tracesDir: job.traces.dir } : {}),
      ...(job.traceThreads !== undefined ? { traceThreads: job.traceThreads } : {}),
    });
    const twin = shadow && res.onlineIdle === true ? job.onlineTwin : undefined;
    const windowsStaged = windows.finish();
    staged.push(windowsStaged);
    const files = { [path.basename(f.windows)]: windowsStaged, ...stageResultFiles(f, res, res.row, staged) };
    const manifest = runManifest(job, { hash, runId, versions, commit }, res, t0, backendName, files);
    const twinWindows =
      twin === undefined ? undefined : windowsStaged.copyTo(scenarioFiles(job.outDir, twin, job.workloadName).windows);
    if (twinWindows !== undefined) staged.push(twinWindows);
    publish(f, staged);
    staged.length = 0;
    logger.info(`wrote ${path.basename(f.csv)} (${manifest.wall_ms} ms wall)`);
    if (shadow && job.onlineTwin !== undefined) {
      if (res.twin !== undefined)
        logger.info(
          `${shadowPolicy} first acted in window ${res.twin.forkedAt}: scenario ${job.onlineTwin} continues from this run's state there`,
        );
      else if (twin === undefined)
        logger.info(`${shadowPolicy} acted in this run's closed loop: scenario ${job.onlineTwin} needs its own run`);
      else logger.info(`${shadowPolicy} chose no action in any window: scenario ${twin}'s results are this run's`);
    }
    logger.close();
    if (logFile !== f.log) renameSync(logFile, f.log);
    writeFileAtomic(f.manifest, `${JSON.stringify(manifest, null, 2)}\n`);
    if (res.twin !== undefined && twinOutputs?.opened !== undefined)
      return [manifest, writeForkedTwin(twinOutputs.opened, res.twin, manifest, versions, commit)];
    if (twin === undefined || twinWindows === undefined) return [manifest];
    return [manifest, writeTwin(job, twin, res, manifest, twinWindows, versions, commit)];
  } catch (err) {
    windowsFile?.abort();
    twinOutputs?.abort();
    for (const s of staged) s.discard();
    logger.error(
      `${err instanceof Error ? `${err.name}${'code' in err ? ` [${String(err.code)}]` : ''}: ${err.message}` : String(err)}`,
    );
    if (err instanceof Error && err.cause !== undefined) logger.error(`caused by: ${String(err.cause)}`);
    throw err;
  } finally {
    logger.close();
  }
}

/** Stages the files written at the end of a run (the window series was streamed); adds them to `staged`. */
function stageResultFiles(
  f: ScenarioFiles,
  res: ScenarioRunResult,
  row: MetricsRow,
  staged: StagedFile[],
): Record<string, StagedFile> {
  const out: Record<string, StagedFile> = {};
  const add = (file: string, text: string) => {
    const s = stageFile(file, text);
    staged.push(s);
    out[path.basename(file)] = s;
  };
  add(f.csv, metricsCsv([row]));
  add(f.frames, res.framesCsv);
  add(f.placement, `${JSON.stringify(res.placement, null, 2)}\n`);
  add(f.replicaState, `${JSON.stringify(res.replicaState, null, 2)}\n`);
  return out;
}

/** run.json of a scenario simulated here (`t0`: when its loop started). */
function runManifest(
  job: ScenarioJob,
  id: { hash: string; runId: string; versions: Record<string, string>; commit: string | undefined },
  res: ScenarioRunResult,
  t0: number,
  thermalBackend: string,
  files: Record<string, WrittenFile>,
): ScenarioManifest {
  return {
    status: 'complete',
    config_hash: id.hash,
    run_id: id.runId,
    seed: job.configs.workload.routing.seed,
    scenario: job.scenario,
    workload: job.workloadName,
    windows: res.windows,
    wall_ms: Math.round(performance.now() - t0),
    row: res.row,
    versions: id.versions,
    ...(id.commit ? { git_commit: id.commit } : {}),
    thermal_backend: thermalBackend,
    created: new Date().toISOString(),
    ...(res.startCheck === undefined ? {} : { start_check: res.startCheck }),
    files: recorded(files),
  };
}

function recorded(files: Record<string, WrittenFile>): Record<string, WrittenFile> {
  return Object.fromEntries(Object.entries(files).map(([name, w]) => [name, { bytes: w.bytes, sha256: w.sha256 }]));
}

/**
 * Renames every staged file to its name. The old run.json goes first: until the new one is
 * written, the folder does not claim to be complete (a crash in between leaves it to be rerun).
 */
function publish(f: ScenarioFiles, staged: readonly StagedFile[]): void {
  rmSync(f.manifest, { force: true });
  for (const s of staged) s.publish();
}

/**
 * The TACS twin's files from its base run. Its closed loop is the base run's: TACS saw the same
 * telemetry and pending windows in every window (warm-up included) and chose no action, and a
 * window lowered with empty overlays is the window lowered with none (physicalizer test).
 */
function writeTwin(
  base: ScenarioJob,
  scenario: Scenario,
  res: ScenarioRunResult,
  baseManifest: ScenarioManifest,
  windows: WrittenFile,
  versions: Record<string, string>,
  commit: string | undefined,
): ScenarioManifest {
  const { f, hash, runId, logFile, logger } = openTwinLog(
    base,
    scenario,
    versions,
    commit,
    baseManifest.thermal_backend,
  );
  const staged: StagedFile[] = [];
  try {
    logger.info(
      `closed loop shared with run ${baseManifest.run_id} (scenario ${base.scenario}, same placement): TACS, evaluated on every window of that run ` +
        `from the same telemetry (warm-up included), chose no action, so this scenario's loop is that run's window for window; ` +
        `see ${base.scenario}/run.log for the window log. --no-share-idle-tacs simulates it separately.`,
    );
    const row: MetricsRow = { ...res.row, scenario };
    const files = { [path.basename(f.windows)]: windows, ...stageResultFiles(f, res, row, staged) };
    const manifest: ScenarioManifest = {
      ...baseManifest,
      config_hash: hash,
      run_id: runId,
      scenario,
      row,
      wall_ms: 0,
      derived_from: baseManifest.run_id,
      created: new Date().toISOString(),
      files: recorded(files),
    };
    publish(f, staged);
    staged.length = 0;
    logger.info(`wrote ${path.basename(f.csv)} (derived from ${baseManifest.run_id})`);
    logger.close();
    if (logFile !== f.log) renameSync(logFile, f.log);
    writeFileAtomic(f.manifest, `${JSON.stringify(manifest, null, 2)}\n`);
    return manifest;
  } catch (err) {
    for (const s of staged) s.discard();
    logger.error(`${err instanceof Error ? err.message : String(err)}`);
    throw err;
  } finally {
    logger.close();
  }
}

/** The TACS twin's job: the base job's, for the twin's scenario. */
function twinJobOf(base: ScenarioJob, scenario: Scenario): ScenarioJob {
  const { onlineTwin: _, ...rest } = base;
  return { ...rest, scenario };
}

/** The TACS twin's job, ids and run.log, opened with its header and thermal back end. */
function openTwinLog(
  base: ScenarioJob,
  scenario: Scenario,
  versions: Record<string, string>,
  commit: string | undefined,
  thermalBackend: string,
): { job: ScenarioJob; f: ScenarioFiles; hash: string; runId: string; logFile: string; logger: RunLogger } {
  const job = twinJobOf(base, scenario);
  const f = scenarioFiles(job.outDir, scenario, job.workloadName);
  const hash = jobHash(job);
  const runId = runIdOf(job, hash);
  const logFile = logFileFor(f);
  const logger = openRunLog(logFile, { verbose: false });
  try {
    logHeader(logger, job, runId, versions, commit);
    logger.info(`thermal back end: ${thermalBackend}`);
  } catch (err) {
    logger.close();
    throw err;
  }
  return { job, f, hash, runId, logFile, logger };
}

/** A forked twin's files, opened at the fork (fork-twin.ts). */
interface OpenedTwin {
  readonly job: ScenarioJob;
  readonly f: ScenarioFiles;
  readonly hash: string;
  readonly runId: string;
  readonly logFile: string;
  readonly logger: RunLogger;
  readonly windows: AtomicFileWriter;
  readonly forkedAt: number;
}

interface ForkOutputs {
  readonly outputs: TwinOutputs;
  /** Set when the fork happened. */
  readonly opened: OpenedTwin | undefined;
  /** Removes what the fork opened (the base run failed). */
  abort(): void;
}

/**
 * What the loop opens at a fork: the twin's run.log (its header, then where its loop comes from)
 * and its window series, which starts as a copy of everything the base's has so far.
 */
function forkOutputs(
  base: ScenarioJob,
  scenario: Scenario,
  baseRunId: string,
  baseWindows: AtomicFileWriter,
  versions: Record<string, string>,
  commit: string | undefined,
  backendName: () => string,
): ForkOutputs {
  let opened: OpenedTwin | undefined;
  return {
    get opened() {
      return opened;
    },
    outputs: {
      open(forkedAt) {
        const { job, f, hash, runId, logFile, logger } = openTwinLog(base, scenario, versions, commit, backendName());
        logger.info(
          `closed loop continued from run ${baseRunId} (scenario ${base.scenario}, same placement) at window ${forkedAt} of the measured pass: ` +
            `TACS, evaluated in shadow on every window of that run from the same telemetry (warm-up included), first acted in that window; ` +
            `the warm-up and windows 0-${forkedAt - 1} are that run's (see ${base.scenario}/run.log), and this scenario's loop goes on from a copy ` +
            'of its state there. --no-share-idle-tacs simulates it from the start.',
        );
        const windows = openAtomicFile(f.windows);
        baseWindows.copyWrittenTo(windows);
        opened = { job, f, hash, runId, logFile, logger, windows, forkedAt };
        return { logger, windowsSink: (chunk) => windows.write(chunk) };
      },
      abandon() {
        opened?.windows.abort();
        opened?.logger.close();
        if (opened !== undefined) rmSync(opened.logFile, { force: true });
        opened = undefined;
      },
    },
    abort() {
      opened?.windows.abort();
      opened?.logger.close();
    },
  };
}

/** Runs a forked twin from its fork to the end and writes its files as a run of its own. */
function writeForkedTwin(
  opened: OpenedTwin,
  twin: ForkedTwin,
  baseManifest: ScenarioManifest,
  versions: Record<string, string>,
  commit: string | undefined,
): ScenarioManifest {
  const { job, f, hash, runId, logFile, logger, windows } = opened;
  const staged: StagedFile[] = [];
  let windowsOpen = true;
  try {
    const t0 = performance.now();
    const res = twin.run();
    const windowsStaged = windows.finish();
    windowsOpen = false;
    staged.push(windowsStaged);
    const files = { [path.basename(f.windows)]: windowsStaged, ...stageResultFiles(f, res, res.row, staged) };
    const manifest: ScenarioManifest = {
      ...runManifest(job, { hash, runId, versions, commit }, res, t0, baseManifest.thermal_backend, files),
      forked_from: baseManifest.run_id,
      forked_at_window: opened.forkedAt,
    };
    publish(f, staged);
    staged.length = 0;
    logger.info(`wrote ${path.basename(f.csv)} (${manifest.wall_ms} ms wall from the fork)`);
    logger.close();
    if (logFile !== f.log) renameSync(logFile, f.log);
    writeFileAtomic(f.manifest, `${JSON.stringify(manifest, null, 2)}\n`);
    return manifest;
  } catch (err) {
    if (windowsOpen) windows.abort();
    for (const s of staged) s.discard();
    logger.error(`${err instanceof Error ? err.message : String(err)}`);
    throw err;
  } finally {
    logger.close();
  }
}
