/**
 * The few hardware constants TACS needs to turn moved work into watts, load and
 * NoC occupancy. Derived from the arch and tas configs by `tacsHardwareFromConfigs`.
 */
import { buildTopology, type ResolvedArchConfig, type ResolvedTasParams, stripeWidth } from '@tasmoe/schemas';

export interface TacsHardware {
  /** Peak FLOP/s of one core at nominal frequency (tas.taps.capacity.core_flops_tps). */
  readonly coreFlopsPerSec: number;
  /** Dynamic core energy per FLOP, J (arch.power.alpha_cmp_pj_per_flop x 1e-12). */
  readonly joulesPerFlop: number;
  /** Bytes one NoC link carries per ns (width_bits / 8 / link_latency_ns). */
  readonly linkBytesPerNs: number;
  /**
   * Banks a weight shard is interleaved over (stripeWidth of the arch: dram.stripe_banks, at
   * most a vault's banks). A shard is read from its home bank's whole stripe group, so its
   * DRAM temperature is the hottest bank of that group.
   */
  readonly stripeBanks: number;
}

export function tacsHardwareFromConfigs(arch: ResolvedArchConfig, tas: ResolvedTasParams): TacsHardware {
  return {
    coreFlopsPerSec: tas.taps.capacity.core_flops_tps,
    joulesPerFlop: arch.power.alpha_cmp_pj_per_flop * 1e-12,
    linkBytesPerNs: arch.mesh.noc.width_bits / 8 / arch.mesh.noc.link_latency_ns,
    stripeBanks: stripeWidth(arch, buildTopology(arch)),
  };
}
