/**
 * The seed's reproduction command (section 9.4), with the flags it shows, end
 * to end through the real embedded thermal solver and the report: on the small
 * config so it runs in seconds.
 */
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'csv-parse/sync';
import { METRICS_COLUMNS } from '@tasmoe/schemas';
import { main } from '../main.js';

const small = path.join(
  import.meta.dirname,
  '..',
  '..',
  '..',
  '..',
  'packages',
  'experiment',
  'src',
  '__fixtures__',
  'small',
);

describe('reproduction command', () => {
  it('run-all --arch --workload --tas --out writes four CSVs, run.log and a report', async () => {
    const out = path.join(mkdtempSync(path.join(tmpdir(), 'tasmoe-repro-')), 'results', 'mixtral') + path.sep;
    const lines: string[] = [];
    const io = { out: (l: string) => lines.push(l), err: (l: string) => lines.push(l) };
    const code = await main(
      [
        'run-all',
        '--arch',
        path.join(small, 'arch.yaml'),
        '--workload',
        path.join(small, 'workload.yaml'),
        '--tas',
        path.join(small, 'tas.yaml'),
        '--out',
        out,
      ],
      io,
    );
    expect(code, lines.join('\n')).toBe(0);
    for (const s of ['baseline', 'taps', 'tacs', 'tas']) {
      const rows = parse(readFileSync(path.join(out, s, 'tiny-moe.csv'), 'utf8'), { columns: true }) as Record<
        string,
        string
      >[];
      expect(rows).toHaveLength(1);
      const row = rows[0] as Record<string, string>;
      expect(Object.keys(row).slice(0, 10)).toEqual([...METRICS_COLUMNS]);
      for (const c of ['T_peak_logic', 'T_peak_dram', 'ips'])
        expect(Number.isFinite(Number(row[c])), `${s} ${c}`).toBe(true);
      expect(Number(row.T_peak_logic)).toBeGreaterThan(45);
      const log = readFileSync(path.join(out, s, 'run.log'), 'utf8');
      expect(log).toContain('thermal back end: embedded');
      expect(log).toMatch(/seed 7/);
    }
    expect(existsSync(path.join(out, 'report.html'))).toBe(true);
  }, 180_000);
});
