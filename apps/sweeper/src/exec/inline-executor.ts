/** Points run on the calling thread: for an injected runner function (tests, benches) and `--workers 0`. */
import type { PointRunner } from '../runner/point-runner.js';
import type { SweepPoint } from '../sweep/point.js';
import { executePoint } from './execute-point.js';
import type { PointExecutor, PointRunOptions } from './executor.js';

export function inlineExecutor(runner: PointRunner, size = 1): PointExecutor {
  const running = new Set<AbortController>();
  return {
    size,
    run(point: SweepPoint, opts: PointRunOptions, signal: AbortSignal) {
      const ac = new AbortController();
      const onAbort = () => ac.abort(signal.reason);
      if (signal.aborted) ac.abort(signal.reason);
      else signal.addEventListener('abort', onAbort, { once: true });
      running.add(ac);
      return executePoint(point, runner, { ...opts, signal: ac.signal }).finally(() => {
        running.delete(ac);
        signal.removeEventListener('abort', onAbort);
      });
    },
    async terminate() {
      for (const ac of running) ac.abort(new Error('terminated'));
    },
    async close() {},
  };
}
