/**
 * Worker-thread entry of run-all's report: writes the figures buildReport
 * delegates (about half the static figures) while the main thread writes the
 * rest and report.html, so layout and rasterising use both cores. It starts
 * before the results exist (report-threads.ts): vega loads here while a lane
 * still runs, and a rehearsal (rehearseReport's stand-in figures, laid out and
 * dropped) compiles vega's code on this thread before the real figures come.
 * Requests come by message, one reply each, in order.
 */
import { parentPort } from 'node:worker_threads';
// narrow entry points: this thread loads the figure writer, not the schemas (zod) or the results parser
import { TasmoeError, type ErrorCategory } from '@tasmoe/schemas/errors';
import type { FigureJob } from '@tasmoe/metrics/figure-thread';

export type ReportWorkerRequest = {
  readonly id: number;
  /** write: the figures' files; rehearse: lay them out and drop them (stops at the next write). */
  readonly kind: 'write' | 'rehearse';
  readonly jobs: readonly FigureJob[];
};

export type ReportWorkerMessage =
  | { readonly id: number; readonly type: 'figures'; readonly files: readonly (readonly string[])[] }
  | {
      readonly id: number;
      readonly type: 'error';
      readonly code?: string;
      readonly category?: ErrorCategory;
      readonly message: string;
    };

const port = parentPort;
if (port !== null) {
  const post = (m: ReportWorkerMessage) => port.postMessage(m);
  const fail = (id: number, err: unknown) => {
    const e = err instanceof Error ? err : new Error(String(err));
    const code = 'code' in e && typeof e.code === 'string' ? e.code : undefined;
    post({
      id,
      type: 'error',
      message: e.message,
      ...(code !== undefined ? { code } : {}),
      ...(e instanceof TasmoeError ? { category: e.category } : {}),
    });
  };
  // a write cuts a rehearsal short: its figures lay out next, not after the stand-in's
  let writes = 0;
  // listening before the first await: requests may arrive while this thread still loads
  const requests: ReportWorkerRequest[] = [];
  let wake: (() => void) | undefined;
  port.on('message', (m: ReportWorkerRequest) => {
    if (m.kind === 'write') writes++;
    requests.push(m);
    wake?.();
  });
  const loaded = import('@tasmoe/metrics/figure-thread').then(async (m) => {
    // vega loads while the jobs are still to come (run-all starts this thread before the results exist)
    await m.preloadRenderer();
    return m;
  });
  loaded.catch(() => undefined);
  for (;;) {
    const r = requests.shift();
    if (r === undefined) {
      await new Promise<void>((resolve) => {
        wake = resolve;
      });
      wake = undefined;
      continue;
    }
    try {
      const { writeFigureJob, layOutFigureJob, turn } = await loaded;
      if (r.kind === 'write') {
        writes--;
        post({ id: r.id, type: 'figures', files: await Promise.all(r.jobs.map((j) => writeFigureJob(j))) });
      } else {
        for (const job of r.jobs) {
          // a write that came meanwhile is seen only after a turn of the event loop
          await turn();
          if (writes > 0) break;
          await layOutFigureJob(job);
        }
        post({ id: r.id, type: 'figures', files: [] });
      }
    } catch (err) {
      fail(r.id, err);
    }
  }
}
