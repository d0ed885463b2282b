/**
 * Which cores run the attention, for TAPS's prediction. Attention tasks run on
 * the sequences' home cores (the physicalizer's rule: lane and token slot, not
 * the placement), so the share of attention FLOPs per core is the same for every
 * placement; TAPS adds it as fixed background power (on the default Mixtral
 * config it is 1.6 W, all on cores 0-31, a third of the dynamic power).
 * Measured rather than re-derived, so it follows the physicalizer's rule
 * whatever it becomes: the attention FLOPs of the first windows of a dry
 * lowering of the default placement (every decode step runs every home core).
 */
import {
  buildTopology,
  type ResolvedArchConfig,
  type ResolvedTasParams,
  type ResolvedWorkloadConfig,
} from '@tasmoe/schemas';
import { createPhysicalizer } from '@tasmoe/physicalizer';
import { defaultPlacement } from '@tasmoe/taps';
import { createLogicalSource } from '@tasmoe/traces';
import type { OpenSource } from './window-source.js';

/** Windows lowered to count attention FLOPs (more than one decode step at the default configs). */
export const ATTENTION_SHARE_WINDOWS = 100;

/** op code of attention in ComputeEventColumns. */
const OP_ATTN = 1;

/** Attention FLOPs per core over the first windows, as fractions (sum 1), or undefined when there is no attention. */
export function attentionCoreShare(
  arch: ResolvedArchConfig,
  workload: ResolvedWorkloadConfig,
  tas: ResolvedTasParams,
  windows = ATTENTION_SHARE_WINDOWS,
  openSource: OpenSource = () => createLogicalSource(workload),
): Float64Array | undefined {
  const n = buildTopology(arch).coreCount;
  const flops = new Float64Array(n);
  const phys = createPhysicalizer({
    arch,
    tas,
    workload,
    placement: defaultPlacement(arch, workload),
    source: openSource(),
  });
  for (let w = 0; w < windows && !phys.done; w++) {
    const ev = phys.physicalizeWindow(w).compute;
    for (let i = 0; i < ev.count; i++) {
      if (ev.op[i] === OP_ATTN) {
        const c = ev.coreId[i] as number;
        flops[c] = (flops[c] as number) + (ev.flops[i] as number);
      }
    }
  }
  let sum = 0;
  for (const f of flops) sum += f;
  if (!(sum > 0)) return undefined;
  for (let c = 0; c < n; c++) flops[c] = (flops[c] as number) / sum;
  return flops;
}
