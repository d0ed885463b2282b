export { WINDOW_METRICS_COLUMNS } from './window-metrics.js';
export type { WindowMetrics } from './window-metrics.js';
export { createMetricsAccumulator, reduceWindowMetrics, percentile, EXTRA_METRICS_COLUMNS } from './reduce.js';
export type { MetricsAccumulator, RunIdentity } from './reduce.js';
export { metricsCsv, windowMetricsCsvHeader, windowMetricsCsvRows, formatNumber } from './csv.js';
