/**
 * A placement policy: configs (and what the runner measured about them) in, a
 * placement.json out, once per scenario run before the first window. The
 * runner validates the answer against the configs (checks/placement-checks.ts)
 * before any window runs, so a policy cannot make a run with experts or
 * shards the machine does not have.
 */
import type { ResolvedArchConfig, ResolvedTasParams, ResolvedWorkloadConfig } from '../config/load.js';
import type { Placement } from '../records/placement.js';
import type { BankBurstResponse, InfluenceMatrix } from '../runtime-contracts.js';
import type { Topology } from '../topology.js';

export interface PlacementContext {
  readonly arch: ResolvedArchConfig;
  readonly workload: ResolvedWorkloadConfig;
  readonly tas: ResolvedTasParams;
  readonly topology: Topology;
  /**
   * Per global expert number (routed experts layer by layer, then the shared ones): the probability
   * that a token at the expert's layer uses it. A layer's routed experts sum to routing.topk, a shared
   * expert is 1. The routing model's exact value, or counted over a trace prefix when
   * tas.taps.heat_estimate is "trace-prefix" (the estimate TAPS uses).
   */
  readonly expertLoad: Float64Array;
  /** Core-to-core steady-state thermal influence (K/W), when the thermal back end provides one. */
  readonly influence?: InfluenceMatrix;
  /**
   * Share of the attention work each core runs whatever the placement (sums to 1), when known.
   * The loop measures it when a policy first reads it (a dry lowering of the first windows).
   */
  readonly attentionCoreShare?: Float64Array;
  /**
   * The thermal model's response of each DRAM bank position to one weight-shard read, when the
   * thermal back end provides H (computed when a policy first reads it).
   */
  readonly bankBurst?: BankBurstResponse;
  /** A line for the scenario's run.log. */
  readonly log: (line: string) => void;
}

export interface PlacementPolicy {
  readonly kind: 'placement';
  /** A scenario name (SCENARIO_NAME_PATTERN): the policy runs as the scenario of that name. */
  readonly name: string;
  readonly description?: string;
  place(ctx: PlacementContext): Placement | Promise<Placement>;
}
