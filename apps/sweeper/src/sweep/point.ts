/**
 * One point of a sweep: fully resolved configs plus where it sits in the sweep.
 * Plain data (structured-clone and JSON safe): it travels to worker threads and
 * through Redis as job data.
 */
import type { ResolvedArchConfig, ResolvedTasParams, ResolvedWorkloadConfig, Scenario } from '@tasmoe/schemas';

export interface PointConfigs {
  readonly arch: ResolvedArchConfig;
  readonly workload: ResolvedWorkloadConfig;
  readonly tas: ResolvedTasParams;
}

export interface SweepPoint {
  /** Sweep name (the folder sweeps/<name>/). */
  readonly sweep: string;
  /** Position in the sweep's expansion order (grid: last axis fastest; repeats innermost). */
  readonly index: number;
  /** Content address: the first 16 hex digits of `hash`. */
  readonly id: string;
  /** sha256 of the canonical JSON of the resolved configs. */
  readonly hash: string;
  /** Axis path -> value, in the sweep file's axis order. */
  readonly axes: Readonly<Record<string, unknown>>;
  readonly repeat: number;
  /** workload.routing.seed of this point. */
  readonly seed: number;
  readonly scenarios: readonly Scenario[];
  /** File stem of the per-scenario metrics CSV: <scenario>/<workloadName>.csv. */
  readonly workloadName: string;
  readonly configs: PointConfigs;
}

export const POINT_ID_LENGTH = 16;
