/**
 * Typed errors of @tasmoe/taps. Solver trouble (timeout, crash, invalid answer)
 * is *not* an error: buildPlacement falls back to the heuristic and logs why.
 * These are for inputs no placement can satisfy or that are malformed.
 */
import { TasmoeError, type ErrorCategory } from '@tasmoe/schemas';

export type TapsErrorCode =
  /** H has the wrong size or a non-finite / negative entry. */
  | 'TAPS_INFLUENCE_INVALID'
  /** expertHeat has the wrong length, a negative or non-finite entry, or a layer with no routed heat. */
  | 'TAPS_HEAT_INVALID'
  /** No placement satisfies core FLOP capacity, bank capacity/bandwidth or replica distance. */
  | 'TAPS_INFEASIBLE'
  /** A placement handed to predictCoreTemps / validation does not match the configs. */
  | 'TAPS_PLACEMENT_INVALID'
  /** A bound computed by an LP (scheduling-headroom.ts) could not be solved: no placement falls back here. */
  | 'TAPS_SOLVER_FAILED';

const CATEGORY: Record<TapsErrorCode, ErrorCategory> = {
  TAPS_INFLUENCE_INVALID: 'internal',
  TAPS_HEAT_INVALID: 'internal',
  TAPS_INFEASIBLE: 'input',
  TAPS_PLACEMENT_INVALID: 'input',
  TAPS_SOLVER_FAILED: 'external',
};

export class TapsError extends TasmoeError<TapsErrorCode> {
  constructor(code: TapsErrorCode, message: string, options?: { cause?: unknown }) {
    super(code, CATEGORY[code], message, options);
    this.name = 'TapsError';
  }
}
