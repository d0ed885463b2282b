/**
 * File IO of the CSV export (seed API generate_logical_traces): chunks are
 * generated, converted to rows and appended one at a time, so memory stays flat
 * whatever the trace length. Files are written under temporary names and
 * renamed when complete, so an interrupted export never leaves a CSV that
 * looks whole; trace_meta.json is written last.
 */
import { mkdir, open, rename, rm, writeFile, type FileHandle } from 'node:fs/promises';
import path from 'node:path';
import { stringify } from 'csv-stringify/sync';
import type { ResolvedWorkloadConfig } from '@tasmoe/schemas';
import { LOGICAL_COMPUTE_COLUMNS, LOGICAL_MEMORY_COLUMNS, chunkCsvRows } from './csv-rows.js';
import { TracesError } from './errors.js';
import { createLogicalSource } from './logical-source.js';
import { addChunkTotals, emptyTotals, traceMeta, type TraceMeta } from './trace-meta.js';

import { LOGICAL_COMPUTE_FILE, LOGICAL_MEMORY_FILE, TRACE_META_FILE } from './trace-files.js';

export { LOGICAL_COMPUTE_FILE, LOGICAL_MEMORY_FILE, TRACE_META_FILE };

/** Token-layer events per exported chunk when the caller does not choose: large enough to amortise a write. */
const EVENTS_PER_WRITE = 1024;

export interface GenerateTracesOptions {
  /** Overrides `routing.seed`. */
  readonly seed?: number;
  /** Decode steps per generated chunk; the trace itself does not depend on it. */
  readonly stepsPerChunk?: number;
  /** Called after each chunk is written. */
  readonly onProgress?: (stepsDone: number, totalSteps: number) => void;
}

export interface GeneratedTraces {
  readonly computePath: string;
  readonly memoryPath: string;
  readonly metaPath: string;
  readonly meta: TraceMeta;
}

const PARTIAL = '.partial';

/** Write logical_compute.csv, logical_memory.csv and trace_meta.json into `outDir`. */
export async function generateLogicalTraces(
  cfg: ResolvedWorkloadConfig,
  outDir: string,
  opts: GenerateTracesOptions = {},
): Promise<GeneratedTraces> {
  const probe = createLogicalSource(cfg, opts.seed === undefined ? {} : { seed: opts.seed });
  const stepsPerChunk = opts.stepsPerChunk ?? Math.max(1, Math.floor(EVENTS_PER_WRITE / probe.shape.eventsPerStep));
  const source = createLogicalSource(cfg, { stepsPerChunk, seed: probe.shape.seed });
  const computePath = path.join(outDir, LOGICAL_COMPUTE_FILE);
  const memoryPath = path.join(outDir, LOGICAL_MEMORY_FILE);
  const metaPath = path.join(outDir, TRACE_META_FILE);
  const partials = [computePath + PARTIAL, memoryPath + PARTIAL, metaPath + PARTIAL];

  let computeFile: FileHandle | undefined;
  let memoryFile: FileHandle | undefined;
  try {
    await mkdir(outDir, { recursive: true });
    computeFile = await open(computePath + PARTIAL, 'w');
    memoryFile = await open(memoryPath + PARTIAL, 'w');
    await computeFile.write(stringify([LOGICAL_COMPUTE_COLUMNS]));
    await memoryFile.write(stringify([LOGICAL_MEMORY_COLUMNS]));
    const totals = emptyTotals();
    for (let c = 0; c < source.chunkCount; c++) {
      const chunk = source.chunk(c);
      const rows = chunkCsvRows(chunk, source.shape);
      await computeFile.write(stringify(rows.compute));
      await memoryFile.write(stringify(rows.memory));
      addChunkTotals(totals, chunk);
      opts.onProgress?.(chunk.stepStart + chunk.stepCount, source.totalSteps);
    }
    await computeFile.close();
    computeFile = undefined;
    await memoryFile.close();
    memoryFile = undefined;
    const meta = traceMeta(cfg, source.shape, { compute: LOGICAL_COMPUTE_FILE, memory: LOGICAL_MEMORY_FILE }, totals);
    await writeFile(metaPath + PARTIAL, `${JSON.stringify(meta, null, 2)}\n`);
    await rename(computePath + PARTIAL, computePath);
    await rename(memoryPath + PARTIAL, memoryPath);
    await rename(metaPath + PARTIAL, metaPath);
    return { computePath, memoryPath, metaPath, meta };
  } catch (err) {
    await computeFile?.close().catch(() => undefined);
    await memoryFile?.close().catch(() => undefined);
    await Promise.all(partials.map((p) => rm(p, { force: true }).catch(() => undefined)));
    if (err instanceof TracesError) throw err;
    const e = err as NodeJS.ErrnoException;
    throw new TracesError('TRACE_IO', `cannot write traces to ${outDir}: ${e.code ?? e.message}`, { cause: err });
  }
}
