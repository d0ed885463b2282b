/**
 * Drift: the hot set changes exactly at the configured steps and nowhere else,
 * deterministically per seed. With zipf_s = 3 and top-1 the hottest expert
 * takes ~83 % of a layer's tokens, so the most used expert of each step (64
 * tokens) is the rank-0 expert of that step's ranking.
 */
import { describe, expect, it } from 'vitest';
import { resolveConfig, type ResolvedWorkloadConfig } from '@tasmoe/schemas';
import { workloadInput } from './__fixtures__/workloads.js';
import { createLogicalSource } from './logical-source.js';
import { rankingOfEpoch } from './drift.js';
import { traceShape } from './trace-shape.js';
import { buildRoutingModel } from './routing-model.js';

function drifting(
  drift: { every_steps: number; mode: 'rotate' | 'redraw'; shift?: number } | undefined,
  seed = 7,
): ResolvedWorkloadConfig {
  const base = workloadInput({ layers: 2, experts: 8, topk: 1, zipf: 3, microBatch: 64, steps: 20, seed });
  return resolveConfig('workload', { ...base, routing: { ...base.routing, ...(drift ? { drift } : {}) } });
}

/** Most used expert of each (step, layer). */
function hotExperts(cfg: ResolvedWorkloadConfig): number[][] {
  const src = createLogicalSource(cfg, { stepsPerChunk: 1 });
  const out: number[][] = [];
  for (let s = 0; s < src.chunkCount; s++) {
    const ch = src.chunk(s);
    const byLayer: number[] = [];
    for (let l = 0; l < 2; l++) {
      const n = new Map<number, number>();
      for (let i = 0; i < ch.eventCount; i++)
        if (ch.layer[i] === l) n.set(ch.experts[i] as number, (n.get(ch.experts[i] as number) ?? 0) + 1);
      byLayer.push([...n.entries()].sort((a, b) => b[1] - a[1])[0]?.[0] ?? -1);
    }
    out.push(byLayer);
  }
  return out;
}

describe('routing.drift', () => {
  it('rotate: the hot expert changes at every multiple of every_steps and only there', () => {
    const hot = hotExperts(drifting({ every_steps: 6, mode: 'rotate', shift: 1 }));
    for (let s = 1; s < hot.length; s++) {
      for (let l = 0; l < 2; l++) expect(hot[s]?.[l] !== hot[s - 1]?.[l], `step ${s} layer ${l}`).toBe(s % 6 === 0);
    }
    // no drift: the same hot expert throughout
    const flat = hotExperts(drifting(undefined));
    for (const h of flat) expect(h).toEqual(flat[0]);
    expect(hot.slice(0, 6)).toEqual(flat.slice(0, 6));
  });

  it('redraw: the ranking changes at every epoch boundary, is fixed within an epoch, and is deterministic per seed', () => {
    const cfg = drifting({ every_steps: 4, mode: 'redraw' });
    const shape = traceShape(cfg);
    const routing = buildRoutingModel(shape.seed, shape.layers, shape.expertsPerLayer, shape.topk, shape.zipfS);
    const rankings = [0, 1, 2, 3, 4].map((e) => Array.from(rankingOfEpoch(shape, routing, e, new Int32Array(16))));
    for (let e = 1; e < rankings.length; e++) expect(rankings[e]).not.toEqual(rankings[e - 1]);
    for (const r of rankings)
      for (let l = 0; l < 2; l++) expect([...r.slice(l * 8, l * 8 + 8)].sort()).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
    const hot = hotExperts(cfg);
    for (let s = 1; s < hot.length; s++) if (s % 4 !== 0) expect(hot[s]).toEqual(hot[s - 1]);
    expect(hotExperts(cfg)).toEqual(hot);
    expect(hotExperts(drifting({ every_steps: 4, mode: 'redraw' }, 8))).not.toEqual(hot);
    const a = createLogicalSource(cfg, { stepsPerChunk: 3 });
    expect(createLogicalSource(cfg, { stepsPerChunk: 3 }).chunk(5)).toEqual(a.chunk(5));
  });
});
