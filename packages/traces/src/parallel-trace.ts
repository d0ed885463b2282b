/**
 * A recorded trace read by several threads: the caller's thread and n - 1
 * workers each claim the next unread chunk (parse-worker-protocol.ts) and read
 * it with their own ChunkSeeker, so n parsers work at once, a slow one holds up
 * no one, and chunks are still handed out in order and synchronously, as
 * LogicalSource requires. While the chunk it must hand out next is being read
 * by a worker, the caller reads a later one itself.
 *
 * Every row is still checked, by the thread that reads it; what ties the
 * threads' parts into one sequential reading is the byte offsets: a chunk is
 * handed out only if its rows start, in both files, exactly where the previous
 * chunk's rows ended. Anything else (a gap or overlap, a worker's error, a
 * worker that stalls, a chunk asked out of order) makes the caller fall back to
 * the sequential reader (recorded-trace.ts), which returns the same chunks or
 * throws the error with its file:line. So the threads change speed, never a
 * chunk or an error.
 */
import { MessageChannel, type MessagePort, receiveMessageOnPort, Worker } from 'node:worker_threads';
import type { LogicalChunk } from '@tasmoe/schemas';
import { TracesError } from './errors.js';
import { CONSUMED, CONTROL_SLOTS, claimChunk, PRODUCED, STOP } from './parse-worker-protocol.js';
import { type ChunkPart, ChunkSeeker, type ChunkSeekerInput } from './chunk-seeker.js';
import { checkTotals } from './trace-reader.js';

/** How long the caller waits for a worker's chunk before reading sequentially (a worker that died). */
const STALL_MS = 60_000;

function spawnParseWorker(input: ChunkSeekerInput, port: MessagePort, control: SharedArrayBuffer): Worker {
  const data = { ...input, port, control };
  const here = import.meta.url;
  // from sources (.ts) the worker needs tsx registered first (parse-worker-boot.mjs)
  const worker = here.endsWith('.ts')
    ? new Worker(new URL('./parse-worker-boot.mjs', here), {
        workerData: { entry: new URL('./parse-worker.ts', here).href, input: data },
        execArgv: ['--conditions=@tasmoe/source'],
        transferList: [port],
      })
    : new Worker(new URL('./parse-worker.js', here), { workerData: { input: data }, transferList: [port] });
  worker.unref();
  // errors are reported as `failed` messages; a worker that dies otherwise is caught by the stall wait
  worker.on('error', () => {});
  return worker;
}

/** A problem that sends the caller back to the sequential reader. */
class FallBack extends Error {}

interface PartMessage {
  readonly index?: number;
  readonly part?: ChunkPart;
  readonly failed?: string;
}

export class ParallelChunks {
  private readonly own: ChunkSeeker;
  private readonly workers: Worker[] = [];
  private readonly ports: MessagePort[] = [];
  private readonly ctrl: Int32Array;
  /** Chunks read (by any thread) and not yet handed out. */
  private readonly ready = new Map<number, ChunkPart>();
  private expected = 0;
  private computeEnd = -1;
  private memoryEnd = -1;
  private events = 0;
  private weightReads = 0;
  private closed = false;

  /**
   * @param threads readers in all, the caller's thread included
   * @param callerReads false: the caller only hands out what workers read (threads - 1 of them; tests)
   */
  constructor(
    private readonly input: ChunkSeekerInput,
    threads: number,
    private readonly callerReads = true,
  ) {
    const control = new SharedArrayBuffer(CONTROL_SLOTS * 4);
    this.ctrl = new Int32Array(control);
    this.own = new ChunkSeeker(input);
    try {
      for (let t = callerReads ? 1 : 0; t < threads; t++) {
        const { port1, port2 } = new MessageChannel();
        this.ports.push(port1);
        this.workers.push(spawnParseWorker(input, port2, control));
      }
    } catch (err) {
      this.close();
      throw err;
    }
  }

  /** The next chunk in order; throws a FallBack (isFallBack) when the sequential reader must take over. */
  take(index: number): LogicalChunk {
    if (this.closed || index !== this.expected) throw new FallBack('out of order');
    let part: ChunkPart;
    try {
      part = this.await(index);
    } catch (err) {
      if (err instanceof FallBack) throw err;
      throw new FallBack('read failed', { cause: err });
    }
    if (index > 0 && (part.computeStart !== this.computeEnd || part.memoryStart !== this.memoryEnd))
      throw new FallBack('chunk boundary mismatch');
    this.computeEnd = part.computeEnd;
    this.memoryEnd = part.memoryEnd;
    this.events += part.chunk.eventCount;
    this.weightReads += part.chunk.weightReadCount;
    this.expected = index + 1;
    Atomics.store(this.ctrl, CONSUMED, this.expected);
    Atomics.notify(this.ctrl, CONSUMED);
    if (index === this.input.chunkCount - 1) {
      this.close();
      checkTotals(this.input.meta, this.events, this.weightReads);
    }
    return part.chunk;
  }

  /** Chunk `index`, reading later chunks here while a worker reads it. */
  private await(index: number): ChunkPart {
    const ctrl = this.ctrl;
    const until = Date.now() + STALL_MS;
    for (;;) {
      const produced = Atomics.load(ctrl, PRODUCED);
      this.drain();
      const part = this.ready.get(index);
      if (part !== undefined) {
        this.ready.delete(index);
        return part;
      }
      const c = this.callerReads ? claimChunk(ctrl, this.input.chunkCount) : -1;
      if (c >= 0) {
        this.ready.set(c, this.own.read(c));
        continue;
      }
      const left = until - Date.now();
      if (left <= 0) throw new FallBack('parse worker stalled');
      Atomics.wait(ctrl, PRODUCED, produced, left);
    }
  }

  private drain(): void {
    for (const port of this.ports) {
      for (let m = receiveMessageOnPort(port); m !== undefined; m = receiveMessageOnPort(port)) {
        const msg = m.message as PartMessage;
        if (msg.part === undefined || msg.index === undefined)
          throw new FallBack(`parse worker: ${msg.failed ?? 'no chunk'}`);
        this.ready.set(msg.index, msg.part);
      }
    }
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.own.close();
    this.ready.clear();
    Atomics.store(this.ctrl, STOP, 1);
    Atomics.notify(this.ctrl, CONSUMED);
    for (const p of this.ports) p.close();
    for (const w of this.workers) void w.terminate();
  }
}

export function isFallBack(err: unknown): boolean {
  return err instanceof FallBack;
}

/** Threads a parallel replay may use: 1 (sequential) up to this. */
export const MAX_PARSE_THREADS = 8;

/** `name`: how the caller's user spells the option (an input error naming it). */
export function checkParseThreads(n: number, name = 'parseThreads'): void {
  if (!Number.isSafeInteger(n) || n < 1 || n > MAX_PARSE_THREADS)
    throw new TracesError('TRACE_OPTION_INVALID', `${name} must be an integer 1..${MAX_PARSE_THREADS}, got ${n}`);
}
