/** Small hand-made stacks for solver tests. */
import type { Floorplan } from '../src/hotspot/flp.js';
import type { StackBoundary, StackDescription, StackLayerSpec } from '../src/solver/stack.js';

/** nx x ny equal blocks named `${prefix}${k}` (k row-major from the bottom) tiling a w x h die. */
export function tiles(prefix: string, nx: number, ny: number, w: number, h: number): Floorplan {
  const blocks = [];
  for (let y = 0; y < ny; y++)
    for (let x = 0; x < nx; x++)
      blocks.push({
        name: `${prefix}${y * nx + x}`,
        widthM: w / nx,
        heightM: h / ny,
        leftM: (x * w) / nx,
        bottomM: (y * h) / ny,
      });
  return { blocks };
}

export function layer(name: string, t: number, k: number, cv: number, fp: Floorplan, power = true): StackLayerSpec {
  return {
    name,
    thicknessM: t,
    conductivityWmK: k,
    volumetricHeatCapacityJm3K: cv,
    dissipatesPower: power,
    floorplan: fp,
  };
}

/** A 3-die + TIM stack on a 10 mm x 10 mm die with the given boundary. */
export function smallStack(boundary: StackBoundary, w = 0.01, h = 0.01): StackDescription {
  return {
    layers: [
      layer('dram1', 5e-5, 2, 1.75e6, tiles('D1_', 4, 4, w, h)),
      layer('dram0', 5e-5, 2, 1.75e6, tiles('D0_', 4, 4, w, h)),
      layer('logic', 5e-5, 120, 1.75e6, tiles('C', 2, 2, w, h)),
      layer('tim', 2e-5, 5, 4e6, tiles('T', 2, 2, w, h), false),
    ],
    boundary,
    ambientK: 318.15,
  };
}
