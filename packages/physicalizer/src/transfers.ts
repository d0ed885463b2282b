import type { MemoryEventColumns } from '@tasmoe/schemas';
import { PhysicalizerError } from './errors.js';
import { newMemoryBuffer, reserveMemory } from './event-columns.js';
import type { MachineModel } from './machine-model.js';
import type { ResourceTimelines } from './resource-timelines.js';
import type { WindowAggregates } from './window-aggregates.js';
import type { WindowContext } from './window-context.js';

/**
 * Data movement between banks and cores: a transfer waits for its bank(s), its
 * vault's TSV bundle and every link of its XY route to be free, then holds them
 * all until its last byte, at the slowest of their rates. Weight shards are
 * interleaved over a stripe group of banks of their vault. Memory events go to
 * `memory`, one per bank touched.
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

  /** `core` reads `bytes` from one bank (KV, hidden states), no earlier than t0; returns when the last byte arrives. */
  readTransfer(core: number, bank: number, bytes: number, t0: number): number {
    return this.access(core, bank, 1, bytes, t0, 0);
  }

  /**
   * A token's hidden state between its home vault's `bank` and expert `core`
   * (dispatch: rw 0, read by the expert core; combine: rw 1, written back). It
   * holds the links of its XY route FIFO; the bank and the vault's TSVs serve
   * it between the large weight streams (a few-KiB access a DRAM controller
   * schedules within a few row cycles, FR-FCFS), so it does not queue behind
   * them. Duration: the payload at the slower of link and vault rate.
   */
  tokenTransfer(core: number, bank: number, bytes: number, t0: number, rw: number): number {
    if (bytes <= 0) return t0;
    const m = this.m;
    const pair = (this.bankOwner[bank] ?? 0) * this.coreCount + core;
    const hops = this.hopsOf[pair] ?? 0;
    const l0 = this.routeStart[pair] ?? 0;
    const l1 = l0 + hops;
    let xs = t0;
    let dt = bytes / m.vaultBytesPerNs;
    if (hops > 0) {
      for (let q = l0; q < l1; q++) {
        const lf = this.linkFree[this.routeLinks[q] ?? 0] ?? 0;
        if (lf > xs) xs = lf;
      }
      const d = bytes / this.linkBytesPerNs;
      if (d > dt) dt = d;
    }
    const xe = xs + dt;
    for (let q = l0; q < l1; q++) this.tl.setLinkFree(this.routeLinks[q] ?? 0, xe);
    if (this.ctx.dry) return xe;
    this.memoryEvent(xs, core, bank, bytes, rw, hops, 0);
    this.agg.spreadBank(bank, xs, xe, bytes, rw === 1);
    if (hops > 0) {
      const flits = Math.ceil(bytes / m.flitBytes);
      for (let q = l0; q < l1; q++) this.agg.spreadLink(this.routeLinks[q] ?? 0, xs, xe, flits);
    }
    return xe;
  }

  /** `core` reads a weight shard homed at `bank`, interleaved over its stripe group (dram.stripe_banks). */
  readShard(core: number, bank: number, bytes: number, t0: number): number {
    return this.access(core, bank, this.m.stripeBanks, bytes, t0, 0);
  }

  /**
   * One access of `bytes` split evenly over the first `n` banks of the stripe
   * group of `bank0`: it waits for those banks, the vault's TSV bundle and every
   * link of the XY route between the vault and `core`, then holds them all until
   * its last byte. Its duration is the slowest of: a bank's share at that bank's
   * (refresh-reduced) rate, the whole payload through the vault's TSVs, and the
   * whole payload over a link. One memory event per bank.
   */
  private access(core: number, bank0: number, n: number, bytes: number, t0: number, rw: number): number {
    if (bytes <= 0) return t0;
    const m = this.m;
    const tl = this.tl;
    const vault = this.bankOwner[bank0] ?? 0;
    const pair = vault * this.coreCount + core;
    const hops = this.hopsOf[pair] ?? 0;
    const stripe = m.stripe;
    const g0 = bank0 * m.stripeBanks;
    const bankFree = this.bankFree;
    const rates = this.ctx.hw.bankBwBytesPerNs;
    const share = bytes / n;
    let xs = t0;
    const vf = tl.vaultFree[vault] ?? 0;
    if (vf > xs) xs = vf;
    let dt = bytes / m.vaultBytesPerNs;
    for (let i = 0; i < n; i++) {
      const b = stripe[g0 + i] ?? 0;
      const bf = bankFree[b] ?? 0;
      if (bf > xs) xs = bf;
      const rate = rates[b] ?? 0;
      if (!(rate > 0 && rate < Infinity)) this.badBank(b, rate);
      const d = share / rate;
      if (d > dt) dt = d;
    }
    const l0 = this.routeStart[pair] ?? 0;
    const l1 = l0 + hops;
    if (hops > 0) {
      const linkFree = this.linkFree;
      const routeLinks = this.routeLinks;
      for (let q = l0; q < l1; q++) {
        const lf = linkFree[routeLinks[q] ?? 0] ?? 0;
        if (lf > xs) xs = lf;
      }
      const d = bytes / this.linkBytesPerNs;
      if (d > dt) dt = d;
    }
    const xe = xs + dt;
    tl.setVaultFree(vault, xe);
    for (let i = 0; i < n; i++) tl.setBankFree(stripe[g0 + i] ?? 0, xe);
    for (let q = l0; q < l1; q++) tl.setLinkFree(this.routeLinks[q] ?? 0, xe);
    if (this.ctx.dry) return xe;
    for (let i = 0; i < n; i++) {
      const b = stripe[g0 + i] ?? 0;
      this.memoryEvent(xs, core, b, share, rw, hops, 0);
      this.agg.spreadBank(b, xs, xe, share, rw === 1);
    }
    if (hops > 0) {
      const flits = Math.ceil(bytes / m.flitBytes);
      for (let q = l0; q < l1; q++) this.agg.spreadLink(this.routeLinks[q] ?? 0, xs, xe, flits);
    }
    return xe;
  }

  /**
   * Copy a weight shard of `bytes` from the stripe group of srcBank to that of
   * dstBank (migration traffic, qos 1), pulled by the core owning dstBank: a
   * read event per source bank, a write event per destination bank, flits along
   * the XY route between the two vaults; both groups, both vaults' TSVs and the
   * route held FIFO until the last byte.
   */
  copyTransfer(srcBank: number, dstBank: number, bytes: number, t0: number): number {
    const m = this.m;
    const tl = this.tl;
    const n = m.stripeBanks;
    const stripe = m.stripe;
    const so = m.bankOwner[srcBank] ?? 0;
    const dOwner = m.bankOwner[dstBank] ?? 0;
    const pair = so * m.coreCount + dOwner;
    const hops = m.hops[pair] ?? 0;
    const share = bytes / n;
    let xs = t0;
    const v1 = tl.vaultFree[so] ?? 0;
    const v2 = tl.vaultFree[dOwner] ?? 0;
    if (v1 > xs) xs = v1;
    if (v2 > xs) xs = v2;
    let dt = bytes / m.vaultBytesPerNs;
    for (let i = 0; i < n; i++) {
      const a = stripe[srcBank * n + i] ?? 0;
      const b = stripe[dstBank * n + i] ?? 0;
      const fa = this.bankFree[a] ?? 0;
      const fb = this.bankFree[b] ?? 0;
      if (fa > xs) xs = fa;
      if (fb > xs) xs = fb;
      const d = share / Math.min(this.bankRate(a), this.bankRate(b));
      if (d > dt) dt = d;
    }
    const l0 = m.routeStart[pair] ?? 0;
    const l1 = l0 + hops;
    if (hops > 0) {
      for (let q = l0; q < l1; q++) {
        const lf = this.linkFree[m.routeLinks[q] ?? 0] ?? 0;
        if (lf > xs) xs = lf;
      }
      const d = bytes / m.linkBytesPerNs;
      if (d > dt) dt = d;
    }
    const xe = bytes > 0 ? xs + dt : xs;
    tl.setVaultFree(so, xe);
    tl.setVaultFree(dOwner, xe);
    for (let i = 0; i < n; i++) {
      tl.setBankFree(stripe[srcBank * n + i] ?? 0, xe);
      tl.setBankFree(stripe[dstBank * n + i] ?? 0, xe);
    }
    for (let q = l0; q < l1; q++) tl.setLinkFree(m.routeLinks[q] ?? 0, xe);
    if (xe > tl.lastEndNs) tl.lastEndNs = xe;
    if (!this.ctx.dry && bytes > 0) {
      for (let i = 0; i < n; i++) {
        const a = stripe[srcBank * n + i] ?? 0;
        const b = stripe[dstBank * n + i] ?? 0;
        this.memoryEvent(xs, dOwner, a, share, 0, hops, 1);
        this.memoryEvent(xs, dOwner, b, share, 1, 0, 1);
        this.agg.spreadBank(a, xs, xe, share, false);
        this.agg.spreadBank(b, xs, xe, share, true);
      }
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

  private memoryEvent(
    t: number,
    core: number,
    bank: number,
    bytes: number,
    rw: number,
    hops: number,
    qos: number,
  ): void {
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
    throw new PhysicalizerError(
      'HARDWARE_STATE_INVALID',
      `bank ${this.m.topo.bankIdOf(bank)} bandwidth ${bw} bytes/ns is not a positive number`,
    );
  }
}
