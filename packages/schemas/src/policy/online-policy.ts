/**
 * An online policy: the closed loop's per-window seam (TACS is one). At every
 * window the loop hands the controller the previous window's telemetry and the
 * window's pending tasks, and lowers the window with the overlays it returns;
 * the physicalizer checks them (an overlay it refuses drops that window's
 * overlays, logged). A controller lives for one pass over the workload: the
 * warm-up and the measured pass each start a fresh one.
 */
import type { ResolvedArchConfig, ResolvedTasParams, ResolvedWorkloadConfig } from '../config/load.js';
import type { Overlays } from '../records/overlays.js';
import type { Placement } from '../records/placement.js';
import type { Telemetry } from '../records/telemetry.js';
import type { InfluenceMatrix, PendingWindowView, ReplicaStateView } from '../runtime-contracts.js';
import type { Topology } from '../topology.js';

export interface OnlineContext {
  readonly arch: ResolvedArchConfig;
  readonly workload: ResolvedWorkloadConfig;
  readonly tas: ResolvedTasParams;
  readonly topology: Topology;
  /** The scenario's placement (the placement policy's answer). */
  readonly placement: Placement;
  readonly influence?: InfluenceMatrix;
  /**
   * For each bank, the lowest bank index whose temperature equals its own in every window by
   * construction (the thermal back end's `blockTwins`, in bank order): a policy may smooth or
   * scan one bank per group. Absent when the back end promises nothing.
   */
  readonly bankTwins?: Int32Array;
  /** Window length, s. */
  readonly windowS: number;
  readonly log: (line: string) => void;
  /** Present when the run is verbose and the overlays are applied: per-decision lines at DEBUG. */
  readonly debug?: (line: string) => void;
}

export interface OnlineWindow {
  readonly window: number;
  /**
   * What the last window left: temperatures (C) of cores and banks, core utilisation 0..1, NoC load.
   * The loop refreshes this object in place every window: copy what you keep.
   */
  readonly telemetry: Telemetry;
  /**
   * For a policy with `bankTempsTyped`: the bank temperatures (C) as the loop keeps them, in
   * place of `telemetry.temps_bank` (then empty), without the copy into a number array.
   * Read-only and valid during `decide` only (the next thermal step overwrites it).
   */
  readonly bankTempsC?: Float64Array;
  /** The window's tasks as they would run without new overlays (a dry run, computed on first call). */
  pending(): PendingWindowView;
  /** Replicas created by earlier overlays, and whether the residency/cooldown rules allow a change. */
  readonly replicas: ReplicaStateView;
}

export interface OnlineController {
  decide(window: OnlineWindow): Overlays;
  /** The overlays the window was lowered with (after decide; absent when the physicalizer refused them). */
  applied?(overlays: Overlays): void;
}

export interface OnlinePolicy {
  readonly kind: 'online';
  /** A scenario name (SCENARIO_NAME_PATTERN): the policy on the default placement runs as the scenario of that name. */
  readonly name: string;
  readonly description?: string;
  /** Reads bank temperatures from `OnlineWindow.bankTempsC`: `telemetry.temps_bank` stays empty. */
  readonly bankTempsTyped?: boolean;
  start(ctx: OnlineContext): OnlineController;
}
