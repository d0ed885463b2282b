import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { main } from './main.js';
import type { Io } from '@tasmoe/experiment';
import { sweeperChild, until } from './testing/child.js';
import { FAKE_RUNNER, REPO_ROOT, tempDir, TINY_SWEEP } from './testing/fixtures.js';
import { fileURLToPath } from 'node:url';

const FAKE = fileURLToPath(FAKE_RUNNER.module);
const cleanups: (() => void)[] = [];
afterEach(() => cleanups.splice(0).forEach((c) => c()));

function folder(): string {
  const t = tempDir('cli');
  cleanups.push(t.cleanup);
  return t.dir;
}

function recorder(): Io & { outLines: string[]; errLines: string[] } {
  const outLines: string[] = [];
  const errLines: string[] = [];
  return { outLines, errLines, out: (l) => outLines.push(l), err: (l) => errLines.push(l) };
}

const noInterrupts = { on: () => () => undefined };

describe('tasmoe-sweeper (in process)', () => {
  it('run then status then collect', async () => {
    const dir = folder();
    const io = recorder();
    expect(await main(['run', TINY_SWEEP, '--out', dir, '--workers', '0', '--runner', FAKE], io, noInterrupts)).toBe(0);
    expect(io.outLines[0]).toMatch(/sweep\.csv: 8 rows from 4\/4 points/);
    expect(io.errLines.join('\n')).toMatch(/sweep done: 4 run, 0 already complete, 0 failed/);
    expect(JSON.parse(readFileSync(path.join(dir, 'tiny-2x2', 'sweep.json'), 'utf8')).points).toHaveLength(4);

    const st = recorder();
    expect(await main(['status', TINY_SWEEP, '--out', dir], st, noInterrupts)).toBe(0);
    expect(st.outLines).toHaveLength(4);
    expect(st.errLines).toEqual(['tiny-2x2: 4 complete']);

    const again = recorder();
    expect(
      await main(
        ['run', TINY_SWEEP, '--out', dir, '--workers', '0', '--runner', FAKE, '--no-collect'],
        again,
        noInterrupts,
      ),
    ).toBe(0);
    expect(again.errLines.join('\n')).toMatch(/0 run, 4 already complete/);

    const col = recorder();
    expect(await main(['collect', TINY_SWEEP, '--out', dir, '--no-plots'], col, noInterrupts)).toBe(0);
    expect(col.outLines).toHaveLength(1);
  });

  it('an invalid point stops the sweep before anything runs, naming the point and the path (exit 2)', async () => {
    const dir = folder();
    const sweepFile = path.join(dir, 'bad.yaml');
    writeFileSync(
      sweepFile,
      `name: bad\nbase: { tas: ${path.join(REPO_ROOT, 'configs', 'tas_params.yaml')} }\naxes:\n  tas.tacs.thresholds.Thot: [70, 99]\n`,
    );
    const io = recorder();
    expect(await main(['run', sweepFile, '--out', dir, '--workers', '0', '--runner', FAKE], io, noInterrupts)).toBe(2);
    expect(io.errLines.join('\n')).toMatch(
      /bad\.yaml: tas\.tacs\.thresholds.*point 1 \(tas\.tacs\.thresholds\.Thot=99\)/,
    );
    expect(existsSync(path.join(dir, 'bad'))).toBe(false);
  });

  it('collect exits 1 and names the missing points when some have not run', async () => {
    const dir = folder();
    const io = recorder();
    expect(await main(['collect', TINY_SWEEP, '--out', dir], io, noInterrupts)).toBe(1);
    expect(io.outLines[0]).toMatch(/0 rows from 0\/4 points/);
    expect(io.errLines.filter((l) => l.startsWith('missing: point'))).toHaveLength(4);
  });

  it('usage errors exit 64', async () => {
    expect(await main(['run'], recorder(), noInterrupts)).toBe(64);
    expect(await main(['run', TINY_SWEEP, '--workers', 'x'], recorder(), noInterrupts)).toBe(64);
  });
});

describe('tasmoe-sweeper (child process, as pnpm sweeper runs it)', () => {
  it('Ctrl-C finishes cleanly (exit 130) and the next start resumes; relative paths are the user folder', async () => {
    const dir = folder();
    writeFileSync(
      path.join(dir, 'tiny.yaml'),
      readFileSync(TINY_SWEEP, 'utf8').replaceAll('../../../../configs/', `${REPO_ROOT}/configs/`),
    );
    const env = { TASMOE_FAKE_RUNNER_DELAY_MS: '250' };
    const args = ['run', 'tiny.yaml', '--out', 'results', '--runner', FAKE];
    // One worker, so the interrupt lands while points are still waiting.
    const first = sweeperChild([...args, '--workers', '1'], dir, env);
    await until(() => /\[1\/4\] point/.test(first.stderr()), 20_000);
    first.kill('SIGINT');
    expect(await first.code).toBe(130);
    expect(first.stderr()).toMatch(/interrupted: no new points/);
    expect(first.stderr()).toMatch(/sweep interrupted: [1-3] run/);
    const finished = Number(/sweep interrupted: (\d) run/.exec(first.stderr())?.[1]);

    const second = sweeperChild([...args, '--workers', '2'], dir, env);
    expect(await second.code).toBe(0);
    expect(second.stderr()).toMatch(
      new RegExp(`sweep done: ${4 - finished} run, ${finished} already complete, 0 failed`),
    );
    const csv = readFileSync(path.join(dir, 'results', 'tiny-2x2', 'sweep.csv'), 'utf8');
    expect(csv.trim().split('\n')).toHaveLength(9);
  }, 60_000);
});
