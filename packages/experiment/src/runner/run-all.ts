/**
 * The main job: the four scenarios on one hardware + workload description,
 * in parallel worker threads (or in-process with parallel = 1), each writing
 * results/<scenario>/<workload>.csv and its companions, then run-all.json and
 * (when available) the report. Scenarios whose results are complete and were
 * made with an identical configuration (and whose files match their run.json)
 * are skipped, so an interrupted run-all started again with the same arguments
 * only does what is missing. One run per results folder: the folder is locked
 * for the run, and a folder holding results of another configuration is refused
 * unless `force`.
 */
import { existsSync, readdirSync, rmdirSync, statSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import path from 'node:path';
import {
  BUILTIN_SCENARIOS,
  SCENARIOS,
  ScenarioSchema,
  TasmoeError,
  checkContext,
  placementProblems,
  stackCapacityProblems,
  type ErrorCategory,
  type MetricsRow,
  type Placement,
  type ResolvedArchConfig,
  type ResolvedTasParams,
  type ResolvedWorkloadConfig,
  type Scenario,
} from '@tasmoe/schemas';
import { writeFileAtomic } from './atomic-write.js';
import { acquireFolderLock } from './folder-lock.js';
import { silentProgress, type ProgressSink } from './progress.js';
import { RunnerError } from './runner-error.js';
import {
  completedManifest,
  jobHash,
  logFileFor,
  readManifest,
  scenarioFiles,
  type ScenarioJob,
  type ScenarioManifest,
} from './scenario-files.js';
import { removeStaleTemps } from './stale-temps.js';
import { checkRunBudget, thisMachine, type Machine } from './run-budget.js';
import type { WorkerInput, WorkerMessage } from './scenario-worker.js';
import { endIdleScenarioWorkers, scenarioWorker } from './scenario-workers.js';
import { repeatDir, repeatSeed, withSeed, writeRepeatFiles } from './repeats.js';
import { summarize, summaryCsv, type SummaryRow } from './summary.js';
import { loadPolicyRegistry, policyModuleRefs } from '../policy/load-policy-modules.js';
import { traceInput } from './trace-input.js';
import { checkParseThreads } from '@tasmoe/traces';
import { sharedInfluence } from './shared-influence.js';
import { startReportThreads, type ReportThreads } from './report-threads.js';

export interface RunAllOptions {
  readonly configs: { arch: ResolvedArchConfig; workload: ResolvedWorkloadConfig; tas: ResolvedTasParams };
  /** Name used in file names and the CSV's workload column; default the workload's `model`. */
  readonly workloadName?: string;
  readonly outDir: string;
  readonly scenarios?: readonly Scenario[];
  /** Worker threads; 1 runs in-process. Default: min(scenarios, available cores). */
  readonly parallel?: number;
  readonly verbose?: boolean;
  /** Build the HTML report at the end (default true). */
  readonly report?: boolean;
  /** Skip scenarios already complete with the same configuration (default true). */
  readonly resume?: boolean;
  readonly progress?: ProgressSink;
  readonly signal?: AbortSignal;
  /** Stop each scenario after this many windows (tests, quick looks). */
  readonly maxWindows?: number;
  /** A module exporting createThermal(arch) (and optionally influence(arch)) to use instead of the configured back end. */
  readonly thermalModule?: string;
  /** Use this placement in every scenario (e.g. a hand-made hotspot). */
  readonly placement?: Placement;
  /** Policy modules (--policy FILE) whose scenarios `scenarios` may name (load-policy-modules.ts). */
  readonly policyFiles?: readonly string[];
  /**
   * Let baseline / taps / eplb stand in for tacs / tas / eplb-tacs when TACS, evaluated in shadow on
   * their windows, never acts (default true; ScenarioJob.onlineTwin). The results are the same either way.
   */
  readonly shareIdleTacs?: boolean;
  /**
   * Runs per scenario (default 1), each on its own trace seed (repeat-seeds.ts). With more than one,
   * repeat r's files are in <outDir>/repeat-<r>/, and <outDir>/<scenario>/<workload>.csv holds one
   * row per repeat, with summary.csv beside them (summary.ts).
   */
  readonly repeats?: number;
  /** Run even when the folder holds results of another configuration (they are replaced scenario by scenario). */
  readonly force?: boolean;
  /** Write run-all.json, the description of the whole run (default true; run-single writes none). */
  readonly summary?: boolean;
  /** Run even when the estimated windows, memory or disk exceed the machine's budget (run-budget.ts). */
  readonly allowLarge?: boolean;
  /** The machine to check the budget against (default: this one). */
  readonly machine?: Machine;
  /** Replay this recorded trace folder (what gen-traces writes) in every scenario instead of generating it. */
  readonly tracesDir?: string;
  /** Threads that parse the recorded trace in each scenario (openRecordedTrace's parseThreads; default 1). */
  readonly traceThreads?: number;
}

export interface RunAllResult {
  /** One row per scenario and repeat, scenario-major. */
  readonly rows: MetricsRow[];
  readonly skipped: Scenario[];
  readonly outDir: string;
  readonly manifests: ScenarioManifest[];
  /** Mean, 95 % interval and paired difference to baseline of every metric (one repeat: no intervals). */
  readonly summary: SummaryRow[];
  readonly repeats: number;
}

/** A scenario that failed; its category is that of the error inside (a file-mode failure stays external). */
export class ScenarioFailedError extends TasmoeError<'SCENARIO_FAILED'> {
  readonly scenario: Scenario;
  readonly innerCode: string | undefined;
  constructor(
    scenario: Scenario,
    message: string,
    innerCode?: string,
    options?: { cause?: unknown; category?: ErrorCategory; log?: string },
  ) {
    super(
      'SCENARIO_FAILED',
      options?.category ?? 'internal',
      `scenario ${scenario} failed${innerCode ? ` [${innerCode}]` : ''}: ${message} (see ${scenario}/${options?.log ?? 'run.log'})`,
      options,
    );
    this.name = 'ScenarioFailedError';
    this.scenario = scenario;
    this.innerCode = innerCode;
  }
}

export async function runAll(opts: RunAllOptions): Promise<RunAllResult> {
  const existed = existsSync(opts.outDir);
  const lock = acquireFolderLock(opts.outDir, 'a tasmoe run writes its results there');
  try {
    return await runAllLocked(opts);
  } finally {
    lock.release();
    // a run refused before it wrote anything leaves no folder behind
    if (!existed) rmdirIfEmpty(opts.outDir);
  }
}

function rmdirIfEmpty(dir: string): void {
  try {
    if (readdirSync(dir).length === 0) rmdirSync(dir);
  } catch {
    // not empty or already gone
  }
}

/** Scenario folders of `outDir` holding complete results of a configuration other than this run's. */
export function foreignScenarios(template: Omit<ScenarioJob, 'scenario'>): Scenario[] {
  return scenarioFolders(template.outDir).filter((scenario) => holdsOtherRun({ ...template, scenario }));
}

/** Folders of `dir` named like a scenario (any scenario: a policy's too). */
function scenarioFolders(dir: string): Scenario[] {
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return [];
  }
  const rank = (n: string) => {
    const i = (BUILTIN_SCENARIOS as readonly string[]).indexOf(n);
    return i < 0 ? BUILTIN_SCENARIOS.length : i;
  };
  return names
    .filter(
      (n) =>
        ScenarioSchema.safeParse(n).success &&
        statSync(path.join(dir, n), { throwIfNoEntry: false })?.isDirectory() === true,
    )
    .sort((a, b) => rank(a) - rank(b) || (a < b ? -1 : a > b ? 1 : 0));
}

/** Whether the job's folder holds complete results of another configuration. */
function holdsOtherRun(job: ScenarioJob): boolean {
  const m = readManifest(scenarioFiles(job.outDir, job.scenario, job.workloadName));
  return m !== undefined && m.config_hash !== jobHash(job);
}

async function runAllLocked(opts: RunAllOptions): Promise<RunAllResult> {
  const scenarios = [...(opts.scenarios ?? SCENARIOS)];
  const workloadName = opts.workloadName ?? opts.configs.workload.model;
  const progress = opts.progress ?? silentProgress;
  const repeats = opts.repeats ?? 1;
  const policyModules = policyModuleRefs(opts.policyFiles ?? []);
  // every module imports and validates, and every scenario resolves, before anything runs
  const registry = await loadPolicyRegistry(policyModules);
  for (const s of scenarios) registry.scenario(s);
  removeStaleTemps(opts.outDir, repeats > 1 ? 2 : 1);
  const capacity = stackCapacityProblems(opts.configs.arch.dram, opts.configs.workload);
  if (capacity[0] !== undefined)
    throw new RunnerError('RUN_INPUT_INVALID', `${capacity[0].path}: ${capacity[0].message}`);
  if (opts.placement !== undefined) {
    const problems = placementProblems(opts.placement, checkContext(opts.configs.arch, opts.configs.workload));
    if (problems.length > 0) {
      throw new RunnerError(
        'RUN_INPUT_INVALID',
        `the placement does not fit the configs: ${problems
          .slice(0, 5)
          .map((p) => `${p.path}: ${p.message}`)
          .join('; ')}${problems.length > 5 ? `; ... and ${problems.length - 5} more` : ''}`,
      );
    }
  }
  if (opts.tracesDir !== undefined && repeats > 1) {
    throw new RunnerError(
      'RUN_INPUT_INVALID',
      'repeats run on derived routing seeds, a recorded trace has one: use --repeats 1 with --traces',
    );
  }
  if (opts.traceThreads !== undefined && opts.tracesDir === undefined)
    throw new RunnerError('RUN_INPUT_INVALID', '--trace-threads applies to a replayed trace: give --traces');
  if (opts.traceThreads !== undefined) checkParseThreads(opts.traceThreads, '--trace-threads');
  const traces = opts.tracesDir === undefined ? undefined : traceInput(opts.tracesDir, opts.configs.workload);
  const jobs: ScenarioJob[] = [];
  for (let r = 0; r < repeats; r++) {
    const configs =
      repeats === 1 ? opts.configs : withSeed(opts.configs, repeatSeed(opts.configs.workload.routing.seed, r));
    for (const scenario of scenarios) {
      jobs.push({
        configs,
        scenario,
        workloadName,
        outDir: repeats === 1 ? opts.outDir : repeatDir(opts.outDir, r),
        verbose: opts.verbose ?? false,
        ...(opts.maxWindows !== undefined ? { maxWindows: opts.maxWindows } : {}),
        ...(opts.placement !== undefined ? { placement: opts.placement } : {}),
        ...(policyModules.length > 0 ? { policyModules } : {}),
        ...(traces !== undefined ? { traces } : {}),
        ...(opts.traceThreads !== undefined ? { traceThreads: opts.traceThreads } : {}),
      });
    }
  }
  // every scenario folder counts, not only this run's: a folder never mixes two configurations
  const folders = jobs.filter((j, i) => jobs.findIndex((k) => k.outDir === j.outDir) === i);
  const foreign = [...new Set(folders.flatMap(({ scenario: _, ...template }) => foreignScenarios(template)))];
  if (foreign.length > 0 && opts.force !== true) {
    throw new RunnerError(
      'FOLDER_HOLDS_OTHER_RUN',
      `${opts.outDir} holds results of another configuration (${foreign.join(', ')}: their run.json has a different configuration hash); ` +
        'choose another --out, or --force to replace them',
    );
  }
  // the report's threads start when a lane has nothing left to run (a core falls idle), else at the report step
  let report: ReportThreads | undefined;
  const startReport = () => {
    if (opts.report !== false) report ??= startReportThreads(reportThreads(opts));
  };
  const onFinished = (done: readonly Scenario[], laneIdle: boolean, more: boolean) => {
    if (laneIdle) startReport();
    // finished scenarios are parsed (and their rows derived) while other lanes still run; after
    // the last one the build reads them itself
    if (report !== undefined && repeats === 1 && more)
      report.prepare(opts.outDir, runAllJsonText(opts, scenarios, workloadName, repeats), done);
  };
  try {
    const { manifests, skipped } = await runJobs(
      jobs,
      opts,
      progress,
      (s, among) => registry.onlineTwin(s, among),
      onFinished,
    );
    progress.finish();

    const byScenario = scenarios.map((s) => ({
      scenario: s,
      manifests: jobs.flatMap((j) => (j.scenario === s ? [manifests.get(j) as ScenarioManifest] : [])),
    }));
    if (repeats > 1) for (const s of byScenario) writeRepeatFiles(opts.outDir, s.scenario, workloadName, s.manifests);
    const summary = summarize(
      workloadName,
      byScenario.map((s) => ({ scenario: s.scenario, rows: s.manifests.map((m) => m.row) })),
    );
    if (repeats > 1) writeFileAtomic(path.join(opts.outDir, 'summary.csv'), summaryCsv(summary));
    if (opts.summary !== false) writeRunAllJson(opts, scenarios, workloadName, repeats);
    if (opts.report !== false) {
      startReport();
      await report?.build(opts.outDir);
    }
    const ordered = byScenario.flatMap((s) => s.manifests);
    return {
      rows: ordered.map((m) => m.row),
      skipped: [...new Set(skipped)],
      outDir: opts.outDir,
      manifests: ordered,
      summary,
      repeats,
    };
  } finally {
    await Promise.all([report?.close(), endIdleScenarioWorkers()]);
  }
}

/** Runs the jobs on `parallel` lanes; a job whose TACS twin is in the list runs first and may stand in for it. */
async function runJobs(
  jobs: readonly ScenarioJob[],
  opts: RunAllOptions,
  progress: ProgressSink,
  onlineTwin: (scenario: Scenario, among: readonly Scenario[]) => Scenario | undefined,
  onFinished: (done: readonly Scenario[], laneIdle: boolean, more: boolean) => void = () => undefined,
): Promise<{ manifests: Map<ScenarioJob, ScenarioManifest>; skipped: Scenario[] }> {
  const manifests = new Map<ScenarioJob, ScenarioManifest>();
  const skipped: Scenario[] = [];
  const pending: ScenarioJob[] = [];
  for (const job of jobs) {
    const done = opts.resume === false ? undefined : completedManifest(job);
    if (done !== undefined) {
      manifests.set(job, done);
      skipped.push(job.scenario);
      progress.emit({ type: 'skipped', scenario: job.scenario });
    } else pending.push(job);
  }
  if (pending.length > 0 && opts.allowLarge !== true) {
    const concurrent = Math.max(1, Math.min(opts.parallel ?? availableParallelism(), pending.length));
    checkRunBudget(
      {
        configs: opts.configs,
        ...(opts.maxWindows !== undefined ? { maxWindows: opts.maxWindows } : {}),
        scenarios: pending.length,
        concurrent,
      },
      opts.machine ?? thisMachine(opts.outDir),
    );
  }
  // A job waiting for its base run's verdict (TACS idle -> derived, else run on its own), by base job.
  const twinOf = (job: ScenarioJob) => {
    const same = pending.filter((j) => j.outDir === job.outDir);
    const twin = onlineTwin(
      job.scenario,
      same.map((j) => j.scenario),
    );
    return twin === undefined ? undefined : same.find((j) => j.scenario === twin);
  };
  const share = opts.shareIdleTacs !== false && opts.verbose !== true;
  const waiting = new Map<ScenarioJob, ScenarioJob>();
  const todo: { job: ScenarioJob; run: ScenarioJob }[] = [];
  if (share)
    for (const job of pending) {
      const twin = twinOf(job);
      // a twin shares one base run at most
      if (twin !== undefined && ![...waiting.values()].includes(twin)) waiting.set(job, twin);
    }
  const waitingTwins = new Set(waiting.values());
  for (const job of pending) {
    if (waitingTwins.has(job)) continue;
    const twin = waiting.get(job);
    todo.push({ job, run: twin !== undefined ? { ...job, onlineTwin: twin.scenario } : job });
  }

  const parallel = Math.max(1, Math.min(opts.parallel ?? availableParallelism(), todo.length + waiting.size));
  const failures: ScenarioFailedError[] = [];
  // scenarios of the results folder itself (not a repeat's) whose files are final
  const finished = () => [...manifests.keys()].filter((j) => j.outDir === opts.outDir).map((j) => j.scenario);
  const runOne = parallel === 1 ? inProcess(opts, progress) : inWorker(opts, progress);
  let next = 0;
  let running = parallel;
  const lanes = Array.from({ length: parallel }, async () => {
    while (next < todo.length && !opts.signal?.aborted) {
      const { job, run } = todo[next++] as { job: ScenarioJob; run: ScenarioJob };
      const log = path.basename(logFileFor(scenarioFiles(job.outDir, job.scenario, job.workloadName)));
      progress.emit({ type: 'start', scenario: job.scenario, fraction: 0 });
      const twin = waiting.get(job);
      waiting.delete(job);
      try {
        const [own, ...derived] = await runOne(run);
        if (own !== undefined) manifests.set(job, own);
        progress.emit({ type: 'done', scenario: job.scenario });
        for (const d of derived) {
          if (twin !== undefined && d.scenario === twin.scenario) manifests.set(twin, d);
          progress.emit({ type: 'done', scenario: d.scenario });
        }
        if (failures.length === 0) onFinished(finished(), false, next < todo.length || running > 1);
      } catch (err) {
        const f =
          err instanceof ScenarioFailedError
            ? err
            : new ScenarioFailedError(job.scenario, err instanceof Error ? err.message : String(err), errCode(err), {
                cause: err,
                log,
                ...(err instanceof TasmoeError ? { category: err.category } : {}),
              });
        failures.push(f);
        progress.emit({ type: 'error', scenario: job.scenario, message: f.message });
      }
      // the twin runs on its own when the base run did not derive it (TACS acted, or the base failed)
      if (twin !== undefined && !manifests.has(twin)) todo.push({ job: twin, run: twin });
    }
    running--;
    // a core is free while other lanes finish
    if (running > 0 && failures.length === 0 && opts.signal?.aborted !== true) onFinished(finished(), true, true);
  });
  await Promise.all(lanes);
  if (failures.length > 0) {
    progress.finish();
    throw failures[0] as ScenarioFailedError;
  }
  return { manifests, skipped };
}

function writeRunAllJson(
  opts: RunAllOptions,
  scenarios: readonly Scenario[],
  workloadName: string,
  repeats: number,
): void {
  writeFileAtomic(path.join(opts.outDir, 'run-all.json'), runAllJsonText(opts, scenarios, workloadName, repeats));
}

/** run-all.json's text (`created`: now). */
function runAllJsonText(
  opts: RunAllOptions,
  scenarios: readonly Scenario[],
  workloadName: string,
  repeats: number,
): string {
  return `${JSON.stringify(
    {
      workload: workloadName,
      scenarios,
      mesh: { cols: opts.configs.arch.mesh.cores[0], rows: opts.configs.arch.mesh.cores[1] },
      dram_layers: opts.configs.arch.dram.banks[2],
      window_ms: opts.configs.tas.tacs.window_ms,
      ...(repeats > 1
        ? {
            repeats,
            seeds: Array.from({ length: repeats }, (_, r) => repeatSeed(opts.configs.workload.routing.seed, r)),
          }
        : {}),
      configs: opts.configs,
      created: new Date().toISOString(),
    },
    null,
    2,
  )}\n`;
}

function errCode(err: unknown): string | undefined {
  return err instanceof Error && 'code' in err && typeof err.code === 'string' ? err.code : undefined;
}

function inProcess(opts: RunAllOptions, progress: ProgressSink) {
  return async (job: ScenarioJob): Promise<ScenarioManifest[]> => {
    // the loop's modules load here, not when run-all starts (worker threads load their own)
    const [{ loadThermalProvider }, { runScenarioToDisk }] = await Promise.all([
      import('./thermal-factory.js'),
      import('./scenario-to-disk.js'),
    ]);
    const provider = await loadThermalProvider(opts.thermalModule);
    return runScenarioToDisk(job, {
      ...provider,
      onProgress: (window, fraction) => progress.emit({ type: 'progress', scenario: job.scenario, window, fraction }),
      ...(opts.signal ? { signal: opts.signal } : {}),
    });
  };
}

function inWorker(opts: RunAllOptions, progress: ProgressSink) {
  const influence = opts.thermalModule === undefined ? sharedInfluence() : undefined;
  return (job: ScenarioJob): Promise<ScenarioManifest[]> =>
    new Promise((resolve, reject) => {
      const input: WorkerInput = {
        job,
        ...(opts.thermalModule !== undefined ? { thermalModule: opts.thermalModule } : {}),
        ...(influence !== undefined ? { influenceFollows: true } : {}),
      };
      const worker = scenarioWorker(input);
      if (influence !== undefined) void influence.message(job.configs.arch).then((m) => worker.postMessage(m));
      let settled = false;
      const onAbort = () => void worker.terminate();
      opts.signal?.addEventListener('abort', onAbort, { once: true });
      worker.on('message', (m: WorkerMessage) => {
        if (m.type === 'progress')
          progress.emit({ type: 'progress', scenario: job.scenario, window: m.window, fraction: m.fraction });
        else if (m.type === 'done') {
          settled = true;
          resolve(m.manifests as ScenarioManifest[]);
        } else {
          settled = true;
          // the worker's error, rebuilt with the code and category it had there
          reject(
            m.code !== undefined && m.category !== undefined
              ? new TasmoeError(m.code, m.category, m.message)
              : Object.assign(new Error(m.message), m.code === undefined ? {} : { code: m.code }),
          );
        }
      });
      worker.on('error', (err) => {
        if (!settled) reject(err);
        settled = true;
      });
      worker.on('exit', (code) => {
        opts.signal?.removeEventListener('abort', onAbort);
        if (!settled) reject(new Error(opts.signal?.aborted ? 'aborted' : `worker exited with code ${code}`));
      });
    });
}

/** Threads the report may use: two when the run itself may use worker threads (--parallel > 1), else one. */
function reportThreads(opts: RunAllOptions): number {
  return Math.min(2, Math.max(1, opts.parallel ?? availableParallelism()));
}
