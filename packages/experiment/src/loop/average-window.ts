/**
 * The running mean of windows' aggregates, as one window: the activity whose
 * power the run's steady-state start is computed from. Event columns are left
 * empty (power is computed from aggregates). Copies, so the physicalizer's
 * reused buffers can be added as they come.
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

type Field = 'coreBusyNs' | 'coreFlops' | 'bankReadBytes' | 'bankWriteBytes' | 'bankBusyNs' | 'linkFlits';
const FIELDS: readonly Field[] = [
  'coreBusyNs',
  'coreFlops',
  'bankReadBytes',
  'bankWriteBytes',
  'bankBusyNs',
  'linkFlits',
];

export interface WindowAverager {
  readonly count: number;
  add(w: PhysicalWindow): void;
  /** The mean window so far (throws when nothing was added). */
  result(): PhysicalWindow;
}

/** acc += src; a function of its own (a long loop in the caller kept it deoptimising). */
function addInto(acc: Float64Array, src: Float64Array): void {
  for (let i = 0; i < acc.length; i++) acc[i] = (acc[i] as number) + (src[i] as number);
}

/**
 * State in the object, not a closure, so a forked loop (fork-graph.ts) copies it with the pass it
 * belongs to.
 */
class WindowSum implements WindowAverager {
  n = 0;
  first: { readonly winIdx: number; readonly tStartNs: number; readonly tEndNs: number } | undefined;
  readonly sums = new Map<Field, Float64Array>();

  get count(): number {
    return this.n;
  }

  add(w: PhysicalWindow): void {
    if (this.first === undefined) this.first = { winIdx: w.winIdx, tStartNs: w.tStartNs, tEndNs: w.tEndNs };
    for (const f of FIELDS) {
      const src = w[f];
      let acc = this.sums.get(f);
      if (acc === undefined) this.sums.set(f, (acc = new Float64Array(src.length)));
      addInto(acc, src);
    }
    this.n++;
  }

  result(): PhysicalWindow {
    const first = this.first;
    if (first === undefined) throw new Error('no window to average');
    const mean = (f: Field) => Float64Array.from(this.sums.get(f) ?? [], (x) => x / this.n);
    return {
      winIdx: first.winIdx,
      tStartNs: first.tStartNs,
      tEndNs: first.tEndNs,
      compute: EMPTY_COMPUTE,
      memory: EMPTY_MEMORY,
      coreBusyNs: mean('coreBusyNs'),
      coreFlops: mean('coreFlops'),
      bankReadBytes: mean('bankReadBytes'),
      bankWriteBytes: mean('bankWriteBytes'),
      bankBusyNs: mean('bankBusyNs'),
      linkFlits: mean('linkFlits'),
      completedTokens: 0,
      stepLatenciesNs: [],
      reroutesApplied: 0,
      migrationsApplied: 0,
      weightMovesApplied: 0,
      replicasCreated: 0,
      replicasRetired: 0,
      migrationBytes: 0,
      done: false,
    };
  }
}

export function createWindowAverager(): WindowAverager {
  return new WindowSum();
}
