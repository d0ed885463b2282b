/**
 * A logical chunk indexed by group: group g = (step - stepStart, layer, lane)
 * numbered ((step - stepStart) * layers + layer) * microBatches + lane, where the
 * micro-batch id of lane j in step s is s * microBatches + j (the @tasmoe/traces
 * numbering: a micro-batch is one lane's tokens of one step). Events are
 * contiguous per group (the contract orders them by step, layer, mb, token);
 * weight reads are bucketed per group by a counting sort, whatever their order.
 * The chunk is checked against the LogicalChunk contract here, once.
 */
import type { LogicalChunk } from '@tasmoe/schemas';
import { PhysicalizerError } from './errors.js';
import type { WorkloadShape } from './workload-shape.js';

/**
 * Per-entry checks of the experts of events (k per event) are not made here but
 * per group where the physicalizer sums them (a group whose entries do not all
 * fall in its layer's expert ranges is refused there, see groupExpertsError).
 */
export interface IndexedChunk {
  readonly chunk: LogicalChunk;
  /** Events of group g: [evStart[g], evStart[g + 1]). */
  readonly evStart: Int32Array;
  /** Weight reads of group g: wPerm[wStart[g] .. wStart[g + 1]). */
  readonly wStart: Int32Array;
  readonly wPerm: Int32Array;
}

function bad(chunk: LogicalChunk, msg: string): PhysicalizerError {
  return new PhysicalizerError(
    'TRACE_INVALID',
    `logical chunk ${chunk.chunkIndex} (steps ${chunk.stepStart}..${chunk.stepStart + chunk.stepCount - 1}): ${msg}`,
  );
}

/** Expert numbering (schemas ids.ts): routed n = layer * E + index, shared n = layers * E + layer * S + j. */
export function expertOfLayer(e: number, layer: number, w: WorkloadShape): boolean {
  const E = w.expertsPerLayer;
  if (e >= layer * E && e < layer * E + E) return true;
  const s0 = w.layers * E + layer * w.sharedExperts;
  return e >= s0 && e < s0 + w.sharedExperts;
}

export function indexChunk(
  chunk: LogicalChunk,
  w: WorkloadShape,
  expectedIndex: number,
  expectedStepStart: number,
): IndexedChunk {
  const L = w.layers;
  const M = w.microBatches;
  const k = chunk.k;
  if (chunk.chunkIndex !== expectedIndex || chunk.stepStart !== expectedStepStart) {
    throw bad(chunk, `expected chunk ${expectedIndex} starting at step ${expectedStepStart}`);
  }
  if (k !== w.k) throw bad(chunk, `k = ${k}, the workload has topk + shared_experts = ${w.k}`);
  const n = chunk.eventCount;
  if (
    chunk.step.length < n ||
    chunk.mb.length < n ||
    chunk.token.length < n ||
    chunk.layer.length < n ||
    chunk.experts.length < n * k ||
    chunk.expertFlops.length < n * k ||
    chunk.attnFlops.length < n ||
    chunk.kvBytes.length < n
  ) {
    throw bad(chunk, `columns shorter than eventCount ${n} (x k for experts)`);
  }
  const groups = chunk.stepCount * L * M;
  const evStart = new Int32Array(groups + 1);
  let prev = -1;
  for (let i = 0; i < n; i++) {
    const step = chunk.step[i] ?? 0;
    const s = step - chunk.stepStart;
    const l = chunk.layer[i] ?? 0;
    const mb = (chunk.mb[i] ?? 0) - step * M;
    if (s < 0 || s >= chunk.stepCount || l < 0 || l >= L || mb < 0 || mb >= M) {
      throw bad(
        chunk,
        `event ${i}: (step ${step}, layer ${l}, mb ${chunk.mb[i]}) outside the chunk / ${L} layers / micro-batch ids ${step * M}..${step * M + M - 1} of step ${step}`,
      );
    }
    const g = (s * L + l) * M + mb;
    if (g < prev) throw bad(chunk, `event ${i}: events must be ordered by (step, layer, mb, token)`);
    prev = g;
    evStart[g + 1] = (evStart[g + 1] ?? 0) + 1;
  }
  for (let g = 0; g < groups; g++) evStart[g + 1] = (evStart[g + 1] ?? 0) + (evStart[g] ?? 0);

  const nw = chunk.weightReadCount;
  if (
    chunk.wStep.length < nw ||
    chunk.wMb.length < nw ||
    chunk.wLayer.length < nw ||
    chunk.wExpert.length < nw ||
    chunk.wShard.length < nw ||
    chunk.wBytes.length < nw
  ) {
    throw bad(chunk, `weight-read columns shorter than weightReadCount ${nw}`);
  }
  const wStart = new Int32Array(groups + 1);
  for (let r = 0; r < nw; r++) {
    const step = chunk.wStep[r] ?? 0;
    const s = step - chunk.stepStart;
    const l = chunk.wLayer[r] ?? 0;
    const mb = (chunk.wMb[r] ?? 0) - step * M;
    const e = chunk.wExpert[r] ?? -1;
    const sh = chunk.wShard[r] ?? -1;
    if (
      s < 0 ||
      s >= chunk.stepCount ||
      l < 0 ||
      l >= L ||
      mb < 0 ||
      mb >= M ||
      !expertOfLayer(e, l, w) ||
      sh < 0 ||
      sh >= w.shardsPerExpert
    ) {
      throw bad(
        chunk,
        `weight read ${r}: (step ${chunk.wStep[r]}, layer ${l}, mb ${mb}, E${e}, shard ${sh}) out of range`,
      );
    }
    const g = (s * L + l) * M + mb;
    wStart[g + 1] = (wStart[g + 1] ?? 0) + 1;
  }
  for (let g = 0; g < groups; g++) wStart[g + 1] = (wStart[g + 1] ?? 0) + (wStart[g] ?? 0);
  const cursor = wStart.slice(0, groups);
  const wPerm = new Int32Array(nw);
  for (let r = 0; r < nw; r++) {
    // Group key again (cheaper than keeping a per-read array alive).
    const step = chunk.wStep[r] ?? 0;
    const g = ((step - chunk.stepStart) * L + (chunk.wLayer[r] ?? 0)) * M + ((chunk.wMb[r] ?? 0) - step * M);
    const p = cursor[g] ?? 0;
    wPerm[p] = r;
    cursor[g] = p + 1;
  }
  return { chunk, evStart, wStart, wPerm };
}

/** The TRACE_INVALID error for a group whose expert entries or FLOPs break the contract (slow path: finds the entry). */
export function groupExpertsError(ic: IndexedChunk, w: WorkloadShape, ev0: number, ev1: number): PhysicalizerError {
  const ch = ic.chunk;
  for (let i = ev0; i < ev1; i++) {
    const l = ch.layer[i] ?? 0;
    for (let j = i * ch.k; j < i * ch.k + ch.k; j++) {
      const e = ch.experts[j] ?? -1;
      if (!expertOfLayer(e, l, w)) {
        return bad(
          ch,
          `event ${i}: expert ${e} is not an expert of MoE layer ${l} (routed ${l * w.expertsPerLayer}..${(l + 1) * w.expertsPerLayer - 1}, shared after all routed experts)`,
        );
      }
      if (!((ch.expertFlops[j] ?? -1) >= 0)) return bad(ch, `event ${i}: negative or missing expert FLOPs`);
    }
  }
  return bad(ch, `events ${ev0}..${ev1 - 1}: expert entries do not add up`);
}
