/**
 * A recorded trace given to run-all (`--traces DIR`): checked against the
 * workload once, before any scenario starts, and identified in the job hash by
 * its folder, the SHA-256 of trace_meta.json and the CSVs' sizes, so results of
 * another trace are never taken for this run's.
 */
import { createHash } from 'node:crypto';
import { readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import type { ResolvedWorkloadConfig } from '@tasmoe/schemas';
import { LOGICAL_COMPUTE_FILE, LOGICAL_MEMORY_FILE, TRACE_META_FILE, openRecordedTrace } from '@tasmoe/traces';

export interface TraceInput {
  readonly dir: string;
  readonly meta_sha256: string;
  readonly compute_bytes: number;
  readonly memory_bytes: number;
}

export function traceInput(dir: string, workload: ResolvedWorkloadConfig): TraceInput {
  const abs = path.resolve(dir);
  openRecordedTrace(abs, workload).close();
  return {
    dir: abs,
    meta_sha256: createHash('sha256')
      .update(readFileSync(path.join(abs, TRACE_META_FILE)))
      .digest('hex'),
    compute_bytes: statSync(path.join(abs, LOGICAL_COMPUTE_FILE)).size,
    memory_bytes: statSync(path.join(abs, LOGICAL_MEMORY_FILE)).size,
  };
}
