/**
 * Detect what kind of TAS-MoE file a path holds and validate it. Configs are
 * YAML/JSON; placement and replica state are JSON; `trace_meta.json` is a
 * trace's description (its embedded workload is validated); traces, overlays
 * and events are CSV (validate-csv.ts). With an arch and a workload config,
 * placements, replica states, overlays and traces are also checked against
 * them (@tasmoe/schemas checks: cores and banks on the hardware, experts that
 * exist, shards per bank, ...).
 */
import { closeSync, openSync, readSync } from 'node:fs';
import {
  InputValidationError,
  PlacementSchema,
  ReplicaStateSchema,
  parseAnyConfigText,
  parseSourceText,
  placementProblems,
  replicaStateProblems,
  resolveConfig,
  zodIssues,
  type CheckContext,
  type SourceText,
} from '@tasmoe/schemas';
import { INPUT_LIMITS, readInputFile } from '@tasmoe/experiment';
import type { IssueSink } from './issue-sink.js';
import { validateCsvFile } from './validate-csv.js';
import { COUNTS_HEADER, validateCountsFile } from './validate-counts.js';

export interface ValidationResult {
  readonly kind: string;
  readonly records?: number;
}

/** What a file is checked against: the context, and how to name it in the "ok" line. */
export interface Against {
  readonly ctx: CheckContext;
  readonly label: string;
}

const TRACE_META_FORMAT = /^tasmoe-logical-trace\//;

function isObject(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

function addAll(sink: IssueSink, err: unknown): void {
  if (!(err instanceof InputValidationError)) throw err;
  for (const i of err.issues) sink.add(i);
}

function withLines(
  src: SourceText,
  file: string,
  problems: readonly { path: string; message: string }[],
  what: string,
) {
  return problems.map((p) => {
    const line = src.lineOf(p.path);
    return { file, ...(line === undefined ? {} : { line }), path: p.path, message: `${what}: ${p.message}` };
  });
}

function validateJson(text: string, file: string, sink: IssueSink, against?: Against): ValidationResult | undefined {
  const src = parseSourceText(text, file, { json: true, maxBytes: INPUT_LIMITS.record });
  const doc = src.value;
  if (isObject(doc) && typeof doc.format === 'string' && TRACE_META_FORMAT.test(doc.format)) {
    try {
      resolveConfig('workload', doc.workload, `${file} (workload)`, {
        lineOf: (p) => src.lineOf(p === '' ? 'workload' : `workload.${p}`),
        lineOfKey: (p, k) => src.lineOfKey(p === '' ? 'workload' : `workload.${p}`, k),
      });
    } catch (err) {
      addAll(sink, err);
      return undefined;
    }
    return { kind: 'trace_meta' };
  }
  if (isObject(doc) && Array.isArray(doc.scenarios) && isObject(doc.configs)) {
    // run-all.json: the resolved configs of a run
    const configs = doc.configs;
    for (const kind of ['arch', 'workload', 'tas'] as const) {
      const at = {
        lineOf: (p: string) => src.lineOf(`configs.${kind}${p === '' ? '' : `.${p}`}`),
        lineOfKey: (p: string, k: string) => src.lineOfKey(`configs.${kind}${p === '' ? '' : `.${p}`}`, k),
      };
      try {
        resolveConfig(kind, configs[kind], `${file} (configs.${kind})`, at);
      } catch (err) {
        addAll(sink, err);
      }
    }
    return { kind: 'run-all.json' };
  }
  if (isObject(doc) && 'experts' in doc && 'tensors' in doc) {
    const r = PlacementSchema.safeParse(doc);
    if (!r.success) {
      for (const i of zodIssues(file, r.error, src)) sink.add({ ...i, message: `placement: ${i.message}` });
      return undefined;
    }
    if (against !== undefined)
      for (const i of withLines(src, file, placementProblems(r.data, against.ctx), 'placement')) sink.add(i);
    return { kind: 'placement' };
  }
  const r = ReplicaStateSchema.safeParse(doc);
  if (r.success && isObject(doc) && !('mesh' in doc) && !('moe' in doc) && !('tacs' in doc) && !('taps' in doc)) {
    if (against !== undefined)
      for (const i of withLines(src, file, replicaStateProblems(r.data, against.ctx), 'replica_state')) sink.add(i);
    return { kind: 'replica_state' };
  }
  return validateConfig(text, file, sink);
}

function validateConfig(text: string, file: string, sink: IssueSink): ValidationResult | undefined {
  try {
    return { kind: `${parseAnyConfigText(text, file).kind} config` };
  } catch (err) {
    addAll(sink, err);
    return undefined;
  }
}

function firstLineIs(path: string, header: string): boolean {
  try {
    const fd = openSync(path, 'r');
    try {
      const buf = Buffer.alloc(header.length + 2);
      const n = readSync(fd, buf, 0, buf.length, 0);
      return (
        buf
          .toString('utf8', 0, n)
          .replace(/\r?\n$/, '')
          .replace(/\r?\n.*$/s, '') === header
      );
    } finally {
      closeSync(fd);
    }
  } catch {
    return false;
  }
}

/** Validates the file at `path` (named `file` in messages); problems go to `sink`; undefined when it has any. */
export async function validateFile(
  path: string,
  file: string,
  sink: IssueSink,
  against?: Against,
): Promise<ValidationResult | undefined> {
  const lower = file.toLowerCase();
  if (lower.endsWith('.csv'))
    return firstLineIs(path, COUNTS_HEADER)
      ? validateCountsFile(path, file, sink)
      : validateCsvFile(path, file, sink, against?.ctx);
  const text = readInputFile(path, 'file', lower.endsWith('.json') ? INPUT_LIMITS.record : INPUT_LIMITS.config);
  try {
    return lower.endsWith('.json') ? validateJson(text, file, sink, against) : validateConfig(text, file, sink);
  } catch (err) {
    addAll(sink, err);
    return undefined;
  }
}
