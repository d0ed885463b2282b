/**
 * Worker thread of a parallel replay (parallel-trace.ts): claims chunks
 * (parse-worker-protocol.ts), reads each with its own ChunkSeeker and posts it
 * with its byte offsets, the typed arrays transferred. A problem ends the worker
 * after one `failed` message: the caller then reads sequentially, which reports
 * it with file:line.
 */
import { type MessagePort, workerData } from 'node:worker_threads';
import type { LogicalChunk } from '@tasmoe/schemas';
import { ChunkSeeker, type ChunkSeekerInput } from './chunk-seeker.js';
import { CONSUMED, claimChunk, PRODUCED } from './parse-worker-protocol.js';

interface ParseWorkerInput extends ChunkSeekerInput {
  readonly port: MessagePort;
  readonly control: SharedArrayBuffer;
}

function buffersOf(c: LogicalChunk): ArrayBuffer[] {
  const arrays = [c.step, c.mb, c.token, c.layer, c.experts, c.expertFlops, c.attnFlops, c.kvBytes];
  arrays.push(c.wStep, c.wMb, c.wLayer, c.wExpert, c.wShard, c.wBytes);
  const out = new Set<ArrayBuffer>();
  for (const a of arrays) out.add(a.buffer as ArrayBuffer);
  return [...out];
}

function posted(ctrl: Int32Array): void {
  Atomics.add(ctrl, PRODUCED, 1);
  Atomics.notify(ctrl, PRODUCED);
}

const input = (workerData as { input: ParseWorkerInput }).input;
const ctrl = new Int32Array(input.control);
let seeker: ChunkSeeker | undefined;
try {
  seeker = new ChunkSeeker(input);
  for (;;) {
    const consumed = Atomics.load(ctrl, CONSUMED);
    const c = claimChunk(ctrl, input.chunkCount);
    if (c === -2) break;
    if (c === -1) {
      Atomics.wait(ctrl, CONSUMED, consumed);
      continue;
    }
    const part = seeker.read(c);
    input.port.postMessage({ index: c, part }, buffersOf(part.chunk));
    posted(ctrl);
  }
} catch (err) {
  input.port.postMessage({ failed: err instanceof Error ? err.message : String(err) });
  posted(ctrl);
} finally {
  seeker?.close();
  input.port.close();
}
