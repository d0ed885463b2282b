/**
 * Id codecs (SPEC section 2): experts `E<n>` with n = layer * experts_per_layer + index,
 * banks `B(x,y,layer)`, cores as row-major integers on the mesh, weight tensors
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

/** Global expert number of (MoE layer, index within layer). Shared experts use indices >= routed count. */
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
