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

/** `thotC` undefined: only the throttled time is measured. */
export function createThermalExposure(thotC: number | undefined): ThermalExposure {
  let windows = 0;
  let hot = 0;
  let firstHot: number | undefined;
  let throttled = 0;
  return {
    add(w) {
      windows++;
      if (thotC !== undefined && w.T_peak_logic >= thotC) {
        hot++;
        firstHot ??= w.t_end_ms;
      }
      if (w.throttled_fraction > 0) throttled += w.t_end_ms - w.t_start_ms;
    },
    hotShare: () => (windows > 0 && thotC !== undefined ? hot / windows : undefined),
    firstHotMs: () => firstHot,
    throttledMs: () => throttled,
  };
}
