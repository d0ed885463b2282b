/**
 * The report on one or two threads, for run-all and `tasmoe report`. With two,
 * a worker (report-worker.ts) writes about half the figures (buildReport's
 * `delegate`) while this thread writes the rest and report.html: the same
 * files as one thread writes. Starting is separate from building so that
 * run-all can start when a core falls idle (its last scenario still running):
 * the worker boots and both threads load vega before the results exist, and
 * `prepare` parses the finished scenarios' files and derives their rows
 * (prepareReport) while the last lane runs.
 */
import type { Worker } from 'node:worker_threads';
import { TasmoeError, type Scenario } from '@tasmoe/schemas';
import type { BuildReportOptions, BuildReportResult, FigureJob, ParseCache, PrepareOptions } from '@tasmoe/metrics';
import type { ReportWorkerMessage, ReportWorkerRequest } from './report-worker.js';
import { siblingEntry, spawnWorker } from './spawn-worker.js';

/** What buildReport takes here (`delegate` and `cache` are the threads'). */
export type ReportBuildOptions = Omit<BuildReportOptions, 'delegate' | 'cache'>;

export interface ReportThreads {
  /**
   * The files of `done` in `outDir` are final (`manifest`: run-all.json as it will be written).
   * Parses them and derives their rows for the build to reuse; an optimisation only: whatever
   * fails here fails again, if it must, in build.
   */
  prepare(outDir: string, manifest: string, done: readonly Scenario[]): void;
  /** Builds the report of `outDir`; undefined when @tasmoe/metrics provides no buildReport. */
  build(outDir: string, opts?: ReportBuildOptions): Promise<BuildReportResult | undefined>;
  /** Ends the worker (after build, or instead of it). */
  close(): Promise<void>;
}

interface Metrics {
  readonly buildReport?: (dir: string, o?: BuildReportOptions) => Promise<BuildReportResult>;
  readonly preloadRenderer?: () => Promise<void>;
  readonly parseCache?: () => ParseCache;
  readonly prepareReport?: (dir: string, o: PrepareOptions) => void;
}

export function startReportThreads(threads: number): ReportThreads {
  const worker = threads < 2 ? undefined : spawnWorker(siblingEntry(import.meta.url, 'report-worker'), {});
  const ask = worker === undefined ? undefined : requests(worker);
  const metrics = import('@tasmoe/metrics') as Promise<Metrics>;
  // loading the renderer early is an optimisation only: a failure shows again where it matters
  void metrics.then((m) => m.preloadRenderer?.()).catch(() => undefined);
  const cache = metrics.then((m) => m.parseCache?.());
  cache.catch(() => undefined);
  let building = false;
  let prepared: Promise<void> = Promise.resolve();
  return {
    prepare(outDir, manifest, done) {
      prepared = prepared
        .then(async () => {
          const [m, c] = await Promise.all([metrics, cache]);
          // once the build has begun it reads everything itself
          if (!building && c !== undefined) m.prepareReport?.(outDir, { manifest, done, cache: c });
        })
        .catch(() => undefined);
    },
    async build(outDir, opts = {}) {
      building = true;
      const [m, c] = await Promise.all([metrics, cache]);
      const buildReport = m.buildReport;
      if (typeof buildReport !== 'function') return undefined;
      return buildReport(outDir, {
        ...opts,
        ...(c === undefined ? {} : { cache: c }),
        ...(ask === undefined ? {} : { delegate: ask }),
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

/** Requests to the report worker, each answered with the files it wrote or its error (code and category kept). */
function requests(worker: Worker): (jobs: readonly FigureJob[]) => Promise<readonly (readonly string[])[]> {
  const pending = new Map<
    number,
    { resolve: (files: readonly (readonly string[])[]) => void; reject: (e: Error) => void }
  >();
  let next = 0;
  let ended: Error | undefined;
  const end = (err: Error) => {
    ended ??= err;
    for (const p of pending.values()) p.reject(err);
    pending.clear();
  };
  worker.on('message', (m: ReportWorkerMessage) => {
    const p = pending.get(m.id);
    if (p === undefined) return;
    pending.delete(m.id);
    if (m.type === 'figures') p.resolve(m.files);
    else
      p.reject(
        m.code !== undefined && m.category !== undefined
          ? new TasmoeError(m.code, m.category, m.message)
          : Object.assign(new Error(m.message), m.code === undefined ? {} : { code: m.code }),
      );
  });
  worker.on('error', end);
  worker.on('exit', (code) => end(new Error(`report worker exited with code ${code}`)));
  return (jobs) =>
    new Promise((resolve, reject) => {
      if (ended !== undefined) {
        reject(ended);
        return;
      }
      const id = next++;
      pending.set(id, { resolve, reject });
      worker.postMessage({ id, jobs } satisfies ReportWorkerRequest);
    });
}
