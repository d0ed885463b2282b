import type { SweepPoint } from '../sweep/point.js';
import type { ExecutePointOptions, PointOutcome } from './execute-point.js';

export type PointRunOptions = Omit<ExecutePointOptions, 'signal'>;

/** Runs points, at most `size` at once (the caller keeps to that). */
export interface PointExecutor {
  readonly size: number;
  run(point: SweepPoint, opts: PointRunOptions, signal: AbortSignal): Promise<PointOutcome>;
  /** Stop at once: running points end as 'aborted' (their staging folders stay for resume). */
  terminate(): Promise<void>;
  close(): Promise<void>;
}
