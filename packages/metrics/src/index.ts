export { WINDOW_METRICS_COLUMNS } from './window-metrics.js';
export type { WindowMetrics } from './window-metrics.js';
export { createMetricsAccumulator, reduceWindowMetrics, percentile, EXTRA_METRICS_COLUMNS } from './reduce.js';
export type { MetricsAccumulator, MetricsAccumulatorOptions, PhysicalWindowLoad, RunIdentity } from './reduce.js';
export { createExpertLoadTally } from './expert-load.js';
export type { ExpertLoadShape, ExpertLoadTally, ExpertComputeEvents } from './expert-load.js';
export { createThermalExposure } from './thermal-exposure.js';
export { meanCi95, tQuantile975 } from './ci.js';
export type { MeanCi } from './ci.js';
export type { ThermalExposure } from './thermal-exposure.js';
export {
  metricsCsv,
  windowMetricsCsvHeader,
  windowMetricsCsvLine,
  windowMetricsCsvRows,
  formatNumber,
} from './csv.js';
export { MetricsError } from './errors.js';
export type { MetricsErrorCode } from './errors.js';

// Report: figures and report.html from a results folder (plots read CSVs only).
export { buildReport, writeFigureJob, type FigureJob } from './report/build-report.js';
export type { BuildReportOptions, BuildReportResult } from './report/build-report.js';
export { prepareReport } from './report/prepare-report.js';
export type { PrepareOptions } from './report/prepare-report.js';
export { parseCache } from './report/parse-cache.js';
export type { ParseCache } from './report/parse-cache.js';
export { readResults, folderSource } from './report/results-io.js';
export { loadResults } from './report/results-bundle.js';
export { dramResolutionNote } from './report/dram-resolution-note.js';
export type { DramResolution } from './report/run-manifest.js';
export type { ResultsBundle, ResultsSource, ScenarioResults } from './report/results-bundle.js';
export { RUN_MANIFEST_FILE, REPORT_HTML_FILE, FIGURES_DIR, scenarioFiles } from './report/results-layout.js';
export type { ScenarioFiles } from './report/results-layout.js';
export { parseRunManifest, RunManifestSchema } from './report/run-manifest.js';
export type { RunManifest, RunDetails } from './report/run-manifest.js';
export { parseMetricsCsv, parseMetricsRows } from './report/metrics-table.js';
export { parseScenarioRun } from './report/scenario-run.js';
export type { ScenarioRun } from './report/scenario-run.js';
export { meanRow, columnCi } from './report/repeats.js';
export { scenarioNotes } from './report/scenario-notes.js';
export type { ScenarioNote } from './report/scenario-notes.js';
export { parseWindowSeries } from './report/window-series.js';
export type { WindowSeries } from './report/window-series.js';
export { parseHeatFrames } from './report/heat-frames.js';
export type { HeatFrames, HeatFrame } from './report/heat-frames.js';
export { downsampleWindows, timeUnitFor } from './report/downsample.js';
export type { SeriesPoint, TimeUnit } from './report/downsample.js';
export { reportModel, DATASETS } from './report/report-model.js';
export type { ReportModel, ReportFigure, ReportModelOptions } from './report/report-model.js';
export { reportHtml } from './report/report-html.js';
export { preloadRenderer, renderSvg, svgToPng, withDatasets } from './report/render.js';
export { writeFigure } from './report/figure-io.js';
export type { WriteFigureOptions } from './report/figure-io.js';
// Chart helpers (also for the sweeper's plots).
export { lineChartSpec, groupedBarSpec } from './report/chart-helpers.js';
export type {
  AxisArg,
  ChartData,
  ChartRow,
  FieldRef,
  QuantAxis,
  SeriesFold,
  ReferenceLine,
  LineChartOptions,
  GroupedBarOptions,
} from './report/chart-helpers.js';
export { vconcatSpec, hconcatSpec } from './report/concat.js';
export type { ConcatOptions } from './report/concat.js';
export { PAPER_CONFIG, PAPER_FONT } from './report/chart-theme.js';
export {
  SCENARIO_COLORS,
  SCENARIO_LABELS,
  SCENARIO_SHAPES,
  scenarioColorScale,
  scenarioShapeScale,
  scenarioLabelExpr,
  orderScenarios,
} from './report/scenario-style.js';
export { findPngFonts, pngFonts } from './report/png-fonts.js';
export type { PngFonts } from './report/png-fonts.js';
