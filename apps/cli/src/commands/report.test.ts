import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { main } from '../main.js';
import { repoRoot, type Io } from '@tasmoe/experiment';

// The report package's fixture: a small four-scenario results folder in the run-all layout.
const FIXTURE = path.join(repoRoot(), 'packages', 'metrics', 'src', '__fixtures__', 'results-small');

function recorder(): Io & { outLines: string[]; errLines: string[] } {
  const outLines: string[] = [];
  const errLines: string[] = [];
  return { outLines, errLines, out: (l) => outLines.push(l), err: (l) => errLines.push(l) };
}

const dirs: string[] = [];
function results(): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'tasmoe-cli-report-'));
  dirs.push(dir);
  cpSync(FIXTURE, dir, { recursive: true });
  return dir;
}
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

describe('tasmoe report', () => {
  it('writes report.html and the SVG figures, exit 0', async () => {
    const dir = results();
    const io = recorder();
    expect(await main(['report', dir, '--no-png'], io)).toBe(0);
    expect(io.outLines.at(-1)).toMatch(
      new RegExp(
        `^wrote ${path.join(dir, 'report.html').replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')} and 8 figure file\\(s\\)`,
      ),
    );
    expect(io.errLines.some((l) => l.startsWith('report: figure temperature'))).toBe(true);
    expect(readFileSync(path.join(dir, 'report.html'), 'utf8')).toContain('TAS-MoE results: mixtral-small');
    expect(existsSync(path.join(dir, 'figures', 'placement.svg'))).toBe(true);
    expect(existsSync(path.join(dir, 'figures', 'placement.png'))).toBe(false);
  });

  it('a missing CSV exits 2 and names the file', async () => {
    const dir = results();
    rmSync(path.join(dir, 'tas', 'mixtral-small.windows.csv'));
    const io = recorder();
    expect(await main(['report', dir, '-q'], io)).toBe(2);
    expect(io.errLines).toEqual([
      `error [RESULTS_FILE_MISSING]: ${path.join(dir, 'tas', 'mixtral-small.windows.csv')}: missing (the per-window series)`,
    ]);
    expect(existsSync(path.join(dir, 'report.html'))).toBe(false);
  });

  it('a malformed CSV exits 2 and names the file, line and column', async () => {
    const dir = results();
    const f = path.join(dir, 'taps', 'mixtral-small.csv');
    writeFileSync(f, readFileSync(f, 'utf8').replace(/^(taps,mixtral-small,[^,]+,)[^,]+/m, '$1n/a'));
    const io = recorder();
    expect(await main(['report', dir, '-q'], io)).toBe(2);
    expect(io.errLines[0]).toBe(
      `error [RESULTS_FILE_INVALID]: ${f}: line 2, column "T_peak_dram": expected a finite number, got "n/a"`,
    );
  });

  it('a folder that is not there exits 2; a bad --max-points is a usage error', async () => {
    expect(await main(['report', path.join(tmpdir(), 'no-such-results-folder-xyz'), '-q'], recorder())).toBe(2);
    expect(await main(['report', results(), '--max-points', 'many'], recorder())).toBe(64);
  });
});
