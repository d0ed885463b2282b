/**
 * One scenario: its placement, a closed-loop warm-up that sets the steady
 * start, then the measured pass over the whole workload (closed-loop.ts),
 * folded into the unified CSV row, the window series, heat-map frames and the
 * final replica state.
 */
import {
  buildTopology,
  computeBoundWindows,
  type InfluenceMatrix,
  type MetricsRow,
  type Placement,
  type ResolvedArchConfig,
  type ResolvedTasParams,
  type ResolvedWorkloadConfig,
  type Scenario,
  type ThermalBackend,
} from '@tasmoe/schemas';
import { createCometState } from '@tasmoe/comet-adapter';
import { createMetricsAccumulator } from '@tasmoe/metrics';
import { stringify } from 'csv-stringify/sync';
import type { RunLogger } from '../runner/run-log.js';
import {
  createLoopState,
  runPass,
  startPass,
  type LoopContext,
  type LoopState,
  type WindowObserver,
} from './closed-loop.js';
import { createFrameSampler } from './frame-sampler.js';
import {
  accumulatorObserver,
  activityObserver,
  fixed,
  heatMapObserver,
  progressObserver,
  windowSeriesObserver,
  type FrameRows,
  type ProgressObserver,
  type WindowSeries,
} from './observers.js';
import { choosePlacement } from './placement-step.js';
import { startFromWarmUp, type StartTemperatures } from './warm-start.js';
import { checkStart, type StartCheck } from './start-check.js';
import { createWindowAverager, type WindowAverager } from './average-window.js';
import { bankTwinsOf, createOnlineLane, type OnlineMode } from './online-lane.js';
import { BUILTIN_REGISTRY, type PolicyRegistry, type ResolvedScenario } from '../policy/policy-registry.js';
import { frameHeader, layerIndex } from './telemetry-view.js';
import { sourceOpener } from './window-source.js';
import { forkTwin, type TwinFork } from './fork-twin.js';
import { HardwareLog } from './hardware-log.js';
import type { FrameSampler } from './frame-sampler.js';
import type { Physicalizer } from '@tasmoe/physicalizer';

export interface ScenarioRunInput {
  readonly arch: ResolvedArchConfig;
  readonly workload: ResolvedWorkloadConfig;
  readonly tas: ResolvedTasParams;
  readonly scenario: Scenario;
  /** Where scenario names resolve to policies (default: the built-in scenarios). */
  readonly registry?: PolicyRegistry;
  readonly workloadName: string;
  readonly createThermal: (arch: ResolvedArchConfig) => ThermalBackend;
  /** Core-to-core thermal influence for TAPS and TACS (from the thermal solver). */
  readonly influence?: InfluenceMatrix;
  /** Use this placement instead of the scenario's (e.g. a hand-made hotspot). */
  readonly placement?: Placement;
  readonly logger: RunLogger;
  readonly onProgress?: (window: number, fraction: number) => void;
  /** Stop after this many windows (tests); default: until every step has finished. */
  readonly maxWindows?: number;
  /** Heat-map frames kept, evenly spaced over the run (frame-sampler.ts); at most this many, default 240. */
  readonly maxFrames?: number;
  readonly signal?: AbortSignal;
  /**
   * For a scenario without an online policy: the scenario adding one to the same placement (tacs for
   * baseline), whose online policy is evaluated in shadow on every window (warm-up included;
   * online-lane.ts). `onlineIdle` in the result says whether it never chose an action, in which case
   * that scenario is this very run.
   */
  readonly shadowOf?: Scenario;
  /**
   * Receives the per-window CSV piece by piece (header first) instead of the result holding it:
   * memory stays flat however long the run (a 10x longer run writes 10x the rows).
   */
  readonly windowsSink?: (chunk: string) => void;
  /** Replay this recorded trace folder (what gen-traces writes) instead of generating the trace. */
  readonly tracesDir?: string;
  /** Threads that parse `tracesDir` (default 1). */
  readonly traceThreads?: number;
  /**
   * With shadowOf: when the shadow policy first acts in the measured pass, continue that scenario
   * from this run's state at that window (fork-twin.ts) once this run is done, instead of leaving
   * it to a run of its own (`twin` in the result). Needs a forkable thermal back end.
   */
  readonly forkTwin?: TwinOutputs;
}

/** Where a forked twin's output goes, opened at the fork. */
export interface TwinOutputs {
  /**
   * Called at the fork (window `forkedAt`): the twin's log, and its window series sink holding
   * already what this run's sink received so far (the twin's windows before the fork are this run's).
   */
  open(forkedAt: number): { readonly logger: RunLogger; readonly windowsSink: (chunk: string) => void };
  /** Removes what `open` opened: the fork did not happen after all. */
  abandon(): void;
  readonly onProgress?: (window: number, fraction: number) => void;
}

export interface ScenarioRunResult {
  readonly row: MetricsRow;
  /** The per-window CSV, unless it went to `windowsSink`. */
  readonly windowsCsv?: string;
  readonly framesCsv: string;
  readonly placement: Placement;
  readonly replicaState: unknown;
  readonly windows: number;
  readonly wallMs: number;
  /** With shadowOf: whether its online policy chose no action in any window (see ScenarioRunInput.shadowOf). */
  readonly onlineIdle?: boolean;
  /** With forkTwin: the shadow's scenario, to be continued from this run's state at window `forkedAt`. */
  readonly twin?: ForkedTwin;
  /** With a steady start: the start against the steady state of the pass's mean activity (start-check.ts). */
  readonly startCheck?: StartCheck;
}

export interface ForkedTwin {
  readonly forkedAt: number;
  /** Runs the twin from the fork to its end (once). */
  run(): ScenarioRunResult;
}

/** A hard stop against a run that never finishes (a bug, not a workload). */
const WINDOW_LIMIT = 50_000_000;

/** The online policy the loop runs, and how: the scenario's own (active), its twin's in shadow, or none. */
export function onlineOf(
  scenario: ResolvedScenario,
  shadow: ResolvedScenario | undefined,
): { mode: OnlineMode; policy: ResolvedScenario['online'] } {
  if (scenario.online !== undefined) return { mode: 'active', policy: scenario.online };
  if (shadow?.online !== undefined && shadow.placement === scenario.placement)
    return { mode: 'shadow', policy: shadow.online };
  return { mode: 'off', policy: undefined };
}

export async function runScenario(input: ScenarioRunInput): Promise<ScenarioRunResult> {
  const t0 = performance.now();
  const { arch, workload, tas, scenario, logger } = input;
  const topology = buildTopology(arch);
  const openSource = sourceOpener(workload, input.tracesDir, input.traceThreads);
  const source = openSource();
  const totalTokens = source.totalSteps * workload.sequence.concurrency * workload.sequence.micro_batch;
  const registry = input.registry ?? BUILTIN_REGISTRY;
  const resolved = registry.scenario(scenario);
  const placement =
    input.placement ??
    (await choosePlacement({
      arch,
      workload,
      tas,
      scenario: resolved,
      source,
      openSource,
      logger,
      ...(input.influence ? { influence: input.influence } : {}),
    }));
  const { mode, policy } = onlineOf(
    resolved,
    input.shadowOf === undefined ? undefined : registry.scenario(input.shadowOf),
  );

  const thermal = input.createThermal(arch);
  try {
    const windowS = tas.tacs.window_ms / 1000;
    const ctx: LoopContext = {
      arch,
      workload,
      tas,
      placement,
      topology,
      thermal,
      logger,
      windowS,
      vaultBwTotalBytesPerNs: topology.coreCount * arch.dram.vault_bw_gbps,
      linkCapacityFlits:
        meshLinkCount(topology.cols, topology.rows) * ((windowS * 1e9) / arch.mesh.noc.link_latency_ns),
      nominalGhz: Float64Array.from({ length: topology.coreCount }, (_, c) => nominalFrequency(arch, c)),
      layers: layerIndex(thermal.layout),
      openSource,
    };
    const comet = createCometState(arch, topology, {
      rawBankBwBytesPerNs: tas.taps.capacity.bank_bw_gbps,
      startC: arch.thermal.ambient_c,
      powerOptions: { bankBreakdown: false },
      stepS: windowS,
      tripC: arch.thermal.trip_c,
    });
    const online = createOnlineLane(
      mode,
      policy,
      {
        arch,
        workload,
        tas,
        topology,
        placement,
        windowS,
        ...(input.influence ? { influence: input.influence } : {}),
        ...bankTwinsOf(thermal.blockTwins, topology),
        log: (line) => logger.info(line),
        ...(logger.verbose ? { debug: (line: string) => logger.debug(line) } : {}),
      },
      topology,
    );
    const state = createLoopState(ctx, comet, online);
    const start = startFromWarmUp(state);
    return measuredPass(state, input, totalTokens, t0, mode, start);
  } finally {
    thermal.dispose();
  }
}

function measuredPass(
  state: LoopState,
  input: ScenarioRunInput,
  totalTokens: number,
  t0: number,
  mode: OnlineMode,
  start: StartTemperatures | undefined,
): ScenarioRunResult {
  const { topology, logger, workload, tas, arch } = state.ctx;
  const maxFrames = input.maxFrames ?? 240;
  const frames = createFrameSampler<FrameRows>(
    maxFrames,
    Math.ceil(computeBoundWindows({ workload, tas, arch }) / maxFrames),
  );
  const parts: string[] = [];
  const acc = createMetricsAccumulator(
    { scenario: input.scenario, workload: input.workloadName },
    {
      thotC: tas.tacs.thresholds.Thot,
      expertLoad: {
        layers: workload.moe.layers,
        expertsPerLayer: workload.moe.experts_per_layer,
        cores: topology.coreCount,
      },
    },
  );
  const series = windowSeriesObserver(input.windowsSink ?? ((chunk) => void parts.push(chunk)));
  const progress = progressObserver(logger, totalTokens, input.onProgress, input.maxWindows);
  const activity = createWindowAverager();
  const pass: Pass = {
    acc,
    series,
    frames,
    progress,
    activity,
    list: [accumulatorObserver(acc), series, heatMapObserver(frames, topology), progress, activityObserver(activity)],
  };

  const out = input.forkTwin;
  const forking =
    mode === 'shadow' && out !== undefined && input.windowsSink !== undefined && state.ctx.thermal.forkable === true;
  let fork: TwinFork<Pass> | undefined;
  if (forking) {
    const hwLog = new HardwareLog();
    state.hwLog = hwLog;
    state.onHandover = (w) => {
      state.hwLog = undefined;
      state.onHandover = undefined;
      if (hwLog.overflowed) {
        logger.info(`win ${w}: ${input.shadowOf} acted; the hardware-state log overflowed, so it runs on its own`);
        return;
      }
      const opened = out.open(w);
      try {
        fork = forkTwin(state, hwLog, w, pass, opened.logger);
      } catch (err) {
        // a state that cannot be copied costs the shortcut, not the run
        out.abandon();
        logger.warn(
          `win ${w}: ${input.shadowOf} acted; this run's state could not be copied (${err instanceof Error ? err.message : String(err)}), so it runs on its own`,
        );
        return;
      }
      fork.observers.series.emit = opened.windowsSink;
      fork.observers.progress.logger = opened.logger;
      fork.observers.progress.onProgress = out.onProgress;
      logger.info(`win ${w}: ${input.shadowOf} acted; it continues from this window's state once this run is done`);
    };
  }
  const phys = startPass(state);
  const windows = runPass(state, phys, input.maxWindows ?? WINDOW_LIMIT, pass.list, input.signal);
  state.hwLog = undefined;
  state.onHandover = undefined;
  const base = passResult(
    state,
    phys,
    pass,
    windows,
    input,
    t0,
    input.scenario,
    input.windowsSink === undefined ? parts : undefined,
    start,
  );
  if (fork === undefined || out === undefined || input.shadowOf === undefined)
    return { ...base, ...(mode === 'shadow' ? { onlineIdle: !state.online.acted } : {}) };

  const twin = fork;
  const shadowOf = input.shadowOf;
  let ran = false;
  return {
    ...base,
    onlineIdle: false,
    twin: {
      forkedAt: twin.window,
      run: () => {
        if (ran) throw new Error('the forked twin ran already');
        ran = true;
        const t1 = performance.now();
        try {
          const max = input.maxWindows ?? WINDOW_LIMIT;
          const n = runPass(twin.state, twin.phys, max, twin.observers.list, input.signal, twin.window);
          return passResult(twin.state, twin.phys, twin.observers, n, input, t1, shadowOf, undefined, start);
        } finally {
          twin.state.ctx.thermal.dispose();
        }
      },
    },
  };
}

/** A measured pass's observers; `list` is what runPass feeds (the others are parts of it). */
interface Pass {
  readonly acc: ReturnType<typeof createMetricsAccumulator>;
  readonly series: WindowSeries;
  readonly frames: FrameSampler<FrameRows>;
  readonly progress: ProgressObserver;
  /** The pass's mean activity (start-check.ts). */
  readonly activity: WindowAverager;
  readonly list: readonly WindowObserver[];
}

function passResult(
  state: LoopState,
  phys: Physicalizer,
  pass: Pass,
  windows: number,
  input: ScenarioRunInput,
  t0: number,
  scenario: Scenario,
  /** The window series when it was kept, not streamed. */
  parts: readonly string[] | undefined,
  start: StartTemperatures | undefined,
): ScenarioRunResult {
  const { topology, logger, placement } = state.ctx;
  pass.series.flush();
  if (!phys.done && input.maxWindows === undefined)
    throw new Error(`run did not finish within ${WINDOW_LIMIT} windows`);
  const row = { ...pass.acc.result(), scenario };
  logger.info(
    `done: ${windows} windows, ${pass.progress.tokensDone} tokens, T_peak_logic ${fixed(row.T_peak_logic)} C, ips ${fixed(row.ips)}`,
  );
  if (pass.progress.tokensDone === 0)
    logger.warn(
      `no decode step finished in ${windows} windows: ips and lat_ms are 0, not measurements (run more windows)`,
    );
  // last: it settles the loop's thermal state on the pass's activity
  const startCheck =
    start === undefined || pass.activity.count === 0
      ? undefined
      : checkStart(state, start, pass.activity.result(), phys.done);
  return {
    row,
    ...(startCheck === undefined ? {} : { startCheck }),
    ...(parts === undefined ? {} : { windowsCsv: parts.join('') }),
    framesCsv: stringify(pass.frames.frames().flat(), { header: true, columns: frameHeader(topology.coreCount) }),
    placement,
    replicaState: phys.replicaState.toJSON(),
    windows,
    wallMs: performance.now() - t0,
  };
}

/** Directed links of a cols x rows mesh. */
export function meshLinkCount(cols: number, rows: number): number {
  return 2 * ((cols - 1) * rows + (rows - 1) * cols);
}

function nominalFrequency(arch: ResolvedArchConfig, core: number): number {
  const d = arch.dvfs.domains.find((dom) => dom.cores === 'all' || dom.cores.includes(core));
  return d?.steps_ghz[0] ?? 0;
}
