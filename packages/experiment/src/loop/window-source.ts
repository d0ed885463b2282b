/**
 * Where a scenario's logical trace comes from: the generator (the workload's
 * routing model and seed) or a recorded trace folder replayed from its CSVs.
 * The loop only sees the LogicalSource interface; every pass (placement
 * prefix, attention share, warm-up, measured pass) opens its own source, so a
 * replayed trace is read from its start each time, never held whole.
 */
import type { LogicalSource, ResolvedWorkloadConfig } from '@tasmoe/schemas';
import { createLogicalSource, openRecordedTrace } from '@tasmoe/traces';

/** Opens a fresh source over the whole workload. */
export type OpenSource = () => LogicalSource;

export function sourceOpener(workload: ResolvedWorkloadConfig, tracesDir?: string, parseThreads = 1): OpenSource {
  if (tracesDir === undefined) return () => createLogicalSource(workload);
  // fail at the boundary, before any pass: the meta is checked against the workload here
  openRecordedTrace(tracesDir, workload).close();
  const opts = parseThreads > 1 ? { parseThreads } : {};
  return () => openRecordedTrace(tracesDir, workload, opts);
}
