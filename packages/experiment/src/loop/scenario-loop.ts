/**
 * One scenario's closed loop (seed section 5, SPEC section 3), window by window:
 *
 *   telemetry(prev window) -> [tacs/tas] overlays -> physicalize(window) -> power
 *     -> thermal step -> DVFS + refresh state -> window metrics -> telemetry(this window)
 *
 * Windows are sequential (TACS sees the last window's temperatures); scenarios
 * run in parallel instead. Everything here is deterministic in the configs.
 */
import {
  EMPTY_OVERLAYS,
  buildTopology,
  type InfluenceMatrix,
  type MetricsRow,
  type OverlayMigrate,
  type Overlays,
  type PhysicalWindow,
  type Placement,
  type ResolvedArchConfig,
  type ResolvedTasParams,
  type ResolvedWorkloadConfig,
  type Scenario,
  type Telemetry,
  type ThermalBackend,
  type ThermalSnapshot,
} from '@tasmoe/schemas';
import {
  computePowerFromEvents,
  createBlockTemperaturesC,
  createHardwareSnapshot,
  createHardwareModel,
  createWindowPower,
  fromBlockTempsK,
  initialHardwareState,
  nextHardwareState,
  toBlockPowerW,
  windowEnergyJ,
  type BlockTemperaturesC,
  type HardwareSnapshot,
  type WindowPower,
} from '@tasmoe/comet-adapter';
import { createMetricsAccumulator, windowMetricsCsvHeader, windowMetricsCsvRows, type WindowMetrics } from '@tasmoe/metrics';
import { OverlayRejectedError, createPhysicalizer } from '@tasmoe/physicalizer';
import { buildExpertWeights, formatDecision, tacsHardwareFromConfigs, tacsStep, withWeightMigrations, type TacsState } from '@tasmoe/tacs';
import { stringify } from 'csv-stringify/sync';
import { createWindowAverager } from './average-window.js';
import { createFrameSampler } from './frame-sampler.js';
import { settleFromAmbient } from './steady-start.js';
import { choosePlacement } from './placement-step.js';
import type { RunLogger } from '../runner/run-log.js';
import { frameHeader, frameRows, layerIndex, layerTemps, variance, vaultBankIndex, type LayerTemps } from './telemetry-view.js';
import { createLogicalSource } from '@tasmoe/traces';

export interface ScenarioRunInput {
  readonly arch: ResolvedArchConfig;
  readonly workload: ResolvedWorkloadConfig;
  readonly tas: ResolvedTasParams;
  readonly scenario: Scenario;
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
   * For a scenario without TACS: also evaluate TACS on every window (warm-up included) from the
   * same telemetry, without applying it. If it never chooses an action, the TACS scenario on the
   * same placement is this very run, window for window (empty overlays lower exactly like none),
   * and `tacsIdle` says so; the first action ends the evaluation (`tacsIdle` false).
   */
  readonly shadowTacs?: boolean;
  /**
   * Receives the per-window CSV piece by piece (header first) instead of the result holding it:
   * memory stays flat however long the run (a 10x longer run writes 10x the rows).
   */
  readonly windowsSink?: (chunk: string) => void;
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
  /** With shadowTacs: whether TACS chose no action in any window (see ScenarioRunInput.shadowTacs). */
  readonly tacsIdle?: boolean;
}

const K0 = 273.15;
/** Windows of the closed-loop warm-up whose mean power sets the steady-state start (0.1-0.5 s simulated). */
const WARMUP_WINDOWS = 100;
/** A hard stop against a run that never finishes (a bug, not a workload). */
const WINDOW_LIMIT = 50_000_000;

export async function runScenario(input: ScenarioRunInput): Promise<ScenarioRunResult> {
  const t0 = performance.now();
  const { arch, workload, tas, scenario, logger } = input;
  const topology = buildTopology(arch);
  const nc = topology.coreCount;
  const nb = topology.bankCount;
  const windowS = tas.tacs.window_ms / 1000;
  const withTacs = scenario === 'tacs' || scenario === 'tas';

  const source = createLogicalSource(workload);
  const totalTokens = source.totalSteps * workload.sequence.concurrency * workload.sequence.micro_batch;
  const placement = input.placement ?? (await choosePlacement({ arch, workload, tas, scenario, source, logger, ...(input.influence ? { influence: input.influence } : {}) }));

  const thermal = input.createThermal(arch);
  try {
    const idx = layerIndex(thermal.layout);
    const hwModel = createHardwareModel(arch, topology, { rawBankBwBytesPerNs: tas.taps.capacity.bank_bw_gbps });
    const power = createWindowPower(nc, nb);
    const blockPower = new Float64Array(thermal.layout.blockCount);
    const temps = createBlockTemperaturesC(nc, nb, arch.thermal.ambient_c);
    const scratch = createBlockTemperaturesC(nc, nb, arch.thermal.ambient_c);

    const hw: HardwareSnapshot = initialHardwareState(hwModel, temps);
    const tacsHw = tacsHardwareFromConfigs(arch, tas);
    const shardBytes = workload.tensors.weight_shard_mb * 2 ** 20;
    const linkCapacityFlits = meshLinkCount(topology.cols, topology.rows) * ((windowS * 1e9) / arch.mesh.noc.link_latency_ns);
    // One telemetry object, refreshed in place each window (TACS reads it, never keeps it).
    const tele: Telemetry = { temps_core: new Array<number>(nc).fill(0), temps_bank: new Array<number>(nb).fill(0), util_core: new Array<number>(nc).fill(0), noc_load: 0, ts_ns: 0 };

    /** Steady state of an activity, consistent with the leakage and refresh it causes. */
    const settle = (activity: PhysicalWindow): number => {
      // From ambient, not from `temps`: the least fixed point (steady-start.ts).
      const iterations = settleFromAmbient<WindowPower>({
        into: temps,
        ambientC: arch.thermal.ambient_c,
        power: (t) => computePowerFromEvents(activity, t, arch, topology, { out: power }),
        solve: (p) => fromBlockTempsK(thermal.steady(toBlockPowerW(p, blockPower)).blockTempsK, scratch),
        tolC: 0.02,
      });
      nextHardwareState(hwModel, createHardwareSnapshot(hwModel), temps, hw);
      return iterations;
    };

    /**
     * The closed loop over a fresh physicalizer: `windows` windows (or until done),
     * calling `observe` after each thermal step.
     */
    const simulate = (windows: number, observe: (w: number, pw: PhysicalWindow, snap: ThermalSnapshot) => void): { windows: number; done: boolean } => {
      const phys = createPhysicalizer({ arch, tas, workload, placement, source: createLogicalSource(workload) });
      // TACS runs when the scenario has it, or in shadow until its first action (input.shadowTacs)
      let weights = withTacs || tacsIdle ? buildExpertWeights(placement, topology, shardBytes) : undefined;
      let tacsState: TacsState | undefined;
      if (weights !== undefined) updateTelemetry(tele, temps, undefined, 0, windowS, 0);
      let w = 0;
      for (; w < windows && !phys.done; w++) {
        if (input.signal?.aborted) throw input.signal.reason instanceof Error ? input.signal.reason : new Error('aborted');
        let overlays: Overlays = EMPTY_OVERLAYS;
        if (weights !== undefined) {
          const pending = phys.pendingWindow(w, hw);
          const res = tacsStep(tele, placement, phys.replicaState, tas.tacs, pending, {
            topology,
            hw: tacsHw,
            weights,
            ...(input.influence ? { influence: input.influence } : {}),
            ...(tacsState ? { prev: tacsState, reusePrev: true } : {}),
            ...(logger.verbose && withTacs ? { log: (d) => logger.debug(`win ${w} tacs ${formatDecision(d)}`) } : {}),
          });
          tacsState = res.next;
          if (withTacs) overlays = { reroute: res.reroute, migrate: res.migrate };
          else if (res.reroute.length > 0 || res.migrate.length > 0) {
            tacsIdle = false;
            weights = undefined;
          }
        }
        let pw: PhysicalWindow;
        try {
          pw = phys.physicalizeWindow(w, overlays, hw);
          if (weights !== undefined && overlays.migrate.length > 0) weights = applyWeightMoves(weights, overlays.migrate, topology);
        } catch (err) {
          if (!(err instanceof OverlayRejectedError)) throw err;
          logger.warn(`win ${w}: overlays rejected (${err.message}); window lowered without them`);
          pw = phys.physicalizeWindow(w, EMPTY_OVERLAYS, hw);
        }
        computePowerFromEvents(pw, temps, arch, topology, { out: power, bankRefreshPerS: hw.bankRefreshPerS, bankBreakdown: false });
        const snap = thermal.step(toBlockPowerW(power, blockPower), windowS);
        fromBlockTempsK(snap.blockTempsK, temps);
        observe(w, pw, snap);
        if (weights !== undefined) updateTelemetry(tele, temps, pw.coreBusyNs, noc(pw, linkCapacityFlits), windowS, Math.round(pw.tEndNs));
        nextHardwareState(hwModel, hw, temps, hw);
      }
      lastReplicaState = phys.replicaState.toJSON();
      return { windows: w, done: phys.done };
    };
    let lastReplicaState: unknown = {};
    let tacsIdle = !withTacs && input.shadowTacs === true;

    // Start (SPEC section 4, Thermal): the steady state of the scenario's nominal power, as HotSpot
    // users warm up. The nominal activity is the mean of a closed-loop warm-up (TACS, DVFS and
    // refresh included) that itself starts from the steady state of the unthrottled first windows;
    // the measured run then starts afresh from the warm-up's steady state.
    if (arch.thermal.initial === 'steady') {
      const first = createWindowAverager();
      const dry = createPhysicalizer({ arch, tas, workload, placement, source: createLogicalSource(workload) });
      for (let w = 0; w < WARMUP_WINDOWS && !dry.done; w++) first.add(dry.physicalizeWindow(w));
      settle(first.result());
      const warm = createWindowAverager();
      simulate(WARMUP_WINDOWS, (_w, pw) => warm.add(pw));
      const iterations = settle(warm.result());
      logger.info(
        `start: steady state of the nominal power of a ${warm.count}-window closed-loop warm-up ` +
          `(${fixed(sum(power.coreW))} W logic, ${fixed(sum(power.bankW))} W DRAM, ${iterations} leakage iterations); hottest core ${fixed(max(temps.coreC))} C`,
      );
    } else {
      thermal.reset(arch.thermal.ambient_c + K0);
      logger.info(`start: ambient ${arch.thermal.ambient_c} C`);
    }

    const acc = createMetricsAccumulator({ scenario, workload: input.workloadName });
    const nominalGhz = Float64Array.from(hw.coreFreqGhz, (_, c) => nominalFrequency(arch, c));
    const vaults = vaultBankIndex(topology);
    const maxFrames = input.maxFrames ?? 240;
    const frames = createFrameSampler<(string | number)[][]>(maxFrames, Math.ceil(estimateWindows(workload, tas, arch) / maxFrames));
    let csvBatch: WindowMetrics[] = [];
    const csvParts: string[] = [];
    const emit = input.windowsSink ?? ((chunk: string) => void csvParts.push(chunk));
    emit(windowMetricsCsvHeader());
    const lt: LayerTemps = { peakLogicC: 0, meanLogicC: 0, peakDramC: 0, meanDramC: 0 };
    let tokensDone = 0;
    const latScratch: number[] = [];
    const run = simulate(input.maxWindows ?? WINDOW_LIMIT, (w, pw, snap) => {
      layerTemps(snap, idx, lt);
      const m = windowMetrics(w, pw, power, hw, temps, lt, nominalGhz, linkCapacityFlits);
      latScratch.length = 0;
      for (let i = 0; i < pw.stepLatenciesNs.length; i++) latScratch.push((pw.stepLatenciesNs[i] as number) / 1e6);
      acc.add(m, latScratch);
      csvBatch.push(m);
      if (csvBatch.length >= 2048) {
        emit(windowMetricsCsvRows(csvBatch));
        csvBatch = [];
      }
      if (frames.wants(w)) frames.add(w, frameRows(w, pw.tEndNs / 1e6, temps.coreC, temps.bankC, topology, vaults));
      tokensDone += pw.completedTokens;
      if (w % 500 === 0) logger.info(`win ${w} t=${fixed(pw.tEndNs / 1e6)} ms T_peak_logic=${fixed(lt.peakLogicC)} C T_peak_dram=${fixed(lt.peakDramC)} C tokens=${tokensDone}`);
      if (input.onProgress !== undefined && w % 50 === 0) input.onProgress(w, tokensDone / totalTokens);
    });
    const w = run.windows;
    if (csvBatch.length > 0) emit(windowMetricsCsvRows(csvBatch));
    if (!run.done && input.maxWindows === undefined) throw new Error(`run did not finish within ${WINDOW_LIMIT} windows`);
    const row = acc.result();
    logger.info(`done: ${w} windows, ${tokensDone} tokens, T_peak_logic ${fixed(row.T_peak_logic)} C, ips ${fixed(row.ips)}`);
    return {
      row,
      ...(input.windowsSink === undefined ? { windowsCsv: csvParts.join('') } : {}),
      framesCsv: stringify(frames.frames().flat(), { header: true, columns: frameHeader(nc) }),
      placement,
      replicaState: lastReplicaState,
      windows: w,
      wallMs: performance.now() - t0,
      ...(input.shadowTacs === true && !withTacs ? { tacsIdle } : {}),
    };
  } finally {
    thermal.dispose();
  }
}

function applyWeightMoves(weights: ReturnType<typeof buildExpertWeights>, rows: readonly OverlayMigrate[], topology: ReturnType<typeof buildTopology>) {
  return rows.some((r) => r.obj_type === 'weight') ? withWeightMigrations(weights, rows, topology) : weights;
}

function windowMetrics(
  w: number,
  pw: PhysicalWindow,
  power: WindowPower,
  hw: HardwareSnapshot,
  temps: BlockTemperaturesC,
  lt: LayerTemps,
  nominalGhz: Float64Array,
  linkCapacityFlits: number,
): WindowMetrics {
  const windowNs = pw.tEndNs - pw.tStartNs;
  const dramBytes = sumOfSums(pw.bankReadBytes, pw.bankWriteBytes);
  let freq = 0;
  let throttled = 0;
  const freqs = hw.coreFreqGhz;
  for (let c = 0; c < freqs.length; c++) {
    const f = freqs[c] as number;
    freq += f;
    if (f < (nominalGhz[c] as number) - 1e-9) throttled++;
  }
  let lat = 0;
  let latMax = 0;
  // indexed, not for-of: the array is a frozen empty one in most windows, and for-of over the two
  // kinds kept deoptimising this function (V8 "wrong map", every other window)
  const lats = pw.stepLatenciesNs;
  for (let i = 0; i < lats.length; i++) {
    const ms = (lats[i] as number) / 1e6;
    lat += ms;
    latMax = Math.max(latMax, ms);
  }
  return {
    win: w,
    t_start_ms: pw.tStartNs / 1e6,
    t_end_ms: pw.tEndNs / 1e6,
    T_peak_logic: lt.peakLogicC,
    T_peak_dram: lt.peakDramC,
    T_mean_logic: lt.meanLogicC,
    T_mean_dram: lt.meanDramC,
    T_var_core: variance(temps.coreC),
    tokens: pw.completedTokens,
    steps_done: pw.stepLatenciesNs.length,
    lat_sum_ms: lat,
    lat_max_ms: latMax,
    dram_bytes: dramBytes,
    dram_capacity_bytes: hw.bankBwTotalBytesPerNs * windowNs,
    refresh_mhz: hw.bankRefreshTotalPerS / pw.bankReadBytes.length / 1e6,
    noc_flit_hops: sum(pw.linkFlits),
    noc_capacity_flit_hops: linkCapacityFlits,
    freq_mean_ghz: freq / freqs.length,
    throttled_fraction: throttled / freqs.length,
    migrations: pw.migrationsApplied,
    reroutes: pw.reroutesApplied,
    energy_j: windowEnergyJ(power),
    power_logic_w: power.coreTotalW,
    power_dram_w: power.bankTotalW,
  };
}

/** Sum of a[i] + b[i]. */
function sumOfSums(a: Float64Array, b: Float64Array): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += (a[i] as number) + (b[i] as number);
  return s;
}

function updateTelemetry(tele: Telemetry, temps: BlockTemperaturesC, busyNs: Float64Array | undefined, nocLoad: number, windowS: number, tsNs: number): void {
  for (let c = 0; c < temps.coreC.length; c++) {
    tele.temps_core[c] = temps.coreC[c] as number;
    tele.util_core[c] = busyNs === undefined ? 0 : Math.min(1, Math.max(0, (busyNs[c] as number) / (windowS * 1e9)));
  }
  for (let b = 0; b < temps.bankC.length; b++) tele.temps_bank[b] = temps.bankC[b] as number;
  tele.noc_load = nocLoad;
  tele.ts_ns = tsNs;
}

function noc(pw: PhysicalWindow, capacity: number): number {
  return capacity > 0 ? sum(pw.linkFlits) / capacity : 0;
}

/** Directed links of a cols x rows mesh. */
export function meshLinkCount(cols: number, rows: number): number {
  return 2 * ((cols - 1) * rows + (rows - 1) * cols);
}

function nominalFrequency(arch: ResolvedArchConfig, core: number): number {
  const d = arch.dvfs.domains.find((dom) => dom.cores === 'all' || dom.cores.includes(core));
  return d?.steps_ghz[0] ?? 0;
}

/** Windows a run will take if compute-bound: the first frame stride (the sampler widens it as the run goes on). */
function estimateWindows(workload: ResolvedWorkloadConfig, tas: ResolvedTasParams, arch: ResolvedArchConfig): number {
  const coreFlops = tas.taps.capacity.core_flops_tps;
  const tokens = workload.sequence.micro_batch;
  const perLayerS = (tokens * (workload.operators.fc.flop_per_token + workload.operators.attn.flop_per_token)) / Math.min(arch.mesh.cores[0] * arch.mesh.cores[1], workload.moe.experts_per_layer) / coreFlops;
  const totalS = perLayerS * workload.moe.layers * workload.sequence.steps;
  return Math.max(1, Math.ceil(totalS / (tas.tacs.window_ms / 1000)));
}

function sum(a: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i] as number;
  return s;
}

function max(a: ArrayLike<number>): number {
  let m = Number.NEGATIVE_INFINITY;
  for (let i = 0; i < a.length; i++) m = Math.max(m, a[i] as number);
  return m;
}

function fixed(x: number): string {
  return x.toFixed(2);
}
