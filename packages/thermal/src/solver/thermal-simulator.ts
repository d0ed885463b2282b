/**
 * Cell-level thermal simulator on a GridModel: state, steady state and
 * transient steps. The state is kept in the spectral domain between steps
 * (transforms happen only for power input and temperature output).
 */
import { ThermalError } from '../errors.js';
import type { GridModel } from './grid-model.js';
import type { SpectralFactor } from './spectral-factor.js';
import { SpectralSolver } from './spectral-solver.js';
import type { ModalIntegrator } from './modal-integrator.js';
import { RATIONAL_SCHEMES, type RationalScheme } from './transient-scheme.js';

export interface ThermalSimulatorOptions {
  /**
   * Time integrator of `step`: 'modal' (default; exact per eigencomponent of the model
   * without its package edge links, those links through complex-pole corrections: error
   * <= 2 * 6.6e-6 of the deviation from steady state for any dt, modal-integrator.ts) or
   * 'rational' (the repeated-pole rational scheme below: `stages` solves per step, error up
   * to maxError of transient-scheme.ts per step, which sub-steps shrink).
   */
  readonly integrator?: 'modal' | 'rational';
  /** Solves per transient step (besides one steady solve); 2..6, default 5. */
  readonly stages?: 2 | 3 | 4 | 5 | 6;
  /** Factorisations kept for different dt values (default 4). */
  readonly maxCachedFactors?: number;
  /**
   * How many leading stages of a transient step include the package edge
   * coupling (spreader/sink edge cells <-> the 12 periphery nodes) exactly,
   * through the capacity-matrix correction (default: all, i.e. the rational
   * scheme applied to the full model). The remaining stages solve with the
   * operator without those links (per-mode tridiagonal only, ~4x cheaper per
   * stage); the coupling still enters through the exact residual
   * r = P - G x0, so steady states stay exact and slow package modes stay
   * first-order exact. Only used while the heat capacity of the edge cells
   * dominates the left-out links (SpectralSolver.edgeCouplingRatio(gamma dt) >=
   * UNCOUPLED_STAGE_MIN_RATIO; for the project's package that is dt up to
   * ~8 ms on a 16x16 grid, ~4 ms on 32x32); for longer steps every stage is
   * coupled (uncoupled stages lose accuracy there, and at ratios near 0.1,
   * dt ~ 0.1 s, stability). Measured error: docs/model.md "Thermal loop speed".
   */
  readonly coupledStages?: number;
}

/** Smallest edge-coupling ratio at which uncoupled stages are used (see ThermalSimulatorOptions.coupledStages). */
export const UNCOUPLED_STAGE_MIN_RATIO = 1;

interface StepFactor {
  readonly factor: SpectralFactor;
  /** Leading stages solved with the exact boundary correction for this dt. */
  readonly coupled: number;
}

export class ThermalSimulator {
  readonly model: GridModel;
  readonly solver: SpectralSolver;
  readonly scheme: RationalScheme;
  /** Simulated seconds since construction / last reset. */
  timeS = 0;
  private readonly L: number;
  private readonly M: number;
  private readonly np: number;
  private readonly theta: Float64Array; // spectral, kelvin above ambient
  private readonly thetaP: Float64Array;
  private readonly pHat: Float64Array;
  private readonly lastPower: Float64Array;
  private lastPowerValid = false;
  private readonly xss: Float64Array;
  private readonly xssP: Float64Array;
  private readonly w: Float64Array;
  private readonly wP: Float64Array;
  private readonly residualCoefficients: Float64Array;
  private readonly rhsP: Float64Array;
  private readonly zeroP: Float64Array;
  private readonly scratch: Float64Array;
  private steadyFactor: SpectralFactor | undefined;
  private readonly factors = new Map<number, StepFactor>();
  private readonly maxFactors: number;
  /** Leading stages with the exact boundary correction (see ThermalSimulatorOptions.coupledStages). */
  readonly coupledStages: number;
  /** The step-length independent integrator (integrator 'modal'), undefined for 'rational'. */
  readonly modal: ModalIntegrator | undefined;
  private modalPowerValid = false;
  private readonly maxFactorsOption: number;
  private factorMsOwn = 0;

  /** Milliseconds spent in factorisations so far. */
  get factorMs(): number {
    return this.factorMsOwn + (this.modal?.factorMs ?? 0);
  }

  constructor(model: GridModel, options: ThermalSimulatorOptions = {}) {
    this.model = model;
    this.solver = new SpectralSolver(model);
    const stages = options.stages ?? 5;
    const scheme = RATIONAL_SCHEMES[stages];
    if (scheme === undefined) throw new ThermalError('THERMAL_INPUT', `stages must be 2..6, got ${String(stages)}`);
    this.scheme = scheme;
    this.maxFactors = Math.max(1, options.maxCachedFactors ?? 4);
    this.maxFactorsOption = this.maxFactors;
    const integrator =
      options.integrator ??
      (options.stages !== undefined || options.coupledStages !== undefined ? 'rational' : 'modal');
    if (integrator !== 'modal' && integrator !== 'rational')
      throw new ThermalError('THERMAL_INPUT', `integrator must be 'modal' or 'rational', got ${String(integrator)}`);
    this.modal = integrator === 'modal' ? this.solver.modalIntegrator(undefined, this.maxFactorsOption) : undefined;
    const cs = options.coupledStages ?? scheme.stages;
    if (!Number.isInteger(cs) || cs < 0)
      throw new ThermalError('THERMAL_INPUT', `coupledStages must be a non-negative integer, got ${cs}`);
    this.coupledStages = Math.min(cs, scheme.stages);
    this.L = model.layers.length;
    this.M = model.rows * model.cols;
    this.np = this.solver.np;
    const n = this.L * this.M;
    this.theta = new Float64Array(n);
    this.thetaP = new Float64Array(this.np);
    this.pHat = new Float64Array(n);
    this.lastPower = new Float64Array(n);
    this.xss = new Float64Array(n);
    this.xssP = new Float64Array(this.np);
    this.w = new Float64Array(n);
    this.wP = new Float64Array(this.np);
    this.residualCoefficients = new Float64Array(scheme.stages);
    let c = 1;
    scheme.coefficients.forEach((a, k) => {
      this.residualCoefficients[k] = c;
      c -= a;
    });
    this.rhsP = new Float64Array(this.np);
    this.zeroP = new Float64Array(this.np);
    this.scratch = new Float64Array(n);
  }

  /** Number of grid + periphery nodes. */
  get nodeCount(): number {
    return this.L * this.M + this.np;
  }

  /** Bytes held by the state buffers and cached factorisations. */
  get bytes(): number {
    let b = 8 * (7 * this.L * this.M);
    if (this.steadyFactor !== undefined) b += this.steadyFactor.bytes;
    if (this.modal !== undefined) b += this.modal.bytes;
    for (const f of this.factors.values()) b += f.factor.bytes;
    return b;
  }

  private getSteadyFactor(): SpectralFactor {
    if (this.steadyFactor === undefined) {
      const t0 = performance.now();
      this.steadyFactor = this.solver.factor(Infinity);
      this.factorMsOwn += performance.now() - t0;
    }
    return this.steadyFactor;
  }

  private getFactor(h: number): StepFactor {
    let f = this.factors.get(h);
    if (f === undefined) {
      const t0 = performance.now();
      const coupled =
        this.coupledStages < this.scheme.stages && this.solver.edgeCouplingRatio(h) < UNCOUPLED_STAGE_MIN_RATIO
          ? this.scheme.stages
          : this.coupledStages;
      f = { factor: this.solver.factor(h, coupled > 0), coupled };
      this.factorMsOwn += performance.now() - t0;
      if (this.factors.size >= this.maxFactors) {
        const oldest = this.factors.keys().next().value;
        if (oldest !== undefined) this.factors.delete(oldest);
      }
      this.factors.set(h, f);
    }
    return f;
  }

  /** Pre-computes the factorisations for steady solves and steps of dtS. */
  prepare(dtS?: number): void {
    this.getSteadyFactor();
    if (dtS === undefined) return;
    if (this.modal !== undefined) this.modal.prepare(dtS);
    else this.getFactor(this.scheme.gamma * dtS);
  }

  /** Uniform temperature on every node (kelvin). */
  setUniform(temperatureK: number): void {
    if (!Number.isFinite(temperatureK))
      throw new ThermalError('THERMAL_INPUT', `temperature must be finite, got ${temperatureK}`);
    const d = temperatureK - this.model.ambientK;
    this.theta.fill(0);
    // a constant field is the (0,0) mode with coefficient d * sqrt(M)
    const c = d * Math.sqrt(this.M);
    for (let l = 0; l < this.L; l++) this.theta[l * this.M] = c;
    this.thetaP.fill(d);
    this.timeS = 0;
    this.modal?.invalidate();
  }

  /** Sets every grid cell (L*R*C kelvin, layer-major) and optionally the periphery nodes. */
  setCellTemperatures(cellK: Float64Array, peripheryK?: ArrayLike<number>): void {
    const n = this.L * this.M,
      amb = this.model.ambientK;
    if (cellK.length !== n)
      throw new ThermalError('THERMAL_INPUT', `expected ${n} cell temperatures, got ${cellK.length}`);
    const s = this.scratch;
    for (let k = 0; k < n; k++) s[k] = (cellK[k] as number) - amb;
    this.solver.toSpectral(s, this.theta);
    this.modal?.invalidate();
    if (peripheryK !== undefined) {
      if (peripheryK.length !== this.np)
        throw new ThermalError('THERMAL_INPUT', `expected ${this.np} periphery temperatures, got ${peripheryK.length}`);
      for (let k = 0; k < this.np; k++) this.thetaP[k] = (peripheryK[k] as number) - amb;
    }
  }

  /** Steady state for constant cell powers (W, L*R*C); becomes the current state. */
  steady(cellPowerW: Float64Array): void {
    this.steadyState(cellPowerW);
    this.theta.set(this.xss);
    this.thetaP.set(this.xssP);
    this.modal?.invalidate();
  }

  private steadyState(cellPowerW: Float64Array): void {
    this.powerToSpectral(cellPowerW);
    this.solver.solve(this.getSteadyFactor(), this.pHat, this.zeroP, this.xss, this.xssP);
  }

  /**
   * pHat = DCT of the cell powers, per layer only when the layer changed since the last
   * call. Finiteness is checked on the transform: a NaN or infinite cell makes the layer's
   * (0,0) coefficient (its scaled sum) non-finite.
   */
  private powerToSpectral(cellPowerW: Float64Array): void {
    const n = this.L * this.M,
      M = this.M;
    if (cellPowerW.length !== n)
      throw new ThermalError('THERMAL_INPUT', `expected ${n} cell powers, got ${cellPowerW.length}`);
    const last = this.lastPower,
      pHat = this.pHat,
      valid = this.lastPowerValid;
    for (let l = 0; l < this.L; l++) {
      const o = l * M,
        e = o + M;
      let k = o;
      if (valid) while (k < e && cellPowerW[k] === last[k]) k++;
      if (k === e) continue; // unchanged: this layer's spectrum is still valid
      this.modalPowerValid = false;
      this.solver.dct.forward(cellPowerW, o, pHat, o);
      const dc = pHat[o] as number;
      if (dc - dc !== 0) {
        this.lastPowerValid = false;
        this.modalPowerValid = false;
        throw new ThermalError('THERMAL_INPUT', 'power must be finite');
      }
    }
    // one native copy of every layer (unchanged layers copy equal values)
    last.set(cellPowerW);
    this.lastPowerValid = true;
  }

  /**
   * Advances the state by dtS seconds with constant cell powers.
   *
   * Residual form of the rational scheme (no steady solve needed):
   * r = P - G x0; z1 = (G + C/h)^-1 r; z_k = (G + C/h)^-1 (C/h) z_(k-1);
   * x1 = x0 + sum_k c_k z_k with c_1 = 1, c_(k+1) = c_k - a_k. Algebraically
   * identical to x_ss + sum_k a_k (I + h C^-1 G)^-k (x0 - x_ss).
   */
  step(cellPowerW: Float64Array, dtS: number): void {
    if (!(dtS > 0) || !Number.isFinite(dtS))
      throw new ThermalError('THERMAL_INPUT', `dt must be a positive finite number of seconds, got ${dtS}`);
    this.powerToSpectral(cellPowerW);
    const modal = this.modal;
    if (modal !== undefined) {
      if (!this.modalPowerValid) {
        modal.setPower(this.pHat);
        this.modalPowerValid = true;
      }
      modal.step(this.theta, this.thetaP, dtS);
      this.timeS += dtS;
      return;
    }
    const s = this.scheme;
    const sf = this.getFactor(s.gamma * dtS);
    const f = sf.factor;
    const w = this.w,
      wP = this.wP,
      th = this.theta,
      thP = this.thetaP,
      pHat = this.pHat;
    // residual r = P - G x0 (periphery nodes carry no power), then the stages from r
    this.solver.transientStep(f, pHat, th, thP, w, this.rhsP, wP, this.residualCoefficients, sf.coupled);
    this.timeS += dtS;
  }

  /**
   * Cell temperatures (kelvin) of the requested grid layers (default all),
   * written layer-major into `out` (length L*R*C; other layers untouched).
   */
  cellTemperatures(out: Float64Array = new Float64Array(this.L * this.M), layers?: readonly number[]): Float64Array {
    const amb = this.model.ambientK,
      M = this.M;
    const ls = layers ?? Array.from({ length: this.L }, (_, i) => i);
    for (const l of ls) {
      this.solver.dct.inverse(this.theta, l * M, out, l * M);
      for (let k = l * M, e = k + M; k < e; k++) out[k] = (out[k] as number) + amb;
    }
    return out;
  }

  /**
   * Cell temperatures above ambient (kelvin) of the given grid layers, layer-major into
   * `out` (other layers untouched): cellTemperatures without the ambient pass, for callers
   * that add the ambient to fewer values (block means, peaks).
   */
  cellRises(out: Float64Array, layers: readonly number[]): Float64Array {
    const M = this.M,
      dct = this.solver.dct,
      th = this.theta;
    for (let k = 0; k < layers.length; k++) {
      const o = (layers[k] as number) * M;
      dct.inverse(th, o, out, o);
    }
    return out;
  }

  /** Mean cell temperature above ambient of grid layer l (kelvin), from its (0,0) mode. */
  layerMeanRise(l: number): number {
    return (this.theta[l * this.M] as number) / Math.sqrt(this.M);
  }

  /** Periphery node temperatures (kelvin), `inode_0..` order. */
  peripheryTemperatures(out: Float64Array = new Float64Array(this.np)): Float64Array {
    for (let k = 0; k < this.np; k++) out[k] = (this.thetaP[k] as number) + this.model.ambientK;
    return out;
  }

  /** Heat flowing to ambient in the current state, W (energy-balance checks). */
  heatToAmbientW(): number {
    // sum over the last layer's cells = sqrt(M) * its (0,0) spectral coefficient
    let q = this.model.gAmbientCell * Math.sqrt(this.M) * (this.theta[(this.L - 1) * this.M] as number);
    const per = this.model.periphery;
    if (per !== undefined)
      for (let k = 0; k < this.np; k++) q += (per.gAmbient[k] as number) * (this.thetaP[k] as number);
    return q;
  }

  /** Heat stored relative to ambient, J (sum of C * (T - T_amb)). */
  storedHeatJ(): number {
    let e = 0;
    const s = Math.sqrt(this.M);
    this.model.layers.forEach((l, i) => {
      e += l.cellCapacitance * s * (this.theta[i * this.M] as number);
    });
    const per = this.model.periphery;
    if (per !== undefined)
      for (let k = 0; k < this.np; k++) e += (per.capacitance[k] as number) * (this.thetaP[k] as number);
    return e;
  }
}
