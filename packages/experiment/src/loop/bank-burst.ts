/**
 * The read-burst response TAPS places tensors with (BankBurstResponse): the loop's thermal model,
 * one read lasting a weight shard's bytes at the shard-read bandwidth (@tasmoe/taps
 * shardReadBytesPerS: the stripe's banks, capped by the vault's TSVs), the time the physicalizer
 * gives a shard read when nothing else holds the vault (transfers.ts).
 */
import type { BankBurstResponse, ResolvedArchConfig, ResolvedTasParams, ResolvedWorkloadConfig } from '@tasmoe/schemas';
import { shardReadBytesPerS } from '@tasmoe/taps';
import { computeBankBurstResponse } from '@tasmoe/thermal';

export function shardReadSeconds(
  arch: ResolvedArchConfig,
  workload: ResolvedWorkloadConfig,
  tas: ResolvedTasParams,
): number {
  return (workload.tensors.weight_shard_mb * 1024 * 1024) / shardReadBytesPerS(arch, tas.taps);
}

export function bankBurstResponse(
  arch: ResolvedArchConfig,
  workload: ResolvedWorkloadConfig,
  tas: ResolvedTasParams,
): BankBurstResponse {
  return computeBankBurstResponse(arch, shardReadSeconds(arch, workload, tas));
}
