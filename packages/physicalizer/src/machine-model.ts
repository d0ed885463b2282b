/**
 * The numbers the lowering loop runs on, derived once from the arch and TAS
 * configs: per-core FLOPs per cycle and DVFS domain, bank owners, XY hop counts
 * and routes of every core pair, NoC and bank rates, the window length.
 */
import {
  buildTopology,
  type ResolvedArchConfig,
  type ResolvedTasParams,
  stripeGroups,
  stripeWidth,
  type Topology,
} from '@tasmoe/schemas';

export interface MachineModel {
  readonly topo: Topology;
  readonly coreCount: number;
  readonly bankCount: number;
  readonly linkCount: number;
  readonly windowNs: number;
  /** Nominal (first DVFS step) frequency of each core, GHz. */
  readonly nominalGhz: Float64Array;
  /** core_flops_tps / f_nominal: FLOPs one core retires per cycle. */
  readonly flopsPerCycle: Float64Array;
  readonly dvfsDomainOfCore: Int32Array;
  readonly dvfsDomainCount: number;
  /** Raw bank bandwidth, bytes per ns (= GB/s). */
  readonly rawBankBytesPerNs: number;
  /** One flit (width_bits) per link per link_latency_ns, in bytes per ns. */
  readonly linkBytesPerNs: number;
  readonly flitBytes: number;
  /** Core whose vault holds each bank. */
  readonly bankOwner: Int32Array;
  /** hops[a * coreCount + b]: XY hop count. */
  readonly hops: Int32Array;
  /** Links of the XY route a -> b: routeLinks[routeStart[p] .. routeStart[p + 1]) with p = a * coreCount + b. */
  readonly routeStart: Int32Array;
  readonly routeLinks: Int32Array;
  readonly minResidencyNs: number;
  readonly undoCooldownNs: number;
  /** Bandwidth of one vault's TSV bundle, bytes per ns (= GB/s), shared by all its banks. */
  readonly vaultBytesPerNs: number;
  /** Banks a weight shard is interleaved over (dram.stripe_banks, at most the vault's banks). */
  readonly stripeBanks: number;
  /** stripe[b * stripeBanks + i]: i-th bank of the stripe group of home bank b (i = 0 is b). */
  readonly stripe: Int32Array;
}

export function buildMachineModel(arch: ResolvedArchConfig, tas: ResolvedTasParams): MachineModel {
  const topo = buildTopology(arch);
  const coreCount = topo.coreCount;
  const nominalGhz = new Float64Array(coreCount);
  const flopsPerCycle = new Float64Array(coreCount);
  const dvfsDomainOfCore = new Int32Array(coreCount).fill(-1);
  arch.dvfs.domains.forEach((d, di) => {
    const cores = d.cores === 'all' ? Array.from({ length: coreCount }, (_, c) => c) : d.cores;
    const f0 = d.steps_ghz[0] ?? 1;
    for (const c of cores) {
      if (c >= coreCount) continue;
      dvfsDomainOfCore[c] = di;
      nominalGhz[c] = f0;
      flopsPerCycle[c] = tas.taps.capacity.core_flops_tps / (f0 * 1e9);
    }
  });
  for (let c = 0; c < coreCount; c++) {
    if (dvfsDomainOfCore[c] === -1) throw new RangeError(`core ${c} is in no DVFS domain`);
  }
  const bankOwner = new Int32Array(topo.bankCount);
  for (let b = 0; b < topo.bankCount; b++) bankOwner[b] = topo.bankOwnerCore(b);
  const hops = new Int32Array(coreCount * coreCount);
  const routeStart = new Int32Array(coreCount * coreCount + 1);
  let total = 0;
  for (let a = 0; a < coreCount; a++) {
    for (let b = 0; b < coreCount; b++) {
      const h = topo.hops(a, b);
      hops[a * coreCount + b] = h;
      routeStart[a * coreCount + b] = total;
      total += h;
    }
  }
  routeStart[coreCount * coreCount] = total;
  const routeLinks = new Int32Array(Math.max(1, total));
  const scratch = new Int32Array(topo.cols + topo.rows + 2);
  for (let a = 0; a < coreCount; a++) {
    for (let b = 0; b < coreCount; b++) {
      const n = topo.routeLinks(a, b, scratch);
      routeLinks.set(scratch.subarray(0, n), routeStart[a * coreCount + b] ?? 0);
    }
  }
  const { width_bits: widthBits, link_latency_ns: linkLatencyNs } = arch.mesh.noc;
  const stripeBanks = stripeWidth(arch, topo);
  const stripe = stripeGroups(topo, stripeBanks);
  return {
    topo,
    coreCount,
    bankCount: topo.bankCount,
    linkCount: topo.linkCount,
    windowNs: tas.tacs.window_ms * 1e6,
    nominalGhz,
    flopsPerCycle,
    dvfsDomainOfCore,
    dvfsDomainCount: arch.dvfs.domains.length,
    rawBankBytesPerNs: tas.taps.capacity.bank_bw_gbps,
    linkBytesPerNs: widthBits / 8 / linkLatencyNs,
    flitBytes: widthBits / 8,
    bankOwner,
    hops,
    routeStart,
    routeLinks,
    minResidencyNs: tas.tacs.min_residency_ms * 1e6,
    undoCooldownNs: tas.tacs.undo_cooldown_ms * 1e6,
    vaultBytesPerNs: arch.dram.vault_bw_gbps,
    stripeBanks,
    stripe,
  };
}
