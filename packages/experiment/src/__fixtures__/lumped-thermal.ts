/**
 * A test double of a thermal back end: every block is an independent first-order
 * RC to ambient, with a lateral coupling to the mean of its layer. Physically
 * crude but exact to integrate, so loop tests run fast and know what to expect.
 */
import { buildTopology, type ResolvedArchConfig, type ThermalBackend, type ThermalSnapshot, type ThermalStackLayout } from '@tasmoe/schemas';

export interface LumpedParams {
  /** K/W of a core to ambient. */
  readonly rCore: number;
  /** K/W of a bank to ambient. */
  readonly rBank: number;
  /** Time constant, s. */
  readonly tau: number;
}

export function lumpedThermal(arch: ResolvedArchConfig, p: LumpedParams = { rCore: 8, rBank: 400, tau: 0.02 }): ThermalBackend {
  const topo = buildTopology(arch);
  const layout: ThermalStackLayout = {
    layers: [
      { name: 'logic', blocks: Array.from({ length: topo.coreCount }, (_, c) => `C${c}`) },
      ...Array.from({ length: topo.dramLayers }, (_, d) => ({
        name: `dram${d}`,
        blocks: Array.from({ length: topo.banksX * topo.banksY }, (_, b) => `D${d}_B_${b % topo.banksX}_${Math.floor(b / topo.banksX)}`),
      })),
    ],
    blockCount: topo.coreCount + topo.bankCount,
  };
  const n = layout.blockCount;
  const ambK = arch.thermal.ambient_c + 273.15;
  const t = new Float64Array(n).fill(ambK);
  let time = 0;
  const r = (i: number) => (i < topo.coreCount ? p.rCore : p.rBank);
  const snapshot = (): ThermalSnapshot => {
    const layers = layout.layers.length;
    const peak = new Float64Array(layers);
    const mean = new Float64Array(layers);
    let i = 0;
    layout.layers.forEach((l, li) => {
      let m = Number.NEGATIVE_INFINITY;
      let s = 0;
      for (let j = 0; j < l.blocks.length; j++, i++) {
        m = Math.max(m, t[i] as number);
        s += t[i] as number;
      }
      peak[li] = m;
      mean[li] = s / l.blocks.length;
    });
    return { blockTempsK: Float64Array.from(t), layerPeakK: peak, layerMeanK: mean, timeS: time };
  };
  return {
    name: 'lumped-test-double',
    layout,
    steady(power) {
      for (let i = 0; i < n; i++) t[i] = ambK + r(i) * (power[i] as number);
      return snapshot();
    },
    reset(k) {
      t.fill(k);
      time = 0;
    },
    step(power, dt) {
      const a = Math.exp(-dt / p.tau);
      for (let i = 0; i < n; i++) {
        const ss = ambK + r(i) * (power[i] as number);
        t[i] = ss + ((t[i] as number) - ss) * a;
      }
      time += dt;
      return snapshot();
    },
    dispose: () => undefined,
  };
}

/** Module form for `--thermal-module`: the run's thermal back end. */
export const createThermal = (arch: ResolvedArchConfig): ThermalBackend => lumpedThermal(arch);
