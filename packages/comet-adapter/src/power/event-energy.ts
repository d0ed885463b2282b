/**
 * Energy of single physical events. A window's dynamic energy is the sum of
 * these over its events; window-power.ts computes the same sums from the
 * window's aggregates (or from its event columns) and the tests hold the two
 * to equality.
 *
 * - compute event: alpha_cmp_pj_per_flop x FLOPs.
 * - memory event, DRAM part: dram_pj_per_byte x bytes (array + TSV; reads and
 *   writes cost the same, as in CoMeT's 20.55 nJ per read or write access).
 * - memory event, NoC part: the payload travels as whole flits of
 *   `mesh.noc.width_bits`; each flit costs width_bits x router_energy_pj_per_bit
 *   per hop. Request/ack control flits are not modelled (a read's request is a
 *   single flit against a payload of thousands).
 */
import type { ResolvedArchConfig } from '@tasmoe/schemas';

export interface EventEnergyCoefficients {
  readonly computeJPerFlop: number;
  readonly dramJPerByte: number;
  /** Bits per flit (= link width). */
  readonly flitBits: number;
  /** Energy of one flit crossing one hop (router + link), J. */
  readonly nocJPerFlitHop: number;
}

export type EventEnergyArch = Pick<ResolvedArchConfig, 'power' | 'mesh'>;

export function eventEnergyCoefficients(arch: EventEnergyArch): EventEnergyCoefficients {
  const flitBits = arch.mesh.noc.width_bits;
  return {
    computeJPerFlop: arch.power.alpha_cmp_pj_per_flop * 1e-12,
    dramJPerByte: arch.power.dram_pj_per_byte * 1e-12,
    flitBits,
    nocJPerFlitHop: flitBits * arch.mesh.noc.router_energy_pj_per_bit * 1e-12,
  };
}

/** Flits needed for a payload: whole flits, a partly filled last flit still travels. */
export function flitsForBytes(bytes: number, flitBits: number): number {
  return bytes > 0 ? Math.ceil((bytes * 8) / flitBits) : 0;
}

export function computeEventEnergyJ(flops: number, k: EventEnergyCoefficients): number {
  return flops * k.computeJPerFlop;
}

export function memoryEventDramEnergyJ(bytes: number, k: EventEnergyCoefficients): number {
  return bytes * k.dramJPerByte;
}

export function memoryEventNocEnergyJ(bytes: number, hops: number, k: EventEnergyCoefficients): number {
  return flitsForBytes(bytes, k.flitBits) * hops * k.nocJPerFlitHop;
}

export function memoryEventEnergyJ(bytes: number, hops: number, k: EventEnergyCoefficients): number {
  return memoryEventDramEnergyJ(bytes, k) + memoryEventNocEnergyJ(bytes, hops, k);
}
