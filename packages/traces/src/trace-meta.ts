/**
 * What a trace export records next to its CSVs (trace_meta.json): the seed,
 * the resolved workload and its hash, and totals to check a reader against.
 * No wall-clock time, so the same inputs give a byte-identical file.
 */
import { createHash } from 'node:crypto';
import type { LogicalChunk, ResolvedWorkloadConfig } from '@tasmoe/schemas';
import { STEP_PERIOD_NS, type TraceShape } from './trace-shape.js';

export const TRACE_FORMAT = 'tasmoe-logical-trace/1';

export interface TraceTotals {
  tokenLayerEvents: number;
  computeRows: number;
  memoryRows: number;
  kvReads: number;
  weightReads: number;
  fcFlops: number;
  attnFlops: number;
  kvBytes: number;
  weightBytes: number;
}

export interface TraceMeta {
  readonly format: typeof TRACE_FORMAT;
  readonly seed: number;
  readonly config_sha256: string;
  readonly model: string;
  readonly steps: number;
  readonly step_period_ns: number;
  readonly experts_per_event: number;
  readonly expert_count: number;
  readonly files: { readonly compute: string; readonly memory: string };
  readonly totals: Readonly<TraceTotals>;
  readonly workload: ResolvedWorkloadConfig;
}

export function emptyTotals(): TraceTotals {
  return {
    tokenLayerEvents: 0,
    computeRows: 0,
    memoryRows: 0,
    kvReads: 0,
    weightReads: 0,
    fcFlops: 0,
    attnFlops: 0,
    kvBytes: 0,
    weightBytes: 0,
  };
}

/** Add one chunk (as exported: two compute rows per event, one KV read per event) to `totals`. */
export function addChunkTotals(totals: TraceTotals, chunk: LogicalChunk): TraceTotals {
  totals.tokenLayerEvents += chunk.eventCount;
  totals.computeRows += 2 * chunk.eventCount;
  totals.kvReads += chunk.eventCount;
  totals.weightReads += chunk.weightReadCount;
  totals.memoryRows += chunk.eventCount + chunk.weightReadCount;
  for (const f of chunk.expertFlops) totals.fcFlops += f;
  for (const f of chunk.attnFlops) totals.attnFlops += f;
  for (const b of chunk.kvBytes) totals.kvBytes += b;
  for (const b of chunk.wBytes) totals.weightBytes += b;
  return totals;
}

function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([key, v]) => `${JSON.stringify(key)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

/** SHA-256 of the resolved workload in canonical JSON (sorted keys), so key order in the YAML does not matter. */
export function workloadHash(cfg: ResolvedWorkloadConfig): string {
  return createHash('sha256').update(canonicalJson(cfg)).digest('hex');
}

export function traceMeta(
  cfg: ResolvedWorkloadConfig,
  shape: TraceShape,
  files: TraceMeta['files'],
  totals: TraceTotals,
): TraceMeta {
  return {
    format: TRACE_FORMAT,
    seed: shape.seed,
    config_sha256: workloadHash(cfg),
    model: cfg.model,
    steps: shape.steps,
    step_period_ns: STEP_PERIOD_NS,
    experts_per_event: shape.k,
    expert_count: shape.expertCount,
    files,
    totals: { ...totals },
    workload: cfg,
  };
}
