/**
 * Optional export of physical events to traces/physical/ (seed section 11.1) in
 * rolling segments: compute_events_<k>.csv and memory_events_<k>.csv hold
 * `windowsPerSegment` windows each, so memory stays flat however long the run.
 * A segment is written as <name>.partial and renamed when complete, so a file
 * with the final name is never a half segment.
 */
import { appendFileSync, mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ComputeEventCsv, MemoryEventCsv, type PhysicalWindow, type Topology } from '@tasmoe/schemas';
import { stringify } from 'csv-stringify/sync';
import { computeEventCells, memoryEventCells } from '../physical-csv-rows.js';

export interface PhysicalCsvWriterOptions {
  readonly outDir: string;
  readonly topo: Topology;
  readonly dvfsDomainOfCore: ArrayLike<number>;
  /** Windows per segment file (default 1000). */
  readonly windowsPerSegment?: number;
}

export class PhysicalEventCsvWriter {
  private readonly opts: PhysicalCsvWriterOptions;
  private readonly perSegment: number;
  private segment = -1;
  private windowsInSegment = 0;
  private readonly written: string[] = [];

  constructor(opts: PhysicalCsvWriterOptions) {
    this.opts = opts;
    this.perSegment = Math.max(1, opts.windowsPerSegment ?? 1000);
    mkdirSync(opts.outDir, { recursive: true });
  }

  /** Completed segment files so far. */
  get files(): readonly string[] {
    return this.written;
  }

  write(pw: PhysicalWindow): void {
    if (this.segment < 0 || this.windowsInSegment === this.perSegment) this.openSegment();
    const [c, m] = this.paths(this.segment, true);
    const cr = computeEventCells(pw.compute, this.opts.dvfsDomainOfCore);
    if (cr.length > 0) appendFileSync(c, stringify(cr));
    const mr = memoryEventCells(pw.memory, this.opts.topo);
    if (mr.length > 0) appendFileSync(m, stringify(mr));
    this.windowsInSegment++;
  }

  /** Finish the open segment (rename it to its final name). */
  close(): void {
    if (this.segment < 0) return;
    const partial = this.paths(this.segment, true);
    const final = this.paths(this.segment, false);
    for (let i = 0; i < 2; i++) {
      renameSync(partial[i] ?? '', final[i] ?? '');
      this.written.push(final[i] ?? '');
    }
    this.segment = -2; // closed; a later write starts a new segment numbered after the last
  }

  private openSegment(): void {
    const next = this.segment === -2 ? this.written.length / 2 : this.segment + 1;
    if (this.segment >= 0) this.close();
    this.segment = next;
    this.windowsInSegment = 0;
    const [c, m] = this.paths(this.segment, true);
    writeFileSync(c, stringify([[...ComputeEventCsv.columns]]));
    writeFileSync(m, stringify([[...MemoryEventCsv.columns]]));
  }

  private paths(k: number, partial: boolean): [string, string] {
    const suffix = partial ? '.csv.partial' : '.csv';
    return [
      join(this.opts.outDir, `compute_events_${k}${suffix}`),
      join(this.opts.outDir, `memory_events_${k}${suffix}`),
    ];
  }
}
