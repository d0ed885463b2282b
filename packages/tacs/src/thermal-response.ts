/**
 * Predicted temperature response of moving power from one core to another:
 * moving dP watts from core s to core j changes T_s by -(H[s][s] - H[s][j]) dP and
 * T_j by +(H[j][j] - H[j][s]) dP (steady state of the linear model T = T_amb + H p).
 *
 * Without an influence matrix, a neighbour-based stand-in is used:
 * H[c][c] = rSelf, H[c][d] = rSelf * couplingPerHop^hops(c, d).
 */
import type { InfluenceMatrix, Topology } from '@tasmoe/schemas';
import { TacsError } from './errors.js';
import type { TacsOptions } from './options.js';

export interface ThermalResponse {
  /** "influence" when built from H, "neighbour-estimate" otherwise (logged with every decision batch). */
  readonly source: 'influence' | 'neighbour-estimate';
  /** K/W: H[a][b], the rise of a per watt dissipated at b. */
  coefficient(a: number, b: number): number;
}

export function makeThermalResponse(
  topology: Topology,
  options: TacsOptions,
  influence?: InfluenceMatrix,
): ThermalResponse {
  if (influence !== undefined) {
    const n = influence.coreCount;
    if (n !== topology.coreCount || influence.data.length !== n * n) {
      throw new TacsError(
        'TACS_INPUT_SHAPE',
        `influence matrix is ${n}x${n} (${influence.data.length} values) but the mesh has ${topology.coreCount} cores`,
      );
    }
    const data = influence.data;
    return { source: 'influence', coefficient: (a, b) => data[a * n + b] ?? 0 };
  }
  const { rSelfKPerW, couplingPerHop } = options;
  return {
    source: 'neighbour-estimate',
    coefficient: (a, b) => (a === b ? rSelfKPerW : rSelfKPerW * couplingPerHop ** topology.hops(a, b)),
  };
}
