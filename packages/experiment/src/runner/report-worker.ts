/**
 * Worker-thread entry of run-all's report: writes the figures buildReport
 * delegates (every other static figure) while the main thread writes the
 * rest and report.html, so layout and rasterising use both cores. It starts
 * before the jobs exist (report-threads.ts), so loading vega here overlaps
 * the main thread's other work; the jobs come by message.
 */
import { parentPort } from 'node:worker_threads';
// narrow entry points: this thread loads the figure writer, not the schemas (zod) or the results parser
import { TasmoeError, type ErrorCategory } from '@tasmoe/schemas/errors';
import type { FigureJob } from '@tasmoe/metrics/figure-thread';

export type ReportWorkerMessage =
  | { readonly type: 'figures'; readonly files: readonly (readonly string[])[] }
  | { readonly type: 'error'; readonly code?: string; readonly category?: ErrorCategory; readonly message: string };

const port = parentPort;
if (port !== null) {
  const post = (m: ReportWorkerMessage) => port.postMessage(m);
  // listening before the first await: the jobs may arrive while this thread still loads
  const jobs = new Promise<readonly FigureJob[]>((resolve) => {
    port.once('message', (m: { jobs: readonly FigureJob[] }) => resolve(m.jobs));
  });
  try {
    const { writeFigureJob, preloadRenderer } = await import('@tasmoe/metrics/figure-thread');
    // vega loads while the jobs are still to come (run-all starts this thread before the results exist)
    await preloadRenderer();
    const mine = await jobs;
    post({ type: 'figures', files: await Promise.all(mine.map((j) => writeFigureJob(j))) });
  } catch (err) {
    const e = err instanceof Error ? err : new Error(String(err));
    const code = 'code' in e && typeof e.code === 'string' ? e.code : undefined;
    post({
      type: 'error',
      message: e.message,
      ...(code !== undefined ? { code } : {}),
      ...(e instanceof TasmoeError ? { category: e.category } : {}),
    });
  }
}
