/**
 * The core-to-core thermal influence matrix H (K/W, steady state) of the
 * project's stack, for TAPS: T_core = ambient + H p_core (seed section 4.5's
 * `T = H p + T_amb`). Column j is the steady response of every core to 1 W in
 * core j alone; all 64 solves share one factorisation of the steady operator
 * (the spectral solver's steady factor), each costing one logic-layer DCT, one
 * solve and one inverse DCT. DRAM (bank) power is not in H: its steady
 * contribution is a separate, placement-independent offset (a steady solve of
 * the bank powers alone; superposition holds because the model is linear).
 *
 * The DRAM part (`dram`, on by default) gives TAPS the dies above the logic
 * die at (vault, die) resolution, node k = die * cores + vault:
 * - fromCore: the DRAM layers of the same 64 core solves (one more inverse
 *   DCT per die each, no extra solve);
 * - fromAccess: one solve per vault with 1 W of weight-shard reads in it.
 *   The physicalizer splits a shard's bytes evenly over its stripe group
 *   (@tasmoe/schemas stripeGroups: the home bank position on the next
 *   stripe_banks dies, mod dies); a vault's shards are homed on the bank
 *   rule's first die (the die nearest the sink; TAPS banks.ts, hottest shards
 *   first), so the source is that group's die shares, each die's share spread
 *   evenly over the vault's banks there. With the default stripe_banks = dies
 *   (8) that is exact per die: every shard puts 1/8 of its bytes on each die,
 *   whatever its home die. Inside a die the node is the vault's mean, so where
 *   in the vault the home bank sits is below its resolution;
 * - coreFromAccess: the logic die's block means in the same solves (the reads
 *   heat the cores below them, through the die-to-die bond);
 * - fromBanks: one solve of 1 W spread evenly over all banks (refresh and
 *   leakage at a reference temperature are uniform per bank; the watts are the
 *   caller's: they depend on the power config, not on the stack).
 * So 64 + 1 solves more than H alone (measured in docs/model.md "Thermal
 * influence matrix H").
 *
 * Cached in memory per arch hash and options (see influence-cache-io.ts for an
 * on-disk cache).
 */
import { makeTopology, stripeGroups, stripeWidth, type DramInfluence, type InfluenceMatrix } from '@tasmoe/schemas';
import { ThermalError } from '../errors.js';
import { blockTemperatures, spreadBlockPower } from '../solver/grid-map.js';
import { buildGridModel } from '../solver/grid-model.js';
import { ThermalSimulator } from '../solver/thermal-simulator.js';
import { archThermalHash } from './arch-hash.js';
import { KELVIN_OFFSET } from '../units.js';
import { dramLayerName, LOGIC_LAYER, stackFromArch, type ArchStackOptions, type ThermalArch } from './arch-stack.js';

export interface InfluenceOptions extends ArchStackOptions {
  /** Grid [rows, cols]; default `arch.thermal.grid` (the loop's grid, so H predicts what the loop computes). */
  readonly grid?: readonly [number, number];
  /** Skip the in-memory cache. */
  readonly noCache?: boolean;
  /** Compute the DRAM part (`InfluenceMatrix.dram`); default true. */
  readonly dram?: boolean;
}

const CACHE = new Map<string, InfluenceMatrix>();
const CACHE_LIMIT = 16;

/** Cache key of computeInfluenceMatrix (arch thermal hash + options). */
export function influenceCacheKey(arch: ThermalArch, opts: InfluenceOptions = {}): string {
  const { noCache: _noCache, dram, ...rest } = opts;
  return archThermalHash(arch, {
    influence: 1,
    grid: rest.grid ?? arch.thermal.grid,
    tiers: rest.tiers ?? 'composite',
    ...rest,
    // Without the DRAM part the key is the core-only H's as before (file caches keep their names);
    // the access source's shape also depends on the stripe width, which the arch hash leaves out.
    ...(dram === false ? {} : { dram: { stripe: arch.dram.stripe_banks } }),
  });
}

function copy(h: InfluenceMatrix): InfluenceMatrix {
  const d = h.dram;
  return {
    coreCount: h.coreCount,
    data: Float64Array.from(h.data),
    ambientC: h.ambientC,
    ...(d === undefined
      ? {}
      : {
          dram: {
            dies: d.dies,
            fromCore: Float64Array.from(d.fromCore),
            fromAccess: Float64Array.from(d.fromAccess),
            accessDieShare: Float64Array.from(d.accessDieShare),
            coreFromAccess: Float64Array.from(d.coreFromAccess),
            fromBanks: Float64Array.from(d.fromBanks),
          },
        }),
  };
}

/** H for an arch config (a fresh copy; cached per config). */
export function computeInfluenceMatrix(arch: ThermalArch, opts: InfluenceOptions = {}): InfluenceMatrix {
  const key = influenceCacheKey(arch, opts);
  const hit = opts.noCache === true ? undefined : CACHE.get(key);
  if (hit !== undefined) return copy(hit);
  const h = solveInfluenceMatrix(arch, opts);
  if (opts.noCache !== true) {
    if (CACHE.size >= CACHE_LIMIT) {
      const oldest = CACHE.keys().next().value;
      if (oldest !== undefined) CACHE.delete(oldest);
    }
    CACHE.set(key, h);
  }
  return copy(h);
}

function solveInfluenceMatrix(arch: ThermalArch, opts: InfluenceOptions): InfluenceMatrix {
  const stack = stackFromArch(arch, { ...opts, tiers: opts.tiers ?? 'composite' });
  const [rows, cols] = opts.grid ?? arch.thermal.grid;
  const model = buildGridModel(stack, { rows, cols });
  const logic = model.layers.findIndex((l) => l.name === LOGIC_LAYER);
  const layer = model.layers[logic];
  if (layer === undefined) throw new ThermalError('THERMAL_MODEL', 'the stack has no logic layer');
  const n = layer.map.blockCount;
  const M = rows * cols;
  const sim = new ThermalSimulator(model);
  const power = new Float64Array(model.layers.length * M);
  const unit = new Float64Array(n);
  const cells = new Float64Array(model.layers.length * M);
  const temps = new Float64Array(n);
  const data = new Float64Array(n * n);
  const dram = opts.dram === false ? undefined : dramNodes(arch, model, n);
  const nodes = dram === undefined ? 0 : dram.dies * n;
  const fromCore = new Float64Array(nodes * n);
  const readLayers = dram === undefined ? [logic] : [logic, ...dram.layers];
  for (let j = 0; j < n; j++) {
    power.fill(0, logic * M, (logic + 1) * M);
    unit.fill(0);
    unit[j] = 1;
    spreadBlockPower(layer.map, unit, 0, power, logic * M);
    sim.steady(power);
    sim.cellTemperatures(cells, readLayers);
    blockTemperatures(layer.map, 'avg', cells, logic * M, temps, 0);
    for (let c = 0; c < n; c++) data[c * n + j] = (temps[c] as number) - model.ambientK;
    if (dram !== undefined) dram.read(cells, fromCore, j);
  }
  const ambientC = model.ambientK - KELVIN_OFFSET;
  if (dram === undefined) return { coreCount: n, data, ambientC };
  const fromAccess = new Float64Array(nodes * n);
  const coreFromAccess = new Float64Array(n * n);
  for (let v = 0; v < n; v++) {
    power.fill(0);
    dram.vaultSource(v, power);
    sim.steady(power);
    sim.cellTemperatures(cells, readLayers);
    dram.read(cells, fromAccess, v);
    blockTemperatures(layer.map, 'avg', cells, logic * M, temps, 0);
    for (let c = 0; c < n; c++) coreFromAccess[c * n + v] = (temps[c] as number) - model.ambientK;
  }
  power.fill(0);
  dram.uniformSource(power);
  sim.steady(power);
  sim.cellTemperatures(cells, dram.layers);
  const fromBanks = new Float64Array(nodes);
  dram.read(cells, fromBanks, 0, 1);
  const out: DramInfluence = {
    dies: dram.dies,
    fromCore,
    fromAccess,
    accessDieShare: dram.share,
    coreFromAccess,
    fromBanks,
  };
  return { coreCount: n, data, ambientC, dram: out };
}

interface DramNodes {
  readonly dies: number;
  /** Grid layer of each die. */
  readonly layers: readonly number[];
  /** Share of a vault's read power on each die. */
  readonly share: Float64Array;
  /** out[k * stride + col] = mean rise of node k (cells: kelvin, all layers). */
  read(cells: Float64Array, out: Float64Array, col: number, stride?: number): void;
  /** Adds 1 W of shard reads in vault v (die shares `share`) to the cell powers. */
  vaultSource(v: number, power: Float64Array): void;
  /** 1 W spread evenly over every bank of the stack. */
  uniformSource(power: Float64Array): void;
}

/**
 * The (vault, die) nodes of the grid model: per DRAM die, the cells of each vault's banks with the
 * weights that make a node the mean of its banks' block means ('avg' block temperatures, as the
 * loop reads banks) and a source the even spread over its banks.
 */
function dramNodes(arch: ThermalArch, model: ReturnType<typeof buildGridModel>, n: number): DramNodes {
  const [bx, by, dies] = arch.dram.banks;
  const [cols, rows] = arch.mesh.cores;
  const topo = makeTopology(cols, rows, bx, by, dies);
  const M = model.rows * model.cols;
  const layers: number[] = [];
  for (let d = 0; d < dies; d++) {
    const l = model.layers.findIndex((x) => x.name === dramLayerName(d));
    if (l < 0) throw new ThermalError('THERMAL_MODEL', `the stack has no layer ${dramLayerName(d)}`);
    layers.push(l);
  }
  const perDie = bx * by;
  // One die's map serves all (same bank floorplan on every die).
  const map = (model.layers[layers[0] as number] as (typeof model.layers)[number]).map;
  if (map.blockCount !== perDie)
    throw new ThermalError('THERMAL_MODEL', `DRAM layer has ${map.blockCount} blocks, expected ${perDie} banks`);
  // Per vault: cells and weights of its banks' mean (read) and of an even spread of 1 W (source).
  const readCells: number[][] = Array.from({ length: n }, () => []);
  const readW: number[][] = Array.from({ length: n }, () => []);
  const srcW: number[][] = Array.from({ length: n }, () => []);
  const banksOf = new Int32Array(n);
  for (let b = 0; b < perDie; b++) banksOf[topo.bankOwnerCore(b)] = (banksOf[topo.bankOwnerCore(b)] as number) + 1;
  for (let b = 0; b < perDie; b++) {
    const v = topo.bankOwnerCore(b);
    const nb = banksOf[v] as number;
    const s = map.start[b] as number;
    const e = map.start[b + 1] as number;
    for (let k = s; k < e; k++) {
      (readCells[v] as number[]).push(map.cells[k] as number);
      // block mean = plain mean of its cells ('avg'); node = mean of its banks
      (readW[v] as number[]).push(1 / ((e - s) * nb));
      (srcW[v] as number[]).push((map.blockFraction[k] as number) / nb);
    }
  }
  const share = accessDieShare(arch, topo);
  const ambientK = model.ambientK;
  return {
    dies,
    layers,
    share,
    read(cells, out, col, stride = n) {
      for (let d = 0; d < dies; d++) {
        const o = (layers[d] as number) * M;
        for (let v = 0; v < n; v++) {
          const cs = readCells[v] as number[];
          const ws = readW[v] as number[];
          let t = 0;
          for (let k = 0; k < cs.length; k++)
            t += (ws[k] as number) * ((cells[o + (cs[k] as number)] as number) - ambientK);
          out[(d * n + v) * stride + col] = t;
        }
      }
    },
    vaultSource(v, power) {
      const cs = readCells[v] as number[];
      const ws = srcW[v] as number[];
      for (let d = 0; d < dies; d++) {
        const w = share[d] as number;
        if (w === 0) continue;
        const o = (layers[d] as number) * M;
        for (let k = 0; k < cs.length; k++)
          power[o + (cs[k] as number)] = (power[o + (cs[k] as number)] as number) + w * (ws[k] as number);
      }
    },
    uniformSource(power) {
      const per = 1 / (perDie * dies);
      for (let d = 0; d < dies; d++) {
        const o = (layers[d] as number) * M;
        for (let b = 0; b < perDie; b++)
          for (let k = map.start[b] as number; k < (map.start[b + 1] as number); k++)
            power[o + (map.cells[k] as number)] =
              (power[o + (map.cells[k] as number)] as number) + per * (map.blockFraction[k] as number);
      }
    },
  };
}

/**
 * Share of a vault's shard-read power on each die: the stripe group of a shard homed on the bank
 * rule's first die (bank 0 of that die stands for any home position: the group's dies do not
 * depend on the position), each of its banks 1 / width of the bytes.
 */
function accessDieShare(arch: ThermalArch, topo: ReturnType<typeof makeTopology>): Float64Array {
  const width = stripeWidth(arch, topo);
  const group = stripeGroups(topo, width);
  const dies = topo.dramLayers;
  const first = arch.thermal.stack_order === 'dram_near_sink' ? dies - 1 : 0;
  const home = first * topo.banksX * topo.banksY;
  const share = new Float64Array(dies);
  for (let i = 0; i < width; i++) {
    const d = topo.bankCoord(group[home * width + i] as number).layer;
    share[d] = (share[d] as number) + 1 / width;
  }
  return share;
}
