/**
 * HotSpot block-level steady files (`-steady_file` output, also the
 * `-init_file` input): one `name<TAB>kelvin` line per block, then `inode_*`.
 */
import { ThermalFormatError } from '../errors.js';
import { formatKelvin, isSkippable, parseNumber, splitLines, tokens } from './text.js';

export interface NamedTemperatures {
  readonly names: readonly string[];
  readonly valuesK: Float64Array;
}

/** Parses a `.steady` / init file. */
export function parseSteadyFile(text: string): NamedTemperatures {
  const names: string[] = [];
  const values: number[] = [];
  const seen = new Set<string>();
  splitLines(text).forEach((line, i) => {
    if (isSkippable(line)) return;
    const tk = tokens(line);
    if (tk.length !== 2)
      throw new ThermalFormatError(`expected "name value", got ${tk.length} fields`, { line: i + 1 });
    const name = tk[0] ?? '';
    if (seen.has(name)) throw new ThermalFormatError(`duplicate name ${name}`, { line: i + 1 });
    seen.add(name);
    names.push(name);
    values.push(parseNumber(tk[1], name, i + 1));
  });
  return { names, valuesK: Float64Array.from(values) };
}

/** Formats a `.steady` file (kelvin, two decimals, tab separated). */
export function formatSteadyFile(t: NamedTemperatures): string {
  if (t.names.length !== t.valuesK.length) throw new ThermalFormatError('names and values differ in length');
  const parts: string[] = new Array<string>(t.names.length);
  for (let i = 0; i < t.names.length; i++) parts[i] = `${t.names[i] ?? ''}\t${formatKelvin(t.valuesK[i] ?? NaN)}\n`;
  return parts.join('');
}

/** Map from name to value (for init-file lookups). */
export function steadyToMap(t: NamedTemperatures): Map<string, number> {
  const m = new Map<string, number>();
  t.names.forEach((n, i) => m.set(n, t.valuesK[i] ?? NaN));
  return m;
}
