/**
 * How the threads of a parallel replay share out chunks (parallel-trace.ts):
 * slots of one Int32Array over a SharedArrayBuffer. Every thread, the caller's
 * included, claims the next unread chunk by compare-and-swap on NEXT, never
 * more than AHEAD past the chunks the caller has handed out (CONSUMED), so
 * memory stays bounded and a slow thread holds up no one: the others claim the
 * chunks it has not reached.
 */
export const NEXT = 0;
export const CONSUMED = 1;
/** Chunks posted by all workers (a counter to wait on). */
export const PRODUCED = 2;
export const STOP = 3;
export const CONTROL_SLOTS = 4;
/**
 * Chunks that may be claimed but not yet handed out. Measured on the Mixtral export x10 with two
 * threads (bench:replay): 2 leaves a thread idle (3.3-4.3 M events/s), 4 gives 5.0-5.6 M/s at a
 * peak RSS 5-8 % above the x1 trace's, 8 gives 4.6-5.6 M/s at 7-14 % above it.
 */
export const AHEAD = 4;

/**
 * Claim the next chunk: its index, or -1 when none may be claimed now (AHEAD reached,
 * or stopped) and -2 when every chunk is claimed.
 */
export function claimChunk(ctrl: Int32Array, chunkCount: number): number {
  for (;;) {
    if (Atomics.load(ctrl, STOP) !== 0) return -2;
    const next = Atomics.load(ctrl, NEXT);
    if (next >= chunkCount) return -2;
    if (next - Atomics.load(ctrl, CONSUMED) >= AHEAD) return -1;
    if (Atomics.compareExchange(ctrl, NEXT, next, next + 1) === next) return next;
  }
}
