/**
 * Scatter plans of the sub-cell bank kernel (sub-cell-banks.ts): what 1 W at one bank position of
 * one source die (or of a whole column) adds to the banks around it, as one dense rectangle of
 * bank positions with every target die's value at each position, already clipped to the die and
 * with the mirror images of an adiabatic edge folded in. The correction is accumulated position-
 * major (position, then die), so a rectangle row is one contiguous run of width x dies values
 * (88 at the default reach) in the plan and in the accumulator: one multiply-add per entry, no
 * index list, no clipping at run time. A position at least the kernel's reach inside the die has
 * no image and no clipping, so all of them share the plan of their offset in the cell.
 */

/** Rows y0..y1 and columns x0..x1 relative to the source; vals[((vy - y0) w + vx - x0) dies + t], w = x1 - x0 + 1. */
export interface ScatterPlan {
  readonly y0: number;
  readonly y1: number;
  readonly x0: number;
  readonly x1: number;
  readonly vals: Float64Array;
}

/**
 * Kernel squares of each (source class q, target die t): side 2 r + 1 centred on the source, r =
 * reach[q dies + t] (-1: none), values from at[q dies + t] in k, row-major.
 */
export interface KernelSquares {
  readonly reach: Int32Array;
  readonly at: Int32Array;
  readonly k: Float64Array;
}

export interface ScatterGeometry {
  /** Banks per die along x and y, and dies. */
  readonly bx: number;
  readonly by: number;
  readonly dies: number;
  /** Banks per grid cell along x and y. */
  readonly rx: number;
  readonly ry: number;
}

/** The plan of source class q for a position with no clipping and no image: its kernel squares. */
export function interiorPlan(kernel: KernelSquares, dies: number, q: number): ScatterPlan {
  let r = -1;
  for (let t = 0; t < dies; t++) r = Math.max(r, kernel.reach[q * dies + t] as number);
  return planOf(kernel, dies, [[0, 0, q]], -r, r, -r, r);
}

/**
 * The plan of a source at bank (x, y) of class row `d` (d = dies: a column) near an edge: the
 * source's kernel clipped to the die plus, across each edge within `radius`, its image (the
 * mirrored offset of the mirrored cell), summed in that order.
 */
export function edgePlan(
  kernel: KernelSquares,
  g: ScatterGeometry,
  radius: number,
  x: number,
  y: number,
  d: number,
): ScatterPlan {
  const { bx, by, dies, rx, ry } = g;
  const ox = x % rx;
  const oy = y % ry;
  const mx = x < radius ? -1 - x : x >= bx - radius ? 2 * bx - 1 - x : x;
  const my = y < radius ? -1 - y : y >= by - radius ? 2 * by - 1 - y : y;
  const iox = rx - 1 - ox;
  const ioy = ry - 1 - oy;
  // centre relative to the source (an image's lies outside the die) and source class of each part
  const parts: [number, number, number][] = [[0, 0, (d * ry + oy) * rx + ox]];
  if (mx !== x) parts.push([mx - x, 0, (d * ry + oy) * rx + iox]);
  if (my !== y) parts.push([0, my - y, (d * ry + ioy) * rx + ox]);
  if (mx !== x && my !== y) parts.push([mx - x, my - y, (d * ry + ioy) * rx + iox]);
  // the union of the parts' squares, clipped to the die
  let y0 = Infinity;
  let y1 = -Infinity;
  let x0 = Infinity;
  let x1 = -Infinity;
  for (const [cx, cy, q] of parts)
    for (let t = 0; t < dies; t++) {
      const r = kernel.reach[q * dies + t] as number;
      if (r < 0) continue;
      x0 = Math.min(x0, cx - r);
      x1 = Math.max(x1, cx + r);
      y0 = Math.min(y0, cy - r);
      y1 = Math.max(y1, cy + r);
    }
  return planOf(
    kernel,
    dies,
    parts,
    Math.max(y0, -y),
    Math.min(y1, by - 1 - y),
    Math.max(x0, -x),
    Math.min(x1, bx - 1 - x),
  );
}

/** The sum of the parts' squares (centre relative to the source, source class) over rows y0..y1, columns x0..x1. */
function planOf(
  kernel: KernelSquares,
  dies: number,
  parts: readonly (readonly [number, number, number])[],
  y0: number,
  y1: number,
  x0: number,
  x1: number,
): ScatterPlan {
  if (y0 > y1 || x0 > x1) return { y0: 0, y1: -1, x0: 0, x1: -1, vals: new Float64Array(0) };
  const w = x1 - x0 + 1;
  const vals = new Float64Array((y1 - y0 + 1) * w * dies);
  for (const [cx, cy, q] of parts)
    for (let t = 0; t < dies; t++) {
      const r = kernel.reach[q * dies + t] as number;
      if (r < 0) continue;
      const side = 2 * r + 1;
      const centre = (kernel.at[q * dies + t] as number) + r * side + r;
      for (let vy = Math.max(cy - r, y0); vy <= Math.min(cy + r, y1); vy++)
        for (let vx = Math.max(cx - r, x0); vx <= Math.min(cx + r, x1); vx++) {
          const j = ((vy - y0) * w + vx - x0) * dies + t;
          vals[j] = (vals[j] as number) + (kernel.k[centre + (vy - cy) * side + vx - cx] as number);
        }
    }
  return { y0, y1, x0, x1, vals };
}

/** acc[((y + vy) bx + x + vx) dies + t] += dev x plan value, over the plan's rectangle. */
export function scatterPlan(
  acc: Float64Array,
  plan: ScatterPlan,
  dev: number,
  bx: number,
  dies: number,
  x: number,
  y: number,
): void {
  const v = plan.vals;
  const run = (plan.x1 - plan.x0 + 1) * dies;
  const stride = bx * dies;
  let e = 0;
  for (let vy = plan.y0, row = ((y + vy) * bx + x + plan.x0) * dies; vy <= plan.y1; vy++, row += stride)
    for (let i = row, end = row + run; i < end; i++, e++) acc[i] = (acc[i] as number) + dev * (v[e] as number);
}
