/**
 * buildPlacement: configs (+ H, + expert heat) -> a validated TAPS placement and
 * a result object (predicted temperatures, objective, method, gap, solver log).
 *
 * Pipeline: heat f_e (given, or analytic) -> nominal power -> problem ->
 * heuristic (greedy + local search) -> optional MILP back end (worker thread,
 * hard time limit, warm-started with the heuristic, the better answer kept,
 * every answer validated) -> banks -> placement.json record.
 */
import { buildTopology, type BankBurstResponse, type InfluenceMatrix, type Placement } from '@tasmoe/schemas';
import { bankLimits, bankViolations, shardListOf } from './banks.js';
import { TapsError } from './errors.js';
import { initialAssignment, localSearch, type LocalSearchStats, type SearchState } from './heuristic.js';
import { analyticInfluence, checkInfluence } from './influence.js';
import { improveWithHighs } from './milp-layers.js';
import { objectiveTerms, objectiveValue, type ObjectiveTerms } from './objective.js';
import { toPlacementRecord } from './placement-record.js';
import { placeTensors, shardReadPowerW, type BurstSummary } from './tensor-placement.js';
import { attentionCorePowerW, nominalLoad, type NominalLoad } from './power-model.js';
import { maxOfTemps, nextRefreshStep } from './dram-model.js';
import { buildProblem, dramTemperaturesOf, temperaturesOf, type PlacementProblem } from './problem.js';
import { analyticExpertHeat, layerOfExpert, normaliseExpertHeat } from './routing-heat.js';
import {
  criticalPathTokenRate,
  criticalPaths,
  defaultCriticalPaths,
  taskTimeModel,
  type CriticalPaths,
} from './critical-path.js';
import type { ResolvedArchConfig, ResolvedTapsParamsLike, ResolvedWorkloadConfig } from './types.js';
import { assignmentViolations } from './validate.js';

/**
 * Cap on local-search sweeps over all core pairs (the search also stops when a
 * sweep gains < 1e-6 relative). Measured (bench): the default workloads converge
 * in 4-5 sweeps; the cap bounds the time on pathological inputs.
 */
export const DEFAULT_SWEEPS = 10;

export type SolverName = ResolvedTapsParamsLike['solver'];

export interface BuildPlacementOptions {
  /**
   * Expert heat f_e by global expert number: the trace side's selection probabilities or a trace
   * prefix's frequencies (or raw counts). Without it, the Zipf estimate of analyticExpertHeat, which
   * does not know the routing seed's per-layer permutation of popularity ranks.
   */
  readonly expertHeat?: ArrayLike<number>;
  /** What expertHeat is, for the reports (default 'trace-prefix'). */
  readonly expertHeatSource?: 'analytic' | 'trace-prefix';
  /** Tokens per second per MoE layer at nominal load; default: the closed-loop estimate (power-model.ts). */
  readonly tokenRate?: number;
  /** Override tapsParams.solver. */
  readonly solver?: SolverName;
  /** Override tapsParams.time_limit_s (total for the MILP stage). */
  readonly timeLimitS?: number;
  /** Local-search sweep budget (deterministic; default DEFAULT_SWEEPS). */
  readonly maxSweeps?: number;
  /**
   * Share of the attention work each core runs (per core, >= 0; normalised
   * here). Attention runs on the sequences' home cores whatever the placement,
   * so it is not a decision variable, but it heats those cores: without it the
   * prediction treats a busy core like an idle one and TAPS stacks hot experts
   * on top of the attention (docs/model.md "TAPS in the loop"). The runner
   * measures it from the physicalizer; absent = no attention in the prediction.
   */
  readonly attentionCoreShare?: ArrayLike<number>;
  /**
   * The thermal model's response of each bank position to one shard read: with it each vault
   * leaves out the positions a read burst heats most (burst-positions.ts); without it every
   * position is filled, as the default placement does.
   */
  readonly bankBurst?: BankBurstResponse;
}

export interface PlacementResult {
  readonly placement: Placement;
  /** 'heuristic', 'highs' (MILP improved at least one layer), 'heuristic+lp-solver-banks', ... */
  readonly method: string;
  readonly predictedTempsC: Float64Array;
  readonly predictedPeakC: number;
  /**
   * TAPS's DRAM prediction (dram-model.ts) where the influence has DRAM nodes: node temperatures
   * (node = die x cores + vault), the hottest, and the margin to the next tref_curve step above it.
   */
  readonly dram?: DramPrediction;
  /** The read-burst model's prediction and the positions each vault kept, when bankBurst was given. */
  readonly burst?: BurstSummary;
  readonly objective: number;
  readonly terms: ObjectiveTerms;
  /** Heuristic objective before any MILP back end. */
  readonly heuristicObjective: number;
  /** Largest proven relative gap of the MILP layer subproblems (HiGHS), if one ran. */
  readonly gap?: number;
  /** Why a requested back end did not deliver (timeout, failure, invalid answer); absent when it did. */
  readonly fallbackReason?: string;
  readonly solverLog: readonly string[];
  readonly heatSource: 'analytic' | 'trace-prefix';
  readonly influenceSource: 'given' | 'analytic';
  /** The H the prediction used (the given one, or the analytic approximation). */
  readonly influence: InfluenceMatrix;
  readonly expertHeat: Float64Array;
  readonly load: NominalLoad;
  readonly localSearch: LocalSearchStats;
  readonly timingsMs: {
    readonly heuristic: number;
    readonly solver: number;
    readonly banks: number;
    readonly total: number;
  };
  readonly problem: PlacementProblem;
  /** Core of every item of `problem` (the answer in the problem's terms). */
  readonly assign: Int32Array;
  /** Expected critical path of every MoE layer (s) and the busiest core's busy time per step (s), TAPS's answer. */
  readonly criticalPath: CriticalPaths;
}

export interface DramPrediction {
  readonly tempsC: Float64Array;
  readonly peakC: number;
  /** The next refresh step above the peak (temperature, multiplier) and peak's distance to it, K; absent above the last. */
  readonly nextStep?: { readonly atC: number; readonly multiplier: number; readonly marginK: number };
  /** The background bank power in the prediction and its reference (dram-model.ts). */
  readonly backgroundBankW: number;
  readonly referenceC: number;
  readonly refreshMultiplier: number;
}

/** DRAM prediction of node temperatures under the problem's DRAM model and the arch's refresh curve. */
export function dramPrediction(p: PlacementProblem, arch: ResolvedArchConfig, tempsC: Float64Array): DramPrediction {
  const d = p.dram;
  if (d === undefined) throw new TapsError('TAPS_INFLUENCE_INVALID', 'the problem has no DRAM nodes');
  const peakC = maxOfTemps(tempsC);
  const step = nextRefreshStep(peakC, arch.refresh.tref_curve);
  return {
    tempsC,
    peakC,
    ...(step === undefined ? {} : { nextStep: { ...step, marginK: step.atC - peakC } }),
    backgroundBankW: d.backgroundBankW,
    referenceC: d.referenceC,
    refreshMultiplier: d.refreshMultiplier,
  };
}

export interface PreparedProblem {
  readonly problem: PlacementProblem;
  readonly load: NominalLoad;
  readonly expertHeat: Float64Array;
  readonly influence: InfluenceMatrix;
  readonly heatSource: 'analytic' | 'trace-prefix';
  readonly influenceSource: 'given' | 'analytic';
  readonly notes: string[];
}

/** Heat, power and problem arrays for a config set (shared by buildPlacement, benches and tests). */
export function prepareProblem(
  arch: ResolvedArchConfig,
  workload: ResolvedWorkloadConfig,
  taps: ResolvedTapsParamsLike,
  h?: InfluenceMatrix,
  opts: BuildPlacementOptions = {},
): PreparedProblem {
  const notes: string[] = [];
  const n = arch.mesh.cores[0] * arch.mesh.cores[1];
  let influence: InfluenceMatrix;
  let influenceSource: 'given' | 'analytic';
  if (h === undefined) {
    influence = analyticInfluence(arch);
    influenceSource = 'analytic';
    notes.push('H: analytic resistor-network approximation (no influence matrix given)');
  } else {
    checkInfluence(h, n);
    influence = h;
    influenceSource = 'given';
  }
  let expertHeat: Float64Array;
  let heatSource: 'analytic' | 'trace-prefix';
  if (opts.expertHeat !== undefined) {
    expertHeat = normaliseExpertHeat(opts.expertHeat, workload);
    heatSource = opts.expertHeatSource ?? 'trace-prefix';
  } else {
    expertHeat = analyticExpertHeat(workload);
    heatSource = 'analytic';
    if (taps.heat_estimate === 'trace-prefix')
      notes.push('heat: trace-prefix requested but no expertHeat given, used the analytic Zipf estimate');
  }
  if (opts.tokenRate !== undefined && !(opts.tokenRate >= 0 && Number.isFinite(opts.tokenRate))) {
    throw new TapsError('TAPS_HEAT_INVALID', `tokenRate must be finite and >= 0, got ${opts.tokenRate}`);
  }
  // Token rate: what the default placement's critical paths allow (the throughput TAPS must keep),
  // unless the caller knows better; power-model.ts's own estimate ignores the vault limit.
  const tasks = taskTimeModel(arch, workload, taps, expertHeat);
  const layerOf = Int32Array.from({ length: expertHeat.length }, (_, e) => layerOfExpert(e, workload));
  const tokenRate = opts.tokenRate ?? criticalPathTokenRate(tasks, defaultCriticalPaths(tasks, n, layerOf));
  const load = nominalLoad(arch, workload, taps, expertHeat, tokenRate);
  const share = opts.attentionCoreShare;
  if (share === undefined) notes.push('attention power not in the prediction (no attentionCoreShare given)');
  const bg = share === undefined ? undefined : attentionCorePowerW(share, load.attentionPowerW, n);
  const problem = buildProblem(
    { arch, workload, taps, influence, load, ...(bg === undefined ? {} : { backgroundCorePowerW: bg }) },
    expertHeat,
  );
  return { problem, load, expertHeat, influence, heatSource, influenceSource, notes };
}

/**
 * A feasible start for the local search. The greedy (hottest item to the coolest
 * feasible core) can paint itself into a corner under the hard critical-path
 * limits: then the same with no replicas (a replica adds a half-busy host that the
 * default placement's busiest core does not have room for), then the default
 * placement itself, which meets the limits by definition.
 */
function seededSearchStart(
  arch: ResolvedArchConfig,
  workload: ResolvedWorkloadConfig,
  taps: ResolvedTapsParamsLike,
  h: InfluenceMatrix | undefined,
  opts: BuildPlacementOptions,
): { prep: PreparedProblem; state: SearchState; notes: string[] } {
  const prep = prepareProblem(arch, workload, taps, h, opts);
  const notes: string[] = [];
  const startNote = (from: 'greedy' | 'default') => {
    if (from === 'default')
      notes.push('start: the default placement (the greedy found no placement within the critical-path limits)');
  };
  try {
    const r = initialAssignment(prep.problem);
    startNote(r.from);
    return { prep, state: r.state, notes };
  } catch (err) {
    if (!(err instanceof TapsError) || err.code !== 'TAPS_INFEASIBLE' || taps.replicate_hot_k === 0) throw err;
  }
  const q = prepareProblem(arch, workload, { ...taps, replicate_hot_k: 0 }, h, opts);
  notes.push(`replicas: none (replicate_hot_k ${taps.replicate_hot_k} found no host within the critical-path limits)`);
  const r = initialAssignment(q.problem);
  startNote(r.from);
  return { prep: q, state: r.state, notes };
}

/** Per vault, the hottest of its (vault, die) DRAM nodes (node = die x n + vault), degC. */
function hottestDiePerVault(td: Float64Array, n: number): Float64Array {
  const out = new Float64Array(n).fill(Number.NEGATIVE_INFINITY);
  for (let k = 0; k < td.length; k++) out[k % n] = Math.max(out[k % n] as number, td[k] as number);
  return out;
}

/** Cores of each expert from an item assignment (copies in item order). */
function expertCores(p: PlacementProblem, assign: Int32Array): number[][] {
  const out: number[][] = [];
  for (let e = 0; e < p.expertCount; e++) {
    const first = p.expertFirstItem[e] as number;
    const cores: number[] = [];
    for (let k = 0; k < (p.expertCopies[e] as number); k++) cores.push(assign[first + k] as number);
    out.push(cores);
  }
  return out;
}

export async function buildPlacement(
  arch: ResolvedArchConfig,
  workload: ResolvedWorkloadConfig,
  taps: ResolvedTapsParamsLike,
  h?: InfluenceMatrix,
  opts: BuildPlacementOptions = {},
): Promise<PlacementResult> {
  const t0 = performance.now();
  const first = seededSearchStart(arch, workload, taps, h, opts);
  const { prep, state } = first;
  const { problem: p, load, expertHeat } = prep;
  const notes = [...prep.notes, ...first.notes];
  const log: string[] = [...prep.notes, ...first.notes];
  const ls = localSearch(state, opts.maxSweeps ?? DEFAULT_SWEEPS);
  const heuristicViolations = assignmentViolations(p, state.assign);
  if (heuristicViolations.length > 0) {
    // A bug, not an input problem: the heuristic only makes feasible moves.
    throw new TapsError('TAPS_INFEASIBLE', `heuristic produced an invalid placement: ${heuristicViolations[0]}`);
  }
  const t1 = performance.now();
  log.push(
    `heuristic: objective ${ls.objectiveAfter.toFixed(6)} K (greedy ${ls.objectiveBefore.toFixed(6)} K), ${ls.moves} moves, ${ls.swaps} swaps, ${ls.sweeps} sweeps`,
  );
  let assign = state.assign;
  let method = 'heuristic';
  let gap: number | undefined;
  let fallbackReason: string | undefined;
  const solver = opts.solver ?? taps.solver;
  const timeLimitS = opts.timeLimitS ?? taps.time_limit_s;
  if (solver === 'highs') {
    const r = await improveWithHighs(p, state.assign, timeLimitS);
    log.push(...r.log);
    if (r.improvedLayers > 0) {
      assign = r.assign;
      method = 'highs';
    }
    if (r.gap !== undefined) gap = r.gap;
    if (r.fallbackReason !== undefined) {
      fallbackReason = r.fallbackReason;
      notes.push(`highs: ${r.fallbackReason}; kept the heuristic where it did not deliver`);
    } else if (r.improvedLayers === 0) {
      notes.push('highs: no layer improved on the heuristic (warm start kept)');
    }
  }
  const t2 = performance.now();

  const topo = buildTopology(arch);
  const limits = bankLimits(arch, workload, taps);
  const cores = expertCores(p, assign);
  const shards = shardListOf(workload, limits, cores, expertHeat, load.tokenRate);
  const readPowerW = shardReadPowerW(arch, taps);
  const temps = temperaturesOf(p, assign);
  const dramTemps = dramTemperaturesOf(p, assign);
  const tensors = await placeTensors(arch, topo, limits, shards, workload.tensors.shards_per_expert, readPowerW, {
    ...(opts.bankBurst === undefined ? {} : { burst: opts.bankBurst }),
    ...(taps.bank_positions !== 'burst+logic'
      ? {}
      : {
          logic: {
            tempsC: temps,
            value: (t: Float64Array) => objectiveValue(t, p.ambientC, p.edges, p.weights),
            ...(dramTemps === undefined ? {} : { vaultDramC: hottestDiePerVault(dramTemps, p.coreCount) }),
          },
        }),
    lpSolver: solver === 'lp-solver',
    timeLimitS,
  });
  const bank = tensors.bank;
  log.push(...tensors.log);
  if (tensors.lpSolved) method = 'heuristic+lp-solver-banks';
  if (tensors.fallbackReason !== undefined) {
    fallbackReason = tensors.fallbackReason;
    notes.push(`lp-solver: ${tensors.fallbackReason}; kept the greedy bank assignment`);
  }
  if (tensors.burst !== undefined && tensors.burst.narrowedVaults > 0)
    notes.push(
      `banks: ${tensors.burst.narrowedVaults} vaults leave out the positions a read burst heats most (predicted burst peak +${tensors.burst.peakK.toFixed(2)} K)`,
    );
  const lr = tensors.burst?.logic;
  if (lr !== undefined && lr.moves > 0)
    notes.push(
      `banks: ${lr.moves} position changes for the logic die under the same burst peak (predicted core peak ${lr.burstPlanPeakC.toFixed(4)} -> ${lr.peakC.toFixed(4)} C)`,
    );
  const bv = bankViolations(topo, limits, shards, bank);
  if (bv.length > 0) throw new TapsError('TAPS_INFEASIBLE', `bank assignment invalid: ${bv[0]}`);
  const t3 = performance.now();

  const terms = objectiveTerms(
    temps,
    p.ambientC,
    p.edges,
    p.weights,
    dramTemps === undefined || p.dram === undefined ? undefined : { temps: dramTemps, weight: p.dram.weight },
  );
  const dram = dramTemps === undefined ? undefined : dramPrediction(p, arch, dramTemps);
  const meta: NonNullable<Placement['meta']> = {
    method,
    predicted_peak_c: terms.peakC,
    ...(dram === undefined ? {} : { predicted_peak_dram_c: dram.peakC }),
    objective: terms.value,
    ...(gap === undefined ? {} : { gap }),
    ...(notes.length === 0 ? {} : { note: notes.join('; ') }),
  };
  const placement = toPlacementRecord(cores, topo, shards, bank, meta);
  return {
    placement,
    method,
    predictedTempsC: temps,
    predictedPeakC: terms.peakC,
    ...(dram === undefined ? {} : { dram }),
    ...(tensors.burst === undefined ? {} : { burst: tensors.burst }),
    objective: terms.value,
    terms,
    heuristicObjective: ls.objectiveAfter,
    ...(gap === undefined ? {} : { gap }),
    ...(fallbackReason === undefined ? {} : { fallbackReason }),
    solverLog: log,
    heatSource: prep.heatSource,
    influenceSource: prep.influenceSource,
    influence: prep.influence,
    expertHeat,
    load,
    localSearch: ls,
    timingsMs: { heuristic: t1 - t0, solver: t2 - t1, banks: t3 - t2, total: t3 - t0 },
    problem: p,
    assign,
    criticalPath: criticalPaths(p.cp, assign),
  };
}
