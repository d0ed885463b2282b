/**
 * The read-burst response TAPS places tensors with (BankBurstResponse): the loop's thermal model,
 * one read lasting a weight shard's bytes over the vault's bandwidth, the time the physicalizer
 * gives a shard read when nothing else holds the vault (transfers.ts).
 */
import type { BankBurstResponse, ResolvedArchConfig, ResolvedWorkloadConfig } from '@tasmoe/schemas';
import { computeBankBurstResponse } from '@tasmoe/thermal';

export function shardReadSeconds(arch: ResolvedArchConfig, workload: ResolvedWorkloadConfig): number {
  return (workload.tensors.weight_shard_mb * 1024 * 1024) / (arch.dram.vault_bw_gbps * 1e9);
}

export function bankBurstResponse(arch: ResolvedArchConfig, workload: ResolvedWorkloadConfig): BankBurstResponse {
  return computeBankBurstResponse(arch, shardReadSeconds(arch, workload));
}
