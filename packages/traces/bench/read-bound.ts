/**
 * The bound on replay speed from the bytes alone: the CPU throughput of
 *  - read: readSync of the files through a 1 MiB buffer (page-cached after the export),
 *  - scan: one JavaScript pass that compares every byte with `\n` (the least a parser that
 *    looks at every byte can do),
 *  - digits: one pass that accumulates every run of digits into an integer (what parsing
 *    the numbers of a row costs, with nothing checked).
 * Events per second at these rates = rate / bytes per event.
 */
import { closeSync, openSync, readSync } from 'node:fs';

export interface ReadBound {
  readonly name: string;
  readonly bytesPerCpuSecond: number;
}

function scan(buf: Buffer, n: number): number {
  let lines = 0;
  for (let p = 0; p < n; p++) if (buf[p] === 10) lines++;
  return lines;
}

function digits(buf: Buffer, n: number): number {
  let acc = 0;
  let v = 0;
  for (let p = 0; p < n; p++) {
    const d = (buf[p] as number) - 48;
    if (d >= 0 && d <= 9) v = v * 10 + d;
    else {
      acc += v;
      v = 0;
    }
  }
  return acc;
}

function pass(files: readonly string[], work: (buf: Buffer, n: number) => number): number {
  const buf = Buffer.allocUnsafe(1 << 20);
  const c0 = process.cpuUsage();
  let bytes = 0;
  let sink = 0;
  for (const f of files) {
    const fd = openSync(f, 'r');
    try {
      for (let n = readSync(fd, buf, 0, buf.length, null); n > 0; n = readSync(fd, buf, 0, buf.length, null)) {
        bytes += n;
        sink += work(buf, n);
      }
    } finally {
      closeSync(fd);
    }
  }
  const cu = process.cpuUsage(c0);
  if (sink < 0) throw new Error('unreachable');
  return bytes / ((cu.user + cu.system) / 1e6);
}

/** Best of two passes of each (the first warms the JIT and the page cache). */
export function readBounds(files: readonly string[]): ReadBound[] {
  const best = (w: (buf: Buffer, n: number) => number): number => Math.max(pass(files, w), pass(files, w));
  return [
    { name: 'read', bytesPerCpuSecond: best(() => 0) },
    { name: 'scan', bytesPerCpuSecond: best(scan) },
    { name: 'digits', bytesPerCpuSecond: best(digits) },
  ];
}
