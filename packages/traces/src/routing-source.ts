/**
 * The routing model a workload asks for: Zipf(zipf_s) (or the exponent solved
 * for routing.balance, balance-calibration.ts), or the measured counts of
 * routing.counts_file turned into sampling weights that reproduce them
 * (inclusion-inverse.ts). The empirical weights are memoised per process by the
 * counts file's content, since every pass of a run opens its own source.
 */
import { createHash } from 'node:crypto';
import type { ResolvedWorkloadConfig } from '@tasmoe/schemas';
import { readCountsFile } from './counts-file.js';
import { weightsForInclusion } from './inclusion-inverse.js';
import { buildEmpiricalRoutingModel, buildRoutingModel, type RoutingModel } from './routing-model.js';
import type { TraceShape } from './trace-shape.js';

const weightMemo = new Map<string, Float64Array>();

/** Per-layer sampling weights of a counts file (layer * E + expert). */
export function empiricalWeights(file: string, shape: TraceShape): Float64Array {
  const { layers, expertsPerLayer: E, topk } = shape;
  const counts = readCountsFile(file, layers, E, topk);
  const key = `${layers}:${E}:${topk}:${createHash('sha256').update(counts).digest('hex')}`;
  const known = weightMemo.get(key);
  if (known !== undefined) return known;
  const w = new Float64Array(layers * E);
  for (let l = 0; l < layers; l++)
    w.set(weightsForInclusion(counts.subarray(l * E, (l + 1) * E), topk, `${file} layer ${l}`), l * E);
  weightMemo.set(key, w);
  return w;
}

export function routingModelFor(cfg: ResolvedWorkloadConfig, shape: TraceShape): RoutingModel {
  const file = cfg.routing.counts_file;
  if (cfg.routing.model === 'empirical' && file !== undefined) {
    return buildEmpiricalRoutingModel(shape.layers, shape.expertsPerLayer, shape.topk, empiricalWeights(file, shape));
  }
  return buildRoutingModel(shape.seed, shape.layers, shape.expertsPerLayer, shape.topk, shape.zipfS);
}
