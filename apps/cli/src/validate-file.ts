/**
 * Detect what kind of TAS-MoE file a path holds and validate it. Configs are
 * YAML/JSON; placement and replica state are JSON; traces and overlays are CSV
 * with a header row whose columns identify the record kind.
 */
import { parse as parseCsv } from 'csv-parse/sync';
import {
  ComputeEventCsv,
  InputValidationError,
  LogicalComputeCsv,
  LogicalMemoryCsv,
  MemoryEventCsv,
  OverlayMigrateCsv,
  OverlayRerouteCsv,
  PlacementSchema,
  ReplicaStateSchema,
  parseAnyConfigText,
  parseYamlText,
  type CsvRecordKind,
  type InputIssue,
} from '@tasmoe/schemas';

export interface ValidationResult {
  readonly kind: string;
  readonly records?: number;
}

const CSV_KINDS: readonly CsvRecordKind<object>[] = [
  LogicalComputeCsv,
  LogicalMemoryCsv,
  OverlayRerouteCsv,
  OverlayMigrateCsv,
  ComputeEventCsv,
  MemoryEventCsv,
];

function detectCsvKind(header: readonly string[]): CsvRecordKind<object> | undefined {
  return CSV_KINDS.find((k) => {
    const required = k.columns.filter((c) => c !== 'layer' && c !== 'expert_id');
    return required.every((c) => header.includes(c));
  });
}

const MAX_ISSUES = 20;

function validateCsv(text: string, file: string): ValidationResult {
  let rows: string[][];
  try {
    rows = parseCsv(text, { relax_column_count: false, skip_empty_lines: true }) as string[][];
  } catch (err) {
    throw new InputValidationError('RECORD_INVALID', [{ file, path: '', message: `invalid CSV: ${(err as Error).message}` }], { cause: err });
  }
  const header = rows[0];
  if (header === undefined) throw new InputValidationError('RECORD_INVALID', [{ file, path: '', message: 'empty CSV: expected a header row' }]);
  const kind = detectCsvKind(header);
  if (kind === undefined) {
    throw new InputValidationError('RECORD_INVALID', [
      { file, path: '', message: `unknown CSV header (${header.join(',')}): expected the columns of one of ${CSV_KINDS.map((k) => k.name).join(', ')}` },
    ]);
  }
  const issues: InputIssue[] = [];
  for (let i = 1; i < rows.length && issues.length < MAX_ISSUES; i++) {
    const cells: Record<string, string> = {};
    header.forEach((h, j) => {
      cells[h] = rows[i]?.[j] ?? '';
    });
    try {
      kind.fromCells(cells, { file, line: i + 1 });
    } catch (err) {
      if (err instanceof InputValidationError) issues.push(...err.issues);
      else throw err;
    }
  }
  if (issues.length > 0) throw new InputValidationError('RECORD_INVALID', issues);
  return { kind: kind.name, records: rows.length - 1 };
}

function validateJson(text: string, file: string): ValidationResult {
  const doc = parseYamlText(text, file);
  if (doc !== null && typeof doc === 'object' && 'experts' in doc && 'tensors' in doc) {
    const r = PlacementSchema.safeParse(doc);
    if (!r.success) {
      throw new InputValidationError('RECORD_INVALID', r.error.issues.map((i) => ({ file, path: i.path.map(String).join('.'), message: `placement: ${i.message}` })));
    }
    return { kind: 'placement' };
  }
  const r = ReplicaStateSchema.safeParse(doc);
  if (r.success) return { kind: 'replica_state' };
  return validateConfig(text, file);
}

function validateConfig(text: string, file: string): ValidationResult {
  const { kind } = parseAnyConfigText(text, file);
  return { kind: `${kind} config` };
}

/** Validate file contents; throws InputValidationError listing every problem. */
export function validateFileText(text: string, file: string): ValidationResult {
  const lower = file.toLowerCase();
  if (lower.endsWith('.csv')) return validateCsv(text, file);
  if (lower.endsWith('.json')) return validateJson(text, file);
  return validateConfig(text, file);
}
