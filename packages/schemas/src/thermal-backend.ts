/**
 * The thermal back-end contract (SPEC section 5). Back ends are chosen by name
 * ("embedded", "hotspot-file") and all speak in *block* powers and temperatures,
 * in the block order of a {@link ThermalStackLayout}.
 *
 * Calls are synchronous: the embedded solver is pure CPU work, and the file
 * mode waits for its external process anyway. Loops run in worker threads.
 */

/** One power-dissipating (or reported) layer of the stack, in block order. */
export interface ThermalLayerBlocks {
  /** Layer role: "logic", "dram0".."dramN", "tim", ... */
  readonly name: string;
  /** Block names of this layer, in the order they appear in the power vector. */
  readonly blocks: readonly string[];
}

/**
 * Block layout shared by a back end and its caller: the power vector and the
 * temperature vector are the concatenation of `layers[i].blocks` in order.
 * For the project's own stack: the logic layer's cores first (C0..C63,
 * row-major), then DRAM die 0 (nearest the logic die) ... die N-1, each bank
 * row by row from the bottom (x fastest).
 */
export interface ThermalStackLayout {
  readonly layers: readonly ThermalLayerBlocks[];
  /** Total number of blocks = sum of layers[i].blocks.length. */
  readonly blockCount: number;
}

/** Temperatures after a solve, kelvin. */
export interface ThermalSnapshot {
  /** Mean temperature of each block (mean of its grid cells), layout order. */
  readonly blockTempsK: Float64Array;
  /** Hottest grid cell of each layer of the layout, same order as layout.layers. */
  readonly layerPeakK: Float64Array;
  /** Mean grid-cell temperature of each layer of the layout. */
  readonly layerMeanK: Float64Array;
  /** Simulated time of this state, seconds since the back end was initialised. */
  readonly timeS: number;
}

export interface ThermalBackend {
  /** Registered name of the back end ("embedded", "hotspot-file"). */
  readonly name: string;
  readonly layout: ThermalStackLayout;
  /**
   * Blocks whose temperatures are equal in every snapshot by construction (they average the
   * very same grid cells, e.g. the 2x2 banks of one cell when the grid is coarser than the
   * banks): for each block in layout order, the lowest block index of its group (itself when
   * alone). Absent when the back end promises nothing (a caller then treats every block apart).
   */
  readonly blockTwins?: Int32Array;
  /**
   * Its whole state is JavaScript data (objects, class instances, typed arrays; no processes,
   * files or workers), so a deep copy of it is an independent back end in the same state: a
   * scenario may then continue from another's loop state (a TACS scenario from its base run at
   * TACS's first action). Absent: never copied.
   */
  readonly forkable?: boolean;
  /**
   * Solve the steady state for constant block powers (W) and make it the
   * current state (HotSpot users warm up this way before a transient).
   */
  steady(powerW: Float64Array): ThermalSnapshot;
  /** Reset the state to a uniform temperature (kelvin), e.g. ambient. */
  reset(temperatureK: number): void;
  /** Advance the current state by dtS seconds with constant block powers (W). */
  step(powerW: Float64Array, dtS: number): ThermalSnapshot;
  /** Release external resources (temporary folders, processes). */
  dispose(): void;
}
