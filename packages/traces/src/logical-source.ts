/**
 * The streaming logical trace: chunk k covers decode steps
 * [k * stepsPerChunk, (k + 1) * stepsPerChunk). Each decode step draws from its
 * own seeded stream (seed, step), so a chunk is reproducible on its own, chunks
 * can be made in parallel or out of order, and the trace does not depend on
 * stepsPerChunk at all.
 */
import type { LogicalChunk, LogicalSource, ResolvedWorkloadConfig } from '@tasmoe/schemas';
import { TracesError } from './errors.js';
import { createRanking } from './drift.js';
import { seededStream, type RoutingModel } from './routing-model.js';
import { routingModelFor } from './routing-source.js';
import { kvReadBytes, traceShape, type TraceShape } from './trace-shape.js';

/**
 * How a token's next expert is drawn (both exact, see trace_schema.md): with few
 * experts a scan over the free ranks is cheapest; with many, rejection from the
 * alias table of the full Zipf, as long as at least REJECTION_MIN_FREE of the
 * mass is free (so fewer than 2 draws on average), else the scan.
 */
const SCAN_MAX_EXPERTS = 16;
const REJECTION_MIN_FREE = 0.5;

export interface LogicalSourceOptions {
  /** Decode steps per chunk (default 1). */
  readonly stepsPerChunk?: number;
  /** Overrides `routing.seed`. */
  readonly seed?: number;
}

/** A LogicalSource that also exposes the shape and routing model it was built from. */
export interface TraceSource extends LogicalSource {
  readonly shape: TraceShape;
  readonly routing: RoutingModel;
}

export function createLogicalSource(cfg: ResolvedWorkloadConfig, opts: LogicalSourceOptions = {}): TraceSource {
  const shape = traceShape(cfg, opts.seed);
  const stepsPerChunk = opts.stepsPerChunk ?? 1;
  if (!Number.isSafeInteger(stepsPerChunk) || stepsPerChunk < 1) {
    throw new TracesError('TRACE_OPTION_INVALID', `stepsPerChunk must be a positive integer, got ${stepsPerChunk}`);
  }
  const routing = routingModelFor(cfg, shape);
  const chunkCount = Math.ceil(shape.steps / stepsPerChunk);
  return {
    shape,
    routing,
    totalSteps: shape.steps,
    stepsPerChunk,
    chunkCount,
    chunk(index: number): LogicalChunk {
      if (!Number.isSafeInteger(index) || index < 0 || index >= chunkCount) {
        throw new TracesError('TRACE_CHUNK_OUT_OF_RANGE', `chunk ${index} out of range 0..${chunkCount - 1}`);
      }
      const stepStart = index * stepsPerChunk;
      return generateSteps(shape, routing, index, stepStart, Math.min(stepsPerChunk, shape.steps - stepStart));
    },
  };
}

/** Generate decode steps [stepStart, stepStart + stepCount) as one chunk. */
export function generateSteps(
  shape: TraceShape,
  routing: RoutingModel,
  chunkIndex: number,
  stepStart: number,
  stepCount: number,
): LogicalChunk {
  const { layers, expertsPerLayer: E, sharedExperts: S, topk, k, microBatch: B, concurrency: C } = shape;
  const { rankWeight, totalWeight, positiveRanks, aliasProb, aliasRank } = routing;
  const ranking = createRanking(shape, routing);
  const eventCount = stepCount * shape.eventsPerStep;
  const maxReads = stepCount * layers * C * shape.maxWeightReadsPerGroup;

  const step = new Int32Array(eventCount);
  const mb = new Int32Array(eventCount);
  const token = new Int32Array(eventCount);
  const layer = new Int32Array(eventCount);
  const experts = new Int32Array(eventCount * k);
  const expertFlops = new Float64Array(eventCount * k).fill(shape.fcFlopsPerExpert);
  const attnFlops = new Float64Array(eventCount).fill(shape.attnFlopsPerToken);
  const kvBytes = new Float64Array(eventCount);
  const wStep = new Int32Array(maxReads);
  const wMb = new Int32Array(maxReads);
  const wLayer = new Int32Array(maxReads);
  const wExpert = new Int32Array(maxReads);
  const wShard = new Int32Array(maxReads);
  const wBytes = new Float64Array(maxReads);

  // Stamps instead of clearing: rank taken by the current token / expert already
  // read by the current (step, layer, micro-batch) group.
  const rankTakenBy = new Int32Array(E).fill(-1);
  const expertReadIn = new Int32Array(E).fill(-1);
  const shards = shape.shardsPerExpert;
  const shardBytes = shape.shardBytes;
  const sharedBase = shape.routedExpertCount;

  let e = 0;
  let w = 0;
  let group = 0;
  for (let s = stepStart; s < stepStart + stepCount; s++) {
    const rng = seededStream(shape.seed, 'step', s);
    const rankToExpert = ranking.at(s);
    const kv = kvReadBytes(shape, s);
    for (let l = 0; l < layers; l++) {
      const permBase = l * E;
      const layerTotal = totalWeight[l] as number;
      const layerRanks = positiveRanks[l] as number;
      const sharedLayerBase = sharedBase + l * S;
      for (let j = 0; j < C; j++, group++) {
        const mbId = s * C + j;
        const tokenBase = mbId * B;
        for (let i = 0; i < B; i++, e++) {
          step[e] = s;
          mb[e] = mbId;
          token[e] = tokenBase + i;
          layer[e] = l;
          kvBytes[e] = kv;
          const base = e * k;
          let remaining = layerTotal;
          for (let p = 0; p < topk; p++) {
            let picked = -1;
            if (E > SCAN_MAX_EXPERTS && remaining >= REJECTION_MIN_FREE * layerTotal) {
              // Rejection from the full Zipf is exactly sampling among the free ranks.
              do {
                const x = rng() * E;
                const col = Math.floor(x);
                picked = x - col < (aliasProb[permBase + col] as number) ? col : (aliasRank[permBase + col] as number);
              } while (rankTakenBy[picked] === e);
            } else {
              let u = rng() * remaining;
              let last = -1;
              for (let r = 0; r < layerRanks; r++) {
                if (rankTakenBy[r] === e) continue;
                last = r;
                u -= rankWeight[permBase + r] as number;
                if (u < 0) {
                  picked = r;
                  break;
                }
              }
              // Rounding in `remaining` can leave u >= 0 after the scan: the last free rank owns that sliver.
              if (picked < 0) picked = last;
            }
            rankTakenBy[picked] = e;
            remaining -= rankWeight[permBase + picked] as number;
            const idx = rankToExpert[permBase + picked] as number;
            experts[base + p] = permBase + idx;
            if (expertReadIn[idx] !== group) {
              expertReadIn[idx] = group;
              for (let sh = 0; sh < shards; sh++, w++) {
                wStep[w] = s;
                wMb[w] = mbId;
                wLayer[w] = l;
                wExpert[w] = permBase + idx;
                wShard[w] = sh;
                wBytes[w] = shardBytes;
              }
            }
          }
          for (let q = 0; q < S; q++) {
            experts[base + topk + q] = sharedLayerBase + q;
            if (i === 0) {
              for (let sh = 0; sh < shards; sh++, w++) {
                wStep[w] = s;
                wMb[w] = mbId;
                wLayer[w] = l;
                wExpert[w] = sharedLayerBase + q;
                wShard[w] = sh;
                wBytes[w] = shardBytes;
              }
            }
          }
        }
      }
    }
  }

  return {
    chunkIndex,
    stepStart,
    stepCount,
    k,
    eventCount,
    eventIdBase: stepStart * shape.eventsPerStep,
    step,
    mb,
    token,
    layer,
    experts,
    expertFlops,
    attnFlops,
    kvBytes,
    weightReadCount: w,
    wStep: wStep.subarray(0, w),
    wMb: wMb.subarray(0, w),
    wLayer: wLayer.subarray(0, w),
    wExpert: wExpert.subarray(0, w),
    wShard: wShard.subarray(0, w),
    wBytes: wBytes.subarray(0, w),
  };
}
