/**
 * Per-mode tridiagonal passes of the transient stages over a spectral vector (L layers x M
 * modes, layer-major), as small functions over typed arrays: each runs one long loop and
 * nothing else, which V8 keeps optimised (functions mixing a long loop with property
 * accesses were repeatedly deoptimised in the loop).
 *
 * Two LU factorisations of each mode's tridiagonal T (diagonal d_l, off-diagonals -g_l
 * between layers l and l+1, g = gVertical) are used:
 * - "down": elimination l = 0 .. L-1, y_l = (r_l + g_(l-1) y_(l-1)) ip_l; back substitution
 *   l = L-1 .. 0, z_l = y_l - up_l z_(l+1);
 * - "up": elimination l = L-1 .. 0, y_l = (r_l + g_l y_(l+1)) ipR_l; back substitution
 *   l = 0 .. L-1, z_l = y_l - upR_l z_(l-1).
 * A down back substitution visits the layers in the order an up elimination needs them
 * (and vice versa), so consecutive stages alternate directions and the back substitution of
 * one stage performs the elimination of the next one in the same pass (`z` = a scratch
 * layer carrying the back substitution's previous, unscaled layer).
 */

/** Down elimination in place: x <- L^-1 x. */
export function eliminateDown(x: Float64Array, ip: Float64Array, g: Float64Array, L: number, M: number): void {
  for (let k = 0; k < M; k++) x[k] = (x[k] as number) * (ip[k] as number);
  for (let l = 1; l < L; l++) {
    const e = g[l - 1] as number;
    for (let i = l * M, end = i + M; i < end; i++)
      x[i] = ((x[i] as number) + e * (x[i - M] as number)) * (ip[i] as number);
  }
}

/** Down elimination of layers from .. L-1 in place, layers below `from` already eliminated. */
export function eliminateDownFrom(
  x: Float64Array,
  ip: Float64Array,
  g: Float64Array,
  from: number,
  L: number,
  M: number,
): void {
  if (from === 0) {
    for (let k = 0; k < M; k++) x[k] = (x[k] as number) * (ip[k] as number);
    from = 1;
  }
  for (let l = from; l < L; l++) {
    const e = g[l - 1] as number;
    for (let i = l * M, end = i + M; i < end; i++)
      x[i] = ((x[i] as number) + e * (x[i - M] as number)) * (ip[i] as number);
  }
}

/**
 * Residual r = p - G x of the grid without the edge links (gd = spectral diagonal of G) on
 * layers 0 .. to-1 (to <= L-1: every one has a layer above), down-eliminated in the same
 * pass, into out.
 */
export function residualEliminateDown(
  out: Float64Array,
  p: Float64Array,
  x: Float64Array,
  gd: Float64Array,
  ip: Float64Array,
  g: Float64Array,
  to: number,
  M: number,
): void {
  if (to <= 0) return;
  const g0 = g[0] as number;
  for (let i = 0; i < M; i++)
    out[i] =
      ((p[i] as number) - ((gd[i] as number) * (x[i] as number) - g0 * (x[i + M] as number))) * (ip[i] as number);
  for (let l = 1; l < to; l++) {
    const gDown = g[l - 1] as number,
      gUp = g[l] as number;
    for (let i = l * M, end = i + M; i < end; i++) {
      const r =
        (p[i] as number) -
        ((gd[i] as number) * (x[i] as number) - gDown * (x[i - M] as number) - gUp * (x[i + M] as number));
      out[i] = (r + gDown * (out[i - M] as number)) * (ip[i] as number);
    }
  }
}

/**
 * Down back substitution, then acc += a z and x <- scale_l z (scale undefined: x <- z).
 */
export function backDown(
  x: Float64Array,
  up: Float64Array,
  acc: Float64Array,
  a: number,
  scale: Float64Array | undefined,
  L: number,
  M: number,
): void {
  for (let l = L - 2; l >= 0; l--) {
    const sc = scale === undefined ? 1 : (scale[l + 1] as number);
    for (let i = l * M, end = i + M; i < end; i++) {
      const z1 = x[i + M] as number;
      x[i] = (x[i] as number) - (up[i] as number) * z1;
      acc[i + M] = (acc[i + M] as number) + a * z1;
      x[i + M] = sc * z1;
    }
  }
  const sc0 = scale === undefined ? 1 : (scale[0] as number);
  for (let i = 0; i < M; i++) {
    const z = x[i] as number;
    acc[i] = (acc[i] as number) + a * z;
    x[i] = sc0 * z;
  }
}

/**
 * Down back substitution of this stage (acc += a z) fused with the up elimination of the
 * next stage's right-hand side scale_l z: afterwards x holds the next stage's up-eliminated
 * vector.
 */
export function backDownEliminateUp(
  x: Float64Array,
  up: Float64Array,
  ipR: Float64Array,
  g: Float64Array,
  acc: Float64Array,
  a: number,
  scale: Float64Array,
  z: Float64Array,
  L: number,
  M: number,
): void {
  const top = (L - 1) * M;
  const sTop = scale[L - 1] as number;
  for (let k = 0, i = top; k < M; k++, i++) {
    const v = x[i] as number;
    z[k] = v;
    acc[i] = (acc[i] as number) + a * v;
    x[i] = sTop * v * (ipR[i] as number);
  }
  for (let l = L - 2; l >= 0; l--) {
    const sc = scale[l] as number,
      e = g[l] as number;
    for (let k = 0, i = l * M; k < M; k++, i++) {
      const v = (x[i] as number) - (up[i] as number) * (z[k] as number);
      z[k] = v;
      acc[i] = (acc[i] as number) + a * v;
      x[i] = (sc * v + e * (x[i + M] as number)) * (ipR[i] as number);
    }
  }
}

/** Up back substitution fused with the down elimination of the next stage (as backDownEliminateUp). */
export function backUpEliminateDown(
  x: Float64Array,
  upR: Float64Array,
  ip: Float64Array,
  g: Float64Array,
  acc: Float64Array,
  a: number,
  scale: Float64Array,
  z: Float64Array,
  L: number,
  M: number,
): void {
  const s0 = scale[0] as number;
  for (let k = 0; k < M; k++) {
    const v = x[k] as number;
    z[k] = v;
    acc[k] = (acc[k] as number) + a * v;
    x[k] = s0 * v * (ip[k] as number);
  }
  for (let l = 1; l < L; l++) {
    const sc = scale[l] as number,
      e = g[l - 1] as number;
    for (let k = 0, i = l * M; k < M; k++, i++) {
      const v = (x[i] as number) - (upR[i] as number) * (z[k] as number);
      z[k] = v;
      acc[i] = (acc[i] as number) + a * v;
      x[i] = (sc * v + e * (x[i - M] as number)) * (ip[i] as number);
    }
  }
}

/** The last stage's down back substitution: acc += a z only (x is left as is, z = scratch layer). */
export function backDownAccumulate(
  x: Float64Array,
  up: Float64Array,
  acc: Float64Array,
  a: number,
  z: Float64Array,
  L: number,
  M: number,
): void {
  for (let k = 0, i = (L - 1) * M; k < M; k++, i++) {
    const v = x[i] as number;
    z[k] = v;
    acc[i] = (acc[i] as number) + a * v;
  }
  for (let l = L - 2; l >= 0; l--) {
    for (let k = 0, i = l * M; k < M; k++, i++) {
      const v = (x[i] as number) - (up[i] as number) * (z[k] as number);
      z[k] = v;
      acc[i] = (acc[i] as number) + a * v;
    }
  }
}

/** The last stage's up back substitution: acc += a z only (as backDownAccumulate). */
export function backUpAccumulate(
  x: Float64Array,
  upR: Float64Array,
  acc: Float64Array,
  a: number,
  z: Float64Array,
  L: number,
  M: number,
): void {
  for (let k = 0; k < M; k++) {
    const v = x[k] as number;
    z[k] = v;
    acc[k] = (acc[k] as number) + a * v;
  }
  for (let l = 1; l < L; l++) {
    for (let k = 0, i = l * M; k < M; k++, i++) {
      const v = (x[i] as number) - (upR[i] as number) * (z[k] as number);
      z[k] = v;
      acc[i] = (acc[i] as number) + a * v;
    }
  }
}
