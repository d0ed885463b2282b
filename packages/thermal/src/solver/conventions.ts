/**
 * Discretisation conventions. HotSpot 7.0's choices are the defaults, so a
 * model built with defaults reproduces HotSpot (FORMATS.md section 7).
 */

export interface ThermalConventions {
  /**
   * Vertical link between layer n and n+1 (n+1 nearer the sink):
   * - "full-thickness" (HotSpot): R = t_n / (k_n A), the whole layer farther from the sink;
   *   the last layer's link to the sink/ambient carries its whole thickness too.
   * - "half-half": R = t_n/(2 k_n A) + t_{n+1}/(2 k_{n+1} A) (nodes at mid-planes).
   */
  readonly verticalResistance: 'full-thickness' | 'half-half';
  /** Multiplier of every heat capacity (HotSpot's lumped-vs-distributed fitting factor 0.333). */
  readonly capacitanceFactor: number;
  /** Package boundary only: the 12 lumped spreader/sink periphery nodes (HotSpot: on). */
  readonly peripheryNodes: boolean;
  /**
   * In-plane links of non-square cells. HotSpot 7.0 gives the north-south link
   * the east-west resistance and vice versa ("hotspot7-swapped"); "physical"
   * uses length/(k * cross-section). Identical for square cells.
   */
  readonly lateralLinks: 'hotspot7-swapped' | 'physical';
}

export const HOTSPOT_CONVENTIONS: ThermalConventions = {
  verticalResistance: 'full-thickness',
  capacitanceFactor: 0.333,
  peripheryNodes: true,
  lateralLinks: 'hotspot7-swapped',
};
