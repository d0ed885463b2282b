/**
 * Where a window's expert tasks sit on the roofline: the summed time their FLOPs take at the
 * core's frequency against the summed time their weight shards take to arrive. A decode step's
 * expert FFN reads every weight once for a handful of tokens, so weight reads dominate unless the
 * micro-batch is large; the ratio says by how much.
 */
import type { ComputeEventBuffer } from './event-columns.js';

export interface ExpertTaskTiming {
  /** Expert (fc) tasks that started in the window. */
  tasks: number;
  /** Sum over those tasks of their compute time, ns. */
  computeNs: number;
  /** Sum over those tasks of their weight-read time, ns. */
  weightReadNs: number;
}

export function createExpertTaskTiming(): ExpertTaskTiming {
  return { tasks: 0, computeNs: 0, weightReadNs: 0 };
}

const OP_FC = 0;

/** Folds a window's compute events into `out` (overwritten) and returns it. */
export function expertTaskTiming(c: ComputeEventBuffer, out: ExpertTaskTiming): ExpertTaskTiming {
  let tasks = 0;
  let computeNs = 0;
  let weightReadNs = 0;
  const { op, computeNs: cNs, weightReadNs: wNs } = c;
  for (let i = 0; i < c.count; i++) {
    if (op[i] !== OP_FC) continue;
    tasks++;
    computeNs += cNs[i] as number;
    weightReadNs += wNs[i] as number;
  }
  out.tasks = tasks;
  out.computeNs = computeNs;
  out.weightReadNs = weightReadNs;
  return out;
}
