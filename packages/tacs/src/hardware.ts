/**
 * The few hardware constants TACS needs to turn moved work into watts, load and
 * NoC occupancy. Derived from the arch and tas configs by `tacsHardwareFromConfigs`.
 */
import type { ResolvedArchConfig, ResolvedTasParams } from '@tasmoe/schemas';

export interface TacsHardware {
  /** Peak FLOP/s of one core at nominal frequency (tas.taps.capacity.core_flops_tps). */
  readonly coreFlopsPerSec: number;
  /** Dynamic core energy per FLOP, J (arch.power.alpha_cmp_pj_per_flop x 1e-12). */
  readonly joulesPerFlop: number;
  /** Bytes one NoC link carries per ns (width_bits / 8 / link_latency_ns). */
  readonly linkBytesPerNs: number;
}

export function tacsHardwareFromConfigs(arch: ResolvedArchConfig, tas: ResolvedTasParams): TacsHardware {
  return {
    coreFlopsPerSec: tas.taps.capacity.core_flops_tps,
    joulesPerFlop: arch.power.alpha_cmp_pj_per_flop * 1e-12,
    linkBytesPerNs: arch.mesh.noc.width_bits / 8 / arch.mesh.noc.link_latency_ns,
  };
}
