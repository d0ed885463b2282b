/**
 * Dense complex LU with partial pivoting on split real / imaginary row-major arrays: the
 * shifted capacity systems of the modal integrator's coupling correction
 * (coupling-correction.ts). Factor allocates; solve does not.
 */
import { ThermalError } from '../errors.js';

export interface ComplexLu {
  readonly n: number;
  readonly re: Float64Array;
  readonly im: Float64Array;
  readonly piv: Int32Array;
}

/** Factors the n x n matrix (re, im), in place. */
export function complexLuFactor(re: Float64Array, im: Float64Array, n: number): ComplexLu {
  const piv = new Int32Array(n);
  for (let k = 0; k < n; k++) {
    let p = k,
      best = -1;
    for (let i = k; i < n; i++) {
      const v = Math.hypot(re[i * n + k] as number, im[i * n + k] as number);
      if (v > best) {
        best = v;
        p = i;
      }
    }
    if (!(best > 0)) throw new ThermalError('THERMAL_MODEL', 'singular complex capacity matrix');
    piv[k] = p;
    if (p !== k) {
      for (let j = 0; j < n; j++) {
        let t = re[k * n + j] as number;
        re[k * n + j] = re[p * n + j] as number;
        re[p * n + j] = t;
        t = im[k * n + j] as number;
        im[k * n + j] = im[p * n + j] as number;
        im[p * n + j] = t;
      }
    }
    const pr = re[k * n + k] as number,
      pi = im[k * n + k] as number;
    const den = pr * pr + pi * pi;
    const ir = pr / den,
      ii = -pi / den;
    const rk = k * n;
    for (let i = k + 1; i < n; i++) {
      const ri = i * n;
      const ar = re[ri + k] as number,
        ai = im[ri + k] as number;
      const fr = ar * ir - ai * ii,
        fi = ar * ii + ai * ir;
      re[ri + k] = fr;
      im[ri + k] = fi;
      if (fr === 0 && fi === 0) continue;
      for (let j = k + 1; j < n; j++) {
        const br = re[rk + j] as number,
          bi = im[rk + j] as number;
        re[ri + j] = (re[ri + j] as number) - (fr * br - fi * bi);
        im[ri + j] = (im[ri + j] as number) - (fr * bi + fi * br);
      }
    }
  }
  return { n, re, im, piv };
}

/** Solves in place: (xr, xi) hold b on entry and the solution on exit. */
export function complexLuSolve(f: ComplexLu, xr: Float64Array, xi: Float64Array): void {
  const { n, re, im, piv } = f;
  for (let k = 0; k < n; k++) {
    const p = piv[k] as number;
    if (p !== k) {
      let t = xr[k] as number;
      xr[k] = xr[p] as number;
      xr[p] = t;
      t = xi[k] as number;
      xi[k] = xi[p] as number;
      xi[p] = t;
    }
  }
  for (let i = 1; i < n; i++) {
    const ri = i * n;
    let sr = xr[i] as number,
      si = xi[i] as number;
    for (let j = 0; j < i; j++) {
      const lr = re[ri + j] as number,
        li = im[ri + j] as number,
        yr = xr[j] as number,
        yi = xi[j] as number;
      sr -= lr * yr - li * yi;
      si -= lr * yi + li * yr;
    }
    xr[i] = sr;
    xi[i] = si;
  }
  for (let i = n - 1; i >= 0; i--) {
    const ri = i * n;
    let sr = xr[i] as number,
      si = xi[i] as number;
    for (let j = i + 1; j < n; j++) {
      const ur = re[ri + j] as number,
        ui = im[ri + j] as number,
        yr = xr[j] as number,
        yi = xi[j] as number;
      sr -= ur * yr - ui * yi;
      si -= ur * yi + ui * yr;
    }
    const dr = re[ri + i] as number,
      di = im[ri + i] as number;
    const den = dr * dr + di * di;
    xr[i] = (sr * dr + si * di) / den;
    xi[i] = (si * dr - sr * di) / den;
  }
}
