/**
 * Replay of a recorded logical trace (the files `tasmoe gen-traces` writes,
 * trace_schema.md): a LogicalSource whose chunks are read from
 * logical_compute.csv and logical_memory.csv instead of generated, so the
 * closed loop runs on it unchanged. Both files are streamed through fixed
 * buffers (csv-line-reader.ts) in chunk order; asking for an earlier chunk
 * reopens them and reads forward again, so memory stays flat however long the
 * trace. Every row is checked against the layout the schema fixes (event ids
 * dense, step / micro-batch / token / layer of each event, experts of the
 * event's layer, KV tensor of its slot), and the totals against
 * trace_meta.json; a violation names file:line:field.
 */
import path from 'node:path';
import type { LogicalChunk, LogicalSource, ResolvedWorkloadConfig } from '@tasmoe/schemas';
import { LOGICAL_COMPUTE_COLUMNS, LOGICAL_MEMORY_COLUMNS } from './csv-rows.js';
import { TracesError } from './errors.js';
import { LOGICAL_COMPUTE_FILE, LOGICAL_MEMORY_FILE, TRACE_META_FILE } from './generate-traces.io.js';
import type { TraceMeta } from './trace-meta.js';
import { readTraceMeta } from './trace-meta-check.js';
import { traceShape, type TraceShape } from './trace-shape.js';
import { TraceReader } from './trace-reader.js';
import { checkParseThreads, isFallBack, ParallelChunks } from './parallel-trace.js';

export interface RecordedSourceOptions {
  /** Decode steps per chunk (default 1). */
  readonly stepsPerChunk?: number;
  /** Read buffer per file, the longest line accepted (default LIMITS.traceLineBytes). */
  readonly bufferBytes?: number;
  /**
   * Read every row field by field, without the byte-level path for the writer's spelling
   * (trace-rows-fast.ts): slower, same chunks and same errors (tested against each other).
   */
  readonly fieldReaderOnly?: boolean;
  /**
   * Threads that read the chunks (default 1): thread t of n reads chunks t, t + n, ...
   * (parallel-trace.ts), the caller's thread being one of them. Same chunks and errors
   * as one thread; worth it when the caller's own work per chunk is small next to parsing.
   */
  readonly parseThreads?: number;
}

export interface RecordedSource extends LogicalSource {
  readonly shape: TraceShape;
  readonly meta: TraceMeta;
  /** Close the files (also done after the last chunk). */
  close(): void;
}

/** Open a recorded trace folder for `workload`; refuses a trace made for another workload. */
export function openRecordedTrace(
  dir: string,
  workload: ResolvedWorkloadConfig,
  opts: RecordedSourceOptions = {},
): RecordedSource {
  return openTrace(dir, workload, opts, true);
}

/** openRecordedTrace; `callerReads` false: with parseThreads n, n workers read and the caller only hands out (tests). */
export function openTrace(
  dir: string,
  workload: ResolvedWorkloadConfig,
  opts: RecordedSourceOptions,
  callerReads: boolean,
): RecordedSource {
  const meta = readTraceMeta(dir, workload, TRACE_META_FILE);
  const shape = traceShape(workload);
  const stepsPerChunk = opts.stepsPerChunk ?? 1;
  if (!Number.isSafeInteger(stepsPerChunk) || stepsPerChunk < 1) {
    throw new TracesError('TRACE_OPTION_INVALID', `stepsPerChunk must be a positive integer, got ${stepsPerChunk}`);
  }
  if (opts.bufferBytes !== undefined && (!Number.isSafeInteger(opts.bufferBytes) || opts.bufferBytes < 16)) {
    throw new TracesError('TRACE_OPTION_INVALID', `bufferBytes must be an integer >= 16, got ${opts.bufferBytes}`);
  }
  const chunkCount = Math.ceil(shape.steps / stepsPerChunk);
  const computeFile = path.join(dir, meta.files?.compute ?? LOGICAL_COMPUTE_FILE);
  const memoryFile = path.join(dir, meta.files?.memory ?? LOGICAL_MEMORY_FILE);
  const parseThreads = opts.parseThreads ?? 1;
  checkParseThreads(parseThreads);
  const readerOptions = {
    ...(opts.bufferBytes === undefined ? {} : { bufferBytes: opts.bufferBytes }),
    ...(opts.fieldReaderOnly === undefined ? {} : { fieldReaderOnly: opts.fieldReaderOnly }),
  };
  const columns = { compute: LOGICAL_COMPUTE_COLUMNS, memory: LOGICAL_MEMORY_COLUMNS };
  let reader: TraceReader | undefined;
  // held apart from the source, so that a source dropped unclosed (a prefix pass) stops its workers when collected
  const threads: { parallel: ParallelChunks | undefined; used: boolean } = { parallel: undefined, used: false };
  const close = (): void => {
    reader?.close();
    reader = undefined;
    threads.parallel?.close();
    threads.parallel = undefined;
  };
  const source: RecordedSource = {
    shape,
    meta,
    totalSteps: shape.steps,
    stepsPerChunk,
    chunkCount,
    close,
    chunk(index: number): LogicalChunk {
      if (!Number.isSafeInteger(index) || index < 0 || index >= chunkCount) {
        throw new TracesError('TRACE_CHUNK_OUT_OF_RANGE', `chunk ${index} out of range 0..${chunkCount - 1}`);
      }
      if (parseThreads > 1 && index === 0 && !threads.used && chunkCount > 1) {
        threads.used = true;
        const base = {
          computeFile,
          memoryFile,
          columns,
          shape,
          meta,
          options: readerOptions,
          stepsPerChunk,
          chunkCount,
        };
        threads.parallel = new ParallelChunks(base, Math.min(parseThreads, chunkCount), callerReads);
      }
      if (threads.parallel !== undefined) {
        try {
          return threads.parallel.take(index);
        } catch (err) {
          threads.parallel?.close();
          threads.parallel = undefined;
          if (!isFallBack(err)) throw err;
        }
      }
      if (reader === undefined || reader.nextChunk > index) {
        close();
        reader = new TraceReader(computeFile, memoryFile, columns, shape, meta, readerOptions);
      }
      try {
        while (reader.nextChunk < index) reader.read(reader.nextChunk, stepsPerChunk);
        const chunk = reader.read(index, stepsPerChunk);
        if (index === chunkCount - 1) {
          reader.finish();
          close();
        }
        return chunk;
      } catch (err) {
        close();
        throw err;
      }
    },
  };
  if (parseThreads > 1) stopWhenCollected.register(source, threads);
  return source;
}

const stopWhenCollected = new FinalizationRegistry<{ parallel: ParallelChunks | undefined }>((t) =>
  t.parallel?.close(),
);
