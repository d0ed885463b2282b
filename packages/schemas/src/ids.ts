/**
 * Id codecs (SPEC section 2): experts `E<n>` with n = layer * experts_per_layer + index
 * for routed experts; shared (always-active) expert j of layer l is numbered after all
 * routed experts, n = layers * experts_per_layer + l * shared_experts + j; banks `B(x,y,layer)`, cores as row-major integers on the mesh, weight tensors
 * `W_E<n>_<shard>`.
 */
import { IdCodecError } from './errors.js';

export type ExpertId = `E${number}`;
export type BankId = `B(${number},${number},${number})`;

export interface BankCoord {
  readonly x: number;
  readonly y: number;
  readonly layer: number;
}

const EXPERT_RE = /^E(0|[1-9][0-9]*)$/;
const BANK_RE = /^B\((0|[1-9][0-9]*),(0|[1-9][0-9]*),(0|[1-9][0-9]*)\)$/;
const WEIGHT_RE = /^W_E(0|[1-9][0-9]*)_(0|[1-9][0-9]*)$/;

function assertIndex(n: number, what: string): void {
  if (!Number.isSafeInteger(n) || n < 0) throw new IdCodecError(`${what} must be a non-negative integer, got ${n}`);
}

export function encodeExpertId(n: number): ExpertId {
  assertIndex(n, 'expert number');
  return `E${n}`;
}

export function decodeExpertId(id: string): number {
  const m = EXPERT_RE.exec(id);
  if (m === null) throw new IdCodecError(`expected an expert id like "E17", got ${JSON.stringify(id)}`);
  return Number(m[1]);
}

export function isExpertId(id: string): id is ExpertId {
  return EXPERT_RE.test(id);
}

/** Global expert number of a routed expert (MoE layer, index within layer); see sharedExpertNumber for shared ones. */
export function expertNumber(layer: number, index: number, expertsPerLayer: number): number {
  assertIndex(layer, 'layer');
  assertIndex(index, 'expert index');
  if (index >= expertsPerLayer) throw new IdCodecError(`expert index ${index} >= experts per layer ${expertsPerLayer}`);
  return layer * expertsPerLayer + index;
}

export function expertLayerAndIndex(n: number, expertsPerLayer: number): { layer: number; index: number } {
  assertIndex(n, 'expert number');
  return { layer: Math.floor(n / expertsPerLayer), index: n % expertsPerLayer };
}

export function encodeBankId(c: BankCoord): BankId {
  assertIndex(c.x, 'bank x');
  assertIndex(c.y, 'bank y');
  assertIndex(c.layer, 'bank layer');
  return `B(${c.x},${c.y},${c.layer})`;
}

export function decodeBankId(id: string): BankCoord {
  const m = BANK_RE.exec(id);
  if (m === null) throw new IdCodecError(`expected a bank id like "B(12,7,3)", got ${JSON.stringify(id)}`);
  return { x: Number(m[1]), y: Number(m[2]), layer: Number(m[3]) };
}

export function isBankId(id: string): id is BankId {
  return BANK_RE.test(id);
}

export function encodeCoreId(n: number, coreCount: number): number {
  assertIndex(n, 'core id');
  if (n >= coreCount) throw new IdCodecError(`core id ${n} out of range 0..${coreCount - 1}`);
  return n;
}

export function encodeWeightTensorId(expert: number, shard: number): string {
  assertIndex(expert, 'expert number');
  assertIndex(shard, 'shard');
  return `W_E${expert}_${shard}`;
}

export function decodeWeightTensorId(id: string): { expert: number; shard: number } {
  const m = WEIGHT_RE.exec(id);
  if (m === null) throw new IdCodecError(`expected a weight tensor id like "W_E17_0", got ${JSON.stringify(id)}`);
  return { expert: Number(m[1]), shard: Number(m[2]) };
}

export function isWeightTensorId(id: string): boolean {
  return WEIGHT_RE.test(id);
}

/** The MoE shape that expert numbering depends on (the workload config's `moe` section). */
export interface MoeShape {
  readonly layers: number;
  readonly experts_per_layer: number;
  readonly shared_experts: number;
}

/** Number of expert numbers in use: routed experts of every layer, then shared experts of every layer. */
export function expertCount(moe: MoeShape): number {
  return moe.layers * (moe.experts_per_layer + moe.shared_experts);
}

/**
 * Global expert number of shared expert `j` of MoE layer `layer`: after all routed experts,
 * so routed numbers stay `layer * experts_per_layer + index` whatever the shared count.
 */
export function sharedExpertNumber(layer: number, j: number, moe: MoeShape): number {
  assertIndex(layer, 'layer');
  assertIndex(j, 'shared expert index');
  if (layer >= moe.layers) throw new IdCodecError(`layer ${layer} >= MoE layers ${moe.layers}`);
  if (j >= moe.shared_experts)
    throw new IdCodecError(`shared expert index ${j} >= shared experts per layer ${moe.shared_experts}`);
  return moe.layers * moe.experts_per_layer + layer * moe.shared_experts + j;
}

/** Layer, index (within the routed or the shared experts of that layer) and kind of a global expert number. */
export function describeExpertNumber(n: number, moe: MoeShape): { layer: number; index: number; shared: boolean } {
  assertIndex(n, 'expert number');
  const routed = moe.layers * moe.experts_per_layer;
  if (n < routed)
    return { layer: Math.floor(n / moe.experts_per_layer), index: n % moe.experts_per_layer, shared: false };
  if (n >= expertCount(moe)) throw new IdCodecError(`expert number ${n} out of range 0..${expertCount(moe) - 1}`);
  const s = n - routed;
  return { layer: Math.floor(s / moe.shared_experts), index: s % moe.shared_experts, shared: true };
}
