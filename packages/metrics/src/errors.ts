/**
 * Typed errors of @tasmoe/metrics. Results-folder problems name the file (and
 * line / column where there is one) so a researcher can fix or re-run exactly
 * that scenario; the CLI maps *_INVALID and *_MISSING codes to exit 2.
 */
// the errors module alone: a figure thread that imports this loads no schema (no zod)
import { TasmoeError, type ErrorCategory } from '@tasmoe/schemas/errors';

export type MetricsErrorCode =
  /** A file the results-folder contract requires is not there. */
  | 'RESULTS_FILE_MISSING'
  /** A results file is there but cannot be read as its contract says (bad CSV, bad JSON, wrong columns). */
  | 'RESULTS_FILE_INVALID'
  /** The folder holds no scenario results at all. */
  | 'RESULTS_EMPTY_INVALID'
  /** A browser bundle (vega, vega-lite, vega-embed) cannot be found in node_modules. */
  | 'REPORT_ASSET_NOT_FOUND'
  /** Rendering a chart spec to SVG/PNG failed (a bug in a spec builder, never the user's data). */
  | 'REPORT_RENDER'
  /** Writing report.html or a figure failed. */
  | 'REPORT_IO';

const CATEGORY: Record<MetricsErrorCode, ErrorCategory> = {
  RESULTS_FILE_MISSING: 'input',
  RESULTS_FILE_INVALID: 'input',
  RESULTS_EMPTY_INVALID: 'input',
  REPORT_ASSET_NOT_FOUND: 'internal',
  REPORT_RENDER: 'internal',
  REPORT_IO: 'internal',
};

export class MetricsError extends TasmoeError<MetricsErrorCode> {
  /** The results file the error is about, as a path relative to the results folder when known. */
  readonly file: string | undefined;
  constructor(code: MetricsErrorCode, message: string, options?: { cause?: unknown; file?: string }) {
    super(code, CATEGORY[code], message, options);
    this.name = 'MetricsError';
    this.file = options?.file;
  }
}
