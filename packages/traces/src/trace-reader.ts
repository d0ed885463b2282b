/**
 * Sequential reader of a recorded trace's two CSVs (trace_schema.md), chunk by
 * chunk: every row is checked against the layout the schema fixes (event ids
 * dense, step / micro-batch / token / layer of each event, experts of the
 * event's layer, KV tensor of its slot); a violation names file:line:field.
 * A reader can also be moved to the start of a later chunk (seekChunk), so that
 * several threads can each read every n-th chunk (parallel-trace.ts): the byte
 * offsets where each chunk starts and ends are what ties their parts together.
 */
import type { LogicalChunk } from '@tasmoe/schemas';
import { LIMITS } from '@tasmoe/schemas/limits';
import { CsvLineReader } from './csv-line-reader.js';
import { FastRows } from './trace-rows-fast.js';
import { TracesError } from './errors.js';
import { TRACE_META_FILE } from './trace-files.js';
import type { TraceMeta } from './trace-meta.js';
import { STEP_PERIOD_NS } from './step-period.js';
import type { TraceShape } from './trace-shape.js';

const LBRACKET = 91;
const RBRACKET = 93;
const COMMA = 44;
const QUOTE = 34;
const LETTER_E = 69;
const UNDERSCORE = 95;

/** Header columns of the two files (csv-rows.ts; passed in so a parse worker need not load the record schemas). */
export interface TraceColumns {
  readonly compute: readonly string[];
  readonly memory: readonly string[];
}

export interface TraceReaderOptions {
  /** Read buffer per file, the longest line accepted (default LIMITS.traceLineBytes). */
  readonly bufferBytes?: number;
  /** Every row field by field, without the byte-level path (trace-rows-fast.ts). */
  readonly fieldReaderOnly?: boolean;
}

/** Typed arrays carved one after another from one buffer (all Float64Arrays first: alignment). */
class ChunkArrays {
  private readonly buf: ArrayBuffer;
  private at = 0;

  constructor(bytes: number) {
    // not zero-filled: read() writes every element of the event arrays and hands out the weight
    // arrays cut to the reads it wrote; a chunk that fails is dropped. Zero-filling ~400 KB per
    // chunk was ~5 % of a one-thread replay (bench:replay, x10: 1.65-1.75 -> 1.50-1.62 CPU-s).
    this.buf = Buffer.allocUnsafeSlow(bytes).buffer as ArrayBuffer;
  }

  f64(n: number): Float64Array {
    const v = new Float64Array(this.buf, this.at, n);
    this.at += 8 * n;
    return v;
  }

  i32(n: number): Int32Array {
    const v = new Int32Array(this.buf, this.at, n);
    this.at += 4 * n;
    return v;
  }
}

/** Bytes to read at once for a chunk of about `bytes`: a little more, so one read usually covers it. */
function readSizeFor(bytes: number): number {
  return bytes > 0 ? Math.ceil(bytes * 1.05) + 4096 : Number.POSITIVE_INFINITY;
}

/** The meta's totals (when it records them) equal what the CSVs held. */
export function checkTotals(meta: TraceMeta, events: number, weightReads: number): void {
  const t = meta.totals;
  if (t !== undefined && (t.tokenLayerEvents !== events || t.weightReads !== weightReads)) {
    throw new TracesError(
      'TRACE_FILE_INVALID',
      `${TRACE_META_FILE}: field totals: ${t.tokenLayerEvents} events and ${t.weightReads} weight reads recorded, the CSVs hold ${events} and ${weightReads}`,
    );
  }
}

/** An experts_json problem (a function, not a closure per row: no allocation on the good path). */
function expertsError(r: CsvLineReader, why: string): TracesError {
  return r.fail(`${why}, got "${r.fieldText()}"`, r.column);
}

/** Sequential reader of both files; read(c) must be called for c = 0, 1, ... (or after seekChunk(c)). */
export class TraceReader {
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
    columns: TraceColumns,
    private readonly shape: TraceShape,
    private readonly meta: TraceMeta,
    opts: TraceReaderOptions,
  ) {
    const bufferBytes = opts.bufferBytes ?? LIMITS.traceLineBytes;
    this.fast = opts.fieldReaderOnly !== true;
    this.compute = new CsvLineReader(computeFile, columns.compute, bufferBytes);
    try {
      this.memory = new CsvLineReader(memoryFile, columns.memory, bufferBytes);
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
    this.noRowsAfter();
    checkTotals(this.meta, this.events, this.weightReads);
  }

  /** After the last chunk, neither file holds another row. */
  noRowsAfter(): void {
    if (this.compute.advance())
      throw this.compute.fail(`row after the last event ${this.shape.totalEvents - 1} of ${this.shape.steps} steps`);
    if (this.memory.advance()) throw this.memory.fail(`row of event_id ${this.memory.intField()} after the last event`);
  }

  /** File offsets where the next chunk's rows start (compute, memory). */
  computeOffset(): number {
    return this.compute.offsetOfNext();
  }

  memoryOffset(): number {
    return this.memory.offsetOfNext();
  }

  /**
   * Continue with chunk `index`, whose first rows start at these offsets (chunk-boundary.ts
   * finds them); the chunk probably spans about these many bytes of each file (0: unknown).
   */
  seekChunk(index: number, computeOffset: number, memoryOffset: number, computeBytes = 0, memoryBytes = 0): void {
    this.compute.seek(computeOffset, readSizeFor(computeBytes));
    this.memory.seek(memoryOffset, readSizeFor(memoryBytes));
    this.nextChunk = index;
  }

  read(index: number, stepsPerChunk: number): LogicalChunk {
    const sh = this.shape;
    const { k, layers, microBatch: B, concurrency: C, eventsPerStep } = sh;
    const stepStart = index * stepsPerChunk;
    const stepCount = Math.min(stepsPerChunk, sh.steps - stepStart);
    const eventCount = stepCount * eventsPerStep;
    const eventIdBase = stepStart * eventsPerStep;
    const maxReads = stepCount * layers * C * sh.maxWeightReadsPerGroup;
    // one allocation for the chunk's arrays (views into it): one buffer to free or to transfer
    const a = new ChunkArrays(8 * (eventCount * (k + 2) + maxReads) + 4 * (eventCount * (4 + k) + 5 * maxReads));
    const expertFlops = a.f64(eventCount * k);
    const attnFlops = a.f64(eventCount);
    const kvBytes = a.f64(eventCount);
    const wBytes = a.f64(maxReads);
    const step = a.i32(eventCount);
    const mb = a.i32(eventCount);
    const token = a.i32(eventCount);
    const layer = a.i32(eventCount);
    const experts = a.i32(eventCount * k);
    const wStep = a.i32(maxReads);
    const wMb = a.i32(maxReads);
    const wLayer = a.i32(maxReads);
    const wExpert = a.i32(maxReads);
    const wShard = a.i32(maxReads);
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
