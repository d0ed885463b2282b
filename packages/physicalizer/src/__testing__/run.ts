/** Drive a physicalizer to the end, keeping copies of every window (tests only). */
import type { HardwareState, Overlays, PendingWindowView, PhysicalWindow } from '@tasmoe/schemas';
import { EMPTY_OVERLAYS } from '@tasmoe/schemas';
import { clonePhysicalWindow } from '../clone-window.js';
import type { Physicalizer } from '../physicalizer.js';

export interface RunHooks {
  readonly hw?: (w: number) => HardwareState | undefined;
  /** Overlays for window w (given its pending view); undefined = no overlays argument at all. */
  readonly overlays?: (w: number, pending: PendingWindowView, ph: Physicalizer) => Overlays | undefined;
  readonly maxWindows?: number;
}

export function runToEnd(ph: Physicalizer, hooks: RunHooks = {}): PhysicalWindow[] {
  const out: PhysicalWindow[] = [];
  const max = hooks.maxWindows ?? 100_000;
  for (let w = ph.nextWindow; !ph.done && w < max; w++) {
    let ov: Overlays | undefined;
    if (hooks.overlays !== undefined) ov = hooks.overlays(w, ph.pendingWindow(w), ph);
    const hw = hooks.hw?.(w);
    const pw =
      ov === undefined && hw === undefined
        ? ph.physicalizeWindow(w)
        : ph.physicalizeWindow(w, ov ?? EMPTY_OVERLAYS, hw);
    out.push(clonePhysicalWindow(pw));
  }
  if (!ph.done) throw new Error(`run not done after ${max} windows`);
  return out;
}

export interface FlatEvents {
  readonly compute: {
    win: number;
    evt: number;
    t: number;
    core: number;
    cycles: number;
    flops: number;
    op: number;
    expert: number;
    mb: number;
  }[];
  readonly memory: {
    win: number;
    evt: number;
    t: number;
    core: number;
    bank: number;
    bytes: number;
    rw: number;
    hops: number;
    qos: number;
  }[];
}

export function flatten(ws: readonly PhysicalWindow[]): FlatEvents {
  const compute: FlatEvents['compute'] = [];
  const memory: FlatEvents['memory'] = [];
  for (const pw of ws) {
    const c = pw.compute;
    for (let i = 0; i < c.count; i++) {
      compute.push({
        win: pw.winIdx,
        evt: c.evtId[i] ?? 0,
        t: c.tStartNs[i] ?? 0,
        core: c.coreId[i] ?? 0,
        cycles: c.durationCycles[i] ?? 0,
        flops: c.flops[i] ?? 0,
        op: c.op[i] ?? 0,
        expert: c.expert[i] ?? 0,
        mb: c.mbId[i] ?? 0,
      });
    }
    const m = pw.memory;
    for (let i = 0; i < m.count; i++) {
      memory.push({
        win: pw.winIdx,
        evt: m.evtId[i] ?? 0,
        t: m.tStartNs[i] ?? 0,
        core: m.srcCore[i] ?? 0,
        bank: m.bank[i] ?? 0,
        bytes: m.bytes[i] ?? 0,
        rw: m.rw[i] ?? 0,
        hops: m.hops[i] ?? 0,
        qos: m.qos[i] ?? 0,
      });
    }
  }
  return { compute, memory };
}

export function sum(a: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i] ?? 0;
  return s;
}
