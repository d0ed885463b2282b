/**
 * HotSpot trace files: power traces (`.ptrace`, watts) and block temperature
 * traces (`.ttrace`, kelvin). Both are a header of block names followed by one
 * row of numbers per sampling interval (pure parse/format).
 */
import { ThermalFormatError } from '../errors.js';
import { formatKelvin, isSkippable, parseNumber, splitLines, tokens } from './text.js';

export interface BlockTrace {
  /** Column (block) names in file order. */
  readonly names: readonly string[];
  /** One Float64Array per row, `names.length` values each. */
  readonly rows: readonly Float64Array[];
}

/** Parses a `.ptrace` / `.ttrace` text. */
export function parseTrace(text: string): BlockTrace {
  const lines = splitLines(text);
  let li = 0;
  while (li < lines.length && isSkippable(lines[li] ?? '')) li++;
  if (li >= lines.length) throw new ThermalFormatError('trace has no header line');
  const names = tokens(lines[li] ?? '');
  const seen = new Set<string>();
  for (const n of names) {
    if (seen.has(n)) throw new ThermalFormatError(`duplicate column name ${n}`, { line: li + 1 });
    seen.add(n);
  }
  const rows: Float64Array[] = [];
  for (li++; li < lines.length; li++) {
    const line = lines[li] ?? '';
    if (isSkippable(line)) continue;
    const tk = tokens(line);
    if (tk.length !== names.length) {
      throw new ThermalFormatError(`row has ${tk.length} values, header has ${names.length} names`, { line: li + 1 });
    }
    const row = new Float64Array(tk.length);
    for (let i = 0; i < tk.length; i++) {
      const v = parseNumber(tk[i], `column ${names[i] ?? i}`, li + 1);
      row[i] = v;
    }
    rows.push(row);
  }
  return { names, rows };
}

/** Formats a power trace (values written exactly, shortest round-trip form). */
export function formatPowerTrace(trace: BlockTrace): string {
  return formatTraceWith(trace, (v) => String(v));
}

/** Formats a temperature trace as HotSpot's `-o` output (kelvin, two decimals). */
export function formatTemperatureTrace(trace: BlockTrace): string {
  return formatTraceWith(trace, formatKelvin);
}

/** Header line of a trace (names joined by tabs, with newline). */
export function formatTraceHeader(names: readonly string[]): string {
  return `${names.join('\t')}\n`;
}

/** One row of a temperature trace (kelvin, two decimals, with newline). */
export function formatTemperatureRow(values: ArrayLike<number>): string {
  const parts: string[] = new Array<string>(values.length);
  for (let i = 0; i < values.length; i++) parts[i] = formatKelvin(values[i] ?? NaN);
  return `${parts.join('\t')}\n`;
}

function formatTraceWith(trace: BlockTrace, fmt: (v: number) => string): string {
  let s = formatTraceHeader(trace.names);
  for (const row of trace.rows) {
    const parts: string[] = new Array<string>(row.length);
    for (let i = 0; i < row.length; i++) parts[i] = fmt(row[i] ?? NaN);
    s += `${parts.join('\t')}\n`;
  }
  return s;
}
