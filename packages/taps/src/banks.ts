/**
 * Weight shards -> DRAM banks. Tensor placement follows a fixed rule, not the
 * thermal objective (whose DRAM nodes see a vault's reads through the stripe
 * group's die shares, so at stripe_banks = dies the home die does not move
 * them; dram-model.ts): a shard goes to the vault of
 * its expert's (first) core, to the DRAM die nearest the heat sink that has room,
 * and spills to the nearest vault (fewest hops, then lowest core id) when its own
 * vault is full. Which positions of a vault are filled, and in which order, is the
 * caller's (`vaultOrder`: TAPS leaves out the positions a read burst heats most,
 * burst-positions.ts); by default every position, die by die.
 * Constraints: bank capacity (whole shards of weight_shard_mb in
 * bank_capacity_mb) and bank bandwidth (expected shard read rate <= bank_bw_gbps).
 *
 * Shard read rate: the trace reads each shard once per (step, micro-batch, layer,
 * expert used by the micro-batch); at token rate lambda a micro-batch of mb
 * tokens passes each layer lambda / mb times per second and uses expert e with
 * probability 1 - (1 - f_e)^mb (tokens routed independently). A replicated
 * expert's further hosts read their resident copies in their own vaults (the
 * physicalizer's rule), so the placement bank serves 1/copies of the reads.
 */
import type { Topology } from '@tasmoe/schemas';
import { TapsError } from './errors.js';
import type { ResolvedArchConfig, ResolvedTapsParamsLike, ResolvedWorkloadConfig } from './types.js';

export interface BankLimits {
  readonly shardsPerBank: number;
  readonly bankBytesPerS: number;
  readonly shardBytes: number;
  /** DRAM dies nearest the heat sink first. */
  readonly layerOrder: readonly number[];
}

export function bankLimits(
  arch: ResolvedArchConfig,
  workload: ResolvedWorkloadConfig,
  taps: ResolvedTapsParamsLike,
): BankLimits {
  const shardsPerBank = Math.floor(arch.dram.bank_capacity_mb / workload.tensors.weight_shard_mb + 1e-12);
  if (shardsPerBank < 1) {
    throw new TapsError(
      'TAPS_INFEASIBLE',
      `a weight shard (${workload.tensors.weight_shard_mb} MiB) does not fit in a bank (${arch.dram.bank_capacity_mb} MiB)`,
    );
  }
  const layers = arch.dram.banks[2];
  const order = Array.from({ length: layers }, (_, i) => i);
  // Layer 0 touches the logic die; with the DRAM facing the sink the top die is nearest it.
  if (arch.thermal.stack_order === 'dram_near_sink') order.reverse();
  return {
    shardsPerBank,
    bankBytesPerS: taps.capacity.bank_bw_gbps * 1e9,
    shardBytes: workload.tensors.weight_shard_mb * 1024 * 1024,
    layerOrder: order,
  };
}

/** Expected bytes/s read from one shard of each expert. */
export function shardReadRates(
  workload: ResolvedWorkloadConfig,
  expertHeat: Float64Array,
  expertCopies: Int32Array,
  tokenRate: number,
  shardBytes: number,
): Float64Array {
  const mb = workload.sequence.micro_batch;
  const out = new Float64Array(expertHeat.length);
  for (let e = 0; e < expertHeat.length; e++) {
    const f = Math.min(1, expertHeat[e] as number);
    const used = 1 - (1 - f) ** mb;
    out[e] = ((tokenRate / mb) * used * shardBytes) / Math.max(1, expertCopies[e] as number);
  }
  return out;
}

export interface ShardList {
  /** Global expert of each shard. */
  readonly expert: Int32Array;
  readonly shard: Int32Array;
  /** Core whose vault the shard should go to. */
  readonly home: Int32Array;
  readonly bytesPerS: Float64Array;
}

export interface BankAssignment {
  /** Bank index (topology order) of each shard, same order as the ShardList. */
  readonly bank: Int32Array;
  /** Shards outside their home vault. */
  readonly spilled: number;
}

export function makeShardList(expertCore: Int32Array, shardsPerExpert: number, readRate: Float64Array): ShardList {
  const m = expertCore.length * shardsPerExpert;
  const expert = new Int32Array(m);
  const shard = new Int32Array(m);
  const home = new Int32Array(m);
  const bytesPerS = new Float64Array(m);
  for (let e = 0, k = 0; e < expertCore.length; e++) {
    for (let s = 0; s < shardsPerExpert; s++, k++) {
      expert[k] = e;
      shard[k] = s;
      home[k] = expertCore[e] as number;
      bytesPerS[k] = readRate[e] as number;
    }
  }
  return { expert, shard, home, bytesPerS };
}

/** The shard list of experts on `cores` (first core = home; copies = cores), at the expert heat and token rate. */
export function shardListOf(
  workload: ResolvedWorkloadConfig,
  limits: BankLimits,
  cores: readonly (readonly number[])[],
  expertHeat: Float64Array,
  tokenRate: number,
): ShardList {
  const copies = Int32Array.from(cores, (cs) => cs.length);
  const rates = shardReadRates(workload, expertHeat, copies, tokenRate, limits.shardBytes);
  return makeShardList(
    Int32Array.from(cores, (cs) => cs[0] as number),
    workload.tensors.shards_per_expert,
    rates,
  );
}

/** A vault's banks in fill order: the given positions (default all, in bank order) die by die in `layerOrder`. */
export function vaultFillOrder(
  topo: Topology,
  core: number,
  layerOrder: readonly number[],
  positions?: readonly number[],
): number[] {
  const out: number[] = [];
  for (const die of layerOrder) {
    const vb = topo.vaultBanks(core, die);
    if (positions === undefined) out.push(...vb);
    else for (const i of positions) out.push(vb[i] as number);
  }
  return out;
}

/**
 * Vault-first greedy; `order` lists shard indices in placement order, `vaultOrder` (per core) the
 * vault's banks in fill order (default: every position, die by die in `limits.layerOrder`).
 */
export function assignBanksGreedy(
  topo: Topology,
  limits: BankLimits,
  shards: ShardList,
  order: readonly number[],
  vaultOrder?: readonly Int32Array[],
): BankAssignment {
  const used = new Int32Array(topo.bankCount);
  const bw = new Float64Array(topo.bankCount);
  const bank = new Int32Array(shards.expert.length).fill(-1);
  // Per core: its vault's banks in preference order, and a pointer past the full ones.
  const fill: Int32Array[] = [];
  for (let c = 0; c < topo.coreCount; c++) {
    fill.push(vaultOrder?.[c] ?? Int32Array.from(vaultFillOrder(topo, c, limits.layerOrder)));
  }
  const firstFree = new Int32Array(topo.coreCount);
  const nearCores: number[][] = [];
  const nearestOf = (c: number) => (nearCores[c] ??= [c, ...topo.neighbours(c, topo.cols + topo.rows)]);
  let spilled = 0;
  for (const k of order) {
    const demand = shards.bytesPerS[k] as number;
    const home = shards.home[k] as number;
    let chosen = -1;
    for (const c of nearestOf(home)) {
      const banks = fill[c] as Int32Array;
      while (
        (firstFree[c] as number) < banks.length &&
        (used[banks[firstFree[c] as number] as number] as number) >= limits.shardsPerBank
      ) {
        firstFree[c] = (firstFree[c] as number) + 1;
      }
      for (let q = firstFree[c] as number; q < banks.length; q++) {
        const b = banks[q] as number;
        if (
          (used[b] as number) < limits.shardsPerBank &&
          (bw[b] as number) + demand <= limits.bankBytesPerS * (1 + 1e-12)
        ) {
          chosen = b;
          break;
        }
      }
      if (chosen >= 0) {
        if (c !== home) spilled++;
        break;
      }
    }
    if (chosen < 0) {
      throw new TapsError(
        'TAPS_INFEASIBLE',
        `no bank can take W_E${shards.expert[k]}_${shards.shard[k]}: DRAM capacity or bank bandwidth exhausted`,
      );
    }
    bank[k] = chosen;
    used[chosen] = (used[chosen] as number) + 1;
    bw[chosen] = (bw[chosen] as number) + demand;
  }
  return { bank, spilled };
}

/**
 * Shard placement order for TAPS where the home die matters (stripes narrower than the stack):
 * highest read rate first (ties: expert, shard), so the hottest shards get the dies nearest the sink.
 */
export function hottestFirst(shards: ShardList): number[] {
  return Array.from({ length: shards.expert.length }, (_, k) => k).sort(
    (i, j) => (shards.bytesPerS[j] as number) - (shards.bytesPerS[i] as number) || i - j,
  );
}

export function bankViolations(topo: Topology, limits: BankLimits, shards: ShardList, bank: Int32Array): string[] {
  const out: string[] = [];
  const used = new Int32Array(topo.bankCount);
  const bw = new Float64Array(topo.bankCount);
  for (let k = 0; k < bank.length; k++) {
    const b = bank[k] as number;
    if (!Number.isInteger(b) || b < 0 || b >= topo.bankCount) {
      out.push(`W_E${shards.expert[k]}_${shards.shard[k]}: bank index ${b} outside the stack`);
      continue;
    }
    used[b] = (used[b] as number) + 1;
    bw[b] = (bw[b] as number) + (shards.bytesPerS[k] as number);
  }
  for (let b = 0; b < topo.bankCount; b++) {
    if ((used[b] as number) > limits.shardsPerBank)
      out.push(`${topo.bankIdOf(b)}: ${used[b]} shards, capacity ${limits.shardsPerBank}`);
    if ((bw[b] as number) > limits.bankBytesPerS * (1 + 1e-9))
      out.push(
        `${topo.bankIdOf(b)}: ${((bw[b] as number) / 1e9).toFixed(3)} GB/s read, bandwidth ${limits.bankBytesPerS / 1e9} GB/s`,
      );
  }
  return out;
}

/** Cost used to compare bank assignments: sum of read rate x (hops to the home core + sink rank of the die). */
export function bankCost(topo: Topology, limits: BankLimits, shards: ShardList, bank: Int32Array): number {
  const rank = new Int32Array(topo.dramLayers);
  limits.layerOrder.forEach((layer, r) => (rank[layer] = r));
  let cost = 0;
  for (let k = 0; k < bank.length; k++) {
    const b = bank[k] as number;
    const hops = topo.hops(shards.home[k] as number, topo.bankOwnerCore(b));
    cost += (shards.bytesPerS[k] as number) * (hops + (rank[topo.bankCoord(b).layer] as number));
  }
  return cost;
}
