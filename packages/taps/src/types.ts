/** Config shapes TAPS reads (resolved = defaults filled in, deep-readonly). */
import type { ResolvedArchConfig, ResolvedTasParams, ResolvedWorkloadConfig } from '@tasmoe/schemas';

export type { ResolvedArchConfig, ResolvedWorkloadConfig };
/** The `taps` section of a resolved tas_params config. */
export type ResolvedTapsParamsLike = ResolvedTasParams['taps'];
