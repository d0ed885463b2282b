/**
 * The mean of several windows' aggregates, as one window: the nominal activity
 * whose power the run's steady-state start is computed from. Event columns are
 * left empty (power is computed from aggregates).
 */
import type { ComputeEventColumns, MemoryEventColumns, PhysicalWindow } from '@tasmoe/schemas';

const EMPTY_COMPUTE: ComputeEventColumns = {
  count: 0,
  evtId: new Float64Array(0),
  tStartNs: new Float64Array(0),
  coreId: new Int32Array(0),
  durationCycles: new Float64Array(0),
  flops: new Float64Array(0),
  op: new Uint8Array(0),
  expert: new Int32Array(0),
  mbId: new Int32Array(0),
};
const EMPTY_MEMORY: MemoryEventColumns = {
  count: 0,
  evtId: new Float64Array(0),
  tStartNs: new Float64Array(0),
  srcCore: new Int32Array(0),
  bank: new Int32Array(0),
  bytes: new Float64Array(0),
  rw: new Uint8Array(0),
  hops: new Int32Array(0),
  qos: new Uint8Array(0),
};

function mean(ws: readonly PhysicalWindow[], pick: (w: PhysicalWindow) => Float64Array): Float64Array {
  const first = ws[0];
  if (first === undefined) throw new Error('averageWindow needs at least one window');
  const out = new Float64Array(pick(first).length);
  for (const w of ws) {
    const a = pick(w);
    for (let i = 0; i < out.length; i++) out[i] = (out[i] as number) + (a[i] as number) / ws.length;
  }
  return out;
}

export function averageWindow(ws: readonly PhysicalWindow[]): PhysicalWindow {
  const first = ws[0];
  if (first === undefined) throw new Error('averageWindow needs at least one window');
  return {
    winIdx: first.winIdx,
    tStartNs: first.tStartNs,
    tEndNs: first.tEndNs,
    compute: EMPTY_COMPUTE,
    memory: EMPTY_MEMORY,
    coreBusyNs: mean(ws, (w) => w.coreBusyNs),
    coreFlops: mean(ws, (w) => w.coreFlops),
    bankReadBytes: mean(ws, (w) => w.bankReadBytes),
    bankWriteBytes: mean(ws, (w) => w.bankWriteBytes),
    bankBusyNs: mean(ws, (w) => w.bankBusyNs),
    linkFlits: mean(ws, (w) => w.linkFlits),
    completedTokens: 0,
    stepLatenciesNs: [],
    reroutesApplied: 0,
    migrationsApplied: 0,
    migrationBytes: 0,
    done: false,
  };
}
