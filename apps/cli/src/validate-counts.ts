/**
 * A routing counts file (header layer,expert,count; `routing.model: empirical`):
 * each row two non-negative integers and a finite non-negative count, no
 * (layer, expert) twice. Whether it covers a workload's layers and experts is
 * checked where a workload uses it (@tasmoe/traces counts-file.ts).
 */
import { INPUT_LIMITS, readInputFile } from '@tasmoe/experiment';
import type { IssueSink } from './issue-sink.js';

export const COUNTS_HEADER = 'layer,expert,count';

export function validateCountsFile(
  path: string,
  file: string,
  sink: IssueSink,
): { kind: string; records: number } | undefined {
  const lines = readInputFile(path, 'counts file', INPUT_LIMITS.record).split('\n');
  if (lines[lines.length - 1] === '') lines.pop();
  const seen = new Set<string>();
  const before = sink.count;
  for (let i = 1; i < lines.length; i++) {
    const where = `${file}:${i + 1}`;
    const cells = (lines[i] as string).replace(/\r$/, '').split(',');
    if (cells.length !== 3) {
      sink.add({ file: where, path: '', message: `expected 3 fields (${COUNTS_HEADER}), got ${cells.length}` });
      continue;
    }
    const [l, e, c] = cells as [string, string, string];
    if (!/^\d+$/.test(l))
      sink.add({ file: where, path: 'layer', message: `expected a non-negative integer, got "${l}"` });
    if (!/^\d+$/.test(e))
      sink.add({ file: where, path: 'expert', message: `expected a non-negative integer, got "${e}"` });
    if (!(c.trim() !== '' && Number.isFinite(Number(c)) && Number(c) >= 0))
      sink.add({ file: where, path: 'count', message: `expected a finite non-negative number, got "${c}"` });
    if (seen.has(`${l},${e}`)) sink.add({ file: where, path: '', message: `layer ${l} expert ${e} given twice` });
    seen.add(`${l},${e}`);
  }
  return sink.count === before ? { kind: 'routing counts', records: lines.length - 1 } : undefined;
}
