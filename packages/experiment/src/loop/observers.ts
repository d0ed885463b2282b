/**
 * The consumers of the measured pass's windows: the metrics accumulator (the
 * unified CSV row), the window series (streamed in batches, flat memory in run
 * length), heat-map frames (at most a fixed number, evenly spaced), and
 * progress (run.log lines and the progress callback).
 */
import type { Topology } from '@tasmoe/schemas';
import { type createMetricsAccumulator, windowMetricsCsvHeader, windowMetricsCsvLine } from '@tasmoe/metrics';
import type { RunLogger } from '../runner/run-log.js';
import type { WindowObserver, WindowOutcome } from './closed-loop.js';
import type { FrameSampler } from './frame-sampler.js';
import { frameRows, vaultBankIndex } from './telemetry-view.js';

export type MetricsAccumulator = ReturnType<typeof createMetricsAccumulator>;

export function accumulatorObserver(acc: MetricsAccumulator): WindowObserver {
  const latMs: number[] = [];
  return {
    window({ pw, record }: WindowOutcome) {
      latMs.length = 0;
      for (let i = 0; i < pw.stepLatenciesNs.length; i++) latMs.push((pw.stepLatenciesNs[i] as number) / 1e6);
      acc.add(record, latMs, pw);
    },
  };
}

/**
 * Header at once, rows every `batch` windows; `flush` writes the rest. Each row is formatted when
 * its window ends: the batch holds strings, not records (fewer live objects for the GC to copy).
 */
export function windowSeriesObserver(emit: (chunk: string) => void, batch = 2048): WindowObserver & { flush(): void } {
  let rows = '';
  let n = 0;
  emit(windowMetricsCsvHeader());
  return {
    window({ record }: WindowOutcome) {
      rows += windowMetricsCsvLine(record);
      if (++n >= batch) {
        emit(rows);
        rows = '';
        n = 0;
      }
    },
    flush() {
      if (n > 0) emit(rows);
      rows = '';
      n = 0;
    },
  };
}

export type FrameRows = (string | number)[][];

export function heatMapObserver(frames: FrameSampler<FrameRows>, topology: Topology): WindowObserver {
  const vaults = vaultBankIndex(topology);
  return {
    window({ w, pw, snap }: WindowOutcome) {
      if (frames.wants(w))
        frames.add(w, frameRows(w, pw.tEndNs / 1e6, snap.coreTempC, snap.bankTempC, topology, vaults));
    },
  };
}

export interface ProgressObserver extends WindowObserver {
  readonly tokensDone: number;
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
  let tokensDone = 0;
  return {
    get tokensDone() {
      return tokensDone;
    },
    window({ w, pw, record }: WindowOutcome) {
      tokensDone += pw.completedTokens;
      if (w % 500 === 0)
        logger.info(
          `win ${w} t=${fixed(pw.tEndNs / 1e6)} ms T_peak_logic=${fixed(record.T_peak_logic)} C T_peak_dram=${fixed(record.T_peak_dram)} C tokens=${tokensDone}`,
        );
      if (onProgress !== undefined && (w % 50 === 0 || w + 1 === maxWindows)) {
        const capped = maxWindows === undefined ? 0 : (w + 1) / maxWindows;
        onProgress(w, Math.min(1, Math.max(tokensDone / totalTokens, capped)));
      }
    },
  };
}

export function fixed(x: number): string {
  return x.toFixed(2);
}
