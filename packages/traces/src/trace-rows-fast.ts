/**
 * The replay's hot path: one forward pass over the bytes of a row in the exact
 * spelling `gen-traces` writes (csv-stringify: unquoted integers, no leading
 * zeros in JSON numbers, `\n` line ends), each byte looked at once, values
 * compared with what the layout of trace_schema.md puts there. A row in any
 * other spelling, or with any problem, is not consumed (the method returns
 * false) and the field-by-field reader of recorded-trace.ts reads it again:
 * that reader accepts every spelling the CSV format allows and names file,
 * line and column of a problem. So this path changes speed only, never what is
 * accepted or the error. The caller gets a line start from
 * CsvLineReader.fastStart, which guarantees a `\n` before the end of the data:
 * every scan below stops there, so no bounds checks are needed.
 */
import type { CsvLineReader } from './csv-line-reader.js';
import { RowTailMemo } from './row-tail-memo.js';

const NL = 10;
const CR = 13;
const COMMA = 44;
const QUOTE = 34;
const LBRACKET = 91;
const RBRACKET = 93;
const LETTER_E = 69;
const UNDERSCORE = 95;
/** A safe integer has at most 15 digits here (as in CsvLineReader.intAt). */
const MAX_DIGITS = 15;
const POW10 = [1, 10, 100, 1000, 10000];
/** Weight-row tails kept, one per shard number modulo this. */
const SHARD_MEMOS = 64;

export class FastRows {
  private readonly b: Buffer;
  /** Word loads over b (its CSV_READER_SLACK bytes make a load at the last line end safe). */
  private readonly dv: DataView;
  private p = 0;
  /** Shard of the last weight row. */
  shard = 0;
  /** Expert of the last weight row. */
  expert = 0;
  /** Bytes of the last KV or weight row. */
  bytes = 0;
  /** `t_gen_ns,mb_id,` of compute rows (context: both values). */
  private readonly mid = new RowTailMemo(0);
  /** `[],[<flops>],attn,<layer>\n` (context: layer). */
  private readonly attnTail = new RowTailMemo(0);
  /** `"[<flops>,...]",fc,<layer>\n` (context: layer). */
  private readonly fcTail: RowTailMemo;
  /** `KV_L<l>_MB<slot>,read,<bytes>,` (context: layer, slot). */
  private readonly kvTail = new RowTailMemo(0);
  /** `<2g+1>,W_E<n>_` of a weight row (context: event_id). */
  private readonly weightHead = new RowTailMemo(0);
  /** `t_gen_ns,mb_id,token_id,` of the attn row, for the fc row (context: mb_id, token_id). */
  private readonly event = new RowTailMemo(0);
  /**
   * The memory row after an event's weight reads was read up to its event_id by weight()
   * (start, buffer refill count, event_id, position after it): kv() need not read it again.
   */
  private peekStart = -1;
  private peekRefills = -1;
  private peekId = -1;
  private peekEnd = 0;
  /** event_id of the last weight row. */
  private weightId = -1;
  /** `<shard>,read,<bytes>,<hint>\n` after a weight tensor's `W_E<n>_` (context: shard). */
  private readonly weightTails: RowTailMemo[] = [];

  constructor(
    private readonly reader: CsvLineReader,
    private readonly layerExperts: number,
    private readonly routedCount: number,
    private readonly shared: number,
    private readonly shardsPerExpert: number,
  ) {
    this.b = reader.buf;
    this.dv = new DataView(this.b.buffer, this.b.byteOffset, this.b.byteLength);
    this.fcTail = new RowTailMemo(layerExperts + shared);
    for (let s = 0; s < Math.min(SHARD_MEMOS, shardsPerExpert); s++) this.weightTails.push(new RowTailMemo(0));
  }

  /**
   * Digits at p (1 to 15, leading zeros allowed like the field reader) then `sep`; -1 if not.
   * Four bytes at a time: a word's leading digits are found and converted with SWAR
   * arithmetic (all in 32 bits), a quarter of the per-byte loop's operations.
   */
  private int(sep: number): number {
    const dv = this.dv;
    const a = this.p;
    let p = a;
    let v = 0;
    for (;;) {
      const x = dv.getUint32(p, true);
      // a byte is a digit iff its high nibble is 3 before and after adding 6; a carry out of a
      // non-digit byte only spoils the bytes after it, so the lowest non-digit is found exactly
      const bad = ((x & 0xf0f0f0f0) ^ 0x30303030) | (((x + 0x06060606) & 0xf0f0f0f0) ^ 0x30303030);
      const n = bad === 0 ? 4 : (31 - Math.clz32(bad & -bad)) >> 3;
      if (n > 0) {
        // the n digits to the top bytes (zeros below are leading zeros), then pairs and quads
        let y = (x - 0x30303030) << (32 - 8 * n);
        if (n === 4) y = x - 0x30303030;
        y = (y * 10 + (y >>> 8)) & 0x00ff00ff;
        y = (y * 100 + (y >>> 16)) & 0x3fff;
        v = v * (POW10[n] as number) + y;
        p += n;
      }
      if (n < 4) break;
    }
    if (p === a || p - a > MAX_DIGITS || this.b[p] !== sep) return -1;
    this.p = p + 1;
    return v;
  }

  /** A JSON number that is an integer without leading zeros, then `sep`; -1 otherwise (decimals go the slow way). */
  private jsonInt(sep: number): number {
    const b = this.b;
    const a = this.p;
    if (b[a] === 48 && b[a + 1] !== sep) return -1;
    return this.int(sep);
  }

  /** `2g, t_gen_ns, mb_id, token_id,` of an event: the columns both compute rows start with. */
  private prefix(eventId: number, tGen: number, mbId: number, tok: number): boolean {
    if (this.int(COMMA) !== eventId) return false;
    const a = this.p;
    // mb_id and token_id determine t_gen_ns (trace_schema.md), so they are the whole context
    const e = this.event;
    if (e.matches(this.dv, a, mbId, tok)) {
      this.p = a + e.len;
      return true;
    }
    const m = this.mid;
    if (m.matches(this.dv, a, tGen, mbId)) this.p = a + m.len;
    else {
      if (this.int(COMMA) !== tGen || this.int(COMMA) !== mbId) return false;
      m.store(this.dv, a, this.p, tGen, mbId);
    }
    if (this.int(COMMA) !== tok) return false;
    e.store(this.dv, a, this.p, mbId, tok);
    return true;
  }

  /** `,<layer>\n` ends a compute row; commits it. */
  private layerEnd(l: number): boolean {
    if (this.int(NL) !== l) return false;
    this.reader.fastCommit(this.p - 1);
    return true;
  }

  /** The attn row of event g; its FLOPs in the return value (-1: not read, use the field reader). */
  attn(eventId: number, tGen: number, mbId: number, tok: number, l: number): number {
    const start = this.reader.fastStart();
    if (start < 0) return -1;
    this.p = start;
    if (!this.prefix(eventId, tGen, mbId, tok)) return -1;
    const m = this.attnTail;
    const a = this.p;
    if (m.matches(this.dv, a, l, 0)) {
      this.reader.fastCommit(a + m.len - 1);
      return m.value;
    }
    const b = this.b;
    let p = this.p;
    if (b[p] !== LBRACKET || b[p + 1] !== RBRACKET || b[p + 2] !== COMMA || b[p + 3] !== LBRACKET) return -1;
    this.p = p + 4;
    const flops = this.jsonInt(RBRACKET);
    p = this.p;
    if (
      flops < 0 ||
      b[p] !== COMMA ||
      b[p + 1] !== 97 ||
      b[p + 2] !== 116 ||
      b[p + 3] !== 116 ||
      b[p + 4] !== 110 ||
      b[p + 5] !== COMMA
    )
      return -1;
    this.p = p + 6;
    if (!this.layerEnd(l)) return -1;
    m.store(this.dv, a, this.p, l, 0);
    m.value = flops;
    return flops;
  }

  /** The fc row of event g into experts / flops at `at` (k values); false: use the field reader. */
  fc(
    eventId: number,
    tGen: number,
    mbId: number,
    tok: number,
    l: number,
    k: number,
    experts: Int32Array,
    flops: Float64Array,
    at: number,
  ): boolean {
    const start = this.reader.fastStart();
    if (start < 0) return false;
    this.p = start;
    if (!this.prefix(eventId, tGen, mbId, tok)) return false;
    const b = this.b;
    // "[""E<n>"",""E<n>""]" : always quoted (it holds quotes)
    if (b[this.p] !== QUOTE || b[this.p + 1] !== LBRACKET) return false;
    this.p += 2;
    const E = this.layerExperts;
    const routedK = k - this.shared;
    for (let x = 0; x < k; x++) {
      const p = this.p;
      if (b[p] !== QUOTE || b[p + 1] !== QUOTE || b[p + 2] !== LETTER_E) return false;
      this.p = p + 3;
      const n = this.int(QUOTE);
      if (n < 0 || b[this.p] !== QUOTE) return false;
      const ok = x < routedK ? n >= l * E && n < (l + 1) * E : n === this.routedCount + l * this.shared + (x - routedK);
      if (!ok) return false;
      for (let y = 0; y < x; y++) if (experts[at + y] === n) return false;
      experts[at + x] = n;
      const q = this.p + 1;
      if (x < k - 1) {
        if (b[q] !== COMMA) return false;
        this.p = q + 1;
      } else {
        if (b[q] !== RBRACKET || b[q + 1] !== QUOTE || b[q + 2] !== COMMA) return false;
        this.p = q + 3;
      }
    }
    const m = this.fcTail;
    const a = this.p;
    if (m.matches(this.dv, a, l, k)) {
      const v = m.values;
      for (let x = 0; x < k; x++) flops[at + x] = v[x] as number;
      this.reader.fastCommit(a + m.len - 1);
      return true;
    }
    // "[f,f]" quoted when it holds a comma (k > 1), [f] otherwise
    const quoted = b[this.p] === QUOTE;
    if (quoted !== k > 1) return false;
    if (quoted) this.p++;
    if (b[this.p] !== LBRACKET) return false;
    this.p++;
    for (let x = 0; x < k; x++) {
      const v = this.jsonInt(x < k - 1 ? COMMA : RBRACKET);
      if (v < 0) return false;
      flops[at + x] = v;
    }
    let p = this.p;
    if (quoted) {
      if (b[p] !== QUOTE) return false;
      p++;
    }
    if (b[p] !== COMMA || b[p + 1] !== 102 || b[p + 2] !== 99 || b[p + 3] !== COMMA) return false;
    this.p = p + 4;
    if (!this.layerEnd(l)) return false;
    m.store(this.dv, a, this.p, l, k);
    for (let x = 0; x < k; x++) m.values[x] = flops[at + x] as number;
    return true;
  }

  /** `read,<bytes>,` after a tensor id: the bytes (-1: not this spelling). */
  private readBytes(): number {
    const b = this.b;
    const p = this.p;
    if (b[p] !== 114 || b[p + 1] !== 101 || b[p + 2] !== 97 || b[p + 3] !== 100 || b[p + 4] !== COMMA) return -1;
    this.p = p + 5;
    return this.int(COMMA);
  }

  /** `<hint>\n` ends a memory row of `bytes` bytes; commits it. */
  private hint(bytes: number): boolean {
    // locality_hint: free text, unquoted, no comma (the field reader takes the rest)
    const b = this.b;
    let q = this.p;
    if (b[q] === QUOTE) return false;
    for (let c = b[q] as number; c !== NL; c = b[++q] as number) if (c === COMMA || c === CR) return false;
    this.bytes = bytes;
    this.p = q + 1;
    this.reader.fastCommit(q);
    return true;
  }

  /** The KV read `2g,KV_L<l>_MB<slot>,read,<bytes>,<hint>` of event g; false: use the field reader. */
  kv(eventId: number, l: number, slot: number): boolean {
    const start = this.reader.fastStart();
    if (start < 0) return false;
    if (start === this.peekStart && this.reader.refills === this.peekRefills) {
      if (this.peekId !== eventId) return false;
      this.p = this.peekEnd;
    } else {
      this.p = start;
      if (this.int(COMMA) !== eventId) return false;
    }
    const m = this.kvTail;
    const a = this.p;
    if (m.matches(this.dv, a, l, slot)) {
      this.p = a + m.len;
      return this.hint(m.value);
    }
    const b = this.b;
    const p = this.p;
    if (b[p] !== 75 || b[p + 1] !== 86 || b[p + 2] !== UNDERSCORE || b[p + 3] !== 76) return false;
    this.p = p + 4;
    if (this.int(UNDERSCORE) !== l) return false;
    if (b[this.p] !== 77 || b[this.p + 1] !== 66) return false;
    this.p += 2;
    if (this.int(COMMA) !== slot) return false;
    const bytes = this.readBytes();
    if (bytes < 0) return false;
    m.store(this.dv, a, this.p, l, slot);
    m.value = bytes;
    return this.hint(bytes);
  }

  /**
   * The next memory row if it is a weight read of event g (`2g+1,W_E<n>_<shard>,read,...`) of an
   * expert it uses (`seen[n] === g`): 1, expert / shard / bytes set. 0: the next row is not
   * of this event (or no row is left). -1: use the field reader.
   */
  weight(eventId: number, g: number, seen: Int32Array): number {
    const start = this.reader.fastStart();
    if (start < 0) return -1;
    this.p = start;
    const h = this.weightHead;
    let n: number;
    const b = this.b;
    if (h.matches(this.dv, start, eventId, 0)) {
      n = h.value;
      this.p = start + h.len;
    } else {
      const id = this.int(COMMA);
      if (id < 0) return -1;
      if (id !== eventId) {
        this.peekStart = start;
        this.peekRefills = this.reader.refills;
        this.peekId = id;
        this.peekEnd = this.p;
        return 0;
      }
      const p = this.p;
      if (b[p] !== 87 || b[p + 1] !== UNDERSCORE || b[p + 2] !== LETTER_E) return -1;
      this.p = p + 3;
      n = this.int(UNDERSCORE);
      if (n < 0 || n >= seen.length || seen[n] !== g) return -1;
      h.store(this.dv, start, this.p, eventId, 0);
      h.value = n;
    }
    // `<shard>,read,<bytes>,<hint>`: shards come in order, so the memo of the next one is tried first
    const a = this.p;
    const guess = n === this.expert && eventId === this.weightId ? this.shard + 1 : 0;
    let shard = guess;
    const g0 = this.weightTails[guess % SHARD_MEMOS];
    if (guess < this.shardsPerExpert && g0 !== undefined && g0.matches(this.dv, a, guess, 0)) {
      this.bytes = g0.value;
      this.reader.fastCommit(a + g0.len - 1);
    } else {
      shard = this.int(COMMA);
      if (shard < 0 || shard >= this.shardsPerExpert) return -1;
      const bytes = this.readBytes();
      if (bytes < 0 || !this.hint(bytes)) return -1;
      const m = this.weightTails[shard % SHARD_MEMOS] as RowTailMemo;
      m.store(this.dv, a, this.p, shard, 0);
      m.value = bytes;
    }
    this.weightId = eventId;
    this.expert = n;
    this.shard = shard;
    return 1;
  }
}
