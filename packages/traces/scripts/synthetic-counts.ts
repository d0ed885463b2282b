/**
 * Writes configs/counts_mixtral_8x7b_synthetic.csv: a SYNTHETIC counts file
 * (not a recording) with the shape of published expert-load figures. Per-layer
 * max/mean load is spread linearly from 1.5 (layer 0) to 3.17 (last layer):
 * 1.5-3.2 is the range reported for serving traces, 3.17 the DeepSeek-V3
 * layer quoted with max/min 11. Each layer's loads are the top-k inclusion
 * probabilities of the Zipf exponent with that max/mean (balance-calibration.ts)
 * times 1,000,000 tokens x top-2, rounded, assigned to experts by the seeded
 * per-layer permutation of seed 2024. Run:
 *   pnpm --filter @tasmoe/traces exec tsx --conditions=@tasmoe/source scripts/synthetic-counts.ts
 */
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import {
  countsCsv,
  layerRankToExpert,
  solveZipfExponent,
  topkInclusionProbabilities,
  zipfRankWeights,
} from '../src/index.js';

const LAYERS = 32;
const EXPERTS = 8;
const TOPK = 2;
const TOKENS = 1_000_000;
const SEED = 2024;
const counts = new Float64Array(LAYERS * EXPERTS);
for (let l = 0; l < LAYERS; l++) {
  const target = 1.5 + ((3.17 - 1.5) * l) / (LAYERS - 1);
  const s = solveZipfExponent(EXPERTS, TOPK, { max_over_mean: target });
  const p = topkInclusionProbabilities(zipfRankWeights(EXPERTS, s), TOPK);
  const perm = layerRankToExpert(SEED, l, EXPERTS);
  for (let r = 0; r < EXPERTS; r++) counts[l * EXPERTS + (perm[r] as number)] = Math.round((p[r] as number) * TOKENS);
}
const out = path.resolve(import.meta.dirname, '../../../configs/counts_mixtral_8x7b_synthetic.csv');
writeFileSync(out, countsCsv({ layers: LAYERS, expertsPerLayer: EXPERTS, counts }));
console.log(`${out}: ${LAYERS} layers x ${EXPERTS} experts`);
