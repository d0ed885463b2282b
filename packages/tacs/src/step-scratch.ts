/**
 * Working arrays of one tacsStep call, reused by the next call instead of allocated per window.
 * A call takes a set from the pool and gives it back when it returns, so a call made while
 * another runs (a logger calling tacsStep) gets its own set and no call sees another's arrays.
 */
import { type BankReliefBuffers, bankReliefBuffers } from './bank-relief-buffers.js';
import { type GroupBuffers, groupBuffers } from './group-buffers.js';

export interface StepScratch {
  readonly groups: GroupBuffers;
  readonly banks: BankReliefBuffers;
  /** Per core: a source's predicted temperatures and loads (relieveSource). */
  temps: Float64Array;
  loads: Float64Array;
  /** Per core: the EMA before this window's update, the prediction, emergencies, source ranks. */
  emaBefore: Float64Array;
  predicted: Float64Array;
  emergency: Uint8Array;
  sourceRank: Int32Array;
  /** Per core (relieveSource's sink positions, -1 between sources) and per sink position. */
  sinkPos: Int32Array;
  hostMark: Uint8Array;
  hostPos: Int32Array;
}

const pool: StepScratch[] = [];

export function takeScratch(coreCount: number): StepScratch {
  const s = pool.pop() ?? {
    groups: groupBuffers(),
    banks: bankReliefBuffers(),
    temps: new Float64Array(0),
    loads: new Float64Array(0),
    emaBefore: new Float64Array(0),
    predicted: new Float64Array(0),
    emergency: new Uint8Array(0),
    sourceRank: new Int32Array(0),
    sinkPos: new Int32Array(0),
    hostMark: new Uint8Array(0),
    hostPos: new Int32Array(0),
  };
  if (s.temps.length !== coreCount) {
    s.temps = new Float64Array(coreCount);
    s.loads = new Float64Array(coreCount);
    s.emaBefore = new Float64Array(coreCount);
    s.predicted = new Float64Array(coreCount);
    s.emergency = new Uint8Array(coreCount);
    s.sourceRank = new Int32Array(coreCount);
    s.sinkPos = new Int32Array(coreCount).fill(-1);
    s.hostMark = new Uint8Array(coreCount);
    s.hostPos = new Int32Array(coreCount);
  }
  return s;
}

export function giveBack(s: StepScratch): void {
  pool.push(s);
}
