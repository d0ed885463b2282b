/**
 * SHA-256 of a file's content, streamed through one 1 MiB buffer (flat memory
 * for a trace of any length). Used to identify a recorded trace by what it
 * holds, not by its size: an edited CSV of the same length is another trace.
 * Cost measured on the default Mixtral export: about 1.1 GB per CPU second,
 * 0.1 s for its 0.11 GB (run-all replaying it takes tens of seconds).
 */
import { createHash } from 'node:crypto';
import { closeSync, openSync, readSync } from 'node:fs';
import { TracesError } from './errors.js';

export function fileSha256(file: string): string {
  let fd: number;
  try {
    fd = openSync(file, 'r');
  } catch (err) {
    const e = err as NodeJS.ErrnoException;
    throw new TracesError('TRACE_FILE_INVALID', `${file}: cannot open (${e.code ?? e.message})`, { cause: err });
  }
  try {
    const h = createHash('sha256');
    const buf = Buffer.allocUnsafe(1 << 20);
    for (let n = readSync(fd, buf, 0, buf.length, null); n > 0; n = readSync(fd, buf, 0, buf.length, null))
      h.update(buf.subarray(0, n));
    return h.digest('hex');
  } finally {
    closeSync(fd);
  }
}
