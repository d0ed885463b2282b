/**
 * Eigen-decompositions of small real symmetric matrices for the modal (exponential)
 * integrator: the per-lateral-mode vertical systems are symmetric tridiagonal once scaled
 * by C^-1/2 (implicit QL with Wilkinson shifts, Numerical Recipes 2nd ed. section 11.3),
 * the package periphery block is a dense 12 x 12 (cyclic Jacobi, section 11.1).
 */
import { ThermalError } from '../errors.js';

const MAX_SWEEPS = 60;

/**
 * Symmetric tridiagonal n x n: diagonal d (overwritten by the eigenvalues), off-diagonal
 * e[i] between rows i and i+1 (e[n-1] ignored; e is scratch). z (n*n, row-major) receives
 * the orthonormal eigenvectors as columns: z[r*n + i] = component r of eigenvector i.
 */
export function tridiagonalEigen(d: Float64Array, e: Float64Array, z: Float64Array, n: number): void {
  z.fill(0);
  for (let r = 0; r < n; r++) z[r * n + r] = 1;
  e[n - 1] = 0;
  for (let l = 0; l < n; l++) {
    let iter = 0;
    for (;;) {
      let m = l;
      for (; m < n - 1; m++) {
        const dd = Math.abs(d[m] as number) + Math.abs(d[m + 1] as number);
        if (Math.abs(e[m] as number) <= 1e-16 * dd) break;
      }
      if (m === l) break;
      if (iter++ === MAX_SWEEPS)
        throw new ThermalError('THERMAL_MODEL', 'tridiagonal eigen-decomposition did not converge');
      let g = ((d[l + 1] as number) - (d[l] as number)) / (2 * (e[l] as number));
      let r = Math.hypot(g, 1);
      g = (d[m] as number) - (d[l] as number) + (e[l] as number) / (g + (g >= 0 ? r : -r));
      let s = 1,
        c = 1,
        p = 0;
      let i = m - 1;
      let underflow = false;
      for (; i >= l; i--) {
        const f = s * (e[i] as number),
          b = c * (e[i] as number);
        r = Math.hypot(f, g);
        e[i + 1] = r;
        if (r === 0) {
          d[i + 1] = (d[i + 1] as number) - p;
          e[m] = 0;
          underflow = true;
          break;
        }
        s = f / r;
        c = g / r;
        g = (d[i + 1] as number) - p;
        r = ((d[i] as number) - g) * s + 2 * c * b;
        p = s * r;
        d[i + 1] = g + p;
        g = c * r - b;
        for (let k = 0; k < n; k++) {
          const zk1 = z[k * n + i + 1] as number,
            zk = z[k * n + i] as number;
          z[k * n + i + 1] = s * zk + c * zk1;
          z[k * n + i] = c * zk - s * zk1;
        }
      }
      if (underflow) continue;
      d[l] = (d[l] as number) - p;
      e[l] = g;
      e[m] = 0;
    }
  }
}

/**
 * Dense symmetric n x n `a` (row-major, destroyed): eigenvalues into w, orthonormal
 * eigenvectors as the columns of z (z[r*n + i]), by cyclic Jacobi rotations.
 */
export function symmetricEigen(a: Float64Array, n: number, w: Float64Array, z: Float64Array): void {
  z.fill(0);
  for (let r = 0; r < n; r++) z[r * n + r] = 1;
  for (let sweep = 0; sweep < MAX_SWEEPS; sweep++) {
    let off = 0,
      diag = 0;
    for (let p = 0; p < n; p++) {
      diag += (a[p * n + p] as number) ** 2;
      for (let q = p + 1; q < n; q++) off += (a[p * n + q] as number) ** 2;
    }
    if (off <= 1e-32 * diag) {
      for (let p = 0; p < n; p++) w[p] = a[p * n + p] as number;
      return;
    }
    for (let p = 0; p < n; p++) {
      for (let q = p + 1; q < n; q++) {
        const apq = a[p * n + q] as number;
        if (apq === 0) continue;
        const theta = ((a[q * n + q] as number) - (a[p * n + p] as number)) / (2 * apq);
        const t = (theta >= 0 ? 1 : -1) / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
        const c = 1 / Math.sqrt(t * t + 1),
          s = t * c;
        for (let k = 0; k < n; k++) {
          const akp = a[k * n + p] as number,
            akq = a[k * n + q] as number;
          a[k * n + p] = c * akp - s * akq;
          a[k * n + q] = s * akp + c * akq;
        }
        for (let k = 0; k < n; k++) {
          const apk = a[p * n + k] as number,
            aqk = a[q * n + k] as number;
          a[p * n + k] = c * apk - s * aqk;
          a[q * n + k] = s * apk + c * aqk;
        }
        for (let k = 0; k < n; k++) {
          const zkp = z[k * n + p] as number,
            zkq = z[k * n + q] as number;
          z[k * n + p] = c * zkp - s * zkq;
          z[k * n + q] = s * zkp + c * zkq;
        }
      }
    }
  }
  throw new ThermalError('THERMAL_MODEL', 'Jacobi eigen-decomposition did not converge');
}
