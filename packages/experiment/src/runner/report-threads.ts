/**
 * The report on one or two threads, for run-all and `tasmoe report`. With two,
 * a worker (report-worker.ts) writes every other figure (buildReport's
 * `delegate`) while this thread writes the rest and report.html: the same
 * files as one thread writes. Starting is separate from building so that
 * run-all can start when a core falls idle (its last scenario still running):
 * the worker boots and both threads load vega before the results exist.
 */
import type { Worker } from 'node:worker_threads';
import { TasmoeError } from '@tasmoe/schemas';
import type { BuildReportOptions, BuildReportResult } from '@tasmoe/metrics';
import type { ReportWorkerMessage } from './report-worker.js';
import { siblingEntry, spawnWorker } from './spawn-worker.js';

/** What buildReport takes here (`delegate` is the worker's). */
export type ReportBuildOptions = Omit<BuildReportOptions, 'delegate'>;

export interface ReportThreads {
  /** Builds the report of `outDir`; undefined when @tasmoe/metrics provides no buildReport. */
  build(outDir: string, opts?: ReportBuildOptions): Promise<BuildReportResult | undefined>;
  /** Ends the worker (after build, or instead of it). */
  close(): Promise<void>;
}

type Metrics = Record<string, unknown>;
type BuildReport = (dir: string, o?: BuildReportOptions) => Promise<BuildReportResult>;

export function startReportThreads(threads: number): ReportThreads {
  const worker = threads < 2 ? undefined : spawnWorker(siblingEntry(import.meta.url, 'report-worker'), {});
  const delegated = worker === undefined ? undefined : figuresFrom(worker);
  // a build that fails before it delegates never awaits this (the worker then exits on close)
  delegated?.catch(() => undefined);
  const metrics = import('@tasmoe/metrics') as Promise<Metrics>;
  // loading the renderer early is an optimisation only: a failure shows again where it matters
  void metrics
    .then((m) => (typeof m.preloadRenderer === 'function' ? m.preloadRenderer() : undefined))
    .catch(() => undefined);
  return {
    async build(outDir, opts = {}) {
      const build = (await metrics).buildReport;
      if (typeof build !== 'function') return undefined;
      const buildReport = build as BuildReport;
      if (worker === undefined || delegated === undefined) return buildReport(outDir, opts);
      return buildReport(outDir, {
        ...opts,
        delegate: (jobs) => {
          worker.postMessage({ jobs });
          return delegated;
        },
      });
    },
    async close() {
      await worker?.terminate();
    },
  };
}

/** Builds the report of `outDir` on `threads` threads (a missing buildReport: undefined). */
export async function buildReportOnThreads(
  outDir: string,
  threads: number,
  opts: ReportBuildOptions = {},
): Promise<BuildReportResult | undefined> {
  const report = startReportThreads(threads);
  try {
    return await report.build(outDir, opts);
  } finally {
    await report.close();
  }
}

/** The files the report worker wrote, or its error (code and category kept). */
function figuresFrom(worker: Worker): Promise<readonly (readonly string[])[]> {
  return new Promise((resolve, reject) => {
    worker.on('message', (m: ReportWorkerMessage) => {
      if (m.type === 'figures') resolve(m.files);
      else
        reject(
          m.code !== undefined && m.category !== undefined
            ? new TasmoeError(m.code, m.category, m.message)
            : Object.assign(new Error(m.message), m.code === undefined ? {} : { code: m.code }),
        );
    });
    worker.on('error', reject);
    worker.on('exit', (code) => reject(new Error(`report worker exited with code ${code}`)));
  });
}
