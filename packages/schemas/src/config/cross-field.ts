/**
 * Cross-field rules that a per-field schema cannot express. Each returns a list
 * of (path, message) problems; an empty list means the config is consistent.
 */
import type { ArchConfig } from './arch.js';
import { LIMITS } from './limits.js';
import { modelDimsProblems } from './model-dims.js';
import type { TasParams } from './tas-params.js';
import type { WorkloadConfig } from './workload.js';

export interface FieldProblem {
  readonly path: string;
  readonly message: string;
}

function strictlyMonotone(xs: readonly number[], dir: 1 | -1): boolean {
  for (let i = 1; i < xs.length; i++) {
    const a = xs[i - 1] as number;
    const b = xs[i] as number;
    if (dir * (b - a) <= 0) return false;
  }
  return true;
}

export function archProblems(c: ArchConfig): FieldProblem[] {
  const out: FieldProblem[] = [];
  const [cols, rows] = c.mesh.cores;
  const coreCount = cols * rows;
  const [bx, by, bl] = c.dram.banks;
  if (coreCount > LIMITS.cores)
    out.push({
      path: 'mesh.cores',
      message: `expected at most ${LIMITS.cores} cores (the influence matrix needs one steady solve per core), got ${cols} x ${rows} = ${coreCount}`,
    });
  if (bx * by * bl > LIMITS.banks)
    out.push({
      path: 'dram.banks',
      message: `expected at most ${LIMITS.banks} banks, got ${bx} x ${by} x ${bl} = ${bx * by * bl}`,
    });
  if (bx % cols !== 0)
    out.push({
      path: 'dram.banks.0',
      message: `expected a multiple of mesh.cores[0] (${cols}) so every core owns a vault of banks, got ${bx}`,
    });
  if (by % rows !== 0)
    out.push({
      path: 'dram.banks.1',
      message: `expected a multiple of mesh.cores[1] (${rows}) so every core owns a vault of banks, got ${by}`,
    });
  const owner = new Int32Array(Math.min(coreCount, LIMITS.cores)).fill(-1);
  c.dvfs.domains.forEach((d, i) => {
    const p = `dvfs.domains.${i}`;
    if (d.trip_c.length !== d.steps_ghz.length - 1) {
      out.push({
        path: `${p}.trip_c`,
        message: `expected ${d.steps_ghz.length - 1} trip points (one fewer than steps_ghz), got ${d.trip_c.length}`,
      });
    }
    if (!strictlyMonotone(d.steps_ghz, -1))
      out.push({ path: `${p}.steps_ghz`, message: 'expected strictly decreasing frequencies (nominal first)' });
    if (!strictlyMonotone(d.trip_c, 1))
      out.push({ path: `${p}.trip_c`, message: 'expected strictly increasing trip temperatures' });
    const cores = d.cores === 'all' ? Array.from({ length: coreCount }, (_, k) => k) : d.cores;
    cores.forEach((core, j) => {
      if (core >= owner.length) {
        out.push({ path: `${p}.cores.${j}`, message: `expected a core id below ${coreCount}, got ${core}` });
      } else if (owner[core] !== -1) {
        out.push({ path: `${p}.cores.${j}`, message: `core ${core} is already in dvfs.domains.${owner[core]}` });
      } else {
        owner[core] = i;
      }
    });
  });
  const uncovered = Array.from(owner).indexOf(-1);
  if (uncovered >= 0)
    out.push({ path: 'dvfs.domains', message: `expected every core in a DVFS domain; core ${uncovered} is in none` });
  const temps = c.refresh.tref_curve.map((p) => p[0]);
  if (!strictlyMonotone(temps, 1))
    out.push({ path: 'refresh.tref_curve', message: 'expected strictly increasing temperatures' });
  const t = c.thermal;
  const dieMax = Math.max(...c.geometry.die_mm);
  if (t.spreader.side_mm < dieMax)
    out.push({
      path: 'thermal.spreader.side_mm',
      message: `expected at least the die size (${dieMax} mm), got ${t.spreader.side_mm}`,
    });
  if (t.sink.side_mm < t.spreader.side_mm)
    out.push({
      path: 'thermal.sink.side_mm',
      message: `expected at least the spreader side (${t.spreader.side_mm} mm), got ${t.sink.side_mm}`,
    });
  if (t.backend === 'hotspot-file') out.push(...hotspotFileProblems(c));
  return out;
}

const isPowerOfTwo = (n: number) => Number.isInteger(n) && n > 0 && (n & (n - 1)) === 0;

/** What an external HotSpot accepts: a power-of-two grid (its grid model refuses others), air cooling (it has no convective-only package). */
function hotspotFileProblems(c: ArchConfig): FieldProblem[] {
  const out: FieldProblem[] = [];
  c.thermal.grid.forEach((n, i) => {
    if (!isPowerOfTwo(n))
      out.push({
        path: `thermal.grid.${i}`,
        message: `expected a power of two for backend "hotspot-file" (HotSpot's grid model refuses others), got ${n}`,
      });
  });
  if (c.geometry.cooling.type === 'convective') {
    out.push({
      path: 'geometry.cooling.type',
      message: 'expected "air" for backend "hotspot-file": "convective" has no HotSpot equivalent',
    });
  }
  return out;
}

export function workloadProblems(c: WorkloadConfig): FieldProblem[] {
  const out: FieldProblem[] = [];
  if (c.routing.topk > c.moe.experts_per_layer) {
    out.push({
      path: 'routing.topk',
      message: `expected at most moe.experts_per_layer (${c.moe.experts_per_layer}), got ${c.routing.topk}`,
    });
  }
  const empirical = c.routing.model === 'empirical';
  if (empirical && c.routing.counts_file === undefined)
    out.push({ path: 'routing.counts_file', message: 'expected a counts file with model: empirical' });
  if (!empirical && c.routing.counts_file !== undefined)
    out.push({ path: 'routing.counts_file', message: 'only read with model: empirical' });
  if (empirical && c.routing.balance !== undefined)
    out.push({
      path: 'routing.balance',
      message: 'calibrates the Zipf model; model: empirical takes its balance from the counts',
    });
  const b = c.routing.balance;
  const ratio = c.moe.experts_per_layer / c.routing.topk;
  if (b !== undefined && 'max_over_mean' in b && !(b.max_over_mean < ratio)) {
    out.push({
      path: 'routing.balance.max_over_mean',
      message: `expected below experts_per_layer / topk = ${ratio} (the hottest expert in every token's top-k), got ${b.max_over_mean}`,
    });
  }
  if (b !== undefined && 'gini' in b && !(b.gini < 1 - 1 / ratio)) {
    out.push({
      path: 'routing.balance.gini',
      message: `expected below 1 - topk / experts_per_layer = ${1 - 1 / ratio} (topk experts take every token), got ${b.gini}`,
    });
  }
  out.push(...modelDimsProblems(c));
  return out;
}

export function tasParamsProblems(c: TasParams): FieldProblem[] {
  const out: FieldProblem[] = [];
  const { Thot, Temg } = c.tacs.thresholds;
  if (!(Temg > Thot)) out.push({ path: 'tacs.thresholds.Temg', message: `expected above Thot (${Thot}), got ${Temg}` });
  return out;
}
