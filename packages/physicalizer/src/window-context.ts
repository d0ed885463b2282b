import type { HardwareState } from '@tasmoe/schemas';
import { EMPTY_PLAN, type OverlayPlan } from './overlay-plan.js';

/** The window being lowered, shared by the parts of the lowering loop. */
export class WindowContext {
  tS = 0;
  tE = 0;
  hw: HardwareState;
  plan: OverlayPlan = EMPTY_PLAN;
  /** A dry run issues nothing for real: no events, no aggregates, bank and link reservations journaled for undo. */
  dry = false;
  /** Any replica record this window (records are created before a window is lowered). */
  anyReplicas = false;

  constructor(hw: HardwareState) {
    this.hw = hw;
  }
}
