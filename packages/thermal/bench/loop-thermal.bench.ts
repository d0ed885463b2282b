/**
 * The embedded thermal back end exactly as the experiment loop drives it (not a unit test).
 * Run from packages/thermal:
 *   npx -y pnpm@10.34.0 bench:loop      (= tsx --conditions=@tasmoe/source bench/loop-thermal.bench.ts)
 *
 * Default arch (configs/arch_8x8_32x32x8.yaml, 16x16 grid) through createEmbeddedArchBackend
 * with the loop's settings and `reuseSnapshotArrays: true`; 2,000 windows of 3 ms whose block
 * powers vary like the loop's (64 cores 0.1-0.5 W, a few dozen active banks ~0.25 W, the rest
 * ~1.3 mW leakage), from the steady state of the first window. Reports the mean ms per
 * `step()` (which includes the snapshot) over the 2,000 windows (wall and process CPU time), best of 3 passes (`--passes=N`), against the
 * issue's target of 0.12-0.15 ms. `--check` also prints a checksum of the last snapshot (to
 * compare before/after a change bit for bit). `--sub-cell-banks` adds the sub-cell bank correction
 * (sub-cell-banks.ts; its kernel is built before the timed windows).
 */
import { loadavg } from 'node:os';
import { createEmbeddedArchBackend } from '../src/index.js';
import { arch, DT, fill, N, power, WINDOWS } from './loop-power-sequence.js';

function pass(): { ms: number; cpuMs: number; check: number } {
  const be = createEmbeddedArchBackend(arch, { reuseSnapshotArrays: true, subCellBanks: SUB_CELL });
  power.fill(0.0013);
  be.steady(fill(0));
  let check = 0;
  const t0 = performance.now(),
    c0 = process.cpuUsage();
  for (let w = 0; w < WINDOWS; w++) {
    const s = be.step(fill(w), DT);
    check += (s.blockTempsK[w % N] as number) + (s.layerPeakK[w % s.layerPeakK.length] as number);
  }
  const ms = (performance.now() - t0) / WINDOWS;
  const c1 = process.cpuUsage(c0);
  const cpuMs = (c1.user + c1.system) / 1000 / WINDOWS;
  const s = be.step(fill(0), DT);
  for (let b = 0; b < N; b++) check += (s.blockTempsK[b] as number) * ((b % 7) + 1);
  for (let l = 0; l < s.layerPeakK.length; l++) check += (s.layerPeakK[l] as number) + (s.layerMeanK[l] as number);
  be.dispose();
  return { ms, cpuMs, check };
}

const SUB_CELL = process.argv.includes('--sub-cell-banks');
const PASSES = Number(process.argv.find((a) => a.startsWith('--passes='))?.slice(9) ?? 3);
const runs = Array.from({ length: PASSES }, pass);
const best = Math.min(...runs.map((r) => r.ms));
const bestCpu = Math.min(...runs.map((r) => r.cpuMs));
console.log(
  `loop thermal step + snapshot (default arch, 16x16, reuseSnapshotArrays${SUB_CELL ? ', sub-cell banks' : ''}): ${WINDOWS} windows x ${PASSES} passes`,
);
console.log(
  `  mean per window: ${runs.map((r) => `${(r.ms * 1000).toFixed(1)} us`).join(', ')}; best ${(best * 1000).toFixed(1)} us; vs 0.15 ms target ${(best / 0.15).toFixed(2)}x`,
);
console.log(
  `  CPU time per window (not counting time the shared machine runs other jobs): ${runs.map((r) => `${(r.cpuMs * 1000).toFixed(1)} us`).join(', ')}; best ${(bestCpu * 1000).toFixed(1)} us`,
);
if (process.argv.includes('--check')) console.log(`  checksum ${(runs[0]?.check ?? 0).toPrecision(17)}`);
console.log(
  `  load average ${loadavg()
    .map((v) => v.toFixed(2))
    .join(' ')}`,
);
