import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ComputeEventCsv, MemoryEventCsv } from '@tasmoe/schemas';
import { parse } from 'csv-parse/sync';
import { afterEach, describe, expect, it } from 'vitest';
import { roundRobinPlacement, smallArch, smallTas, smallWorkload } from '../__testing__/fixtures.js';
import { syntheticSource } from '../__testing__/synthetic-source.js';
import { createPhysicalizer } from '../physicalizer.js';
import { PhysicalEventCsvWriter } from './physical-csv-writer.js';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

describe('physical event CSV export', () => {
  it('writes rolling segments whose rows validate as compute_events / memory_events and match the windows', () => {
    const dir = mkdtempSync(join(tmpdir(), 'tasmoe-phys-'));
    dirs.push(dir);
    const arch = smallArch();
    const workload = smallWorkload();
    const ph = createPhysicalizer({
      arch,
      tas: smallTas(),
      workload,
      placement: roundRobinPlacement(arch, workload),
      source: syntheticSource(workload),
    });
    const out = join(dir, 'traces', 'physical');
    const writer = new PhysicalEventCsvWriter({
      outDir: out,
      topo: ph.machine.topo,
      dvfsDomainOfCore: ph.machine.dvfsDomainOfCore,
      windowsPerSegment: 10,
    });
    let computeRows = 0;
    let memoryRows = 0;
    let windows = 0;
    for (let w = 0; !ph.done; w++) {
      const pw = ph.physicalizeWindow(w);
      computeRows += pw.compute.count;
      memoryRows += pw.memory.count;
      writer.write(pw);
      windows++;
      if (w === 3) expect(readdirSync(out).every((f) => f.endsWith('.partial'))).toBe(true);
    }
    writer.close();
    const segments = Math.ceil(windows / 10);
    expect(readdirSync(out).sort()).toEqual(
      [
        ...Array.from({ length: segments }, (_, k) => `compute_events_${k}.csv`),
        ...Array.from({ length: segments }, (_, k) => `memory_events_${k}.csv`),
      ].sort(),
    );
    const read = (prefix: string) =>
      Array.from(
        { length: segments },
        (_, k) =>
          parse(readFileSync(join(out, `${prefix}_${k}.csv`), 'utf8'), { columns: true }) as Record<string, string>[],
      ).flat();
    const comp = read('compute_events').map((r, line) => ComputeEventCsv.fromCells(r, { file: 'compute', line }));
    const mem = read('memory_events').map((r, line) => MemoryEventCsv.fromCells(r, { file: 'memory', line }));
    expect(comp).toHaveLength(computeRows);
    expect(mem).toHaveLength(memoryRows);
    expect(comp.map((c) => c.evt_id)).toEqual(comp.map((_, i) => i));
    expect(new Set(comp.map((c) => c.op))).toEqual(new Set(['fc', 'attn']));
    expect(comp.every((c) => c.dvfs_domain === 'D0' && ['mem', 'cmp'].includes(c.power_hint))).toBe(true);
    expect(mem.every((m) => m.rw === 'r' && m.noc_qos === 'normal' && /^B\(\d+,\d+,\d+\)$/.test(m.dst_bank))).toBe(
      true,
    );
  });
});
