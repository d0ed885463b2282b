/**
 * Time integration over an interval of constant power that does not depend on the step
 * length. With x_ss the (exact) steady state, e = x0 - x_ss and A = C^-1 G, the exact answer is
 * x(dt) = x_ss + exp(-dt A) e. Split A = A0 + A_E, A0 = the grid and periphery without the
 * package edge links (modal-basis.ts; per lateral mode an L x L eigenproblem), A_E = those
 * links (low rank). Then
 *
 *   exp(-dt A) e = exp(-dt A0) e + [exp(-dt A) - exp(-dt A0)] e,
 *
 * the first term exact (exp(-dt lambda) per modal coordinate), the bracket replaced by
 * r(dt A) - r(dt A0) with the complex-pole rational approximation r of exponential-poles.ts,
 * each pole one Woodbury correction (coupling-correction.ts). Both operators are self-adjoint
 * and non-negative in the C inner product, so the error of a step is at most
 * 2 maxError ||e||_C (6.6e-6 per pole set of degree 6) for EVERY dt, and zero for the part of
 * e the edge links do not reach; r(0) = 1, r'(0) = -1 keep slow modes drift-free.
 * Without a package (no edge links) the step is exact.
 *
 * The steady state uses the same correction with z = 0: x_ss = G^-1 P exactly (up to
 * round-off). Factors (exponentials and per-pole capacity LUs) are cached per dt.
 */
import { CouplingCorrection, type CouplingTerm } from './coupling-correction.js';
import type { EdgeCells } from './edge-cells.js';
import { EXPONENTIAL_POLES, type ExponentialPoles } from './exponential-poles.js';
import type { GridModel } from './grid-model.js';
import { buildModalBasis, type ModalBasis } from './modal-basis.js';
import type { PackageLinks } from './package-links.js';

interface StepFactor {
  /** exp(-dt lambda) per modal coordinate. */
  readonly decay: Float64Array;
  readonly terms: readonly CouplingTerm[];
}

export class ModalIntegrator {
  readonly basis: ModalBasis;
  readonly poles: ExponentialPoles;
  private readonly coupling: CouplingCorrection;
  private readonly steadyTerm: CouplingTerm;
  private readonly factors = new Map<number, StepFactor>();
  private readonly maxFactors: number;
  private readonly yss: Float64Array;
  private readonly pm: Float64Array;
  private readonly e: Float64Array;
  private readonly acc: Float64Array;
  private readonly col: Float64Array;
  /** Q_k transposed per mode ([k*L*L + i*L + l]): the forward transform's inner loop runs contiguously. */
  private readonly qt: Float64Array;
  /** Modal coordinates of the state after the last step (valid until `invalidate`). */
  private readonly y: Float64Array;
  private yValid = false;
  /** Milliseconds spent building factors. */
  factorMs = 0;

  constructor(
    model: GridModel,
    gDiag: Float64Array,
    edges: EdgeCells,
    links: PackageLinks,
    poles: ExponentialPoles = EXPONENTIAL_POLES[6],
    maxFactors = 4,
  ) {
    const t0 = performance.now();
    this.basis = buildModalBasis(model, gDiag, links);
    this.poles = poles;
    this.coupling = new CouplingCorrection(this.basis, edges, links);
    this.steadyTerm = this.coupling.build(1, 0, 0, -1, 0);
    this.maxFactors = Math.max(1, maxFactors);
    const { L, M, np } = this.basis;
    const n = L * M + np;
    this.yss = new Float64Array(n);
    this.pm = new Float64Array(n);
    this.e = new Float64Array(n);
    this.acc = new Float64Array(n);
    this.y = new Float64Array(n);
    this.col = new Float64Array(Math.max(L, np));
    const q = this.basis.q,
      LL = L * L;
    this.qt = new Float64Array(q.length);
    for (let k = 0; k < M; k++)
      for (let l = 0; l < L; l++)
        for (let i = 0; i < L; i++) this.qt[k * LL + i * L + l] = q[k * LL + l * L + i] as number;
    this.factorMs += performance.now() - t0;
  }

  /** Bytes held by the basis and cached factors. */
  get bytes(): number {
    const b = this.basis;
    let s = 8 * (b.q.length + b.lam.length + 6 * (b.L * b.M + b.np));
    const mp = this.coupling.size;
    for (const f of this.factors.values())
      s +=
        8 *
        (f.decay.length +
          f.terms.length * (2 * f.decay.length + (f.terms[0]?.symmetric === true ? (mp * mp) / 2 : 2 * mp * mp)));
    return s;
  }

  private getFactor(dt: number): StepFactor {
    let f = this.factors.get(dt);
    if (f === undefined) {
      const t0 = performance.now();
      const { lam, lamP, L, M } = this.basis;
      const n = L * M + this.basis.np;
      const decay = new Float64Array(n);
      for (let k = 0; k < n; k++)
        decay[k] = Math.exp(-dt * (k < L * M ? (lam[k] as number) : (lamP[k - L * M] as number)));
      const terms = this.poles.poles.map(([zr, zi, cr, ci]) => this.coupling.build(dt, zr, zi, cr, ci));
      f = { decay, terms };
      if (this.factors.size >= this.maxFactors) {
        const oldest = this.factors.keys().next().value;
        if (oldest !== undefined) this.factors.delete(oldest);
      }
      this.factors.set(dt, f);
      this.factorMs += performance.now() - t0;
    }
    return f;
  }

  /** Builds the factors for steps of dt seconds. */
  prepare(dt: number): void {
    this.getFactor(dt);
  }

  /** Sets the power (spectral, L*M W; the periphery carries none): the steady state in modal coordinates. */
  setPower(pHat: Float64Array): void {
    const { L, M, np, q, invSqrtC, lam } = this.basis;
    const pm = this.pm,
      yss = this.yss,
      LL = L * L;
    for (let k = 0; k < M; k++) {
      const o = k * L,
        qo = k * LL;
      for (let i = 0; i < L; i++) pm[o + i] = 0;
      for (let l = 0; l < L; l++) {
        const p = (pHat[l * M + k] as number) * (invSqrtC[l] as number);
        if (p === 0) continue;
        const ql = qo + l * L;
        for (let i = 0; i < L; i++) pm[o + i] = (pm[o + i] as number) + (q[ql + i] as number) * p;
      }
      for (let i = 0; i < L; i++) yss[o + i] = (pm[o + i] as number) / (lam[o + i] as number);
    }
    for (let i = 0; i < np; i++) {
      pm[L * M + i] = 0;
      yss[L * M + i] = 0;
    }
    this.coupling.apply(this.steadyTerm, pm, yss);
  }

  /** The spectral state was set from outside: the next step re-derives the modal coordinates from it. */
  invalidate(): void {
    this.yValid = false;
  }

  /**
   * Advances the spectral state (theta: L*M, thetaP: np, kelvin above ambient) by dt
   * seconds at the power of the last setPower. No allocation once the factor for dt exists.
   */
  step(theta: Float64Array, thetaP: Float64Array, dt: number): void {
    const f = this.getFactor(dt);
    const { L, M, np, q, sqrtC, invSqrtC, qp, sqrtCp, invSqrtCp } = this.basis;
    const e = this.e,
      acc = this.acc,
      yss = this.yss,
      decay = f.decay,
      col = this.col,
      LL = L * L,
      qt = this.qt,
      ym = this.y;
    const n = L * M + np;
    if (this.yValid) {
      // the state is the last step's: its modal coordinates are kept (no forward transform)
      for (let k = 0; k < n; k++) {
        const d = (ym[k] as number) - (yss[k] as number);
        e[k] = d;
        acc[k] = (yss[k] as number) + (decay[k] as number) * d;
      }
    } else
      for (let k = 0; k < M; k++) {
        // e = V^T C theta - y_ss; acc = y_ss + exp(-dt lambda) e
        const o = k * L,
          qo = k * LL;
        for (let l = 0; l < L; l++) col[l] = (theta[l * M + k] as number) * (sqrtC[l] as number);
        for (let i = 0; i < L; i++) {
          let y = 0;
          const qi = qo + i * L;
          for (let l = 0; l < L; l++) y += (qt[qi + l] as number) * (col[l] as number);
          const d = y - (yss[o + i] as number);
          e[o + i] = d;
          acc[o + i] = (yss[o + i] as number) + (decay[o + i] as number) * d;
        }
      }
    const oP = L * M;
    for (let i = 0; i < np && !this.yValid; i++) {
      let y = 0;
      for (let r = 0; r < np; r++) y += (qp[r * np + i] as number) * (sqrtCp[r] as number) * (thetaP[r] as number);
      const d = y - (yss[oP + i] as number);
      e[oP + i] = d;
      acc[oP + i] = (yss[oP + i] as number) + (decay[oP + i] as number) * d;
    }
    for (const t of f.terms) this.coupling.apply(t, e, acc);
    ym.set(acc);
    this.yValid = true;
    // back: theta = C^-1/2 Q acc
    for (let k = 0; k < M; k++) {
      const o = k * L,
        qo = k * LL;
      for (let l = 0; l < L; l++) {
        let x = 0;
        const ql = qo + l * L;
        for (let i = 0; i < L; i++) x += (q[ql + i] as number) * (acc[o + i] as number);
        theta[l * M + k] = x * (invSqrtC[l] as number);
      }
    }
    for (let r = 0; r < np; r++) {
      let x = 0;
      for (let i = 0; i < np; i++) x += (qp[r * np + i] as number) * (acc[oP + i] as number);
      thetaP[r] = x * (invSqrtCp[r] as number);
    }
  }
}
