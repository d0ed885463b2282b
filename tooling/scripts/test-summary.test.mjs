// The test-summary script on a fixture workspace: every package runs to the end whatever the
// others do, per-package counts, the total line, skip reasons, and a non-zero exit on a failure.
import { execFileSync, spawnSync } from 'node:child_process';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const script = path.join(import.meta.dirname, 'test-summary.mjs');
const fixture = path.join(import.meta.dirname, '__fixtures__', 'summary-ws');

describe('test-summary.mjs', () => {
  it('runs every package to the end and prints per-package counts and one total line; exit 1 on a failure', () => {
    const r = spawnSync(process.execPath, [script, '--root', fixture, '--concurrency', '2'], { encoding: 'utf8' });
    expect(r.status).toBe(1);
    const lines = r.stdout.trimEnd().split('\n');
    // a failing test and a test file that cannot load are both failures; the failed package's output is shown
    expect(r.stdout).toMatch(/----- @fx\/bad \(failed\) -----[\s\S]*fails on purpose/);
    expect(lines).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^@fx\/bad {4}1 passed, 2 failed, 0 skipped {2}\(\d+\.\d s\)$/),
        expect.stringMatching(/^@fx\/ok {5}2 passed, 0 failed, 0 skipped/),
        expect.stringMatching(/^@fx\/skips {2}1 passed, 0 failed, 2 skipped/),
        expect.stringMatching(/^ +skipped: frobnicator not installed$/),
        expect.stringMatching(/^ +skipped: packages\/skips\/a\.fixture-test\.mjs: no reason given$/),
      ]),
    );
    expect(lines.at(-1)).toBe('Tests: 4 passed, 2 failed, 2 skipped');
  }, 120_000);

  it('exit 0 when every selected package passes', () => {
    const out = execFileSync(process.execPath, [script, '--root', fixture, '@fx/ok', '@fx/skips'], {
      encoding: 'utf8',
    });
    expect(out.trimEnd().split('\n').at(-1)).toBe('Tests: 3 passed, 0 failed, 2 skipped');
  }, 120_000);
});
