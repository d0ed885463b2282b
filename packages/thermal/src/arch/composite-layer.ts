/**
 * Homogenised composite of two adjacent layers (pure): one anisotropic layer
 * standing for a die and the thin layer on its sink side (a DRAM die and its
 * bond). Through the thickness the two are in series, in the plane in
 * parallel, and the heat capacities add:
 *
 *   t = t1 + t2,  k_vertical = t / (t1/k1 + t2/k2),
 *   k_lateral = (k1 t1 + k2 t2) / t,  c_v = (c1 t1 + c2 t2) / t.
 *
 * With HotSpot's full-thickness convention a layer's node sits on its face
 * away from the sink and the whole layer resistance lies between its node and
 * the next one, so merging the sink-side neighbour into the layer keeps the
 * series resistance between the die node and the next node exactly; what
 * changes is that the thin layer's own node (no power, not reported) is gone:
 * its lateral conductance and heat capacity move onto the die node.
 */
import type { StackLayerSpec } from '../solver/stack.js';

export function compositeLayer(die: StackLayerSpec, sinkSide: StackLayerSpec): StackLayerSpec {
  const t1 = die.thicknessM,
    t2 = sinkSide.thicknessM,
    t = t1 + t2;
  const kl1 = die.lateralFlow === false ? 0 : (die.lateralConductivityWmK ?? die.conductivityWmK);
  const kl2 = sinkSide.lateralFlow === false ? 0 : (sinkSide.lateralConductivityWmK ?? sinkSide.conductivityWmK);
  const kLat = (kl1 * t1 + kl2 * t2) / t;
  return {
    name: die.name,
    thicknessM: t,
    conductivityWmK: t / (t1 / die.conductivityWmK + t2 / sinkSide.conductivityWmK),
    lateralConductivityWmK: kLat,
    volumetricHeatCapacityJm3K: (die.volumetricHeatCapacityJm3K * t1 + sinkSide.volumetricHeatCapacityJm3K * t2) / t,
    lateralFlow: kLat > 0,
    dissipatesPower: die.dissipatesPower || sinkSide.dissipatesPower,
    floorplan: die.floorplan,
  };
}
