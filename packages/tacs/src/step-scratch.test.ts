/**
 * tacsStep's working arrays come from a pool (step-scratch.ts): a call made while another runs
 * (here from its logger) gets its own, so neither changes what the other decides.
 */
import { describe, expect, it } from 'vitest';
import {
  contextFor,
  fakeReplicaState,
  params,
  pendingOf,
  placementOf,
  telemetryOf,
  TOPO,
  type Task,
} from './__fixtures__/fakes.js';
import { tacsStep } from './tacs-step.js';

const placement = placementOf({ 0: 27, 1: 27, 2: 36, 3: 36, 4: [27, 28] });
const replicas = fakeReplicaState({ replicas: { 1: [26], 3: [37] } });

function window(hot: number, experts: readonly number[], n: number) {
  const t = Array.from({ length: TOPO.coreCount }, (_, c) => (c === hot ? 87 : 60 + (c % 5)));
  const tasks: Task[] = [];
  for (let i = 0; i < n; i++)
    tasks.push({ mb: i % 6, expert: experts[i % experts.length] ?? 0, core: hot, flops: 1e9 + 1e8 * i });
  return { telemetry: telemetryOf(t), pending: pendingOf(tasks) };
}

describe('tacsStep working arrays', () => {
  it('decides the same when its logger runs another tacsStep on another window', () => {
    const outer = window(27, [0, 1, 4], 30);
    const inner = window(36, [2, 3], 12);
    const alone = tacsStep(outer.telemetry, placement, replicas, params(), outer.pending, contextFor(placement));
    const innerAlone = tacsStep(inner.telemetry, placement, replicas, params(), inner.pending, contextFor(placement));
    const innerRuns: unknown[] = [];
    const nested = tacsStep(outer.telemetry, placement, replicas, params(), outer.pending, {
      ...contextFor(placement),
      log: () =>
        innerRuns.push(tacsStep(inner.telemetry, placement, replicas, params(), inner.pending, contextFor(placement))),
    });
    expect(alone.decisions.length).toBeGreaterThan(2);
    expect(nested).toEqual(alone);
    expect(innerRuns).toHaveLength(alone.decisions.length);
    for (const r of innerRuns) expect(r).toEqual(innerAlone);
  });
});
