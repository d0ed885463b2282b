/**
 * The cheapest runner that completes a point: one fixed metrics row per
 * scenario. For measuring what the executors themselves cost per point.
 */
import { metricsCsv } from '@tasmoe/metrics';
import type { PointRunner } from '../runner/point-runner.js';
import { metricsCsvPath } from '../store/layout.js';
import { writeFileAtomic } from '@tasmoe/experiment';

export const runPoint: PointRunner = async (point, outDir) => {
  for (const scenario of point.scenarios) {
    const row = {
      scenario,
      workload: point.workloadName,
      T_peak_logic: 80,
      T_peak_dram: 76,
      T_avg: 70,
      ips: 1e4,
      lat_ms: 3,
      bw_util: 0.5,
      refresh_mhz: 0.5,
      noc_load: 0.1,
    };
    writeFileAtomic(metricsCsvPath(outDir, scenario, point.workloadName), metricsCsv([row]));
  }
};
