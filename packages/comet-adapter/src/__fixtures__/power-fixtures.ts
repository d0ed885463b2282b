/**
 * Small hand-made inputs for the power/DVFS/refresh tests: a 3x2 mesh (so XY
 * routes are not symmetric) under 2 DRAM dies of 6x4 banks (2x2 banks per
 * vault), and PhysicalWindows whose aggregates are summed from their events
 * the way the physicalizer documents it (payload flits on the XY data route).
 */
import {
  makeTopology,
  resolveConfig,
  type ArchConfigInput,
  type PhysicalWindow,
  type ResolvedArchConfig,
  type Topology,
} from '@tasmoe/schemas';
import { flitsForBytes } from '../power/event-energy.js';

export function smallArch(patch: Partial<ArchConfigInput> = {}): ResolvedArchConfig {
  return resolveConfig('arch', { mesh: { cores: [3, 2] }, dram: { banks: [6, 4, 2] }, geometry: {}, ...patch });
}

export function smallTopology(): Topology {
  return makeTopology(3, 2, 6, 4, 2);
}

export interface ComputeSpec {
  core: number;
  flops: number;
  busyNs?: number;
}

export interface MemorySpec {
  core: number;
  bank: number;
  bytes: number;
  /** 0 read, 1 write. */
  rw: 0 | 1;
}

export function buildWindow(
  topology: Topology,
  flitBits: number,
  compute: readonly ComputeSpec[],
  memory: readonly MemorySpec[],
  windowNs = 1e6,
  tStartNs = 0,
): PhysicalWindow {
  const nc = topology.coreCount;
  const nb = topology.bankCount;
  const coreFlops = new Float64Array(nc);
  const coreBusyNs = new Float64Array(nc);
  const bankReadBytes = new Float64Array(nb);
  const bankWriteBytes = new Float64Array(nb);
  const bankBusyNs = new Float64Array(nb);
  const linkFlits = new Float64Array(topology.linkCount);
  const route = new Int32Array(nc);
  compute.forEach((e) => {
    coreFlops[e.core] = (coreFlops[e.core] as number) + e.flops;
    coreBusyNs[e.core] = (coreBusyNs[e.core] as number) + (e.busyNs ?? 0);
  });
  memory.forEach((e) => {
    if (e.rw === 0) bankReadBytes[e.bank] = (bankReadBytes[e.bank] as number) + e.bytes;
    else bankWriteBytes[e.bank] = (bankWriteBytes[e.bank] as number) + e.bytes;
    const owner = topology.bankOwnerCore(e.bank);
    const n = e.rw === 0 ? topology.routeLinks(owner, e.core, route) : topology.routeLinks(e.core, owner, route);
    for (let j = 0; j < n; j++) {
      const l = route[j] as number;
      linkFlits[l] = (linkFlits[l] as number) + flitsForBytes(e.bytes, flitBits);
    }
  });
  const nC = compute.length;
  const nM = memory.length;
  return {
    winIdx: 0,
    tStartNs,
    tEndNs: tStartNs + windowNs,
    compute: {
      count: nC,
      evtId: Float64Array.from(compute, (_, i) => i),
      tStartNs: new Float64Array(nC).fill(tStartNs),
      coreId: Int32Array.from(compute, (e) => e.core),
      durationCycles: Float64Array.from(compute, (e) => (e.busyNs ?? 0) * 2),
      flops: Float64Array.from(compute, (e) => e.flops),
      op: new Uint8Array(nC),
      expert: new Int32Array(nC),
      mbId: new Int32Array(nC),
    },
    memory: {
      count: nM,
      evtId: Float64Array.from(memory, (_, i) => nC + i),
      tStartNs: new Float64Array(nM).fill(tStartNs),
      srcCore: Int32Array.from(memory, (e) => e.core),
      bank: Int32Array.from(memory, (e) => e.bank),
      bytes: Float64Array.from(memory, (e) => e.bytes),
      rw: Uint8Array.from(memory, (e) => e.rw),
      hops: Int32Array.from(memory, (e) => topology.hops(e.core, topology.bankOwnerCore(e.bank))),
      qos: new Uint8Array(nM),
    },
    coreBusyNs,
    coreFlops,
    bankReadBytes,
    bankWriteBytes,
    bankBusyNs,
    linkFlits,
    completedTokens: 0,
    stepLatenciesNs: [],
    reroutesApplied: 0,
    migrationsApplied: 0,
    weightMovesApplied: 0,
    replicasCreated: 0,
    replicasRetired: 0,
    migrationBytes: 0,
    done: false,
  };
}

export function uniformTemps(topology: Topology, coreC: number, bankC: number = coreC) {
  return { coreC: new Float64Array(topology.coreCount).fill(coreC), bankC: new Float64Array(topology.bankCount).fill(bankC) };
}

export function sum(a: Float64Array): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i] as number;
  return s;
}
