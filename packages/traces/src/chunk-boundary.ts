/**
 * Where a chunk's rows start in a trace CSV, without parsing the rows before it:
 * both files list rows in event_id order and the first row of chunk c (an attn
 * row, or the KV read in the memory file) is the only row that starts with
 * `<2G>,` for G the chunk's first event, so the chunk starts just after the
 * first `\n<2G>,` (a native byte search). A reader that skips chunks this way
 * never trusts the answer alone: the reader of the chunk before must end
 * exactly there (parallel-trace.ts checks it), so a file whose rows are out of
 * order or damaged is read sequentially again, with the usual errors.
 */
import { readSync } from 'node:fs';

const NL = 10;
const COMMA = 44;
/** Bytes read per search step. */
const WINDOW = 1 << 16;
/** A jump lands this fraction of the expected size before the boundary (chunks vary a little in bytes). */
const JUMP_FRACTION = 0.97;

export class ChunkBoundaryFinder {
  private readonly buf = Buffer.alloc(WINDOW);

  /** @param fd an open trace CSV; `fileSize` its length in bytes */
  constructor(
    private readonly fd: number,
    private readonly fileSize: number,
  ) {}

  /**
   * Offset of the row starting with `<rowId>,` at or after `from` (a line start, not the
   * file's first byte), or -1 when there is none. `expectedBytes` (0: unknown) is how far
   * away it probably is: the search jumps most of that way first, and searches from `from`
   * when the jump passed it.
   */
  rowStart(from: number, rowId: number, expectedBytes: number): number {
    const needle = Buffer.from(`\n${rowId},`);
    const jump = Math.floor(expectedBytes * JUMP_FRACTION);
    if (jump > 0 && from + jump < this.fileSize) {
      const at = from + jump;
      const n = readSync(this.fd, this.buf, 0, WINDOW, at);
      const id = this.idOfFirstLine(n);
      if (id >= 0 && id < rowId) {
        const found = this.search(at, needle, n);
        if (found >= 0) return found;
      }
    }
    return this.search(from - 1, needle, 0);
  }

  /** event_id of the first whole line in buf[0, n) (-1: none, or not digits then a comma). */
  private idOfFirstLine(n: number): number {
    const nl = this.buf.indexOf(NL, 0);
    if (nl < 0 || nl >= n) return -1;
    let v = 0;
    let p = nl + 1;
    for (; p < n && p < nl + 16; p++) {
      const b = this.buf[p] as number;
      if (b === COMMA) break;
      if (b < 48 || b > 57) return -1;
      v = v * 10 + (b - 48);
    }
    return p > nl + 1 && p < n && this.buf[p] === COMMA ? v : -1;
  }

  /**
   * Offset just after the first `needle` (which starts with `\n`) at or after `from`;
   * `held` > 0: buf already holds that many bytes read at `from`.
   */
  private search(from: number, needle: Buffer, held: number): number {
    let at = from;
    let n = held;
    while (at < this.fileSize) {
      if (n <= 0) n = readSync(this.fd, this.buf, 0, WINDOW, at);
      if (n <= 0) return -1;
      const hit = this.buf.subarray(0, n).indexOf(needle);
      if (hit >= 0) return at + hit + 1;
      if (at + n >= this.fileSize) return -1;
      // windows overlap by the needle's length less one, so a needle across two is found
      at += n - (needle.length - 1);
      n = 0;
    }
    return -1;
  }
}
