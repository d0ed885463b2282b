/**
 * Exit codes follow the error categories for every command (README "Exit
 * codes"): input 2, external tool 4, internal 1, usage 64.
 */
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { Io } from '@tasmoe/experiment';
import { main } from '../main.js';

const repo = path.resolve(import.meta.dirname, '../../../..');
const small = path.join(repo, 'packages/experiment/src/__fixtures__/small');

// the file mode's run folders (kept after a failure) go under a folder removed at the end (this file runs in its own process)
const runFolders = mkdtempSync(path.join(tmpdir(), 'tasmoe-exit-runs-'));
const savedTmp = process.env.TMPDIR;
process.env.TMPDIR = runFolders;
afterAll(() => {
  if (savedTmp === undefined) delete process.env.TMPDIR;
  else process.env.TMPDIR = savedTmp;
  rmSync(runFolders, { recursive: true, force: true });
});

function recorder(): Io & { outLines: string[]; errLines: string[] } {
  const outLines: string[] = [];
  const errLines: string[] = [];
  return { outLines, errLines, out: (l) => outLines.push(l), err: (l) => errLines.push(l) };
}

/** The small stack in file mode (air cooling, a power-of-two grid) with a HotSpot stand-in that fails. */
function fileModeArch(dir: string): string {
  const bin = path.join(dir, 'bin', 'hotspot');
  mkdirSync(path.dirname(bin));
  writeFileSync(bin, '#!/bin/sh\necho "hotspot: error: line too long" >&2\nexit 3\n');
  chmodSync(bin, 0o755);
  const arch = readFileSync(path.join(small, 'arch.yaml'), 'utf8')
    .replace('cooling: { type: "convective", h_wmk2k: 20000 }', 'cooling: { type: "air", h_wmk2k: 20000 }')
    .replace(
      'thermal: { grid: [8, 8] }',
      'thermal: { backend: "hotspot-file", grid: [8, 8], hotspot: { binary: "./bin/hotspot" } }',
    );
  const file = path.join(dir, 'arch.yaml');
  writeFileSync(file, arch);
  return file;
}

describe('exit codes', () => {
  it.each([
    ['in-process', '1'],
    ['worker threads', '2'],
  ])(
    "a file-mode failure exits 4 (%s), naming the binary's complaint",
    async (_, parallel) => {
      const dir = mkdtempSync(path.join(tmpdir(), 'tasmoe-exit-'));
      const io = recorder();
      const args = [
        '--arch',
        fileModeArch(dir),
        '--workload',
        path.join(small, 'workload.yaml'),
        '--tas',
        path.join(small, 'tas.yaml'),
        '--out',
        path.join(dir, 'out'),
        '--no-report',
        '--max-windows',
        '2',
        '--parallel',
        parallel,
      ];
      expect(await main(['run-all', ...args], io)).toBe(4);
      expect(io.errLines.find((l) => l.startsWith('error'))).toMatch(
        /SCENARIO_FAILED.*HOTSPOT_EXIT.*exited with status 3: hotspot: error: line too long/,
      );
      // the binary path in the config resolved against the config's folder; its command line and stderr are in run.log
      const log = readFileSync(path.join(dir, 'out', 'baseline', 'run.log'), 'utf8');
      expect(log).toContain(`hotspot-file: run 1 in `);
      expect(log).toContain(`${path.join(dir, 'bin', 'hotspot')} -c hotspot.config -p steady.ptrace`);
      expect(log).toMatch(/hotspot-file: stderr:\nhotspot: error: line too long/);
    },
    120_000,
  );

  it('a failed file-mode rerun over finished results keeps their CSVs and run.log', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'tasmoe-exit-'));
    const out = path.join(dir, 'out');
    const common = [
      '--workload',
      path.join(small, 'workload.yaml'),
      '--tas',
      path.join(small, 'tas.yaml'),
      '--out',
      out,
      '--no-report',
      '--max-windows',
      '2',
      '--parallel',
      '1',
      '--scenario',
      'baseline',
    ];
    const good = fileModeArch(dir).replace(/arch\.yaml$/, 'good.yaml');
    writeFileSync(good, readFileSync(path.join(small, 'arch.yaml'), 'utf8'));
    expect(await main(['run-single', '--arch', good, ...common], recorder())).toBe(0);
    const before = ['run.log', 'tiny-moe.csv', 'tiny-moe.windows.csv', 'run.json'].map((f) =>
      readFileSync(path.join(out, 'baseline', f), 'utf8'),
    );
    const io = recorder();
    expect(await main(['run-single', '--arch', path.join(dir, 'arch.yaml'), ...common, '--force'], io)).toBe(4);
    expect(io.errLines.find((l) => l.startsWith('error'))).toMatch(/see baseline\/run\.new\.log/);
    // without a terminal, progress is plain lines
    expect(io.errLines[0]).toBe('baseline  started');
    expect(
      ['run.log', 'tiny-moe.csv', 'tiny-moe.windows.csv', 'run.json'].map((f) =>
        readFileSync(path.join(out, 'baseline', f), 'utf8'),
      ),
    ).toEqual(before);
    expect(readFileSync(path.join(out, 'baseline', 'run.new.log'), 'utf8')).toMatch(/HOTSPOT_EXIT/);
  }, 120_000);

  it('bad arguments exit 64; a bad config 2', async () => {
    expect(await main(['run-all', '--max-windows', 'abc'], recorder())).toBe(64);
    expect(await main(['run-single', '--scenario', 'nope'], recorder())).toBe(64);
    const dir = mkdtempSync(path.join(tmpdir(), 'tasmoe-exit-'));
    const bad = path.join(dir, 'arch.yaml');
    writeFileSync(bad, 'mesh: {cores: [8, 8]}\ndram: {banks: [32, 32, 8]}\ngeometry: {}\nthermal: {ambient_c: -300}\n');
    for (const cmd of [
      ['run-all', '--arch', bad, '--out', path.join(dir, 'o')],
      ['place', '--arch', bad, '--out', path.join(dir, 'p.json')],
      ['thermal-export', '--arch', bad, '--out', path.join(dir, 'x')],
      ['validate', bad],
    ]) {
      const io = recorder();
      expect(await main(cmd, io), cmd[0]).toBe(2);
      expect(io.errLines[0], cmd[0]).toMatch(/arch\.yaml:4: thermal\.ambient_c: /);
    }
  });
});
