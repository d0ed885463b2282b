/**
 * Growable columnar event buffers (ComputeEventColumns / MemoryEventColumns).
 * Capacity doubles when full, so appending is allocation-free in steady state;
 * `count` is reset per window and the arrays are reused.
 */
import type { ComputeEventColumns, MemoryEventColumns } from '@tasmoe/schemas';

function grownF64(a: Float64Array, n: number): Float64Array {
  const b = new Float64Array(n);
  b.set(a);
  return b;
}
function grownI32(a: Int32Array, n: number): Int32Array {
  const b = new Int32Array(n);
  b.set(a);
  return b;
}
function grownU8(a: Uint8Array, n: number): Uint8Array {
  const b = new Uint8Array(n);
  b.set(a);
  return b;
}

/** Compute events plus `memBound` (1 when the task waited on memory longer than it computed; the CSV power_hint). */
export interface ComputeEventBuffer extends ComputeEventColumns {
  memBound: Uint8Array;
  /** DVFS frequency the event ran at, GHz (its end is tStartNs + durationCycles / ghz). */
  ghz: Float64Array;
  /** Time the task's FLOPs take at that frequency, ns (the compute side of the roofline). */
  computeNs: Float64Array;
  /**
   * Time from the task's start until its last weight shard has arrived, ns, queueing on banks,
   * vault TSVs and links included (0 for a task without weight reads, e.g. attention).
   */
  weightReadNs: Float64Array;
}

export function newComputeBuffer(capacity = 1024): ComputeEventBuffer {
  return {
    count: 0,
    evtId: new Float64Array(capacity),
    tStartNs: new Float64Array(capacity),
    coreId: new Int32Array(capacity),
    durationCycles: new Float64Array(capacity),
    flops: new Float64Array(capacity),
    op: new Uint8Array(capacity),
    expert: new Int32Array(capacity),
    mbId: new Int32Array(capacity),
    memBound: new Uint8Array(capacity),
    ghz: new Float64Array(capacity),
    computeNs: new Float64Array(capacity),
    weightReadNs: new Float64Array(capacity),
  };
}

/** Make room for one more event; returns its index. */
export function reserveCompute(b: ComputeEventBuffer): number {
  const i = b.count;
  if (i === b.evtId.length) {
    const n = Math.max(16, i * 2);
    b.evtId = grownF64(b.evtId, n);
    b.tStartNs = grownF64(b.tStartNs, n);
    b.coreId = grownI32(b.coreId, n);
    b.durationCycles = grownF64(b.durationCycles, n);
    b.flops = grownF64(b.flops, n);
    b.op = grownU8(b.op, n);
    b.expert = grownI32(b.expert, n);
    b.mbId = grownI32(b.mbId, n);
    b.memBound = grownU8(b.memBound, n);
    b.ghz = grownF64(b.ghz, n);
    b.computeNs = grownF64(b.computeNs, n);
    b.weightReadNs = grownF64(b.weightReadNs, n);
  }
  b.count = i + 1;
  return i;
}

export function newMemoryBuffer(capacity = 1024): MemoryEventColumns {
  return {
    count: 0,
    evtId: new Float64Array(capacity),
    tStartNs: new Float64Array(capacity),
    srcCore: new Int32Array(capacity),
    bank: new Int32Array(capacity),
    bytes: new Float64Array(capacity),
    rw: new Uint8Array(capacity),
    hops: new Int32Array(capacity),
    qos: new Uint8Array(capacity),
  };
}

export function reserveMemory(b: MemoryEventColumns): number {
  const i = b.count;
  if (i === b.evtId.length) {
    const n = Math.max(16, i * 2);
    b.evtId = grownF64(b.evtId, n);
    b.tStartNs = grownF64(b.tStartNs, n);
    b.srcCore = grownI32(b.srcCore, n);
    b.bank = grownI32(b.bank, n);
    b.bytes = grownF64(b.bytes, n);
    b.rw = grownU8(b.rw, n);
    b.hops = grownI32(b.hops, n);
    b.qos = grownU8(b.qos, n);
  }
  b.count = i + 1;
  return i;
}

/** A copy holding exactly `count` events, independent of the physicalizer's reused buffers. */
export function copyComputeColumns(b: ComputeEventColumns): ComputeEventColumns {
  const n = b.count;
  return {
    count: n,
    evtId: b.evtId.slice(0, n),
    tStartNs: b.tStartNs.slice(0, n),
    coreId: b.coreId.slice(0, n),
    durationCycles: b.durationCycles.slice(0, n),
    flops: b.flops.slice(0, n),
    op: b.op.slice(0, n),
    expert: b.expert.slice(0, n),
    mbId: b.mbId.slice(0, n),
  };
}

export function copyMemoryColumns(b: MemoryEventColumns): MemoryEventColumns {
  const n = b.count;
  return {
    count: n,
    evtId: b.evtId.slice(0, n),
    tStartNs: b.tStartNs.slice(0, n),
    srcCore: b.srcCore.slice(0, n),
    bank: b.bank.slice(0, n),
    bytes: b.bytes.slice(0, n),
    rw: b.rw.slice(0, n),
    hops: b.hops.slice(0, n),
    qos: b.qos.slice(0, n),
  };
}
