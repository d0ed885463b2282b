/**
 * Rational approximations r(w) = r0 - sum_j Re(c_j / (w + z_j)) of exp(-w) on w in [0, inf)
 * with complex poles (one per conjugate pair, Im z_j >= 0; real poles have Im c_j = 0), for
 * the package-coupling part of the modal integrator (modal-integrator.ts).
 *
 * Poles: the Caratheodory-Fejer (CF) approximation of exp on (-inf, 0] (Trefethen,
 * Weideman, Schmelzer, "Talbot quadratures and rational approximations", BIT 46, 2006,
 * section 4, its Matlab code with K = 75, nf = 1024, scale 9). Residues: re-fitted by linear
 * programming with r(0) = 1 and r'(0) = -1 imposed, so that slow (package) modes carry no
 * per-step drift; `maxError` is the resulting uniform error, max |r(w) - exp(-w)| over
 * [0, inf) checked on 3e5 log-spaced points. Reproduce with scripts/exp-poles.py.
 * r0 cancels in the integrator (only differences of r between two operators are used).
 */

export interface ExponentialPoles {
  readonly degree: number;
  readonly maxError: number;
  /** [Re z, Im z, Re c, Im c] per pole. */
  readonly poles: readonly (readonly [number, number, number, number])[];
}

export const EXPONENTIAL_POLES: Readonly<Record<5 | 6, ExponentialPoles>> = {
  5: {
    degree: 5,
    maxError: 6.19e-5,
    poles: [
      [2.155414289432809, 0.0, -3.260642336658738, 0.0],
      [1.4405947739930627, 2.396982778712464, 3.7482633523157793, -0.7751734760961985],
      [-1.039506976276412, 4.921388603222003, -0.4860746620439898, 0.20569549264788642],
    ],
  },
  6: {
    degree: 6,
    maxError: 6.62e-6,
    poles: [
      [2.4006029389319967, 1.1931293084021029, -1.1514455739621547, -8.579606128151575],
      [1.1585525717180862, 3.6147726008197267, 1.3221613575849118, 2.8980722885832937],
      [-1.7819882759221513, 6.196512467347284, -0.16878530453576782, -0.21147035137291656],
    ],
  },
};
