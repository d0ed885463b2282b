/**
 * HotSpot option files (`-c FILE`, `-d FILE`): `-name value` pairs, one per
 * line, `#` comments allowed (pure parse/format).
 */
import { ThermalFormatError } from '../errors.js';
import { isSkippable, splitLines, tokens } from './text.js';

export type OptionPair = readonly [name: string, value: string];

/** Parses a config file into `[name, value]` pairs (names without the dash). */
export function parseConfigFile(text: string): OptionPair[] {
  const out: OptionPair[] = [];
  splitLines(text).forEach((line, i) => {
    if (isSkippable(line)) return;
    const tk = tokens(line.replace(/\s#.*$/, ''));
    if (tk.length === 0) return;
    if (tk.length !== 2)
      throw new ThermalFormatError(`expected "-name value", got ${tk.length} fields`, { line: i + 1 });
    const name = tk[0] ?? '';
    if (!name.startsWith('-') || name.length < 2)
      throw new ThermalFormatError(`option name must start with "-": ${name}`, { line: i + 1 });
    out.push([name.slice(1), tk[1] ?? '']);
  });
  return out;
}

/** Formats `[name, value]` pairs as a config file. */
export function formatConfigFile(pairs: readonly OptionPair[], comments: readonly string[] = []): string {
  const out = comments.map((c) => `# ${c}`);
  for (const [n, v] of pairs) out.push(`-${n}\t${v}`);
  return `${out.join('\n')}\n`;
}
