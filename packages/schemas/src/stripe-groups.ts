/**
 * Which banks a weight shard's bytes are interleaved over (dram.stripe_banks): the physicalizer
 * reads a shard homed at bank b from all banks of b's stripe group at once, and TACS judges and
 * moves a shard by the hottest bank of that group, so both take the groups from here.
 */
import type { ResolvedArchConfig } from './config/load.js';
import type { Topology } from './topology.js';

/** Banks per stripe group: dram.stripe_banks, at most a vault's banks (a group never leaves its vault). */
export function stripeWidth(arch: Pick<ResolvedArchConfig, 'dram'>, topo: Topology): number {
  return Math.min(arch.dram.stripe_banks, topo.vaultX * topo.vaultY * topo.dramLayers);
}

/**
 * Stripe group of every bank, `out[b * n + i]` = the i-th bank of home bank b's group (i = 0 is
 * b): the same bank position on the next DRAM dies of the vault (die d, d + 1, ... mod dies), then
 * the next positions of the vault in row-major order, so a group of N <= dies banks puts one bank
 * on each of N dies and never leaves the vault.
 */
export function stripeGroups(topo: Topology, n: number): Int32Array {
  const perLayer = topo.banksX * topo.banksY;
  const D = topo.dramLayers;
  const vx = topo.vaultX;
  const vy = topo.vaultY;
  const out = new Int32Array(topo.bankCount * n);
  for (let b = 0; b < topo.bankCount; b++) {
    const die = Math.floor(b / perLayer);
    const r = b - die * perLayer;
    const x = r % topo.banksX;
    const y = Math.floor(r / topo.banksX);
    const x0 = x - (x % vx);
    const y0 = y - (y % vy);
    const iv = (y - y0) * vx + (x - x0);
    for (let i = 0; i < n; i++) {
      const d = (die + i) % D;
      const j = (iv + Math.floor(i / D)) % (vx * vy);
      out[b * n + i] = d * perLayer + (y0 + Math.floor(j / vx)) * topo.banksX + x0 + (j % vx);
    }
  }
  return out;
}
