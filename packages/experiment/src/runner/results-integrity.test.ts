/**
 * No silent corruption: a result file is trusted only when it matches its
 * run.json; a failed write (a full disk) publishes nothing; a failed rerun keeps
 * the finished result and its log; one run per folder.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseConfigText } from '@tasmoe/schemas';
import { runAll } from './run-all.js';
import { acquireFolderLock } from './folder-lock.js';

const fixtures = path.join(import.meta.dirname, '..', '__fixtures__');
const thermalModule = path.join(fixtures, 'lumped-thermal.ts');
const failingThermal = path.join(fixtures, 'failing-thermal.ts');
const read = (f: string) => readFileSync(path.join(fixtures, 'small', f), 'utf8');

function load(steps = 12) {
  return {
    arch: parseConfigText('arch', read('arch.yaml')),
    workload: parseConfigText('workload', read('workload.yaml').replace('steps: 12', `steps: ${steps}`)),
    tas: parseConfigText('tas', read('tas.yaml')),
  };
}

const tmp = () => mkdtempSync(path.join(tmpdir(), 'tasmoe-integrity-'));
const base = { parallel: 1, thermalModule, report: false, maxWindows: 20 } as const;

describe('resume trusts a scenario only when its files match run.json', () => {
  it('run.json lists each result file with its size and sha256', async () => {
    const out = tmp();
    await runAll({ ...base, configs: load(), outDir: out, scenarios: ['baseline'] });
    const m = JSON.parse(readFileSync(path.join(out, 'baseline', 'run.json'), 'utf8')) as {
      files: Record<string, { bytes: number; sha256: string }>;
    };
    expect(Object.keys(m.files).sort()).toEqual([
      'placement.json',
      'replica_state.json',
      'tiny-moe.csv',
      'tiny-moe.frames.csv',
      'tiny-moe.windows.csv',
    ]);
    const w = readFileSync(path.join(out, 'baseline', 'tiny-moe.windows.csv'));
    expect(m.files['tiny-moe.windows.csv']?.bytes).toBe(w.length);
  });

  it.each([
    ['deleted', (f: string) => rmSync(f)],
    ['emptied', (f: string) => writeFileSync(f, '')],
    [
      'one byte changed',
      (f: string) => {
        const b = readFileSync(f);
        b[b.length - 2] = b[b.length - 2] === 0x30 ? 0x31 : 0x30;
        writeFileSync(f, b);
      },
    ],
  ])('a windows.csv %s makes the scenario run again', async (_, damage) => {
    const out = tmp();
    const opts = { ...base, configs: load(), outDir: out, scenarios: ['baseline', 'taps'] as const };
    await runAll({ ...opts, scenarios: [...opts.scenarios] });
    const file = path.join(out, 'baseline', 'tiny-moe.windows.csv');
    const good = readFileSync(file, 'utf8');
    damage(file);
    const again = await runAll({ ...opts, scenarios: [...opts.scenarios] });
    expect(again.skipped).toEqual(['taps']);
    expect(readFileSync(file, 'utf8')).toBe(good);
  });
});

describe('a failed rerun keeps the finished result and its log', () => {
  it('run.log, the CSVs and run.json of the finished scenario stay; the failure is logged in run.new.log', async () => {
    const out = tmp();
    const configs = load();
    await runAll({ ...base, configs, outDir: out, scenarios: ['baseline'] });
    const dir = path.join(out, 'baseline');
    const before = Object.fromEntries(readdirSync(dir).map((f) => [f, readFileSync(path.join(dir, f), 'utf8')]));
    const err = await runAll({
      ...base,
      configs,
      outDir: out,
      scenarios: ['baseline'],
      resume: false,
      thermalModule: failingThermal,
    }).catch((e: unknown) => e);
    expect(String(err)).toMatch(/see baseline\/run\.new\.log/);
    for (const [f, text] of Object.entries(before)) expect(readFileSync(path.join(dir, f), 'utf8'), f).toBe(text);
    expect(readFileSync(path.join(dir, 'run.new.log'), 'utf8')).toMatch(/ERROR .*thermal back end failed/);
    // still complete: resumed, not rerun
    expect((await runAll({ ...base, configs, outDir: out, scenarios: ['baseline'] })).skipped).toEqual(['baseline']);
  });
});

describe('one run per results folder', () => {
  it('a folder locked by a live process is refused; a lock of a dead process is taken over', async () => {
    const out = tmp();
    const lock = acquireFolderLock(out);
    const child = execFileSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], {
      encoding: 'utf8',
    });
    try {
      // the same process holds it
      await expect(runAll({ ...base, configs: load(), outDir: out, scenarios: ['baseline'] })).rejects.toThrow(
        /in use/,
      );
    } finally {
      lock.release();
    }
    const { hostname } = await import('node:os');
    writeFileSync(path.join(out, '.lock'), JSON.stringify({ host: hostname(), pid: Number(child) }));
    await runAll({ ...base, configs: load(), outDir: out, scenarios: ['baseline'] });
    expect(existsSync(path.join(out, '.lock'))).toBe(false);
    // a live process of another program holding the lock
    writeFileSync(path.join(out, '.lock'), JSON.stringify({ host: hostname(), pid: process.ppid }));
    await expect(runAll({ ...base, configs: load(), outDir: out, scenarios: ['baseline'] })).rejects.toMatchObject({
      code: 'FOLDER_LOCKED',
      category: 'input',
    });
  });

  it("temp files of a dead run are removed when the next run starts; a live process's are not", async () => {
    const out = tmp();
    mkdirSync(path.join(out, 'baseline'), { recursive: true });
    const dead = Number(
      execFileSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' }),
    );
    const stale = path.join(out, 'baseline', `tiny-moe.windows.csv.tmp-${dead}-abc123`);
    const live = path.join(out, 'baseline', `tiny-moe.csv.tmp-${process.ppid}-def456`);
    writeFileSync(stale, 'half');
    writeFileSync(live, 'busy');
    await runAll({ ...base, configs: load(), outDir: out, scenarios: ['baseline'] });
    expect(existsSync(stale)).toBe(false);
    expect(existsSync(live)).toBe(true);
  });

  it('run-single (summary: false) writes no run-all.json', async () => {
    const out = tmp();
    await runAll({ ...base, configs: load(), outDir: out, scenarios: ['taps'], summary: false });
    expect(existsSync(path.join(out, 'run-all.json'))).toBe(false);
    expect(existsSync(path.join(out, 'taps', 'run.json'))).toBe(true);
  });
});

/** A 300 KB tmpfs (root only); elsewhere the injected write errors of atomic-write.test.ts cover the same path. */
function smallTmpfs(): { dir: string; unmount(): void } | string {
  if (process.platform !== 'linux' || process.getuid?.() !== 0) return 'needs root on Linux to mount a tmpfs';
  const dir = tmp();
  try {
    execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=300k', 'tmpfs', dir], { stdio: 'pipe' });
  } catch (err) {
    return `mount -t tmpfs failed: ${String((err as { stderr?: unknown }).stderr ?? err).trim()}`;
  }
  return { dir, unmount: () => execFileSync('umount', [dir]) };
}

const disk = smallTmpfs();
if (typeof disk === 'string') console.log(`full-disk test skipped: ${disk}`);

describe.skipIf(typeof disk === 'string')(
  `a full disk (300 KB tmpfs)${typeof disk === 'string' ? ` (SKIPPED: ${disk})` : ''}`,
  () => {
    it('is refused up front; forced, it fails the scenario with ENOSPC and publishes no result file and no run.json', async () => {
      if (typeof disk === 'string') return;
      try {
        const out = path.join(disk.dir, 'results');
        const opts = { ...base, maxWindows: 3000, configs: load(2000), outDir: out, scenarios: ['baseline' as const] };
        // the up-front estimate already sees that the window series will not fit
        await expect(runAll(opts)).rejects.toMatchObject({
          code: 'RUN_TOO_LARGE',
          message: expect.stringMatching(/of window series .* free where the results go/),
        });
        const err = await runAll({ ...opts, allowLarge: true }).catch((e: unknown) => e);
        expect(err).toMatchObject({ code: 'SCENARIO_FAILED', category: 'internal' });
        expect(String(err)).toMatch(/ENOSPC/);
        const left = readdirSync(path.join(out, 'baseline'));
        expect(left.filter((f) => f !== 'run.log')).toEqual([]);
        expect(readFileSync(path.join(out, 'baseline', 'run.log'), 'utf8')).toMatch(/ENOSPC/);
      } finally {
        disk.unmount();
      }
    });
  },
);

describe('names from configs become file names through safeFileStem', () => {
  it('model "../../escape" writes inside its scenario folder; the CSV keeps the name as given', async () => {
    const root = tmp();
    const out = path.join(root, 'a', 'b');
    const c = load();
    const configs = {
      ...c,
      workload: parseConfigText(
        'workload',
        read('workload.yaml').replace('model: "tiny-moe"', 'model: "../../escape"'),
      ),
    };
    await runAll({ ...base, configs, outDir: out, scenarios: ['baseline'] });
    expect(readdirSync(root)).toEqual(['a']);
    expect(readdirSync(path.join(root, 'a'))).toEqual(['b']);
    const files = readdirSync(path.join(out, 'baseline'));
    expect(files).toEqual(
      expect.arrayContaining(['____escape.csv', '____escape.windows.csv', '____escape.frames.csv']),
    );
    expect(readFileSync(path.join(out, 'baseline', '____escape.csv'), 'utf8').split('\n')[1]).toMatch(
      /^baseline,\.\.\/\.\.\/escape,/,
    );
  });
});
