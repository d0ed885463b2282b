/**
 * `run-all` / `run-single` on the edges: one run per results folder, refusals
 * with exit 2 and the field or file named, nothing written when refused.
 */
import { existsSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Io } from '@tasmoe/experiment';
import { main } from '../main.js';

const repo = path.resolve(import.meta.dirname, '../../../..');
const small = path.join(repo, 'packages/experiment/src/__fixtures__/small');
const thermal = path.join(repo, 'packages/experiment/src/__fixtures__/lumped-thermal.ts');

function recorder(): Io & { outLines: string[]; errLines: string[] } {
  const outLines: string[] = [];
  const errLines: string[] = [];
  return { outLines, errLines, out: (l) => outLines.push(l), err: (l) => errLines.push(l) };
}

function setup(edit: { workload?: (t: string) => string; tas?: (t: string) => string } = {}) {
  const dir = mkdtempSync(path.join(tmpdir(), 'tasmoe-run-folder-'));
  const w = path.join(dir, 'workload.yaml');
  const t = path.join(dir, 'tas.yaml');
  writeFileSync(w, (edit.workload ?? ((x) => x))(readFileSync(path.join(small, 'workload.yaml'), 'utf8')));
  writeFileSync(t, (edit.tas ?? ((x) => x))(readFileSync(path.join(small, 'tas.yaml'), 'utf8')));
  const args = (out: string, ...more: string[]) => [
    '--arch',
    path.join(small, 'arch.yaml'),
    '--workload',
    w,
    '--tas',
    t,
    '--thermal-module',
    thermal,
    '--parallel',
    '1',
    '--no-report',
    '--max-windows',
    '10',
    '--out',
    out,
    ...more,
  ];
  return { dir, w, t, args };
}

describe('one run per results folder', () => {
  it('a second run-all of another seed into the same folder is refused (exit 2) until --force', async () => {
    const a = setup();
    const out = path.join(a.dir, 'results');
    expect(await main(['run-all', ...a.args(out)], recorder())).toBe(0);
    const before = readFileSync(path.join(out, 'baseline', 'tiny-moe.windows.csv'), 'utf8');
    const b = setup({ workload: (t) => t.replace('seed: 7', 'seed: 8') });
    const io = recorder();
    expect(await main(['run-all', ...b.args(out)], io)).toBe(2);
    expect(io.errLines[0]).toMatch(
      /error \[FOLDER_HOLDS_OTHER_RUN\]: .*results.* holds results of another configuration \(baseline, taps, tacs, tas.*--force/,
    );
    expect(readFileSync(path.join(out, 'baseline', 'tiny-moe.windows.csv'), 'utf8')).toBe(before);
    expect(await main(['run-all', ...b.args(out, '--force')], recorder())).toBe(0);
    const all = JSON.parse(readFileSync(path.join(out, 'run-all.json'), 'utf8')) as {
      configs: { workload: { routing: { seed: number } } };
    };
    expect(all.configs.workload.routing.seed).toBe(8);
    for (const s of ['baseline', 'taps', 'tacs', 'tas'])
      expect(readFileSync(path.join(out, s, 'run.log'), 'utf8')).toMatch(/seed 8/);
  });

  it('a folder in use by a live process is refused with its pid (exit 2)', async () => {
    const a = setup();
    const out = path.join(a.dir, 'results');
    const { mkdirSync } = await import('node:fs');
    mkdirSync(out);
    writeFileSync(path.join(out, '.lock'), JSON.stringify({ host: hostname(), pid: process.ppid }));
    const io = recorder();
    expect(await main(['run-all', ...a.args(out)], io)).toBe(2);
    expect(io.errLines[0]).toMatch(new RegExp(`FOLDER_LOCKED.*in use: being run by process ${process.ppid}`));
    expect(readdirSync(out)).toEqual(['.lock']);
  });

  it('a run that ends before any decode step finishes warns that ips and lat_ms are 0; without a terminal progress is plain lines', async () => {
    const a = setup();
    const io = recorder();
    const args = a.args(path.join(a.dir, 'results')).map((x) => (x === '10' ? '3' : x));
    expect(await main(['run-single', '--scenario', 'baseline', ...args], io)).toBe(0);
    expect(io.errLines).toEqual([
      'baseline  started',
      'baseline  30%  window 0',
      'baseline  done',
      'warning: baseline: no decode step finished within --max-windows 3: ips and lat_ms are 0, not measurements',
    ]);
    expect(readFileSync(path.join(a.dir, 'results', 'baseline', 'run.log'), 'utf8')).toMatch(
      /WARN {2}no decode step finished in 3 windows/,
    );
  });

  it('run-single writes no run-all.json', async () => {
    const a = setup();
    const out = path.join(a.dir, 'results');
    expect(await main(['run-single', '--scenario', 'taps', ...a.args(out)], recorder())).toBe(0);
    expect(readdirSync(out).sort()).toEqual(['taps']);
  });
});

describe('refusals up front: exit 2, the field or file named, nothing written', () => {
  it('a missing workload file', async () => {
    const a = setup();
    const out = path.join(a.dir, 'results');
    const io = recorder();
    const args = a.args(out);
    args[args.indexOf(a.w)] = path.join(a.dir, 'nope.yaml');
    expect(await main(['run-all', ...args], io)).toBe(2);
    expect(io.errLines[0]).toMatch(/nope\.yaml: cannot read file: ENOENT \(workload config\)/);
    expect(existsSync(out)).toBe(false);
  });

  it('a run whose estimate is over the window budget, with the field that drives it; --allow-large lifts it', async () => {
    const a = setup({
      tas: (t) => t.replace('window_ms: 1.0', 'window_ms: 0.01'),
      workload: (t) => t.replace('steps: 12', 'steps: 1000000'),
    });
    const out = path.join(a.dir, 'results');
    const io = recorder();
    const args = a.args(out).filter((x, i, all) => x !== '--max-windows' && all[i - 1] !== '--max-windows');
    expect(await main(['run-single', '--scenario', 'baseline', ...args], io)).toBe(2);
    expect(io.errLines[0]).toMatch(
      /RUN_TOO_LARGE.*windows per scenario.*driven by tas\.tacs\.window_ms \(0\.01 ms\) and workload\.sequence\.steps \(1000000\).*--allow-large/,
    );
    expect(existsSync(out)).toBe(false);
    // allowed, it starts (and is stopped by --max-windows here)
    expect(
      await main(['run-single', '--scenario', 'baseline', ...args, '--allow-large', '--max-windows', '3'], recorder()),
    ).toBe(0);
  });

  it('a window of 1e-9 ms is refused by validation with file, line and field', async () => {
    const a = setup({ tas: (t) => t.replace('window_ms: 1.0', 'window_ms: 1.0e-9') });
    const io = recorder();
    expect(await main(['run-all', ...a.args(path.join(a.dir, 'results'))], io)).toBe(2);
    expect(io.errLines[0]).toMatch(new RegExp(`^${a.t.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:2: tacs\\.window_ms: `));
    expect(existsSync(path.join(a.dir, 'results'))).toBe(false);
  });
});
