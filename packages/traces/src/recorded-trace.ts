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
import { LIMITS, type LogicalChunk, type LogicalSource, type ResolvedWorkloadConfig } from '@tasmoe/schemas';
import { LOGICAL_COMPUTE_COLUMNS, LOGICAL_MEMORY_COLUMNS } from './csv-rows.js';
import { CsvLineReader } from './csv-line-reader.js';
import { FastRows } from './trace-rows-fast.js';
import { TracesError } from './errors.js';
import { LOGICAL_COMPUTE_FILE, LOGICAL_MEMORY_FILE, TRACE_META_FILE } from './generate-traces.io.js';
import type { TraceMeta } from './trace-meta.js';
import { readTraceMeta } from './trace-meta-check.js';
import { STEP_PERIOD_NS, traceShape, type TraceShape } from './trace-shape.js';

const LBRACKET = 91;
const RBRACKET = 93;
const COMMA = 44;
const QUOTE = 34;
const LETTER_E = 69;
const UNDERSCORE = 95;

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
  let reader: TraceReader | undefined;
  const close = (): void => {
    reader?.close();
    reader = undefined;
  };
  return {
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
      if (reader === undefined || reader.nextChunk > index) {
        close();
        reader = new TraceReader(computeFile, memoryFile, shape, meta, opts);
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
}

/** An experts_json problem (a function, not a closure per row: no allocation on the good path). */
function expertsError(r: CsvLineReader, why: string): TracesError {
  return r.fail(`${why}, got "${r.fieldText()}"`, r.column);
}

/** Sequential reader of both files; read(c) must be called for c = 0, 1, ... */
class TraceReader {
  nextChunk = 0;
  private readonly compute: CsvLineReader;
  private readonly memory: CsvLineReader;
  /** Byte-level parsers of the rows in the writer's spelling (the field readers below take the rest). */
  private readonly fastCompute: FastRows;
  private readonly fastMemory: FastRows;
  private readonly fast: boolean;
  private events = 0;
  private weightReads = 0;
  private readonly seen: Int32Array;

  constructor(
    computeFile: string,
    memoryFile: string,
    private readonly shape: TraceShape,
    private readonly meta: TraceMeta,
    opts: RecordedSourceOptions,
  ) {
    const bufferBytes = opts.bufferBytes ?? LIMITS.traceLineBytes;
    this.fast = opts.fieldReaderOnly !== true;
    this.compute = new CsvLineReader(computeFile, LOGICAL_COMPUTE_COLUMNS, bufferBytes);
    try {
      this.memory = new CsvLineReader(memoryFile, LOGICAL_MEMORY_COLUMNS, bufferBytes);
    } catch (err) {
      this.compute.close();
      throw err;
    }
    const { expertsPerLayer, routedExpertCount, sharedExperts, shardsPerExpert } = shape;
    this.fastCompute = new FastRows(this.compute, expertsPerLayer, routedExpertCount, sharedExperts, shardsPerExpert);
    this.fastMemory = new FastRows(this.memory, expertsPerLayer, routedExpertCount, sharedExperts, shardsPerExpert);
    this.seen = new Int32Array(shape.expertCount).fill(-1);
  }

  close(): void {
    this.compute.close();
    this.memory.close();
  }

  /** After the last chunk: nothing may follow, and the totals must be the meta's. */
  finish(): void {
    if (this.compute.advance())
      throw this.compute.fail(`row after the last event ${this.shape.totalEvents - 1} of ${this.shape.steps} steps`);
    if (this.memory.advance()) throw this.memory.fail(`row of event_id ${this.memory.intField()} after the last event`);
    const t = this.meta.totals;
    if (t !== undefined && (t.tokenLayerEvents !== this.events || t.weightReads !== this.weightReads)) {
      throw new TracesError(
        'TRACE_FILE_INVALID',
        `${TRACE_META_FILE}: field totals: ${t.tokenLayerEvents} events and ${t.weightReads} weight reads recorded, the CSVs hold ${this.events} and ${this.weightReads}`,
      );
    }
  }

  read(index: number, stepsPerChunk: number): LogicalChunk {
    const sh = this.shape;
    const { k, layers, microBatch: B, concurrency: C, eventsPerStep } = sh;
    const stepStart = index * stepsPerChunk;
    const stepCount = Math.min(stepsPerChunk, sh.steps - stepStart);
    const eventCount = stepCount * eventsPerStep;
    const eventIdBase = stepStart * eventsPerStep;
    const maxReads = stepCount * layers * C * sh.maxWeightReadsPerGroup;
    const step = new Int32Array(eventCount);
    const mb = new Int32Array(eventCount);
    const token = new Int32Array(eventCount);
    const layer = new Int32Array(eventCount);
    const experts = new Int32Array(eventCount * k);
    const expertFlops = new Float64Array(eventCount * k);
    const attnFlops = new Float64Array(eventCount);
    const kvBytes = new Float64Array(eventCount);
    const wStep = new Int32Array(maxReads);
    const wMb = new Int32Array(maxReads);
    const wLayer = new Int32Array(maxReads);
    const wExpert = new Int32Array(maxReads);
    const wShard = new Int32Array(maxReads);
    const wBytes = new Float64Array(maxReads);
    const fc = this.fastCompute;
    const fm = this.fastMemory;
    const fast = this.fast;
    const mr = this.memory;
    const seen = this.seen;
    let w = 0;
    // event g = eventIdBase + e is (step s, layer l, slot j, sequence i), counted up in that order
    let s = stepStart;
    let l = 0;
    let j = 0;
    let i = 0;
    for (let e = 0; e < eventCount; e++) {
      const g = eventIdBase + e;
      const mbId = s * C + j;
      const tok = mbId * B + i;
      const tGen = s * STEP_PERIOD_NS;
      step[e] = s;
      mb[e] = mbId;
      token[e] = tok;
      layer[e] = l;
      // attention row, then the fc row of the same event
      const af = fast ? fc.attn(2 * g, tGen, mbId, tok, l) : -1;
      attnFlops[e] = af >= 0 ? af : this.computeRow(0, g, s, mbId, tok, l, experts, expertFlops, e);
      if (!fast || !fc.fc(2 * g + 1, tGen, mbId, tok, l, k, experts, expertFlops, e * k))
        this.computeRow(1, g, s, mbId, tok, l, experts, expertFlops, e);
      // KV read of the attn row, then the weight reads of the fc row
      kvBytes[e] = fast && fm.kv(2 * g, l, j) ? fm.bytes : this.kvRow(g, l, j);
      const base = e * k;
      for (let x = 0; x < k; x++) seen[experts[base + x] as number] = g;
      for (;;) {
        const r = fast ? fm.weight(2 * g + 1, g, seen) : -1;
        if (r === 0) break;
        let expert = fm.expert;
        let shard = fm.shard;
        let bytes = fm.bytes;
        if (r < 0) {
          // the field reader: the next row is this event's (or the end of them), whatever its spelling
          if (!mr.advance()) break;
          if (mr.intField() !== 2 * g + 1) {
            mr.unread();
            break;
          }
          mr.field();
          expert = this.weightTensor(mr, g);
          shard = this.lastShard;
          mr.field();
          if (!mr.fieldIs('read')) throw mr.fail(`expected "read", got "${mr.fieldText()}"`, mr.column);
          bytes = mr.intField();
          mr.field();
          mr.endOfRow();
        }
        if (w >= maxReads)
          throw mr.fail(
            `more weight reads in steps ${stepStart}..${stepStart + stepCount - 1} than the distinct experts x shards the micro-batches can use (${maxReads})`,
          );
        wStep[w] = s;
        wMb[w] = mbId;
        wLayer[w] = l;
        wExpert[w] = expert;
        wShard[w] = shard;
        wBytes[w] = bytes;
        w++;
      }
      if (++i === B) {
        i = 0;
        if (++j === C) {
          j = 0;
          if (++l === layers) {
            l = 0;
            s++;
          }
        }
      }
    }
    this.events += eventCount;
    this.weightReads += w;
    this.nextChunk = index + 1;
    return {
      chunkIndex: index,
      stepStart,
      stepCount,
      k,
      eventCount,
      eventIdBase,
      step,
      mb,
      token,
      layer,
      experts,
      expertFlops,
      attnFlops,
      kvBytes,
      weightReadCount: w,
      wStep: wStep.subarray(0, w),
      wMb: wMb.subarray(0, w),
      wLayer: wLayer.subarray(0, w),
      wExpert: wExpert.subarray(0, w),
      wShard: wShard.subarray(0, w),
      wBytes: wBytes.subarray(0, w),
    };
  }

  /**
   * A compute row field by field (any CSV spelling; errors name the column): the attn row
   * (half 0, returns its FLOPs) or the fc row (half 1, experts and FLOPs of event e).
   */
  private computeRow(
    half: number,
    g: number,
    s: number,
    mbId: number,
    tok: number,
    l: number,
    experts: Int32Array,
    expertFlops: Float64Array,
    e: number,
  ): number {
    const cr = this.compute;
    const sh = this.shape;
    const k = sh.k;
    if (!cr.advance())
      throw cr.fail(`file ends at event ${g}, expected ${sh.totalEvents} token-layer events (${sh.steps} steps)`);
    this.expectInt(cr, 2 * g + half);
    this.expectInt(cr, s * STEP_PERIOD_NS);
    this.expectInt(cr, mbId);
    this.expectInt(cr, tok);
    cr.field();
    let attn = 0;
    if (half === 0) {
      if (!cr.fieldIs('[]')) throw cr.fail(`an attn row lists no experts ("[]"), got "${cr.fieldText()}"`, cr.column);
      cr.field();
      attn = this.oneNumber(cr);
      cr.field();
      if (!cr.fieldIs('attn')) throw cr.fail(`expected "attn" (even event_id), got "${cr.fieldText()}"`, cr.column);
    } else {
      this.parseExperts(cr, experts, e * k, k, l, sh.expertsPerLayer, sh.routedExpertCount, sh.sharedExperts);
      cr.field();
      this.parseNumbers(cr, expertFlops, e * k, k);
      cr.field();
      if (!cr.fieldIs('fc')) throw cr.fail(`expected "fc" (odd event_id), got "${cr.fieldText()}"`, cr.column);
    }
    this.expectInt(cr, l);
    cr.endOfRow();
    return attn;
  }

  /** The KV read of event g field by field; returns its bytes. */
  private kvRow(g: number, l: number, slot: number): number {
    const mr = this.memory;
    if (!mr.advance()) throw mr.fail(`file ends before the KV read of event_id ${2 * g}`);
    const id = mr.intField();
    if (id !== 2 * g)
      throw mr.fail(
        `expected the KV read of event_id ${2 * g} (one per attn row, rows in event_id order), got event_id ${id}`,
        0,
      );
    mr.field();
    this.expectKvTensor(mr, l, slot);
    mr.field();
    if (!mr.fieldIs('read')) throw mr.fail(`expected "read", got "${mr.fieldText()}"`, mr.column);
    const bytes = mr.intField();
    mr.field();
    mr.endOfRow();
    return bytes;
  }

  private expectInt(r: CsvLineReader, expected: number): void {
    const v = r.intField();
    if (v !== expected) throw r.fail(`expected ${expected} (the layout of trace_schema.md), got ${v}`, r.column);
  }

  /** A one-number JSON array `[x]`. */
  private oneNumber(r: CsvLineReader): number {
    const a = r.fStart;
    const b = r.fEnd;
    if (r.byteAt(a) !== LBRACKET || r.byteAt(b - 1) !== RBRACKET)
      throw r.fail(`expected a JSON array of one number, got "${r.fieldText()}"`, r.column);
    return r.numberAt(a + 1, b - 1);
  }

  /** `[x0,x1,...]` with exactly k numbers. */
  private parseNumbers(r: CsvLineReader, out: Float64Array, at: number, k: number): void {
    const end = r.fEnd;
    let p = r.fStart;
    if (r.byteAt(p) !== LBRACKET || r.byteAt(end - 1) !== RBRACKET)
      throw r.fail(`expected a JSON array of ${k} numbers, got "${r.fieldText()}"`, r.column);
    p++;
    for (let x = 0; x < k; x++) {
      let q = p;
      while (q < end - 1 && r.byteAt(q) !== COMMA) q++;
      if (x < k - 1 ? q >= end - 1 : q !== end - 1)
        throw r.fail(`expected ${k} numbers, got "${r.fieldText()}"`, r.column);
      out[at + x] = r.numberAt(p, q);
      p = q + 1;
    }
  }

  /** `[""E<n>"",...]` (CSV-quoted JSON strings): k distinct experts of layer l, routed first, then shared. */
  private parseExperts(
    r: CsvLineReader,
    out: Int32Array,
    at: number,
    k: number,
    l: number,
    E: number,
    routed: number,
    S: number,
  ): void {
    const end = r.fEnd;
    let p = r.fStart;
    if (r.byteAt(p) !== LBRACKET || r.byteAt(end - 1) !== RBRACKET)
      throw expertsError(r, `expected a JSON array of ${k} expert ids`);
    p++;
    for (let x = 0; x < k; x++) {
      if (r.byteAt(p) !== QUOTE || r.byteAt(p + 1) !== QUOTE || r.byteAt(p + 2) !== LETTER_E)
        throw expertsError(r, `expected expert id ${x} as "E<n>"`);
      let q = p + 3;
      while (q < end && r.byteAt(q) !== QUOTE) q++;
      const n = r.intAt(p + 3, q);
      if (r.byteAt(q + 1) !== QUOTE) throw expertsError(r, `expected expert id ${x} as "E<n>"`);
      const ok = x < k - S ? n >= l * E && n < (l + 1) * E : n === routed + l * S + (x - (k - S));
      if (!ok)
        throw expertsError(
          r,
          `expert ${x} (E${n}) is not ${x < k - S ? `a routed expert of layer ${l} (E${l * E}..E${(l + 1) * E - 1})` : `shared expert ${x - (k - S)} of layer ${l}`}`,
        );
      for (let y = 0; y < x; y++)
        if (out[at + y] === n) throw expertsError(r, `expert E${n} listed twice (top-k experts are distinct)`);
      out[at + x] = n;
      p = q + 2;
      const sep = r.byteAt(p);
      if (x < k - 1 ? sep !== COMMA : sep !== RBRACKET || p !== end - 1)
        throw expertsError(r, `expected ${k} expert ids`);
      p++;
    }
  }

  /** `KV_L<l>_MB<slot>`. */
  private expectKvTensor(r: CsvLineReader, l: number, slot: number): void {
    const a = r.fStart;
    const b = r.fEnd;
    const ok =
      b - a > 7 &&
      r.byteAt(a) === 75 &&
      r.byteAt(a + 1) === 86 &&
      r.byteAt(a + 2) === UNDERSCORE &&
      r.byteAt(a + 3) === 76;
    let q = a + 4;
    while (ok && q < b && r.byteAt(q) !== UNDERSCORE) q++;
    if (
      !ok ||
      q + 3 >= b + 1 ||
      r.byteAt(q + 1) !== 77 ||
      r.byteAt(q + 2) !== 66 ||
      r.intAt(a + 4, q) !== l ||
      r.intAt(q + 3, b) !== slot
    ) {
      throw r.fail(`expected tensor KV_L${l}_MB${slot} (layer, micro-batch slot), got "${r.fieldText()}"`, r.column);
    }
  }

  /** Shard of the last weightTensor. */
  private lastShard = 0;

  /** `W_E<n>_<shard>` of an expert the event uses: returns n, the shard goes to lastShard. */
  private weightTensor(r: CsvLineReader, g: number): number {
    const a = r.fStart;
    const b = r.fEnd;
    if (r.byteAt(a) !== 87 || r.byteAt(a + 1) !== UNDERSCORE || r.byteAt(a + 2) !== LETTER_E)
      throw r.fail(`expected a weight tensor W_E<n>_<shard>, got "${r.fieldText()}"`, r.column);
    let q = a + 3;
    while (q < b && r.byteAt(q) !== UNDERSCORE) q++;
    const n = r.intAt(a + 3, q);
    const shard = r.intAt(q + 1, b);
    if (n >= this.seen.length || this.seen[n] !== g)
      throw r.fail(`weight read of E${n}, which event ${g} (fc row ${2 * g + 1}) does not use`, r.column);
    if (shard >= this.shape.shardsPerExpert)
      throw r.fail(`shard ${shard} of ${this.shape.shardsPerExpert} shards per expert`, r.column);
    this.lastShard = shard;
    return n;
  }
}
