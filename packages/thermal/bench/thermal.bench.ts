/**
 * Thermal solver benchmark (not a unit test). Run from packages/thermal:
 *   npx -y pnpm@10.34.0 bench      (= tsx --conditions=@tasmoe/source bench/thermal.bench.ts)
 *
 * Builds the reference stack of ../shared/reference/hotspot (8 DRAM dies of
 * 32x32 banks over an 8x8-core logic die, TIM, HotSpot package) in memory and
 * times, at 32x32 and 64x64: a full steady solve (model build + factorisation
 * + solve + block means), the factorisation for dt = 3 ms, and one 3 ms
 * transient step through the EmbeddedThermalBackend (power in, block means and
 * layer peaks out). HotSpot 7.0 figures (README section 9) for the ratios:
 * steady 4.26 s @32 / 8.71 s @64; transient step 2.7 s @32 / 13.7 s @64.
 */
import type { ThermalStackLayout } from '@tasmoe/schemas';
import {
  EmbeddedThermalBackend,
  HOTSPOT_DEFAULT_PACKAGE,
  buildGridModel,
  type Floorplan,
  type StackDescription,
} from '../src/internal.js';

const MM = 1e-3;
function tiles(name: (x: number, y: number) => string, n: number): Floorplan {
  const s = (10 * MM) / n;
  const blocks = [];
  for (let y = 0; y < n; y++)
    for (let x = 0; x < n; x++) blocks.push({ name: name(x, y), widthM: s, heightM: s, leftM: x * s, bottomM: y * s });
  return { blocks };
}
const dram = (d: number) => ({
  name: `dram${d}`,
  thicknessM: 50e-6,
  conductivityWmK: 2,
  volumetricHeatCapacityJm3K: 1.75e6,
  dissipatesPower: true,
  floorplan: tiles((x, y) => `D${d}_B_${x}_${y}`, 32),
});
const stack: StackDescription = {
  layers: [
    ...[7, 6, 5, 4, 3, 2, 1, 0].map(dram),
    {
      name: 'logic',
      thicknessM: 50e-6,
      conductivityWmK: 120,
      volumetricHeatCapacityJm3K: 1.75e6,
      dissipatesPower: true,
      floorplan: tiles((x, y) => `C${y * 8 + x}`, 8),
    },
    {
      name: 'tim',
      thicknessM: 20e-6,
      conductivityWmK: 5,
      volumetricHeatCapacityJm3K: 4e6,
      dissipatesPower: false,
      floorplan: tiles((x, y) => `T${y * 8 + x}`, 8),
    },
  ],
  boundary: HOTSPOT_DEFAULT_PACKAGE,
  ambientK: 318.15,
};
const layout: ThermalStackLayout = {
  layers: [
    { name: 'logic', blocks: Array.from({ length: 64 }, (_, i) => `C${i}`) },
    ...Array.from({ length: 8 }, (_, d) => ({
      name: `dram${d}`,
      blocks: Array.from({ length: 1024 }, (_, i) => `D${d}_B_${i % 32}_${Math.floor(i / 32)}`),
    })),
  ],
  blockCount: 64 + 8 * 1024,
};
const caseA = new Float64Array(layout.blockCount).fill(0.01);
caseA.fill(1, 0, 64);
const caseB = Float64Array.from(caseA);
for (let c = 0; c < 64; c++) caseB[c] = [27, 28, 35, 36].includes(c) ? 4 : 0.5;

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] as number;
const HOTSPOT = { 32: { steady: 4.26, step: 2.7 }, 64: { steady: 8.71, step: 13.7 } } as const;
const rows: string[][] = [
  [
    'grid',
    'nodes',
    'steady solve (build+factor+solve)',
    'vs HotSpot',
    'factorisation dt=3ms',
    '3 ms step (backend)',
    'vs HotSpot',
    'solver memory',
  ],
];

for (const n of [32, 64] as const) {
  // steady: whole pipeline from the stack description, fresh each repetition
  const steadyMs: number[] = [];
  let nodes = 0;
  for (let r = 0; r < 3; r++) {
    const t0 = performance.now();
    const model = buildGridModel(stack, { rows: n, cols: n });
    const be = new EmbeddedThermalBackend(model, layout);
    be.steady(caseA);
    steadyMs.push(performance.now() - t0);
    nodes = model.nodeCount;
  }
  const model = buildGridModel(stack, { rows: n, cols: n });
  const be = new EmbeddedThermalBackend(model, layout);
  be.steady(caseA);
  const f0 = be.simulator.factorMs;
  be.simulator.prepare(3e-3);
  const factorMs = be.simulator.factorMs - f0;
  for (let k = 0; k < 10; k++) be.step(k % 2 === 0 ? caseB : caseA, 3e-3); // warm-up (JIT)
  const stepMs: number[] = [];
  for (let k = 0; k < 60; k++) {
    const p = Math.floor(k / 5) % 2 === 0 ? caseB : caseA;
    const t0 = performance.now();
    be.step(p, 3e-3);
    stepMs.push(performance.now() - t0);
  }
  const st = median(steadyMs),
    sp = median(stepMs);
  rows.push([
    `${n}x${n}`,
    String(nodes),
    `${st.toFixed(1)} ms`,
    `${((HOTSPOT[n].steady * 1000) / st).toFixed(0)}x faster`,
    `${factorMs.toFixed(1)} ms`,
    `${sp.toFixed(2)} ms`,
    `${((HOTSPOT[n].step * 1000) / sp).toFixed(0)}x faster`,
    `${(be.simulator.bytes / 2 ** 20).toFixed(1)} MiB`,
  ]);
}

const widths = (rows[0] ?? []).map((_, c) => Math.max(...rows.map((r) => (r[c] ?? '').length)));
for (const r of rows) console.log(r.map((v, c) => v.padEnd(widths[c] ?? 0)).join('  '));
console.log(`peak RSS: ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MiB (whole process, both grids)`);
console.log('medians: steady of 3 fresh runs; step of 60 steps alternating case a / case b power every 5 steps');
