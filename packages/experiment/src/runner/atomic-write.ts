/**
 * Result files that readers see either as before or complete: written to a
 * temp file beside the target (every write checked, partial writes finished,
 * fsync), then renamed, then the folder synced. A failed write removes the
 * temp file and throws, so nothing half-written is ever published under its
 * final name. Each file's size and sha256 are returned for run.json.
 */
import { createHash, type Hash } from 'node:crypto';
import {
  closeSync,
  copyFileSync,
  fsyncSync,
  mkdirSync,
  openSync,
  readSync,
  renameSync,
  rmSync,
  writeSync,
} from 'node:fs';
import path from 'node:path';
import { CommandError } from '../shell/command-error.js';

/** What run.json records of a result file. */
export interface WrittenFile {
  readonly bytes: number;
  readonly sha256: string;
}

/** The fs calls a writer makes; tests replace them to inject failures (a full disk). */
export interface WriteOps {
  write(fd: number, buf: Uint8Array, offset: number, length: number): number;
  fsync(fd: number): void;
}

const realOps: WriteOps = {
  write: (fd, buf, offset, length) => writeSync(fd, buf, offset, length),
  fsync: (fd) => fsyncSync(fd),
};

/** Temp files are `<file>.tmp-<pid>-<random>`; stale-temps.ts removes those of dead processes. */
export function tempName(file: string): string {
  return `${file}.tmp-${process.pid}-${Math.random().toString(36).slice(2, 8)}`;
}

function ioError(file: string, err: unknown): CommandError {
  const code = (err as NodeJS.ErrnoException).code;
  const why =
    code === 'ENOSPC'
      ? 'ENOSPC (no space left on device)'
      : (code ?? (err instanceof Error ? err.message : String(err)));
  return new CommandError('IO', `${file}: cannot write: ${why}; nothing was published under this name`, { cause: err });
}

function writeAll(ops: WriteOps, fd: number, buf: Uint8Array): void {
  let off = 0;
  while (off < buf.length) {
    const n = ops.write(fd, buf, off, buf.length - off);
    if (!(n > 0)) throw Object.assign(new Error(`write returned ${n}`), { code: 'EIO' });
    off += n;
  }
}

/** Sync a folder so a rename in it survives a power cut (a no-op where folders cannot be synced). */
function syncFolder(dir: string): void {
  let fd: number | undefined;
  try {
    fd = openSync(dir, 'r');
    fsyncSync(fd);
  } catch {
    // platforms without directory fsync: the rename is still atomic
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

/** A complete temp file, not yet under its final name. */
export interface StagedFile extends WrittenFile {
  readonly file: string;
  /** Renames the temp file to `file` (and syncs the folder). */
  publish(): void;
  /** Removes the temp file (nothing is published). */
  discard(): void;
  /** A byte-identical staged copy for another final name. */
  copyTo(other: string): StagedFile;
}

function staged(file: string, tmp: string, written: WrittenFile, ops: WriteOps): StagedFile {
  let pending = true;
  return {
    file,
    ...written,
    publish() {
      if (!pending) return;
      try {
        renameSync(tmp, file);
      } catch (err) {
        rmSync(tmp, { force: true });
        throw ioError(file, err);
      }
      pending = false;
      syncFolder(path.dirname(file));
    },
    discard() {
      if (pending) rmSync(tmp, { force: true });
      pending = false;
    },
    copyTo(other) {
      mkdirSync(path.dirname(other), { recursive: true });
      const t = tempName(other);
      let fd: number | undefined;
      try {
        copyFileSync(tmp, t);
        fd = openSync(t, 'r+');
        ops.fsync(fd);
      } catch (err) {
        rmSync(t, { force: true });
        throw ioError(other, err);
      } finally {
        if (fd !== undefined) closeSync(fd);
      }
      return staged(other, t, written, ops);
    },
  };
}

/** A file written piece by piece (a long run's window series) that appears complete or not at all. */
export interface AtomicFileWriter {
  write(chunk: string | Uint8Array): void;
  /** Syncs and closes the temp file; publish it (and its copies) with the returned handle. */
  finish(): StagedFile;
  /** Closes and publishes the file; `alsoAs` get byte-identical copies, each published atomically too. */
  commit(alsoAs?: readonly string[]): WrittenFile;
  /** Closes and removes the partial file (nothing is published). */
  abort(): void;
  /** Writes everything written here so far into `other` (a run forked from this one starts with it). */
  copyWrittenTo(other: AtomicFileWriter): void;
}

export function openAtomicFile(file: string, ops: WriteOps = realOps): AtomicFileWriter {
  mkdirSync(path.dirname(file), { recursive: true });
  const tmp = tempName(file);
  let fd: number | undefined = openSync(tmp, 'w');
  let bytes = 0;
  let failed: unknown;
  const hash: Hash = createHash('sha256');
  const close = () => {
    if (fd !== undefined) closeSync(fd);
    fd = undefined;
  };
  const fail = (err: unknown): never => {
    failed = err;
    close();
    rmSync(tmp, { force: true });
    throw ioError(file, err);
  };
  const writer: AtomicFileWriter = {
    write(chunk) {
      if (fd === undefined)
        throw new CommandError(
          'IO',
          `${file}: write after the file was closed${failed === undefined ? '' : ' by a failed write'}`,
        );
      const buf = typeof chunk === 'string' ? Buffer.from(chunk, 'utf8') : chunk;
      try {
        writeAll(ops, fd, buf);
      } catch (err) {
        fail(err);
      }
      hash.update(buf);
      bytes += buf.length;
    },
    finish() {
      if (fd === undefined) throw new CommandError('IO', `${file}: already closed`);
      try {
        ops.fsync(fd);
      } catch (err) {
        fail(err);
      }
      close();
      return staged(file, tmp, { bytes, sha256: hash.digest('hex') }, ops);
    },
    commit(alsoAs = []) {
      const main = writer.finish();
      const copies: StagedFile[] = [];
      try {
        for (const other of alsoAs) copies.push(main.copyTo(other));
        for (const c of copies) c.publish();
        main.publish();
      } catch (err) {
        for (const c of copies) c.discard();
        main.discard();
        throw err;
      }
      return { bytes: main.bytes, sha256: main.sha256 };
    },
    abort() {
      close();
      rmSync(tmp, { force: true });
    },
    copyWrittenTo(other) {
      if (fd === undefined) throw new CommandError('IO', `${file}: already closed`);
      let src: number | undefined;
      try {
        src = openSync(tmp, 'r');
        const buf = Buffer.allocUnsafe(1 << 20);
        for (let at = 0; at < bytes; ) {
          const n = readSync(src, buf, 0, Math.min(buf.length, bytes - at), at);
          if (n <= 0) throw new Error(`short read at byte ${at} of ${bytes}`);
          other.write(buf.subarray(0, n));
          at += n;
        }
      } catch (err) {
        if (err instanceof CommandError) throw err;
        throw ioError(file, err);
      } finally {
        if (src !== undefined) closeSync(src);
      }
    },
  };
  return writer;
}

/** The whole content of a file as a staged temp file. */
export function stageFile(file: string, data: string | Uint8Array, ops: WriteOps = realOps): StagedFile {
  const w = openAtomicFile(file, ops);
  w.write(data);
  return w.finish();
}

/** Writes a whole file atomically; returns its size and sha256. */
export function writeFileAtomic(file: string, data: string | Uint8Array, ops: WriteOps = realOps): WrittenFile {
  const s = stageFile(file, data, ops);
  s.publish();
  return { bytes: s.bytes, sha256: s.sha256 };
}
