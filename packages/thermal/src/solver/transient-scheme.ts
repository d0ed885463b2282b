/**
 * Time integration over one interval of constant power. With x_ss the steady
 * state of that power, the exact solution is x(dt) = x_ss + exp(-dt C^-1 G)(x0 - x_ss).
 * The exponential is replaced by a restricted-denominator rational
 * approximation with a single repeated real pole,
 *
 *     exp(-z) ~ sum_{k=1..n} a_k (1 + gamma z)^-k,   z in [0, inf),
 *
 * evaluated with n backward-Euler-like solves that all share ONE matrix
 * (G + C/h, h = gamma dt). The approximation is L-stable (-> 0 as z -> inf),
 * matches exp(-z) to first order at z = 0 (slow package modes do not drift),
 * and its coefficients minimise the maximum error over [0, inf) (computed
 * offline by linear programming in s = 1/(1+gamma z), scanning gamma).
 * `maxError` is that uniform bound relative to the deviation from steady
 * state; n = 5 gives 1.6e-3.
 */

export interface RationalScheme {
  readonly stages: number;
  readonly gamma: number;
  readonly coefficients: readonly number[];
  readonly maxError: number;
}

export const RATIONAL_SCHEMES: Readonly<Record<2 | 3 | 4 | 5 | 6, RationalScheme>> = {
  2: { stages: 2, gamma: 0.3942, maxError: 4.69e-2, coefficients: [-0.536783358701167, 1.536783358701167] },
  3: {
    stages: 3,
    gamma: 0.8354,
    maxError: 1.75e-2,
    coefficients: [-0.4215901612547378, 2.646148960287785, -1.2245587990330473],
  },
  4: {
    stages: 4,
    gamma: 0.408,
    maxError: 4.89e-3,
    coefficients: [0.1718507609353639, -1.7788878192089193, 4.591242963454884, -1.9842059051813288],
  },
  5: {
    stages: 5,
    gamma: 0.2558,
    maxError: 1.63e-3,
    coefficients: [-0.07976704852264369, 1.197384988555872, -5.370121494909568, 8.557852074379698, -3.305348519503358],
  },
  6: {
    stages: 6,
    gamma: 0.1815,
    maxError: 6.0e-4,
    coefficients: [
      0.039405952649752427, -0.8053118703574877, 5.260461977853576, -14.47558243587906, 16.684354783100346,
      -5.703328407367127,
    ],
  },
};

/** Scalar amplification r(z) of a scheme (for tests and documentation). */
export function rationalAmplification(s: RationalScheme, z: number): number {
  const inv = 1 / (1 + s.gamma * z);
  let acc = 0,
    pw = 1;
  for (const a of s.coefficients) {
    pw *= inv;
    acc += a * pw;
  }
  return acc;
}
