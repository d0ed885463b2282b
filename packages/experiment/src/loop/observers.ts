/**
 * The consumers of the measured pass's windows: the metrics accumulator (the
 * unified CSV row), the window series (streamed in batches, flat memory in run
 * length), heat-map frames (at most a fixed number, evenly spaced), and
 * progress (run.log lines and the progress callback), and the pass's mean activity.
 */
import type { Topology } from '@tasmoe/schemas';
import { type createMetricsAccumulator, windowMetricsCsvHeader, windowMetricsCsvLine } from '@tasmoe/metrics';
import type { RunLogger } from '../runner/run-log.js';
import type { WindowAverager } from './average-window.js';
import type { WindowObserver, WindowOutcome } from './closed-loop.js';
import type { FrameSampler } from './frame-sampler.js';
import { frameRows, vaultBankIndex } from './telemetry-view.js';

export type MetricsAccumulator = ReturnType<typeof createMetricsAccumulator>;

export function accumulatorObserver(acc: MetricsAccumulator): WindowObserver {
  return new AccumulatorObserver(acc);
}

// The observers keep their state in fields (classes, not closures), so a forked loop state
// (fork-twin.ts) copies them; what a copy must not share (the sinks) it re-points.

/** Adds every window's activity to `mean` (the pass's mean activity, start-check.ts). */
export function activityObserver(mean: WindowAverager): WindowObserver {
  return new ActivityObserver(mean);
}

class ActivityObserver implements WindowObserver {
  constructor(private readonly mean: WindowAverager) {}
  window({ pw }: WindowOutcome): void {
    this.mean.add(pw);
  }
}

class AccumulatorObserver implements WindowObserver {
  private readonly latMs: number[] = [];
  constructor(private readonly acc: MetricsAccumulator) {}
  window({ pw, record }: WindowOutcome): void {
    const latMs = this.latMs;
    latMs.length = 0;
    for (let i = 0; i < pw.stepLatenciesNs.length; i++) latMs.push((pw.stepLatenciesNs[i] as number) / 1e6);
    this.acc.add(record, latMs, pw);
  }
}

export interface WindowSeries extends WindowObserver {
  /** Writes the rows held. */
  flush(): void;
  /** Where the chunks go (a fork's copy gets its own sink). */
  emit: (chunk: string) => void;
}

/**
 * Header at once, rows every `batch` windows; `flush` writes the rest. Each row is formatted when
 * its window ends: the batch holds strings, not records (fewer live objects for the GC to copy).
 */
export function windowSeriesObserver(emit: (chunk: string) => void, batch = 2048): WindowSeries {
  emit(windowMetricsCsvHeader());
  return new SeriesObserver(emit, batch);
}

class SeriesObserver implements WindowSeries {
  private rows = '';
  private n = 0;
  constructor(
    public emit: (chunk: string) => void,
    private readonly batch: number,
  ) {}
  window({ record }: WindowOutcome): void {
    this.rows += windowMetricsCsvLine(record);
    if (++this.n >= this.batch) {
      this.emit(this.rows);
      this.rows = '';
      this.n = 0;
    }
  }
  flush(): void {
    if (this.n > 0) this.emit(this.rows);
    this.rows = '';
    this.n = 0;
  }
}

export type FrameRows = (string | number)[][];

export function heatMapObserver(frames: FrameSampler<FrameRows>, topology: Topology): WindowObserver {
  return new HeatMapObserver(frames, topology);
}

class HeatMapObserver implements WindowObserver {
  private readonly vaults: ReturnType<typeof vaultBankIndex>;
  constructor(
    private readonly frames: FrameSampler<FrameRows>,
    private readonly topology: Topology,
  ) {
    this.vaults = vaultBankIndex(topology);
  }
  window({ w, pw, snap }: WindowOutcome): void {
    if (this.frames.wants(w))
      this.frames.add(w, frameRows(w, pw.tEndNs / 1e6, snap.coreTempC, snap.bankTempC, this.topology, this.vaults));
  }
}

export interface ProgressObserver extends WindowObserver {
  readonly tokensDone: number;
  /** Where the lines and the callback go (a fork's copy gets its own). */
  logger: RunLogger;
  onProgress: ((window: number, fraction: number) => void) | undefined;
}

/**
 * A run.log line every 500 windows; the callback every 50 windows (and at the last of a capped run)
 * with the fraction done: of the tokens, or of `maxWindows` when the run is capped and that is further.
 */
export function progressObserver(
  logger: RunLogger,
  totalTokens: number,
  onProgress?: (window: number, fraction: number) => void,
  maxWindows?: number,
): ProgressObserver {
  return new Progress(logger, totalTokens, onProgress, maxWindows);
}

class Progress implements ProgressObserver {
  tokensDone = 0;
  constructor(
    public logger: RunLogger,
    private readonly totalTokens: number,
    public onProgress: ((window: number, fraction: number) => void) | undefined,
    private readonly maxWindows: number | undefined,
  ) {}
  window({ w, pw, record }: WindowOutcome): void {
    this.tokensDone += pw.completedTokens;
    const tokensDone = this.tokensDone;
    if (w % 500 === 0)
      this.logger.info(
        `win ${w} t=${fixed(pw.tEndNs / 1e6)} ms T_peak_logic=${fixed(record.T_peak_logic)} C T_peak_dram=${fixed(record.T_peak_dram)} C tokens=${tokensDone}`,
      );
    const { onProgress, maxWindows } = this;
    if (onProgress !== undefined && (w % 50 === 0 || w + 1 === maxWindows)) {
      const capped = maxWindows === undefined ? 0 : (w + 1) / maxWindows;
      onProgress(w, Math.min(1, Math.max(tokensDone / this.totalTokens, capped)));
    }
  }
}

export function fixed(x: number): string {
  return x.toFixed(2);
}
