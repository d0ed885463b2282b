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
 * Cached in memory per arch hash and options (see influence-cache-io.ts for an
 * on-disk cache).
 */
import type { InfluenceMatrix } from '@tasmoe/schemas';
import { ThermalError } from '../errors.js';
import { blockTemperatures, spreadBlockPower } from '../solver/grid-map.js';
import { buildGridModel } from '../solver/grid-model.js';
import { ThermalSimulator } from '../solver/thermal-simulator.js';
import { archThermalHash } from './arch-hash.js';
import { KELVIN_OFFSET } from '../units.js';
import { LOGIC_LAYER, stackFromArch, type ArchStackOptions, type ThermalArch } from './arch-stack.js';

export interface InfluenceOptions extends ArchStackOptions {
  /** Grid [rows, cols]; default `arch.thermal.grid` (the loop's grid, so H predicts what the loop computes). */
  readonly grid?: readonly [number, number];
  /** Skip the in-memory cache. */
  readonly noCache?: boolean;
}

const CACHE = new Map<string, InfluenceMatrix>();
const CACHE_LIMIT = 16;

/** Cache key of computeInfluenceMatrix (arch thermal hash + options). */
export function influenceCacheKey(arch: ThermalArch, opts: InfluenceOptions = {}): string {
  const { noCache: _noCache, ...rest } = opts;
  return archThermalHash(arch, {
    influence: 1,
    grid: rest.grid ?? arch.thermal.grid,
    tiers: rest.tiers ?? 'composite',
    ...rest,
  });
}

function copy(h: InfluenceMatrix): InfluenceMatrix {
  return { coreCount: h.coreCount, data: Float64Array.from(h.data), ambientC: h.ambientC };
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
  for (let j = 0; j < n; j++) {
    power.fill(0, logic * M, (logic + 1) * M);
    unit.fill(0);
    unit[j] = 1;
    spreadBlockPower(layer.map, unit, 0, power, logic * M);
    sim.steady(power);
    sim.cellTemperatures(cells, [logic]);
    blockTemperatures(layer.map, 'avg', cells, logic * M, temps, 0);
    for (let c = 0; c < n; c++) data[c * n + j] = (temps[c] as number) - model.ambientK;
  }
  return { coreCount: n, data, ambientC: model.ambientK - KELVIN_OFFSET };
}
