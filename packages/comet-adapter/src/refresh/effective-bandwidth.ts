/**
 * Bandwidth left to accesses once refresh has taken its share: every refresh
 * command blocks the bank for tRFC, so the busy fraction is tRFC x rate and
 * BW_eff = BW_raw x (1 - tRFC x rate), clamped at 0 when refresh would take
 * the whole bank (a curve and tRFC that extreme are a config error the caller
 * sees as zero bandwidth, not as negative bandwidth).
 *
 * DDR4 8 Gb at 1x: 350 ns / 7.8 us = 4.5 % lost; the seed's 8x step: 35.9 %.
 */

/** Fraction of time a bank is busy refreshing, in [0, 1]. */
export function refreshBusyFraction(ratePerS: number, trfcNs: number): number {
  const f = trfcNs * 1e-9 * ratePerS;
  return Math.min(f, 1);
}

/** Effective bandwidth in the unit of `raw` (bytes/ns in HardwareState). */
export function effectiveBandwidth(raw: number, ratePerS: number, trfcNs: number): number {
  const keep = 1 - trfcNs * 1e-9 * ratePerS;
  return keep > 0 ? raw * keep : 0;
}
