/**
 * Empirical routing: sampled per-layer selection frequencies match the counts
 * file. Pearson's chi-square over a layer's experts against the expected
 * selections N * k * c_i / sum(c), at significance 0.001 with m - 1 degrees of
 * freedom (m experts with a positive count). With k distinct experts per token
 * each count is a sum of N Bernoullis, whose Pearson terms have mean 1 - p_i,
 * so the test is conservative; the negative control (counts used directly as
 * weights, which top-k sampling flattens) shows it still rejects a wrong model.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { resolveConfig, type ResolvedWorkloadConfig } from '@tasmoe/schemas';
import { workloadInput } from './__fixtures__/workloads.js';
import { emptyExpertSelectionCounts, countExpertSelections } from './expert-frequencies.js';
import { createLogicalSource, generateSteps } from './logical-source.js';
import { buildEmpiricalRoutingModel } from './routing-model.js';
import { analyticExpertSelectionProbability } from './selection-probability.js';
import { traceShape } from './trace-shape.js';
import { TracesError } from './errors.js';

const root = mkdtempSync(path.join(tmpdir(), 'tasmoe-counts-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

const COUNTS = [
  [900, 500, 300, 200, 100, 60, 30, 0],
  [120, 130, 140, 150, 160, 170, 180, 190],
];

function countsFile(rows: number[][], name = 'counts.csv', extra = ''): string {
  const p = path.join(root, name);
  const lines = ['layer,expert,count', ...rows.flatMap((r, l) => r.map((c, e) => `${l},${e},${c}`))];
  writeFileSync(p, `${lines.join('\n')}\n${extra}`);
  return p;
}

function empirical(file: string, steps = 500): ResolvedWorkloadConfig {
  const base = workloadInput({ layers: 2, experts: 8, topk: 2, microBatch: 16, steps });
  return resolveConfig('workload', { ...base, routing: { ...base.routing, model: 'empirical', counts_file: file } });
}

/** chi-square quantile by Wilson-Hilferty; z = 3.0902 is the standard normal 0.999 quantile. */
function chi2Critical999(df: number): number {
  const a = 2 / (9 * df);
  return df * (1 - a + 3.0902 * Math.sqrt(a)) ** 3;
}

function chiSquare(observed: ArrayLike<number>, expected: ArrayLike<number>): { stat: number; df: number } {
  let stat = 0;
  let m = 0;
  for (let i = 0; i < expected.length; i++) {
    const e = expected[i] as number;
    if (e <= 0) {
      expect(observed[i]).toBe(0);
      continue;
    }
    m++;
    stat += ((observed[i] as number) - e) ** 2 / e;
  }
  return { stat, df: m - 1 };
}

describe('routing.model: empirical', () => {
  it('sampled per-layer selections match the counts (chi-square, p = 0.001); a zero count is never drawn', () => {
    const cfg = empirical(countsFile(COUNTS));
    const src = createLogicalSource(cfg, { stepsPerChunk: 100 });
    const counts = emptyExpertSelectionCounts(cfg.moe);
    for (let c = 0; c < src.chunkCount; c++) countExpertSelections(src.chunk(c), counts);
    for (let l = 0; l < 2; l++) {
      const n = counts.eventsPerLayer[l] as number;
      const sum = (COUNTS[l] as number[]).reduce((a, b) => a + b, 0);
      const expected = (COUNTS[l] as number[]).map((c) => (n * 2 * c) / sum);
      const { stat, df } = chiSquare(counts.selections.subarray(l * 8, l * 8 + 8), expected);
      expect(stat, `layer ${l}`).toBeLessThan(chi2Critical999(df));
    }
    // the analytic heat TAPS gets is the counts' share, exactly
    const heat = analyticExpertSelectionProbability(cfg);
    expect(heat[0]).toBeCloseTo((2 * 900) / 2090, 8);
    expect(heat[7]).toBe(0);
  });

  it('negative control: the raw counts as sampling weights are rejected by the same test', () => {
    const cfg = empirical(countsFile(COUNTS, 'raw.csv'));
    const shape = traceShape(cfg);
    const raw = Float64Array.from(COUNTS.flat());
    const routing = buildEmpiricalRoutingModel(2, 8, 2, raw);
    const counts = emptyExpertSelectionCounts(cfg.moe);
    countExpertSelections(generateSteps(shape, routing, 0, 0, shape.steps), counts);
    const n = counts.eventsPerLayer[0] as number;
    const expected = (COUNTS[0] as number[]).map((c) => (n * 2 * c) / 2090);
    const { stat, df } = chiSquare(counts.selections.subarray(0, 8), expected);
    expect(stat).toBeGreaterThan(chi2Critical999(df));
  });

  it('is deterministic per seed and a chunk made alone equals the sequential one', () => {
    const cfg = empirical(countsFile(COUNTS, 'det.csv'), 20);
    const a = createLogicalSource(cfg, { stepsPerChunk: 4 });
    const b = createLogicalSource(cfg, { stepsPerChunk: 4 });
    expect(b.chunk(3)).toEqual(a.chunk(3));
    const other = createLogicalSource({ ...cfg, routing: { ...cfg.routing, seed: 8 } }, { stepsPerChunk: 4 });
    expect(other.chunk(3).experts).not.toEqual(a.chunk(3).experts);
  });

  it('refuses bad counts files with file:line and field', () => {
    expect(() => createLogicalSource(empirical(countsFile(COUNTS, 'dup.csv', '0,1,5\n')))).toThrow(
      /dup\.csv:18: layer 0 expert 1 given twice/,
    );
    const negative = countsFile([[...(COUNTS[0] as number[]).slice(0, 7), -1], COUNTS[1] as number[]], 'neg2.csv');
    expect(() => createLogicalSource(empirical(negative))).toThrow(
      /neg2\.csv:9: field count: expected a finite non-negative number/,
    );
    const short = countsFile([COUNTS[0] as number[]], 'short.csv');
    expect(() => createLogicalSource(empirical(short))).toThrow(/layer 1 expert 0 missing/);
    const hog = countsFile([[1000, 1, 1, 1, 1, 1, 1, 1], COUNTS[1] as number[]], 'hog.csv');
    expect(() => createLogicalSource(empirical(hog))).toThrow(/at most every token's top-k/);
    const few = countsFile([[5, 0, 0, 0, 0, 0, 0, 0], COUNTS[1] as number[]], 'few.csv');
    const err = (() => {
      try {
        createLogicalSource(empirical(few));
      } catch (e) {
        return e;
      }
    })();
    expect(err).toBeInstanceOf(TracesError);
    expect((err as TracesError).category).toBe('input');
    expect((err as Error).message).toMatch(/layer 0 has 1 experts with a positive count, fewer than topk = 2/);
  });

  it('the workload schema ties model and counts_file together', () => {
    const base = workloadInput({ layers: 2 });
    expect(() => resolveConfig('workload', { ...base, routing: { ...base.routing, model: 'empirical' } })).toThrow(
      /routing\.counts_file/,
    );
    expect(() => resolveConfig('workload', { ...base, routing: { ...base.routing, counts_file: 'x.csv' } })).toThrow(
      /only read with model: empirical/,
    );
  });
});
