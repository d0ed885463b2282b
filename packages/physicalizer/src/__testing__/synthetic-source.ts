/**
 * A small deterministic LogicalSource for tests and the bench (the real one is
 * @tasmoe/traces, not on this branch). It fills LogicalChunk as the contract
 * says: events ordered by (step, layer, mb, token), k = topk + shared experts
 * per event (routed top-k distinct, Zipf popularity with a per-layer
 * permutation, then the layer's shared experts), one weight read per
 * (step, mb, layer, used expert, shard). Micro-batch and token ids follow
 * @tasmoe/traces: lane j of step s is micro-batch s * concurrency + j, its
 * tokens (s * concurrency + j) * micro_batch + q. Chunk i is generated from (seed, i) alone.
 */
import type { LogicalChunk, LogicalSource, ResolvedWorkloadConfig } from '@tasmoe/schemas';
import seedrandom from 'seedrandom';

const MIB = 1024 * 1024;

export interface SyntheticSourceOptions {
  readonly seed?: number;
  readonly stepsPerChunk?: number;
  /** Keep generated chunks (bench: time lowering, not generation). */
  readonly cache?: boolean;
}

export function syntheticSource(wl: ResolvedWorkloadConfig, opts: SyntheticSourceOptions = {}): LogicalSource {
  const seed = opts.seed ?? wl.routing.seed;
  const spc = opts.stepsPerChunk ?? 8;
  const { layers: L, experts_per_layer: E, shared_experts: S } = wl.moe;
  const topk = wl.routing.topk;
  const k = topk + S;
  const B = wl.sequence.micro_batch;
  const M = wl.sequence.concurrency;
  const steps = wl.sequence.steps;
  const shards = wl.tensors.shards_per_expert;
  const shardBytes = Math.round(wl.tensors.weight_shard_mb * MIB);
  const fcPerExpert = wl.operators.fc.flop_per_token / k;
  // Zipf CDF over popularity ranks; rank r of layer l is expert perm[l][r].
  const cdf = new Float64Array(E);
  let acc = 0;
  for (let r = 0; r < E; r++) {
    acc += 1 / (r + 1) ** wl.routing.zipf_s;
    cdf[r] = acc;
  }
  for (let r = 0; r < E; r++) cdf[r] = (cdf[r] ?? 0) / acc;
  const permRng = seedrandom(`${seed}:perm`);
  const perm: Int32Array[] = [];
  for (let l = 0; l < L; l++) {
    const p = Int32Array.from({ length: E }, (_, i) => i);
    for (let i = E - 1; i > 0; i--) {
      const j = Math.floor(permRng() * (i + 1));
      const t = p[i] ?? 0;
      p[i] = p[j] ?? 0;
      p[j] = t;
    }
    perm.push(p);
  }
  const cache = new Map<number, LogicalChunk>();
  const chunkCount = Math.ceil(steps / spc);

  function generate(index: number): LogicalChunk {
    const rng = seedrandom(`${seed}:chunk:${index}`);
    const stepStart = index * spc;
    const stepCount = Math.min(spc, steps - stepStart);
    const n = stepCount * L * M * B;
    const step = new Int32Array(n);
    const mb = new Int32Array(n);
    const token = new Int32Array(n);
    const layer = new Int32Array(n);
    const experts = new Int32Array(n * k);
    const expertFlops = new Float64Array(n * k).fill(fcPerExpert);
    const attnFlops = new Float64Array(n).fill(wl.operators.attn.flop_per_token);
    const kvBytes = new Float64Array(n);
    const maxReads = stepCount * L * M * (Math.min(E, B * topk) + S) * shards;
    const wStep = new Int32Array(maxReads);
    const wMb = new Int32Array(maxReads);
    const wLayer = new Int32Array(maxReads);
    const wExpert = new Int32Array(maxReads);
    const wShard = new Int32Array(maxReads);
    const wBytes = new Float64Array(maxReads);
    const used = new Uint8Array(L * (E + S));
    const usedList: number[] = [];
    // usedBy[(s, l, m)] collected while emitting events; reads emitted in (step, mb, layer) order after.
    const groupUsed: number[][] = [];
    let i = 0;
    for (let s = stepStart; s < stepStart + stepCount; s++) {
      for (let l = 0; l < L; l++) {
        for (let m = 0; m < M; m++) {
          usedList.length = 0;
          for (let q = 0; q < B; q++) {
            step[i] = s;
            mb[i] = s * M + m;
            layer[i] = l;
            token[i] = (s * M + m) * B + q;
            kvBytes[i] = Math.round((wl.sequence.tokens + s) * wl.operators.attn.kv_bytes_per_token);
            let got = 0;
            while (got < topk) {
              const u = rng();
              let lo = 0;
              let hi = E - 1;
              while (lo < hi) {
                const mid = (lo + hi) >> 1;
                if ((cdf[mid] ?? 1) < u) lo = mid + 1;
                else hi = mid;
              }
              const e = l * E + (perm[l]?.[lo] ?? 0);
              let dup = false;
              for (let j = 0; j < got; j++) if (experts[i * k + j] === e) dup = true;
              if (dup) continue;
              experts[i * k + got] = e;
              got++;
            }
            for (let j = 0; j < S; j++) experts[i * k + topk + j] = L * E + l * S + j;
            for (let j = 0; j < k; j++) {
              const e = experts[i * k + j] ?? 0;
              if (used[e] === 0) {
                used[e] = 1;
                usedList.push(e);
              }
            }
            i++;
          }
          usedList.sort((a, b) => a - b);
          for (const e of usedList) used[e] = 0;
          groupUsed.push([...usedList]);
        }
      }
    }
    let r = 0;
    for (let s = 0; s < stepCount; s++) {
      for (let m = 0; m < M; m++) {
        for (let l = 0; l < L; l++) {
          for (const e of groupUsed[(s * L + l) * M + m] ?? []) {
            for (let sh = 0; sh < shards; sh++) {
              wStep[r] = stepStart + s;
              wMb[r] = (stepStart + s) * M + m;
              wLayer[r] = l;
              wExpert[r] = e;
              wShard[r] = sh;
              wBytes[r] = shardBytes;
              r++;
            }
          }
        }
      }
    }
    return {
      chunkIndex: index,
      stepStart,
      stepCount,
      k,
      eventCount: n,
      eventIdBase: stepStart * L * M * B,
      step,
      mb,
      token,
      layer,
      experts,
      expertFlops,
      attnFlops,
      kvBytes,
      weightReadCount: r,
      wStep,
      wMb,
      wLayer,
      wExpert,
      wShard,
      wBytes,
    };
  }

  return {
    totalSteps: steps,
    stepsPerChunk: spc,
    chunkCount,
    chunk(index: number): LogicalChunk {
      if (index < 0 || index >= chunkCount) throw new RangeError(`chunk ${index} outside 0..${chunkCount - 1}`);
      if (opts.cache !== true) return generate(index);
      let c = cache.get(index);
      if (c === undefined) {
        c = generate(index);
        cache.set(index, c);
      }
      return c;
    },
  };
}
