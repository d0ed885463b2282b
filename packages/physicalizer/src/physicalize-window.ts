/**
 * The seed's functional form (section 4.4):
 *   physicalize_window(win_idx, logical_compute, logical_memory, placement, overlays, state, hw)
 * Our logical trace is one LogicalSource holding both tables (compute events and
 * weight reads), and the state carried between windows is more than the replica
 * state (resources, micro-batch progress, shard locations), so `state` is the
 * Physicalizer session; its `replicaState` is the seed's ReplicaState. The
 * source and placement must be the ones the session was created with.
 */
import type { HardwareState, LogicalSource, Overlays, Placement } from '@tasmoe/schemas';
import { PhysicalizerError } from './errors.js';
import type { LoweredWindow, Physicalizer } from './physicalizer.js';

export function physicalizeWindow(
  winIdx: number,
  logicalCompute: LogicalSource,
  logicalMemory: LogicalSource,
  placement: Placement,
  overlays: Overlays,
  state: Physicalizer,
  hw: HardwareState,
): LoweredWindow {
  if (logicalCompute !== state.source || logicalMemory !== state.source) {
    throw new PhysicalizerError(
      'SESSION_MISMATCH',
      'physicalizeWindow: logicalCompute and logicalMemory must be the LogicalSource the session was created with',
    );
  }
  if (placement !== state.placement) {
    throw new PhysicalizerError(
      'SESSION_MISMATCH',
      'physicalizeWindow: placement must be the one the session was created with (overlays carry changes)',
    );
  }
  return state.physicalizeWindow(winIdx, overlays, hw);
}
