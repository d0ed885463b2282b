/**
 * The boundary of a recorded trace: trace_meta.json is read (size-limited),
 * its workload validated like a config, and compared with the workload the run
 * is given. The CSVs carry no shape of their own (ids, FLOPs and bytes follow
 * from the workload), so a trace is only meaningful with the workload it was
 * made for: any difference is refused with the first differing field.
 */
import { readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { LIMITS, resolveConfig, type ResolvedWorkloadConfig } from '@tasmoe/schemas';
import { TracesError } from './errors.js';
import { TRACE_FORMAT, type TraceMeta } from './trace-meta.js';

function firstDifference(a: unknown, b: unknown, at: string): string | undefined {
  if (a !== null && b !== null && typeof a === 'object' && typeof b === 'object') {
    const keys = [...new Set([...Object.keys(a), ...Object.keys(b)])].sort();
    for (const k of keys) {
      const d = firstDifference(
        (a as Record<string, unknown>)[k],
        (b as Record<string, unknown>)[k],
        at === '' ? k : `${at}.${k}`,
      );
      if (d !== undefined) return d;
    }
    return undefined;
  }
  return Object.is(a, b) ? undefined : `${at} (trace ${JSON.stringify(a)}, workload ${JSON.stringify(b)})`;
}

/** Read and check `<dir>/trace_meta.json` against `workload`; throws TracesError (input) otherwise. */
export function readTraceMeta(dir: string, workload: ResolvedWorkloadConfig, metaFile: string): TraceMeta {
  const file = path.join(dir, metaFile);
  let text: string;
  try {
    const size = statSync(file).size;
    if (size > LIMITS.fileBytes)
      throw new TracesError(
        'TRACE_FILE_INVALID',
        `${file}: ${size} bytes, more than the ${LIMITS.fileBytes} a trace_meta.json may have`,
      );
    text = readFileSync(file, 'utf8');
  } catch (err) {
    if (err instanceof TracesError) throw err;
    const e = err as NodeJS.ErrnoException;
    throw new TracesError(
      'TRACE_FILE_INVALID',
      `${file}: cannot read (${e.code ?? e.message}); a trace folder holds what tasmoe gen-traces writes`,
      { cause: err },
    );
  }
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (err) {
    throw new TracesError('TRACE_FILE_INVALID', `${file}: not JSON (${(err as Error).message})`, { cause: err });
  }
  const m = raw as Partial<Record<keyof TraceMeta, unknown>>;
  if (typeof raw !== 'object' || raw === null || m.format !== TRACE_FORMAT) {
    throw new TracesError(
      'TRACE_FILE_INVALID',
      `${file}: field format: expected "${TRACE_FORMAT}", got ${JSON.stringify(m?.format)}`,
    );
  }
  if (typeof m.seed !== 'number' || !Number.isSafeInteger(m.seed))
    throw new TracesError('TRACE_FILE_INVALID', `${file}: field seed: expected an integer`);
  const traceWorkload = resolveConfig('workload', m.workload, `${file} (field workload)`);
  const diff = firstDifference(traceWorkload, workload, '');
  if (diff !== undefined)
    throw new TracesError('TRACE_MISMATCH', `${file}: the trace was made for another workload: ${diff}`);
  if (m.seed !== workload.routing.seed) {
    throw new TracesError(
      'TRACE_MISMATCH',
      `${file}: the trace was generated with seed ${m.seed}, the workload's routing.seed is ${workload.routing.seed}`,
    );
  }
  return raw as TraceMeta;
}
