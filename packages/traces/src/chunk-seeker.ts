/**
 * One thread's share of a parallel replay: any increasing sequence of chunks
 * of a recorded trace, each read and checked in full by a TraceReader, the
 * chunks in between (read by other threads) skipped by a byte search for their
 * boundary (chunk-boundary.ts). Each chunk comes with the byte offsets where its
 * rows start and end in both files, which the consumer compares with its
 * neighbours' (parallel-trace.ts).
 */
import { closeSync, fstatSync, openSync } from 'node:fs';
import type { LogicalChunk } from '@tasmoe/schemas';
import { ChunkBoundaryFinder } from './chunk-boundary.js';
import { TracesError } from './errors.js';
import type { TraceMeta } from './trace-meta.js';
import { type TraceColumns, TraceReader, type TraceReaderOptions } from './trace-reader.js';
import type { TraceShape } from './trace-shape.js';

export interface ChunkPart {
  readonly chunk: LogicalChunk;
  readonly computeStart: number;
  readonly memoryStart: number;
  readonly computeEnd: number;
  readonly memoryEnd: number;
}

export interface ChunkSeekerInput {
  readonly computeFile: string;
  readonly memoryFile: string;
  readonly columns: TraceColumns;
  readonly shape: TraceShape;
  readonly meta: TraceMeta;
  readonly options: TraceReaderOptions;
  readonly stepsPerChunk: number;
  readonly chunkCount: number;
}

interface FileFinder {
  readonly fd: number;
  readonly finder: ChunkBoundaryFinder;
  /** Mean bytes per chunk: the expected size of a skipped chunk before one was read. */
  readonly meanChunkBytes: number;
}

function openFinder(file: string, chunkCount: number): FileFinder {
  const fd = openSync(file, 'r');
  const size = fstatSync(fd).size;
  return { fd, finder: new ChunkBoundaryFinder(fd, size), meanChunkBytes: Math.floor(size / chunkCount) };
}

export class ChunkSeeker {
  private readonly reader: TraceReader;
  private readonly compute: FileFinder;
  private readonly memory: FileFinder;
  /** Bytes of the last chunk read, per file: the expected size of a chunk to skip. */
  private computeBytes: number;
  private memoryBytes: number;

  constructor(private readonly input: ChunkSeekerInput) {
    this.reader = new TraceReader(
      input.computeFile,
      input.memoryFile,
      input.columns,
      input.shape,
      input.meta,
      input.options,
    );
    try {
      this.compute = openFinder(input.computeFile, input.chunkCount);
      this.memory = openFinder(input.memoryFile, input.chunkCount);
    } catch (err) {
      this.reader.close();
      throw err;
    }
    this.computeBytes = this.compute.meanChunkBytes;
    this.memoryBytes = this.memory.meanChunkBytes;
  }

  /** Chunk c, which must come after every chunk read so far. */
  read(c: number): ChunkPart {
    const { chunkCount, stepsPerChunk, shape } = this.input;
    if (c >= chunkCount)
      throw new TracesError('TRACE_CHUNK_OUT_OF_RANGE', `chunk ${c} out of range 0..${chunkCount - 1}`);
    const r = this.reader;
    if (c < r.nextChunk) throw new TracesError('TRACE_CHUNK_OUT_OF_RANGE', `chunk ${c} after chunk ${r.nextChunk - 1}`);
    if (r.nextChunk !== c) {
      const skipped = c - r.nextChunk;
      const rowId = 2 * c * stepsPerChunk * shape.eventsPerStep;
      const cs = this.compute.finder.rowStart(r.computeOffset(), rowId, skipped * this.computeBytes);
      const ms = this.memory.finder.rowStart(r.memoryOffset(), rowId, skipped * this.memoryBytes);
      if (cs < 0 || ms < 0) throw new TracesError('TRACE_FILE_INVALID', `no row of event_id ${rowId} found`);
      r.seekChunk(c, cs, ms, this.computeBytes, this.memoryBytes);
    }
    const computeStart = r.computeOffset();
    const memoryStart = r.memoryOffset();
    const chunk = r.read(c, stepsPerChunk);
    if (c === chunkCount - 1) r.noRowsAfter();
    const computeEnd = r.computeOffset();
    const memoryEnd = r.memoryOffset();
    this.computeBytes = computeEnd - computeStart;
    this.memoryBytes = memoryEnd - memoryStart;
    return { chunk, computeStart, memoryStart, computeEnd, memoryEnd };
  }

  close(): void {
    this.reader.close();
    closeSync(this.compute.fd);
    closeSync(this.memory.fd);
  }
}
