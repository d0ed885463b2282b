import type { WindowAggregates } from './window-aggregates.js';
import type { WindowContext } from './window-context.js';
import type { WorkloadShape } from './workload-shape.js';

export const PHASE_ATTN = 0;
export const PHASE_EXPERTS = 1;
export const PHASE_DONE = 2;

/**
 * The lanes of the decode loop: per lane, the step and MoE layer it is in and
 * the phase of that layer (attention, then experts), when its next group is
 * ready, and the group in flight (tasks not yet issued, latest finish so far).
 * A lane runs its steps one after another; each step runs every layer.
 */
export class MicroBatches {
  readonly step: Int32Array;
  readonly layer: Int32Array;
  readonly phase: Int32Array;
  /** When the lane's next group is ready; Infinity while a group is in flight or the lane is done. */
  readonly ready: Float64Array;
  readonly outstanding: Int32Array;
  readonly groupEnd: Float64Array;
  readonly stepStart: Float64Array;
  readonly stepTokens: Int32Array;
  /** Lanes past their last step. */
  doneCount = 0;

  private readonly lanes: number;
  private readonly layers: number;
  private readonly steps: number;
  private readonly ctx: WindowContext;
  private readonly agg: WindowAggregates;
  /** Snapshot a dry run restores (preallocated: no allocation per window). */
  private readonly saved: {
    readonly step: Int32Array;
    readonly layer: Int32Array;
    readonly phase: Int32Array;
    readonly ready: Float64Array;
    readonly outstanding: Int32Array;
    readonly groupEnd: Float64Array;
    readonly stepStart: Float64Array;
    readonly stepTokens: Int32Array;
  };
  private savedDoneCount = 0;

  constructor(w: WorkloadShape, ctx: WindowContext, agg: WindowAggregates) {
    const M = w.microBatches;
    this.lanes = M;
    this.layers = w.layers;
    this.steps = w.steps;
    this.ctx = ctx;
    this.agg = agg;
    this.step = new Int32Array(M);
    this.layer = new Int32Array(M);
    this.phase = new Int32Array(M);
    this.ready = new Float64Array(M);
    this.outstanding = new Int32Array(M);
    this.groupEnd = new Float64Array(M);
    this.stepStart = new Float64Array(M);
    this.stepTokens = new Int32Array(M);
    if (w.steps === 0) {
      this.phase.fill(PHASE_DONE);
      this.doneCount = M;
    }
    this.saved = {
      step: new Int32Array(M),
      layer: new Int32Array(M),
      phase: new Int32Array(M),
      ready: new Float64Array(M),
      outstanding: new Int32Array(M),
      groupEnd: new Float64Array(M),
      stepStart: new Float64Array(M),
      stepTokens: new Int32Array(M),
    };
  }

  get allStepsIssued(): boolean {
    return this.doneCount === this.lanes;
  }

  /** Every task of micro-batch `mbId` (lane mbId mod concurrency, its step mbId div concurrency) has been issued. */
  fullyIssued(mbId: number): boolean {
    const M = this.lanes;
    const lane = mbId % M;
    const step = (mbId - lane) / M;
    return this.phase[lane] === PHASE_DONE || (this.step[lane] ?? 0) > step;
  }

  /** Lane mb's group has all its tasks issued: the lane moves to its next group, ready when this one is done. */
  completeGroup(mb: number): void {
    const F = this.groupEnd[mb] ?? 0;
    if (this.phase[mb] === PHASE_ATTN) {
      this.phase[mb] = PHASE_EXPERTS;
      this.ready[mb] = F;
      return;
    }
    const layer = (this.layer[mb] ?? 0) + 1;
    if (layer < this.layers) {
      this.layer[mb] = layer;
      this.phase[mb] = PHASE_ATTN;
      this.ready[mb] = F;
      return;
    }
    if (!this.ctx.dry) this.agg.addStep(F, F - (this.stepStart[mb] ?? 0), this.stepTokens[mb] ?? 0);
    const step = (this.step[mb] ?? 0) + 1;
    this.layer[mb] = 0;
    if (step >= this.steps) {
      this.phase[mb] = PHASE_DONE;
      this.ready[mb] = Infinity;
      this.doneCount++;
      return;
    }
    this.step[mb] = step;
    this.stepStart[mb] = F;
    this.phase[mb] = PHASE_ATTN;
    this.ready[mb] = F;
  }

  /** Remember every lane before a dry run. */
  save(): void {
    const s = this.saved;
    s.ready.set(this.ready);
    s.groupEnd.set(this.groupEnd);
    s.stepStart.set(this.stepStart);
    s.step.set(this.step);
    s.layer.set(this.layer);
    s.phase.set(this.phase);
    s.outstanding.set(this.outstanding);
    s.stepTokens.set(this.stepTokens);
    this.savedDoneCount = this.doneCount;
  }

  restore(): void {
    const s = this.saved;
    this.ready.set(s.ready);
    this.groupEnd.set(s.groupEnd);
    this.stepStart.set(s.stepStart);
    this.step.set(s.step);
    this.layer.set(s.layer);
    this.phase.set(s.phase);
    this.outstanding.set(s.outstanding);
    this.stepTokens.set(s.stepTokens);
    this.doneCount = this.savedDoneCount;
  }
}
