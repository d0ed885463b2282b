/**
 * How long and how soon a run is hot, window by window (HotGauge's question is
 * the time until the first hotspot, not only the peak):
 * - hot windows: T_peak_logic at the window's end at or above Thot;
 * - first hot: the end time of the first hot window, ms from the start of the
 *   measured pass (the temperature is read at the window's end);
 * - throttled time: window time during which at least one core ran below its
 *   nominal DVFS step (the core-weighted share is throttled_fraction already).
 */
import type { WindowMetrics } from './window-metrics.js';

export interface ThermalExposure {
  add(w: WindowMetrics): void;
  /** Hot windows / windows; undefined without windows or without Thot. */
  hotShare(): number | undefined;
  /** t_end_ms of the first hot window; undefined when no window reached Thot (or without Thot). */
  firstHotMs(): number | undefined;
  throttledMs(): number;
}

/** `thotC` undefined: only the throttled time is measured. State in fields: a forked loop state copies it. */
export function createThermalExposure(thotC: number | undefined): ThermalExposure {
  return new Exposure(thotC);
}

class Exposure implements ThermalExposure {
  private windows = 0;
  private hot = 0;
  private firstHot: number | undefined;
  private throttled = 0;

  constructor(private readonly thotC: number | undefined) {}

  add(w: WindowMetrics): void {
    this.windows++;
    if (this.thotC !== undefined && w.T_peak_logic >= this.thotC) {
      this.hot++;
      this.firstHot ??= w.t_end_ms;
    }
    if (w.throttled_fraction > 0) this.throttled += w.t_end_ms - w.t_start_ms;
  }

  hotShare(): number | undefined {
    return this.windows > 0 && this.thotC !== undefined ? this.hot / this.windows : undefined;
  }

  firstHotMs(): number | undefined {
    return this.firstHot;
  }

  throttledMs(): number {
    return this.throttled;
  }
}
