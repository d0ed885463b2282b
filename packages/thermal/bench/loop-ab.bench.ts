/**
 * Same-process A/B of the loop's thermal step against another version of this package's
 * src/ (not a unit test): both back ends run the bench:loop power sequence in alternating
 * chunks of 50 windows, so the shared machine's load hits both alike. Run from
 * packages/thermal:
 *   mkdir -p .ab-base && git archive <rev> src test | tar -x -C .ab-base   (untracked; delete after)
 *   npx tsx --conditions=@tasmoe/source bench/loop-ab.bench.ts [--base=.ab-base] [--rounds=200]
 * Prints the largest difference of block means / layer peaks / layer means over 2,000 windows
 * (exactness check) and the per-window wall time of both (chunk medians, p10, median ratio).
 */
import { pathToFileURL } from 'node:url';
import { loadavg } from 'node:os';
import { createEmbeddedArchBackend as newBE } from '../src/index.js';
import { resolve } from 'node:path';
import { arch, DT, fill, N, power, WINDOWS } from './loop-power-sequence.js';

const baseDir = process.argv.find((a) => a.startsWith('--base='))?.slice(7) ?? '.ab-base';
const baseModule = (await import(pathToFileURL(resolve(baseDir, 'src', 'index.ts')).href)) as {
  createEmbeddedArchBackend: typeof newBE;
};
const oldBE = baseModule.createEmbeddedArchBackend;
function diff(): number {
  const a = oldBE(arch, { reuseSnapshotArrays: true }),
    b = newBE(arch, { reuseSnapshotArrays: true });
  power.fill(0.0013);
  let d = 0;
  const upd = (x: ArrayLike<number>, y: ArrayLike<number>): void => {
    for (let i = 0; i < x.length; i++) d = Math.max(d, Math.abs((x[i] as number) - (y[i] as number)));
  };
  {
    const sa = a.steady(fill(0));
    const bl = Float64Array.from(sa.blockTempsK),
      lp = Float64Array.from(sa.layerPeakK),
      lm = Float64Array.from(sa.layerMeanK);
    const sb = b.steady(fill(0));
    upd(bl, sb.blockTempsK);
    upd(lp, sb.layerPeakK);
    upd(lm, sb.layerMeanK);
  }
  for (let w = 0; w < WINDOWS; w++) {
    const sa = a.step(fill(w), DT);
    const bl = Float64Array.from(sa.blockTempsK),
      lp = Float64Array.from(sa.layerPeakK),
      lm = Float64Array.from(sa.layerMeanK);
    const sb = b.step(fill(w), DT);
    upd(bl, sb.blockTempsK);
    upd(lp, sb.layerPeakK);
    upd(lm, sb.layerMeanK);
  }
  return d;
}
console.log(`max |new - base| over ${WINDOWS} windows: ${diff().toExponential(3)} K`);
const CH = 50,
  ROUNDS = Number(process.argv.find((a) => a.startsWith('--rounds='))?.slice(9) ?? 200);
const bo = oldBE(arch, { reuseSnapshotArrays: true }),
  bn = newBE(arch, { reuseSnapshotArrays: true });
power.fill(0.0013);
bo.steady(fill(0));
bn.steady(fill(0));
const po = new Float64Array(N),
  pn = new Float64Array(N);
const tO: number[] = [],
  tN: number[] = [];
let sink = 0,
  wo = 0,
  wn = 0;
function chunk(be: typeof bo, pw: Float64Array, w0: number): number {
  const t0 = performance.now();
  for (let w = w0; w < w0 + CH; w++) {
    // same power sequence for both, from their own copy of the array
    const src = fill(w % WINDOWS);
    pw.set(src);
    sink += be.step(pw, DT).blockTempsK[w % N] as number;
  }
  return ((performance.now() - t0) / CH) * 1000;
}
for (let r = 0; r < ROUNDS; r++) {
  if (r % 2 === 0) {
    tO.push(chunk(bo, po, wo));
    wo += CH;
    tN.push(chunk(bn, pn, wn));
    wn += CH;
  } else {
    tN.push(chunk(bn, pn, wn));
    wn += CH;
    tO.push(chunk(bo, po, wo));
    wo += CH;
  }
}
const med = (v: number[]): number => [...v].sort((x, y) => x - y)[Math.floor(v.length / 2)] as number;
const q = (v: number[], f: number): number => [...v].sort((x, y) => x - y)[Math.floor(v.length * f)] as number;
const ratio = tN.map((v, i) => v / (tO[i] as number));
console.log(`chunks of ${CH} windows x ${ROUNDS} rounds (wall us/window, fill+copy included in both)`);
console.log(
  `base: p10 ${q(tO, 0.1).toFixed(1)} med ${med(tO).toFixed(1)}   new: p10 ${q(tN, 0.1).toFixed(1)} med ${med(tN).toFixed(1)}   median ratio new/base ${med(ratio).toFixed(3)}`,
);
if (!(sink > 0)) console.log('unexpected: non-positive temperature sum');
console.log(
  `load ${loadavg()
    .map((v) => v.toFixed(2))
    .join(' ')}`,
);
