/**
 * Typed errors of @tasmoe/physicalizer. Codes are stable strings the CLI and
 * the loop can branch on; an overlay refusal names the offending row.
 */
import { TasmoeError, type ErrorCategory } from '@tasmoe/schemas';

export type PhysicalizerErrorCode =
  /** An expert or weight shard the trace needs has no place, or a place outside the hardware. */
  | 'PLACEMENT_INCOMPLETE'
  | 'PLACEMENT_INVALID'
  /** A logical chunk breaks the LogicalChunk contract (order, ranges, sizes). */
  | 'TRACE_INVALID'
  /** A hardware state of the wrong size or with non-positive rates. */
  | 'HARDWARE_STATE_INVALID'
  /** Windows are lowered strictly in order; this one is committed or skips ahead. */
  | 'WINDOW_OUT_OF_ORDER'
  /** The functional wrapper was given a source or placement other than the session's. */
  | 'SESSION_MISMATCH'
  /** Overlay refusals (see OverlayRejectedError). */
  | 'OVERLAY_COMMITTED'
  | 'OVERLAY_OUTSIDE_WINDOW'
  | 'OVERLAY_MB_ISSUED'
  | 'OVERLAY_INVALID'
  | 'MIGRATION_STALE_SOURCE'
  | 'MIGRATION_IN_FLIGHT'
  /** Replica state invariants (seed section 3.5). */
  | 'REPLICA_MIN_RESIDENCY'
  | 'REPLICA_COOLDOWN'
  | 'REPLICA_EXISTS'
  | 'REPLICA_UNKNOWN'
  | 'REPLICA_STATE_INVALID';

/** Placements, traces, overlay and replica files can come from the user; the rest are the loop's own invariants. */
const CATEGORY: Record<PhysicalizerErrorCode, ErrorCategory> = {
  PLACEMENT_INCOMPLETE: 'input',
  PLACEMENT_INVALID: 'input',
  TRACE_INVALID: 'input',
  HARDWARE_STATE_INVALID: 'internal',
  WINDOW_OUT_OF_ORDER: 'internal',
  SESSION_MISMATCH: 'internal',
  OVERLAY_COMMITTED: 'internal',
  OVERLAY_OUTSIDE_WINDOW: 'internal',
  OVERLAY_MB_ISSUED: 'internal',
  OVERLAY_INVALID: 'input',
  MIGRATION_STALE_SOURCE: 'internal',
  MIGRATION_IN_FLIGHT: 'internal',
  REPLICA_MIN_RESIDENCY: 'internal',
  REPLICA_COOLDOWN: 'internal',
  REPLICA_EXISTS: 'internal',
  REPLICA_UNKNOWN: 'internal',
  REPLICA_STATE_INVALID: 'input',
};

export class PhysicalizerError extends TasmoeError<PhysicalizerErrorCode> {
  constructor(code: PhysicalizerErrorCode, message: string, options?: { cause?: unknown }) {
    super(code, CATEGORY[code], message, options);
    this.name = 'PhysicalizerError';
  }
}

/** Where a refused overlay row sits in the window's Overlays. */
export interface OverlayRef {
  readonly table: 'reroute' | 'migrate';
  readonly index: number;
}

/** An overlay row refused at the commit frontier or by the replica rules; nothing of the window was applied. */
export class OverlayRejectedError extends PhysicalizerError {
  readonly overlay: OverlayRef;
  readonly winIdx: number;
  constructor(
    code: PhysicalizerErrorCode,
    winIdx: number,
    overlay: OverlayRef,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(code, `window ${winIdx}: overlay_${overlay.table}[${overlay.index}]: ${message}`, options);
    this.name = 'OverlayRejectedError';
    this.overlay = overlay;
    this.winIdx = winIdx;
  }
}
