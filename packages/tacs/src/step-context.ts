/**
 * Everything one tacsStep call derives once and its phases share (internal).
 */
import type { OverlayMigrate, OverlayReroute, ReplicaStateView, Topology } from '@tasmoe/schemas';
import type { TacsDecision, TacsLogger } from './decision.js';
import type { ExpertWeights } from './expert-weights.js';
import type { TacsHardware } from './hardware.js';
import type { TacsOptions } from './options.js';
import type { PlacementIndex } from './placement-index.js';
import type { PressureParams } from './pressure.js';
import type { ThermalResponse } from './thermal-response.js';

export interface StepCosts {
  readonly lambda: number;
  readonly mu: number;
  readonly eta: number;
}

export interface StepContext {
  readonly winIdx: number;
  /** t_apply_ns of every overlay row: the pending window's start, never before the commit frontier. */
  readonly tApplyNs: number;
  readonly windowNs: number;
  readonly pressure: PressureParams;
  /** Temg_dram: a stripe group with a bank at or above it is a DRAM emergency (bank-relief.ts). */
  readonly dramEmergencyC: number;
  readonly costs: StepCosts;
  readonly hopRadius: number;
  /** min_residency_ms in ns: a shard moved less than this ago stays (its copy may still be in flight). */
  readonly minResidencyNs: number;
  /** Windows a replica lives at least (min_residency_ms / window, >= 1): its one-off copy is spread over them. */
  readonly replicaAmortWindows: number;
  readonly options: TacsOptions;
  readonly topology: Topology;
  readonly response: ThermalResponse;
  readonly hw: TacsHardware;
  readonly weights: ExpertWeights;
  readonly placement: PlacementIndex;
  readonly replicas: ReplicaStateView;
  readonly emaCore: Float64Array;
  /** EMA extrapolated over the lookahead (rising trend only): what sources, sinks and gains use. */
  readonly predicted: Float64Array;
  readonly rawCore: readonly number[];
  readonly util: readonly number[];
  /** 1 where EMA or raw temperature is at or above Temg. */
  readonly emergency: Uint8Array;
  readonly hotStreak: Int32Array;
  /** Migrations (replicas, shard moves) held back: noc_load above noc_defer_threshold. */
  readonly deferMigrations: boolean;
  /** Replicas retired in this step, key expert * coreCount + core. */
  readonly retired: Set<number>;
  readonly reroute: OverlayReroute[];
  readonly migrate: OverlayMigrate[];
  readonly decisions: TacsDecision[];
  readonly log: TacsLogger | undefined;
}

export function record(ctx: StepContext, decision: TacsDecision): void {
  ctx.decisions.push(decision);
  if (ctx.log !== undefined) ctx.log(decision);
}

export function retiredKey(ctx: StepContext, expert: number, core: number): number {
  return expert * ctx.topology.coreCount + core;
}
