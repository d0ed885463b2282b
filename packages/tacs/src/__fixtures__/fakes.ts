/**
 * Hand-built inputs for the TACS unit tests: a replica state fake, pending windows,
 * placements and telemetry on an 8x8 mesh with a small DRAM stack.
 */
import {
  encodeBankId,
  makeTopology,
  TacsParamsSchema,
  type PendingWindowView,
  type Placement,
  type ReplicaStateView,
  type Telemetry,
  type Topology,
} from '@tasmoe/schemas';
import { buildExpertWeights, type ExpertWeights } from '../expert-weights.js';
import type { TacsHardware } from '../hardware.js';
import type { TacsContext, TacsParamsView } from '../tacs-step.js';

/** 8x8 cores, 16x16 banks per die (2x2 per vault), 2 DRAM dies. */
export const TOPO: Topology = makeTopology(8, 8, 16, 16, 2);

export const HW: TacsHardware = { coreFlopsPerSec: 5e12, joulesPerFlop: 0.3e-12, linkBytesPerNs: 256 / 8 / 5, stripeBanks: 1 };

export const SHARD_BYTES = 64 * 2 ** 20;

export const WINDOW_NS = 3_000_000;

export function params(overrides: Partial<Record<string, unknown>> = {}): TacsParamsView {
  // The scenarios here are built around the seed's thresholds (Thot 80, Temg 90), not the shipped
  // operating point (72 / 78, docs/model.md "Operating point"): pinned so the tests keep their meaning.
  return TacsParamsSchema.parse({ thresholds: { Thot: 80.0, Temg: 90.0 }, ...overrides });
}

export interface FakeReplicaOptions {
  /** expert -> replica cores (beyond placement). */
  readonly replicas?: Readonly<Record<number, readonly number[]>>;
  /** "expert:core" pairs that may not be retired yet. */
  readonly pinned?: readonly string[];
  /** "expert:core" pairs still in the undo cooldown. */
  readonly cooling?: readonly string[];
  readonly inFlight?: number;
}

export function fakeReplicaState(o: FakeReplicaOptions = {}): ReplicaStateView {
  const pinned = new Set(o.pinned ?? []);
  const cooling = new Set(o.cooling ?? []);
  return {
    replicaCores: (e) => o.replicas?.[e] ?? [],
    canRetire: (e, c) => !pinned.has(`${e}:${c}`),
    canCreate: (e, c) => !cooling.has(`${e}:${c}`),
    inFlight: () => o.inFlight ?? 0,
  };
}

/** First bank (layer 0) of a core's vault. */
export function vaultBank(core: number, layer = 0): number {
  const b = TOPO.vaultBanks(core, layer)[0];
  if (b === undefined) throw new Error(`no bank for core ${core}`);
  return b;
}

/**
 * Expert e on core hosts[e] (array: replicated placement), one weight shard in the
 * vault of its first host.
 */
export function placementOf(hosts: Readonly<Record<number, number | readonly number[]>>): Placement {
  const experts: Placement['experts'] = {};
  const tensors: Placement['tensors'] = {};
  for (const [e, h] of Object.entries(hosts)) {
    const cores = typeof h === 'number' ? [h] : [...h];
    experts[`E${e}`] = { cores, policy: cores.length === 1 ? 'single' : 'replicate' };
    const c = TOPO.bankCoord(vaultBank(cores[0] ?? 0));
    tensors[`W_E${e}_0`] = { dram_bank: encodeBankId(c) };
  }
  return { experts, tensors };
}

export interface Task {
  readonly mb: number;
  readonly expert: number;
  readonly core: number;
  readonly flops: number;
}

export function pendingOf(tasks: readonly Task[], winIdx = 5): PendingWindowView {
  const tStartNs = winIdx * WINDOW_NS;
  return {
    winIdx,
    tStartNs,
    tEndNs: tStartNs + WINDOW_NS,
    commitFrontierNs: tStartNs,
    taskCount: tasks.length,
    mbId: Int32Array.from(tasks, (t) => t.mb),
    expert: Int32Array.from(tasks, (t) => t.expert),
    core: Int32Array.from(tasks, (t) => t.core),
    flops: Float64Array.from(tasks, (t) => t.flops),
  };
}

export function telemetryOf(temps: readonly number[] | ((core: number) => number), extra: Partial<Telemetry> = {}): Telemetry {
  const t = typeof temps === 'function' ? Array.from({ length: TOPO.coreCount }, (_, c) => temps(c)) : [...temps];
  return {
    temps_core: t,
    temps_bank: [],
    util_core: t.map(() => 0.3),
    noc_load: 0.1,
    ts_ns: 0,
    ...extra,
  };
}

export function contextFor(placement: Placement, extra: Partial<TacsContext> = {}): TacsContext {
  const weights: ExpertWeights = buildExpertWeights(placement, TOPO, SHARD_BYTES);
  return { topology: TOPO, hw: HW, weights, ...extra };
}

/** A carried state in which every core has been hot for `windows` windows (so replicas are allowed). */
export function hotFor(windows: number, temps: readonly number[]) {
  return {
    windows,
    lastTsNs: 0,
    emaCore: Float64Array.from(temps),
    emaBank: new Float64Array(0),
    hotStreak: new Int32Array(TOPO.coreCount).fill(windows),
    replicaExperts: new Int32Array(0),
  };
}
