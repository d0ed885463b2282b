/**
 * Worker-thread entry of run-all's report: writes the figures buildReport
 * delegates (about half the static figures) while the main thread writes the
 * rest and report.html, so layout and rasterising use both cores. It starts
 * before the jobs exist (report-threads.ts), so loading vega here overlaps
 * the main thread's other work; the jobs come by message, one reply each.
 */
import { parentPort } from 'node:worker_threads';
// narrow entry points: this thread loads the figure writer, not the schemas (zod) or the results parser
import { TasmoeError, type ErrorCategory } from '@tasmoe/schemas/errors';
import type { FigureJob } from '@tasmoe/metrics/figure-thread';

export type ReportWorkerRequest = { readonly id: number; readonly jobs: readonly FigureJob[] };

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
  const loaded = import('@tasmoe/metrics/figure-thread').then(async (m) => {
    // vega loads while the jobs are still to come (run-all starts this thread before the results exist)
    await m.preloadRenderer();
    return m;
  });
  // a failure to load shows in the reply to the first request
  loaded.catch(() => undefined);
  // listening before the first await: the jobs may arrive while this thread still loads
  port.on('message', async ({ id, jobs }: ReportWorkerRequest) => {
    try {
      const { writeFigureJob } = await loaded;
      post({ id, type: 'figures', files: await Promise.all(jobs.map((j) => writeFigureJob(j))) });
    } catch (err) {
      const e = err instanceof Error ? err : new Error(String(err));
      const code = 'code' in e && typeof e.code === 'string' ? e.code : undefined;
      post({
        id,
        type: 'error',
        message: e.message,
        ...(code !== undefined ? { code } : {}),
        ...(e instanceof TasmoeError ? { category: e.category } : {}),
      });
    }
  });
}
