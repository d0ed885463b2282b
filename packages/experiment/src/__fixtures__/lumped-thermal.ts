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
  return new LumpedThermal(arch, p);
}

/** State in fields (a class, not a closure): forkable, a deep copy is an independent back end. */
class LumpedThermal implements ThermalBackend {
  readonly name = 'lumped-test-double';
  readonly forkable = true;
  readonly layout: ThermalStackLayout;
  private readonly coreCount: number;
  private readonly ambK: number;
  private readonly t: Float64Array;
  private time = 0;

  constructor(
    arch: ResolvedArchConfig,
    private readonly p: LumpedParams,
  ) {
    const topo = buildTopology(arch);
    this.layout = {
      layers: [
        { name: 'logic', blocks: Array.from({ length: topo.coreCount }, (_, c) => `C${c}`) },
        ...Array.from({ length: topo.dramLayers }, (_, d) => ({
          name: `dram${d}`,
          blocks: Array.from({ length: topo.banksX * topo.banksY }, (_, b) => `D${d}_B_${b % topo.banksX}_${Math.floor(b / topo.banksX)}`),
        })),
      ],
      blockCount: topo.coreCount + topo.bankCount,
    };
    this.coreCount = topo.coreCount;
    this.ambK = arch.thermal.ambient_c + 273.15;
    this.t = new Float64Array(this.layout.blockCount).fill(this.ambK);
  }

  private r(i: number): number {
    return i < this.coreCount ? this.p.rCore : this.p.rBank;
  }

  private snapshot(): ThermalSnapshot {
    const { layout, t } = this;
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
    return { blockTempsK: Float64Array.from(t), layerPeakK: peak, layerMeanK: mean, timeS: this.time };
  }

  steady(power: Float64Array): ThermalSnapshot {
    for (let i = 0; i < this.t.length; i++) this.t[i] = this.ambK + this.r(i) * (power[i] as number);
    return this.snapshot();
  }

  reset(k: number): void {
    this.t.fill(k);
    this.time = 0;
  }

  step(power: Float64Array, dt: number): ThermalSnapshot {
    const a = Math.exp(-dt / this.p.tau);
    const t = this.t;
    for (let i = 0; i < t.length; i++) {
      const ss = this.ambK + this.r(i) * (power[i] as number);
      t[i] = ss + ((t[i] as number) - ss) * a;
    }
    this.time += dt;
    return this.snapshot();
  }

  dispose(): void {}
}

/** Module form for `--thermal-module`: the run's thermal back end. */
export const createThermal = (arch: ResolvedArchConfig): ThermalBackend => lumpedThermal(arch);
