/**
 * Both terms of the pressure S_c start TACS, and the trigger is predictive:
 * hand-built chips with default thresholds (Thot 80, Temg 90, q_target 0.7, gamma 0.5).
 */
import { describe, expect, it } from 'vitest';
import {
  contextFor,
  fakeReplicaState,
  hotFor,
  params,
  pendingOf,
  placementOf,
  type Task,
  TOPO,
  telemetryOf,
} from './__fixtures__/fakes.js';
import { tacsStep } from './tacs-step.js';

const SRC = 27;
const SINK = 28;
const temps = (over: Readonly<Record<number, number>>) =>
  Array.from({ length: TOPO.coreCount }, (_, c) => over[c] ?? 60);
/** Two micro-batches of expert 1 on the source, 1e9 FLOPs each (0.2 W over a 3 ms window). */
const tasks: Task[] = [0, 1].map((mb) => ({ mb, expert: 1, core: SRC, flops: 1e9 }));

function step(t: number[], util: number[], over: Record<string, unknown>, prevTemps?: number[]) {
  const placement = placementOf({ 1: SRC });
  return tacsStep(
    telemetryOf(t, { util_core: util }),
    placement,
    fakeReplicaState({ replicas: { 1: [SINK] } }),
    params(over),
    pendingOf(tasks),
    contextFor(placement, { prev: hotFor(3, prevTemps ?? t) }),
  );
}

describe('pressure: the load term', () => {
  const t = temps({ [SRC]: 76 });
  const busy = t.map((_, c) => (c === SRC ? 0.98 : 0.3));

  it('a cool core loaded above q_target is a source and sheds load to a replica host', () => {
    const res = step(t, busy, { cost: { lambda_hops: 0.2, mu_noc: 2, eta_temp: 1.5 } });
    const src = res.decisions.find((d) => d.kind === 'source');
    expect(src?.reason).toBe('load above q_target');
    expect(src?.core).toBe(SRC);
    expect(res.reroute).toHaveLength(1);
    expect(res.reroute[0]).toMatchObject({ from_core: SRC, to_core: SINK, expert_id: 'E1' });
    // gain = gamma * band * dq / q_target with dq = 2e9 / (5e12 * 3 ms): 0.5 * 10 * 0.1333 / 0.7 = 0.952 K
    const acted = res.decisions.find((d) => d.kind === 'reroute');
    expect(acted?.terms?.gainK).toBeCloseTo(0.952, 2);
  });

  it('with gamma = 0 the load term is dead: no source below Thot', () => {
    const res = step(t, busy, { gamma: 0, cost: { lambda_hops: 0.2, mu_noc: 2, eta_temp: 1.5 } });
    expect(res.decisions).toHaveLength(0);
    expect(res.reroute).toHaveLength(0);
  });

  it('a core at q_target or below and below Thot is no source', () => {
    const res = step(
      t,
      t.map(() => 0.7),
      {},
    );
    expect(res.decisions.filter((d) => d.kind === 'source')).toHaveLength(0);
  });
});

describe('pressure: predictive trigger', () => {
  it('fires when the EMA trend crosses Thot within the lookahead (1 / ema_alpha windows)', () => {
    // EMA 78 -> 0.5 * 79.6 + 0.5 * 78 = 78.8 (below Thot 80); rising 0.8 K a window, predicted 78.8 + 2 * 0.8 = 80.4.
    const res = step(
      temps({ [SRC]: 79.6 }),
      temps({}).map(() => 0.3),
      {},
      temps({ [SRC]: 78 }),
    );
    const src = res.decisions.find((d) => d.kind === 'source');
    expect(src?.reason).toBe('predicted temperature above Thot');
    expect(src?.values?.T_pred).toBeCloseTo(80.4, 9);
    expect(src?.values?.T_ema).toBeCloseTo(78.8, 9);
  });

  it('does not fire on the same EMA without the rise, nor on a falling one', () => {
    const flat = step(
      temps({ [SRC]: 78.8 }),
      temps({}).map(() => 0.3),
      {},
      temps({ [SRC]: 78.8 }),
    );
    expect(flat.decisions.filter((d) => d.kind === 'source')).toHaveLength(0);
    const falling = step(
      temps({ [SRC]: 78 }),
      temps({}).map(() => 0.3),
      {},
      temps({ [SRC]: 79.6 }),
    );
    expect(falling.decisions.filter((d) => d.kind === 'source')).toHaveLength(0);
  });
});
