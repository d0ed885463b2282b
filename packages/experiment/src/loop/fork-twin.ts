/**
 * A TACS scenario continued from its base run's loop state at TACS's first action, instead of
 * simulated again from the start. While the policy, evaluated in shadow, chose no action, the
 * twin's loop was the base's window for window (online-lane.ts); in the window where it first
 * acts the twin differs only by the overlays chosen. So the twin starts there from a copy of the
 * base's state at that window's start: the comet state, the thermal back end, the online lane and
 * the observers (metrics, window series, frames, progress), copied by fork-graph.ts; the online
 * controller that chose the action (the base no longer needs it); and a physicalizer brought to
 * the window by lowering the base's windows again with the hardware states they were lowered at
 * (hardware-log.ts; a physicalizer depends on nothing else). Only the physicalizer is re-run, the
 * cheapest of the loop's stages. The twin's results are those of its own run from the start, byte
 * for byte (run-all.test.ts).
 */
import { EMPTY_OVERLAYS } from '@tasmoe/schemas';
import { createPhysicalizer, type Physicalizer } from '@tasmoe/physicalizer';
import type { RunLogger } from '../runner/run-log.js';
import type { LoopState } from './closed-loop.js';
import { forkGraph } from './fork-graph.js';
import type { HardwareLog } from './hardware-log.js';
import type { OnlineLane } from './online-lane.js';

/** The twin's loop, ready to lower window `window` with the handed-over overlays. */
export interface TwinFork<O> {
  readonly window: number;
  readonly state: LoopState;
  readonly phys: Physicalizer;
  readonly observers: O;
}

/**
 * Forks at window `w` of the base's pass (LoopState.onHandover): `observers` are copied with the
 * state, and `logger` becomes the twin's context's (the caller re-points the copied observers' sinks).
 */
export function forkTwin<O extends object>(
  base: LoopState,
  hwLog: HardwareLog,
  w: number,
  observers: O,
  logger: RunLogger,
): TwinFork<O> {
  const handover = base.online.handover;
  if (handover === undefined || handover.window !== w) throw new Error(`fork at window ${w}: no handover there`);
  if (base.ctx.thermal.forkable !== true) throw new Error(`thermal back end ${base.ctx.thermal.name} is not forkable`);
  const copy = forkGraph(
    {
      comet: base.comet,
      thermal: base.ctx.thermal,
      online: base.online,
      hwInForce: base.hwInForce,
      layerTemps: base.layerTemps,
      taskTiming: base.taskTiming,
      observers,
    },
    [base.ctx.logger, logger],
  );
  const online: OnlineLane = {
    ...copy.online,
    mode: 'active',
    acted: false,
    controller: handover.controller,
    handover: undefined,
    queued: handover.overlays,
  };
  const { arch, tas, workload, placement } = base.ctx;
  const ctx = { ...base.ctx, thermal: copy.thermal, logger };
  const state: LoopState = {
    ctx,
    comet: copy.comet,
    online,
    hwInForce: copy.hwInForce,
    layerTemps: copy.layerTemps,
    taskTiming: copy.taskTiming,
    hwLog: undefined,
    onHandover: undefined,
  };
  const phys = createPhysicalizer({ arch, tas, workload, placement, source: ctx.openSource() });
  hwLog.replay(w, (i, hw) => phys.physicalizeWindow(i, EMPTY_OVERLAYS, hw));
  return { window: w, state, phys, observers: copy.observers };
}
