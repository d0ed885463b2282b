/**
 * How each DRAM bank position answers one weight-shard read (BankBurstResponse), on the loop's own
 * model (createEmbeddedArchBackend: the loop's grid, tiers and sub-cell banks), so the placement
 * predicts what the loop computes. Per die position: its stripe group (homed on the bank rule's first
 * die, as computeInfluenceMatrix's access source) gets 1 W for one read from a uniform state (one
 * transient step of the read's duration), and 1 W held (a steady solve); the response is the rise of
 * the group's hottest bank. The model is linear, so both scale to any read power. Why it matters: the
 * die's lateral edges are adiabatic, so an edge bank has three neighbours to spread a burst into and
 * a corner bank two (docs/model.md, "Read bursts at the die edge").
 *
 * Cost: one step and one steady solve per position on one factorisation each (measured on a quiet
 * machine: 0.12 s for 16x16 positions on an 8x8 grid, 0.75 s for 32x32 on the default 16x16 grid).
 * Cached in memory per arch hash, stripe width and duration.
 */
import {
  copyBankBurstResponse,
  makeTopology,
  stripeGroups,
  stripeWidth,
  type BankBurstResponse,
} from '@tasmoe/schemas';
import { ThermalError } from '../errors.js';
import { KELVIN_OFFSET } from '../units.js';
import { archThermalHash } from './arch-hash.js';
import type { ThermalArch } from './arch-stack.js';
import { createEmbeddedArchBackend } from './embedded-arch-backend.js';

const CACHE = new Map<string, BankBurstResponse>();
const CACHE_LIMIT = 8;

export function computeBankBurstResponse(arch: ThermalArch, durationS: number): BankBurstResponse {
  if (!(durationS > 0 && Number.isFinite(durationS)))
    throw new ThermalError('THERMAL_INPUT', `read duration must be a positive number of seconds, got ${durationS}`);
  const key = archThermalHash(arch, { bankBurst: 1, stripe: arch.dram.stripe_banks, durationS });
  const hit = CACHE.get(key);
  if (hit !== undefined) return copyBankBurstResponse(hit);
  const [bx, by, dies] = arch.dram.banks;
  const topo = makeTopology(arch.mesh.cores[0], arch.mesh.cores[1], bx, by, dies);
  const width = stripeWidth(arch, topo);
  const groups = stripeGroups(topo, width);
  const perLayer = bx * by;
  const first = arch.thermal.stack_order === 'dram_near_sink' ? dies - 1 : 0;
  const backend = createEmbeddedArchBackend(arch, { reuseSnapshotArrays: true });
  const cores = topo.coreCount;
  const n = backend.layout.blockCount;
  if (n !== cores + topo.bankCount)
    throw new ThermalError(
      'THERMAL_INPUT',
      `stack layout has ${n} blocks, expected ${cores} cores + ${topo.bankCount} banks`,
    );
  const uniformK = arch.thermal.ambient_c + KELVIN_OFFSET;
  const power = new Float64Array(n);
  const burstKPerW = new Float64Array(perLayer);
  const steadyKPerW = new Float64Array(perLayer);
  const coreKPerW = new Float64Array(perLayer * cores);
  const hottestRise = (temps: Float64Array, home: number): number => {
    let rise = 0;
    for (let i = 0; i < width; i++) {
      const b = groups[home * width + i] as number;
      rise = Math.max(rise, (temps[cores + b] as number) - uniformK);
    }
    return rise;
  };
  try {
    for (let q = 0; q < perLayer; q++) {
      const home = first * perLayer + q;
      for (let i = 0; i < width; i++) power[cores + (groups[home * width + i] as number)] = 1 / width;
      backend.reset(uniformK);
      burstKPerW[q] = hottestRise(backend.step(power, durationS).blockTempsK, home);
      const steady = backend.steady(power).blockTempsK;
      steadyKPerW[q] = hottestRise(steady, home);
      for (let c = 0; c < cores; c++) coreKPerW[q * cores + c] = (steady[c] as number) - uniformK;
      for (let i = 0; i < width; i++) power[cores + (groups[home * width + i] as number)] = 0;
    }
  } finally {
    backend.dispose();
  }
  const out: BankBurstResponse = {
    banksX: bx,
    banksY: by,
    durationS,
    burstKPerW,
    steadyKPerW,
    coreKPerW,
    coreCount: cores,
  };
  if (CACHE.size >= CACHE_LIMIT) CACHE.delete(CACHE.keys().next().value as string);
  CACHE.set(key, out);
  return copyBankBurstResponse(out);
}
