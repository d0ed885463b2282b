/**
 * A recorded trace given to run-all (`--traces DIR`): checked against the
 * workload once, before any scenario starts, and identified in the job hash by
 * its folder and the SHA-256 of trace_meta.json and of both CSVs (streamed,
 * ~1.1 GB per CPU second: 0.1 s for the default Mixtral trace), so results of
 * another trace, even one edited to the same size, are never taken for this run's.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { ResolvedWorkloadConfig } from '@tasmoe/schemas';
import {
  LOGICAL_COMPUTE_FILE,
  LOGICAL_MEMORY_FILE,
  TRACE_META_FILE,
  fileSha256,
  openRecordedTrace,
} from '@tasmoe/traces';

export interface TraceInput {
  readonly dir: string;
  readonly meta_sha256: string;
  readonly compute_sha256: string;
  readonly memory_sha256: string;
}

export function traceInput(dir: string, workload: ResolvedWorkloadConfig): TraceInput {
  const abs = path.resolve(dir);
  openRecordedTrace(abs, workload).close();
  return {
    dir: abs,
    meta_sha256: createHash('sha256')
      .update(readFileSync(path.join(abs, TRACE_META_FILE)))
      .digest('hex'),
    compute_sha256: fileSha256(path.join(abs, LOGICAL_COMPUTE_FILE)),
    memory_sha256: fileSha256(path.join(abs, LOGICAL_MEMORY_FILE)),
  };
}
