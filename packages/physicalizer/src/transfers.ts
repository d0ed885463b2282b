import type { MemoryEventColumns } from '@tasmoe/schemas';
import { PhysicalizerError } from './errors.js';
import { newMemoryBuffer, reserveMemory } from './event-columns.js';
import type { MachineModel } from './machine-model.js';
import type { ResourceTimelines } from './resource-timelines.js';
import type { WindowAggregates } from './window-aggregates.js';
import type { WindowContext } from './window-context.js';

/**
 * Data movement between banks and cores: a transfer waits for its bank(s) and
 * every link of its XY route to be free, then holds them all until its last
 * byte, at the slowest of their rates. Memory events go to `memory`.
 */
export class Transfers {
  readonly memory: MemoryEventColumns = newMemoryBuffer();
  private nextMemoryId = 0;
  /** Bytes copied by migrations this window. */
  migrationBytes = 0;

  private readonly m: MachineModel;
  private readonly tl: ResourceTimelines;
  private readonly ctx: WindowContext;
  private readonly agg: WindowAggregates;
  private readonly bankFree: Float64Array;
  private readonly linkFree: Float64Array;
  private readonly bankOwner: Int32Array;
  private readonly hopsOf: Int32Array;
  private readonly routeStart: Int32Array;
  private readonly routeLinks: Int32Array;
  private readonly coreCount: number;
  private readonly linkBytesPerNs: number;

  constructor(m: MachineModel, tl: ResourceTimelines, ctx: WindowContext, agg: WindowAggregates) {
    this.m = m;
    this.tl = tl;
    this.ctx = ctx;
    this.agg = agg;
    this.bankFree = tl.bankFree;
    this.linkFree = tl.linkFree;
    this.bankOwner = m.bankOwner;
    this.hopsOf = m.hops;
    this.routeStart = m.routeStart;
    this.routeLinks = m.routeLinks;
    this.coreCount = m.coreCount;
    this.linkBytesPerNs = m.linkBytesPerNs;
  }

  /** `core` reads `bytes` from `bank`, no earlier than t0; returns when the last byte arrives. */
  readTransfer(core: number, bank: number, bytes: number, t0: number): number {
    if (bytes <= 0) return t0;
    const owner = this.bankOwner[bank] ?? 0;
    const pair = owner * this.coreCount + core;
    const hops = this.hopsOf[pair] ?? 0;
    const bankFree = this.bankFree;
    let xs = t0;
    const bf = bankFree[bank] ?? 0;
    if (bf > xs) xs = bf;
    const rate = this.ctx.hw.bankBwBytesPerNs[bank] ?? 0;
    if (!(rate > 0 && rate < Infinity)) this.badBank(bank, rate);
    if (hops > 0) return this.remoteRead(core, bank, bytes, xs, rate, hops, pair);
    const xe = xs + bytes / rate;
    if (this.ctx.dry) {
      this.tl.setBankFree(bank, xe);
      return xe;
    }
    bankFree[bank] = xe;
    // Memory event (inline: this is the hottest path).
    const mem = this.memory;
    const j = reserveMemory(mem);
    mem.evtId[j] = this.nextMemoryId++;
    mem.tStartNs[j] = xs;
    mem.srcCore[j] = core;
    mem.bank[j] = bank;
    mem.bytes[j] = bytes;
    mem.rw[j] = 0;
    mem.hops[j] = 0;
    mem.qos[j] = 0;
    this.agg.spreadBank(bank, xs, xe, bytes, false);
    return xe;
  }

  private remoteRead(core: number, bank: number, bytes: number, xs0: number, bankRate: number, hops: number, pair: number): number {
    const tl = this.tl;
    const routeLinks = this.routeLinks;
    const l0 = this.routeStart[pair] ?? 0;
    const l1 = l0 + hops;
    const linkFree = this.linkFree;
    let xs = xs0;
    for (let q = l0; q < l1; q++) {
      const lf = linkFree[routeLinks[q] ?? 0] ?? 0;
      if (lf > xs) xs = lf;
    }
    const rate = Math.min(this.linkBytesPerNs , bankRate);
    const xe = xs + bytes / rate;
    tl.setBankFree(bank, xe);
    for (let q = l0; q < l1; q++) tl.setLinkFree(routeLinks[q] ?? 0, xe);
    if (!this.ctx.dry) {
      this.memoryEvent(xs, core, bank, bytes, 0, hops, 0);
      this.agg.spreadBank(bank, xs, xe, bytes, false);
      const flits = Math.ceil(bytes / this.m.flitBytes);
      for (let q = l0; q < l1; q++) this.agg.spreadLink(routeLinks[q] ?? 0, xs, xe, flits);
    }
    return xe;
  }

  /**
   * Copy `bytes` from srcBank to dstBank (migration traffic, qos 1), pulled by
   * the core owning dstBank: one read event, one write event, flits along the
   * XY route between the two vaults; bank, banks' links and both banks FIFO.
   */
  copyTransfer(srcBank: number, dstBank: number, bytes: number, t0: number): number {
    const m = this.m;
    const tl = this.tl;
    const so = m.bankOwner[srcBank] ?? 0;
    const dOwner = m.bankOwner[dstBank] ?? 0;
    const pair = so * m.coreCount + dOwner;
    const hops = m.hops[pair] ?? 0;
    let xs = t0;
    const f1 = this.bankFree[srcBank] ?? 0;
    const f2 = this.bankFree[dstBank] ?? 0;
    if (f1 > xs) xs = f1;
    if (f2 > xs) xs = f2;
    let rate = Math.min(this.bankRate(srcBank), this.bankRate(dstBank));
    const l0 = m.routeStart[pair] ?? 0;
    const l1 = l0 + hops;
    if (hops > 0) {
      for (let q = l0; q < l1; q++) {
        const lf = this.linkFree[m.routeLinks[q] ?? 0] ?? 0;
        if (lf > xs) xs = lf;
      }
      if (m.linkBytesPerNs < rate) rate = m.linkBytesPerNs;
    }
    const xe = bytes > 0 ? xs + bytes / rate : xs;
    tl.setBankFree(srcBank, xe);
    tl.setBankFree(dstBank, xe);
    for (let q = l0; q < l1; q++) tl.setLinkFree(m.routeLinks[q] ?? 0, xe);
    if (xe > tl.lastEndNs) tl.lastEndNs = xe;
    if (!this.ctx.dry && bytes > 0) {
      this.memoryEvent(xs, dOwner, srcBank, bytes, 0, hops, 1);
      this.memoryEvent(xs, dOwner, dstBank, bytes, 1, 0, 1);
      this.agg.spreadBank(srcBank, xs, xe, bytes, false);
      this.agg.spreadBank(dstBank, xs, xe, bytes, true);
      if (hops > 0) {
        const flits = Math.ceil(bytes / m.flitBytes);
        for (let q = l0; q < l1; q++) this.agg.spreadLink(m.routeLinks[q] ?? 0, xs, xe, flits);
      }
      this.migrationBytes += bytes;
    }
    return xe;
  }

  /** Start a window's events: ids keep counting across windows. */
  beginWindow(): void {
    this.memory.count = 0;
    this.migrationBytes = 0;
  }

  private memoryEvent(t: number, core: number, bank: number, bytes: number, rw: number, hops: number, qos: number): void {
    const mem = this.memory;
    const j = reserveMemory(mem);
    mem.evtId[j] = this.nextMemoryId++;
    mem.tStartNs[j] = t;
    mem.srcCore[j] = core;
    mem.bank[j] = bank;
    mem.bytes[j] = bytes;
    mem.rw[j] = rw;
    mem.hops[j] = hops;
    mem.qos[j] = qos;
  }

  private bankRate(bank: number): number {
    const bw = this.ctx.hw.bankBwBytesPerNs[bank] ?? 0;
    if (!(bw > 0) || !Number.isFinite(bw)) this.badBank(bank, bw);
    return bw;
  }

  private badBank(bank: number, bw: number): never {
    throw new PhysicalizerError('HARDWARE_STATE_INVALID', `bank ${this.m.topo.bankIdOf(bank)} bandwidth ${bw} bytes/ns is not a positive number`);
  }
}
