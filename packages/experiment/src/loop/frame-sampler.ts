/**
 * Heat-map frames evenly spaced over a run whose length is not known in advance,
 * never more than `max` held: frames are taken every `stride` windows, and when
 * one too many is held the stride doubles and every other frame goes (those
 * not on the new stride). Memory stays bounded however long the run (a
 * DeepSeek run is ~9x longer than a compute-bound estimate of it).
 */
export interface FrameSampler<T> {
  /** Whether window `w` is taken at the current stride. */
  wants(w: number): boolean;
  add(w: number, frame: T): void;
  /** The frames held, in window order. */
  frames(): readonly T[];
}

export function createFrameSampler<T>(max: number, initialStride = 1): FrameSampler<T> {
  if (!(Number.isInteger(max) && max >= 1)) throw new RangeError(`max frames must be a positive integer, got ${max}`);
  return new StridedFrames<T>(max, Math.max(1, Math.floor(initialStride)));
}

/** State in fields: a forked loop state copies it. */
class StridedFrames<T> implements FrameSampler<T> {
  private held: { w: number; frame: T }[] = [];

  constructor(
    private readonly max: number,
    private stride: number,
  ) {}

  wants(w: number): boolean {
    return w % this.stride === 0;
  }

  add(w: number, frame: T): void {
    this.held.push({ w, frame });
    while (this.held.length > this.max) {
      this.stride *= 2;
      this.held = this.held.filter((f) => f.w % this.stride === 0);
    }
  }

  frames(): readonly T[] {
    return this.held.map((f) => f.frame);
  }
}
