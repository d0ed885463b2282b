/**
 * A synchronous, chunked CSV reader over bytes: the file is read through one
 * fixed buffer (refilled as lines are consumed), so a trace of any length is
 * read in constant memory, and fields are parsed from the bytes without
 * building a string per row (the replay's hot loop). Only what csv-stringify
 * writes is accepted: comma-separated fields, a field quoted with `"` when it
 * holds a comma or quote, `""` for a quote inside, `\n` line ends. Errors name
 * file:line and the column.
 *
 * Two ways to read a line: field by field (advance, field, intField, ...), which
 * checks everything and names the column of a problem; or, for a parser that
 * walks the bytes itself (trace-rows-fast.ts), fastStart / fastCommit, which
 * only guarantee that a whole line (up to its `\n`) lies at [start, limit) of
 * `buf`, so that parser needs no bounds checks: every scan stops at the `\n`.
 */
import { closeSync, openSync, readSync } from 'node:fs';
import { LIMITS } from '@tasmoe/schemas/limits';
import { TracesError } from './errors.js';

const NL = 10;
const CR = 13;
const COMMA = 44;
const QUOTE = 34;
/** Bytes after the data that a word-wise parser may load (it uses only bytes before the line's `\n`). */
export const CSV_READER_SLACK = 8;

export class CsvLineReader {
  private readonly fd: number;
  /** The bytes read; lines are consumed from `next`. */
  readonly buf: Buffer;
  private len = 0;
  /** Bytes of buf that hold data (the rest is slack). */
  private readonly cap: number;
  /** End (exclusive) of the last whole line in buf: [next, limit) holds whole lines only. */
  private limit = 0;
  private eof = false;
  /** File offset of buf[len]: the next read starts there. */
  private filePos = 0;
  /** Most bytes one refill reads (a reader that seeks reads little past what it needs). */
  private readSize: number;
  /** Times buf was refilled: a byte-level parser's remembered positions hold only while this is unchanged. */
  refills = 0;
  /** Current line: bytes [lineStart, lineEnd) of buf; next line starts at `next`. */
  lineStart = 0;
  lineEnd = 0;
  private next = 0;
  /** 1-based line number of the current line (the header is line 1), when lineKnown. */
  line = 0;
  /** False after seek: lines are then counted from the seek, not from the file's start. */
  private lineKnown = true;
  /** Field cursor within the current line. */
  private pos = 0;
  private col = 0;
  private readonly columns: readonly string[];
  /** Start and end of the last field read (unquoted content; `quoted` says whether `""` may occur). */
  fStart = 0;
  fEnd = 0;
  private cachedNum = Number.NaN;
  private cachedBytes: Buffer = Buffer.alloc(0);
  private cachedNum1 = Number.NaN;
  private cachedBytes1: Buffer = Buffer.alloc(0);

  constructor(
    readonly file: string,
    columns: readonly string[],
    bufferBytes = LIMITS.traceLineBytes,
  ) {
    this.columns = columns;
    this.cap = bufferBytes;
    this.readSize = bufferBytes;
    // V8 compiles a field that no object has yet changed as a constant and throws that code away
    // when one does: `eof` first changes at the end of a file, after the parser is optimised
    // (seen with --trace-deopt: every hot function of the replay deoptimised and compiled again).
    // Changed here once, it is an ordinary field from the start.
    this.eof = true;
    this.eof = false;
    this.buf = Buffer.alloc(bufferBytes + CSV_READER_SLACK);
    try {
      this.fd = openSync(file, 'r');
    } catch (err) {
      const e = err as NodeJS.ErrnoException;
      throw new TracesError('TRACE_FILE_INVALID', `${file}: cannot open (${e.code ?? e.message})`, { cause: err });
    }
    if (!this.advance()) throw this.fail('empty file, expected the header');
    const header = this.buf.toString('utf8', this.lineStart, this.lineEnd);
    if (header !== columns.join(',')) throw this.fail(`header is "${header}", expected "${columns.join(',')}"`);
  }

  close(): void {
    closeSync(this.fd);
  }

  /** An input error at the current line (and column, when a field is being read). */
  fail(message: string, column?: number): TracesError {
    const name = column === undefined ? '' : ` field ${this.columns[column] ?? `#${column}`}:`;
    const line = this.lineKnown ? String(this.line) : `(${this.line} lines after a seek)`;
    return new TracesError('TRACE_FILE_INVALID', `${this.file}:${line}:${name} ${message}`);
  }

  /** Move to the next line; false at the end of the file. */
  advance(): boolean {
    for (;;) {
      // a plain loop: cheaper than Buffer.indexOf's native call for lines of tens of bytes
      const buf = this.buf;
      const len = this.len;
      let nl = this.next;
      while (nl < len && buf[nl] !== NL) nl++;
      if (nl < len) {
        this.lineStart = this.next;
        this.lineEnd = nl > this.next && this.buf[nl - 1] === CR ? nl - 1 : nl;
        this.next = nl + 1;
        this.line++;
        this.pos = this.lineStart;
        this.col = 0;
        return true;
      }
      if (this.eof) {
        if (this.next < this.len) {
          this.line++;
          throw this.fail('last line has no line end (truncated file?)');
        }
        return false;
      }
      this.refill();
    }
  }

  private refill(): void {
    const rest = this.len - this.next;
    if (rest >= this.cap) {
      this.line++;
      throw this.fail(`line longer than ${this.cap} bytes (limit traceLineBytes)`);
    }
    this.refills++;
    this.buf.copy(this.buf, 0, this.next, this.len);
    this.len = rest;
    this.next = 0;
    this.limit = 0;
    const n = readSync(this.fd, this.buf, this.len, Math.min(this.cap - this.len, this.readSize), this.filePos);
    if (n === 0) this.eof = true;
    this.len += n;
    this.filePos += n;
  }

  /** File offset of the next line (the byte after the current one's `\n`). */
  offsetOfNext(): number {
    return this.filePos - this.len + this.next;
  }

  /**
   * Continue at file offset `offset`, which must be a line start. Line numbers are unknown
   * after this (messages count lines from here): a reader moved here is checked by its caller, which reads
   * sequentially again for an error's file:line. Refills then read at most `readSize` bytes
   * (the part of the file the caller expects to use; more refills follow if it needs more).
   */
  seek(offset: number, readSize = this.cap): void {
    this.readSize = Math.max(1, Math.min(this.cap, readSize));
    this.len = 0;
    this.next = 0;
    this.limit = 0;
    this.eof = false;
    this.filePos = offset;
    this.refills++;
    // an integer, never NaN: the counter stays a small integer field in every reader
    this.line = 0;
    this.lineKnown = false;
  }

  /**
   * Start of the next line if a whole line (with its `\n`) is in buf, refilling when none is;
   * -1 at the end of the file or when the line is not whole (the field reader then says why).
   */
  fastStart(): number {
    if (this.next < this.limit) return this.next;
    if (this.findLimit()) return this.next;
    if (this.eof || this.len - this.next >= this.cap) return -1;
    this.refill();
    return this.findLimit() ? this.next : -1;
  }

  private findLimit(): boolean {
    if (this.len === 0) return false;
    const nl = this.buf.lastIndexOf(NL, this.len - 1);
    if (nl < this.next) return false;
    this.limit = nl + 1;
    return true;
  }

  /** The line that fastStart returned was consumed; its `\n` is at `nl`. */
  fastCommit(nl: number): void {
    this.next = nl + 1;
    this.line++;
  }

  /** Give back the line just advanced to (it belongs to a later reader). */
  unread(): void {
    this.next = this.lineStart;
    this.line--;
  }

  /** The line has no field left. */
  atLineEnd(): boolean {
    return this.pos > this.lineEnd;
  }

  /** Read the next field into [fStart, fEnd); a quoted field keeps its `""` pairs. */
  field(): void {
    const b = this.buf;
    if (this.pos > this.lineEnd) throw this.fail(`missing (${this.col} fields)`, this.col);
    if (b[this.pos] === QUOTE) {
      let p = this.pos + 1;
      for (;;) {
        if (p >= this.lineEnd) throw this.fail('unterminated quoted field', this.col);
        if (b[p] === QUOTE) {
          if (b[p + 1] === QUOTE) p += 2;
          else break;
        } else p++;
      }
      this.fStart = this.pos + 1;
      this.fEnd = p;
      p++;
      if (p < this.lineEnd && b[p] !== COMMA) throw this.fail('text after a closing quote', this.col);
      this.pos = p + 1;
    } else {
      let p = this.pos;
      while (p < this.lineEnd && b[p] !== COMMA) p++;
      this.fStart = this.pos;
      this.fEnd = p;
      this.pos = p + 1;
    }
    this.col++;
  }

  /** Column index of the field just read. */
  get column(): number {
    return this.col - 1;
  }

  /** The last field as a non-negative safe integer. */
  intField(): number {
    this.field();
    return this.intAt(this.fStart, this.fEnd);
  }

  /** Digits in [a, b) as a non-negative safe integer (the current field for errors). */
  intAt(a: number, b: number): number {
    const buf = this.buf;
    if (a >= b || b - a > 15) throw this.fail(`expected a non-negative integer, got "${this.text(a, b)}"`, this.column);
    let v = 0;
    for (let p = a; p < b; p++) {
      const d = (buf[p] as number) - 48;
      if (d < 0 || d > 9) throw this.fail(`expected a non-negative integer, got "${this.text(a, b)}"`, this.column);
      v = v * 10 + d;
    }
    return v;
  }

  /**
   * Bytes [a, b) as a finite non-negative number (JSON number syntax). Integers of up to 15 digits
   * are exact from their digits; other spellings go through Number() and the last two are cached
   * (a trace repeats the same few FLOP values).
   */
  numberAt(a: number, b: number): number {
    const buf = this.buf;
    if (b > a && b - a <= 15) {
      let v = 0;
      let p = a;
      for (; p < b; p++) {
        const d = (buf[p] as number) - 48;
        if (d < 0 || d > 9) break;
        v = v * 10 + d;
      }
      if (p === b && (buf[a] !== 48 || b - a === 1)) return v;
    }
    const c0 = this.cachedBytes;
    if (c0.length === b - a && buf.compare(c0, 0, c0.length, a, b) === 0) return this.cachedNum;
    const c1 = this.cachedBytes1;
    if (c1.length === b - a && buf.compare(c1, 0, c1.length, a, b) === 0) return this.cachedNum1;
    const s = this.text(a, b);
    const v = /^(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?$/.test(s) ? Number(s) : Number.NaN;
    if (!Number.isFinite(v)) throw this.fail(`expected a finite non-negative number, got "${s}"`, this.column);
    this.cachedBytes1 = c0;
    this.cachedNum1 = this.cachedNum;
    this.cachedBytes = Buffer.from(buf.subarray(a, b));
    this.cachedNum = v;
    return v;
  }

  /** The last field equals `expected` (ASCII). */
  fieldIs(expected: string): boolean {
    const n = this.fEnd - this.fStart;
    if (n !== expected.length) return false;
    for (let i = 0; i < n; i++) if (this.buf[this.fStart + i] !== expected.charCodeAt(i)) return false;
    return true;
  }

  byteAt(p: number): number {
    return this.buf[p] ?? -1;
  }

  text(a: number, b: number): string {
    return this.buf.toString('utf8', a, Math.min(b, a + 80));
  }

  /** The last field as text (for messages). */
  fieldText(): string {
    return this.text(this.fStart, this.fEnd);
  }

  /** No field may follow the ones read. */
  endOfRow(): void {
    if (this.pos <= this.lineEnd) throw this.fail(`more fields than the ${this.columns.length} columns`);
  }
}
