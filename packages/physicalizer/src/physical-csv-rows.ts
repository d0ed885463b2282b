/**
 * Physical events as seed section 3.4 CSV cells (ComputeEventCsv / MemoryEventCsv
 * column order). Pure; the file writing is in io/physical-csv-writer.ts.
 * Times are whole ns (floor), bytes whole bytes; power_hint says whether the
 * task waited on memory ("mem") or computed ("cmp"); noc_qos is "normal" or
 * "migration" (replica / weight copies).
 */
import {
  ComputeEventCsv,
  MemoryEventCsv,
  type ComputeEventColumns,
  type MemoryEventColumns,
  type Topology,
} from '@tasmoe/schemas';
import type { ComputeEventBuffer } from './event-columns.js';

function isBuffer(c: ComputeEventColumns): c is ComputeEventBuffer {
  return 'memBound' in c && c.memBound instanceof Uint8Array;
}

/** Rows of the compute events; `dvfsDomainOfCore[c]` names the core's DVFS domain ("D<index>"). */
export function computeEventCells(c: ComputeEventColumns, dvfsDomainOfCore: ArrayLike<number>): (string | number)[][] {
  const rows: (string | number)[][] = [];
  const memBound = isBuffer(c) ? c.memBound : undefined;
  for (let i = 0; i < c.count; i++) {
    const core = c.coreId[i] ?? 0;
    rows.push(
      ComputeEventCsv.toCells({
        evt_id: c.evtId[i] ?? 0,
        t_start_ns: Math.floor(c.tStartNs[i] ?? 0),
        core_id: core,
        duration_cycles: c.durationCycles[i] ?? 0,
        flops: c.flops[i] ?? 0,
        op: c.op[i] === 1 ? 'attn' : 'fc',
        dvfs_domain: `D${dvfsDomainOfCore[core] ?? 0}`,
        power_hint: memBound === undefined ? '' : memBound[i] === 1 ? 'mem' : 'cmp',
      }),
    );
  }
  return rows;
}

export function memoryEventCells(m: MemoryEventColumns, topo: Topology): (string | number)[][] {
  const rows: (string | number)[][] = [];
  for (let i = 0; i < m.count; i++) {
    rows.push(
      MemoryEventCsv.toCells({
        evt_id: m.evtId[i] ?? 0,
        t_start_ns: Math.floor(m.tStartNs[i] ?? 0),
        src_core: m.srcCore[i] ?? 0,
        dst_bank: topo.bankIdOf(m.bank[i] ?? 0),
        bytes: Math.round(m.bytes[i] ?? 0),
        rw: m.rw[i] === 1 ? 'w' : 'r',
        hops: m.hops[i] ?? 0,
        noc_qos: m.qos[i] === 1 ? 'migration' : 'normal',
      }),
    );
  }
  return rows;
}
