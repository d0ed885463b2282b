/**
 * Killing a run-all midway (SIGKILL, no chance to clean up) and starting it again
 * with the same arguments completes with the same CSVs as an uninterrupted run.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const repo = path.resolve(import.meta.dirname, '../../../..');
const fixtures = path.join(repo, 'packages/experiment/src/__fixtures__');
const bin = path.join(repo, 'apps/cli/src/bin.ts');

function cli(args: string[]) {
  return spawn(process.execPath, ['--import', 'tsx', '--conditions=@tasmoe/source', bin, ...args], {
    cwd: repo,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
}

function runToEnd(args: string[]): Promise<{ code: number; stdout: string }> {
  return new Promise((resolve) => {
    const c = cli(args);
    let stdout = '';
    c.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    c.on('exit', (code) => resolve({ code: code ?? -1, stdout }));
  });
}

describe('interrupted run-all', () => {
  it('restarted after SIGKILL, it skips finished scenarios and produces the same CSVs', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'tasmoe-kill-'));
    // a longer run of the small workload, so there is time to kill it between scenarios
    const workload = path.join(dir, 'workload.yaml');
    writeFileSync(
      workload,
      readFileSync(path.join(fixtures, 'small', 'workload.yaml'), 'utf8').replace('steps: 12', 'steps: 200'),
    );
    const common = (out: string) => [
      'run-all',
      '--arch',
      path.join(fixtures, 'small', 'arch.yaml'),
      '--workload',
      workload,
      '--tas',
      path.join(fixtures, 'small', 'tas.yaml'),
      '--thermal-module',
      path.join(fixtures, 'lumped-thermal.ts'),
      '--parallel',
      '1',
      '--no-report',
      '--json',
      '--out',
      out,
    ];
    const killed = path.join(dir, 'killed');
    const child = cli(common(killed));
    await new Promise<void>((resolve, reject) => {
      const timer = setInterval(() => {
        if (existsSync(path.join(killed, 'baseline', 'run.json'))) {
          clearInterval(timer);
          child.kill('SIGKILL');
          resolve();
        }
      }, 5);
      child.on('exit', () => {
        clearInterval(timer);
        reject(new Error('run-all finished before it could be killed'));
      });
    });
    await new Promise((r) => child.on('exit', r));
    expect(existsSync(path.join(killed, 'tas', 'run.json'))).toBe(false);

    const resumed = await runToEnd(common(killed));
    expect(resumed.code).toBe(0);
    const result = resumed.stdout
      .split('\n')
      .filter((l) => l.includes('"type":"result"'))
      .map((l) => JSON.parse(l) as { skipped: string[] })[0];
    expect(result?.skipped).toContain('baseline');
    expect(result?.skipped).not.toContain('tas');
    const clean = path.join(dir, 'clean');
    expect((await runToEnd(common(clean))).code).toBe(0);
    for (const s of ['baseline', 'taps', 'tacs', 'tas']) {
      for (const f of ['tiny-moe.csv', 'tiny-moe.windows.csv', 'tiny-moe.frames.csv']) {
        expect(readFileSync(path.join(killed, s, f), 'utf8'), `${s}/${f}`).toBe(
          readFileSync(path.join(clean, s, f), 'utf8'),
        );
      }
    }
  }, 120_000);
});
