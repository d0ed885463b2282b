/**
 * The run's steady-state start: the steady state a chip reaches when it warms
 * up from ambient under a constant activity, with leakage and refresh evaluated
 * at its own temperatures.
 *
 * Why from ambient, whatever the loop's current temperatures: with a step
 * refresh curve the map T -> solve(P(T)) can have several fixed points. On the
 * default Mixtral config the DRAM sits at 67-69.5 C, just under the 70 C step:
 * one fixed point refreshes every bank at 2x (DRAM mean 68.3 C), another at 4x
 * (+7.5 W of refresh, DRAM mean 77.0 C), and both are self-consistent. The map
 * is monotone (leakage and refresh grow with T, the steady solve has
 * non-negative influence), so iterating from ambient climbs to the least fixed
 * point, the one a chip warming from cold stops at. Iterating from the closed
 * warm-up's end temperatures instead lets the warm-up's transient overshoot
 * pick the branch: it put the TAPS scenario on the 4x branch (8 iterations,
 * +7 K) and the baseline on the 2x one, a difference of start, not of placement.
 */
import type { PhysicalWindow, ResolvedArchConfig, ThermalBackend, Topology } from '@tasmoe/schemas';
import {
  computePowerFromEvents,
  createBlockTemperaturesC,
  fromBlockTempsK,
  iterateLeakageFixedPoint,
  toBlockPowerW,
  type BlockTemperaturesC,
  type WindowPower,
} from '@tasmoe/comet-adapter';

export interface SteadyStartInput<P> {
  /** Written with the steady temperatures; its previous contents are not the start (see above). */
  readonly into: BlockTemperaturesC;
  readonly ambientC: number;
  /** Power at the given temperatures (leakage and refresh evaluated there). */
  readonly power: (tempsC: BlockTemperaturesC) => P;
  /** Steady-state temperatures for a power (the thermal solver). */
  readonly solve: (power: P) => BlockTemperaturesC;
  readonly tolC: number;
}

/** Least steady state of an activity, written into `into`; returns the iterations used. */
export function settleFromAmbient<P>(input: SteadyStartInput<P>): number {
  const { into } = input;
  const fp = iterateLeakageFixedPoint<P>({
    initialTempsC: createBlockTemperaturesC(into.coreC.length, into.bankC.length, input.ambientC),
    power: input.power,
    solve: input.solve,
    tolC: input.tolC,
  });
  into.coreC.set(fp.tempsC.coreC);
  into.bankC.set(fp.tempsC.bankC);
  return fp.iterations;
}

export interface ActivitySteadyInput {
  readonly arch: ResolvedArchConfig;
  readonly topology: Topology;
  readonly thermal: ThermalBackend;
  /** The (mean) window whose power is held constant. */
  readonly activity: PhysicalWindow;
  /** Written: the steady temperatures, and the power at them. */
  readonly into: BlockTemperaturesC;
  readonly power: WindowPower;
  /** Scratch for the thermal back end's block powers (cores, then banks). */
  readonly blockPowerW: Float64Array;
  readonly tolC: number;
}

/** The least steady state of an activity under the power model and thermal back end; returns the iterations used. */
export function settleActivity(input: ActivitySteadyInput): number {
  const { arch, topology, thermal, activity, power, blockPowerW } = input;
  const scratch = createBlockTemperaturesC(topology.coreCount, topology.bankCount, arch.thermal.ambient_c);
  return settleFromAmbient<WindowPower>({
    into: input.into,
    ambientC: arch.thermal.ambient_c,
    power: (t) => computePowerFromEvents(activity, t, arch, topology, { out: power }),
    solve: (p) => fromBlockTempsK(thermal.steady(toBlockPowerW(p, blockPowerW)).blockTempsK, scratch),
    tolC: input.tolC,
  });
}
