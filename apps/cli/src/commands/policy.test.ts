/**
 * `--policy FILE`: a policy module written to a temp folder outside the repository
 * runs as a scenario through the CLI (a TS online policy and a JS placement policy,
 * in worker threads and in-process), and a bad module is refused with one line (exit 2).
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
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

const ARGS = [
  '--arch',
  path.join(small, 'arch.yaml'),
  '--workload',
  path.join(small, 'workload.yaml'),
  '--tas',
  path.join(small, 'tas.yaml'),
  '--thermal-module',
  thermal,
  '--no-report',
  '--max-windows',
  '12',
];

// Everything on core 0 (its vault), no online policy; and an online policy that moves every task of core 0 to core 1.
const PLACEMENT_MODULE = `
export const allOnZero = {
  kind: 'placement',
  name: 'all-on-zero',
  place({ topology, workload, expertLoad, log }) {
    const p = { experts: {}, tensors: {} };
    const banks = [];
    for (let l = 0; l < topology.dramLayers; l++) banks.push(...topology.vaultBanks(0, l));
    let k = 0;
    for (let e = 0; e < expertLoad.length; e++) {
      p.experts['E' + e] = { cores: [0], policy: 'single' };
      for (let s = 0; s < workload.tensors.shards_per_expert; s++) p.tensors['W_E' + e + '_' + s] = { dram_bank: topology.bankIdOf(banks[k++ % banks.length]) };
    }
    log('all-on-zero: ' + expertLoad.length + ' experts on core 0');
    return p;
  },
};
`;

const ONLINE_MODULE = `
import type { OnlinePolicy } from '@tasmoe/schemas';
export const evacuate: OnlinePolicy = {
  kind: 'online',
  name: 'evacuate-zero',
  start: () => ({
    decide: (win) => {
      const p = win.pending();
      const mbs = [...new Set(Array.from(p.mbId.subarray(0, p.taskCount)).filter((_, i) => p.core[i] === 0 && p.expert[i] >= 0))];
      return { reroute: mbs.length === 0 ? [] : [{ t_apply_ns: 0, scope: 'mb', from_core: 0, to_core: 1, mb_ids_json: mbs, reason: 'load', expected_gain: 0 }], migrate: [] };
    },
  }),
};
export default { kind: 'scenario', name: 'zero-evacuated', placement: 'all-on-zero', online: 'evacuate-zero' };
`;

describe('--policy', () => {
  it('a policy file outside the repository runs as a scenario (placement in JS, online policy in TypeScript (.mts), paired by a scenario export)', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'tasmoe-policy-'));
    expect(path.relative(repo, dir).startsWith('..')).toBe(true);
    const place = path.join(dir, 'place.mjs');
    const online = path.join(dir, 'online.mts');
    writeFileSync(place, PLACEMENT_MODULE);
    writeFileSync(online, ONLINE_MODULE);
    const out = path.join(dir, 'results');
    const io = recorder();
    const code = await main(
      [
        'run-all',
        ...ARGS,
        '--parallel',
        '2',
        '--policy',
        place,
        '--policy',
        online,
        '--scenarios',
        'baseline,all-on-zero,zero-evacuated',
        '--out',
        out,
      ],
      io,
    );
    expect(io.errLines.filter((l) => l.startsWith('error'))).toEqual([]);
    expect(code).toBe(0);
    const row = (s: string) => {
      const [head, line] = readFileSync(path.join(out, s, 'tiny-moe.csv'), 'utf8')
        .trim()
        .split('\n');
      const h = (head ?? '').split(',');
      const v = (line ?? '').split(',');
      return Object.fromEntries(h.map((k, i) => [k, v[i]]));
    };
    expect(row('all-on-zero').scenario).toBe('all-on-zero');
    const placement = JSON.parse(readFileSync(path.join(out, 'all-on-zero', 'placement.json'), 'utf8')) as {
      experts: Record<string, { cores: number[] }>;
    };
    for (const e of Object.values(placement.experts)) expect(e.cores).toEqual([0]);
    expect(readFileSync(path.join(out, 'all-on-zero', 'run.log'), 'utf8')).toMatch(
      /all-on-zero: \d+ experts on core 0/,
    );
    // the online policy acted: its reroutes are counted, so it is not the placement's run
    expect(Number(row('zero-evacuated').reroutes)).toBeGreaterThan(0);
    expect(Number(row('all-on-zero').reroutes)).toBe(0);
  }, 120_000);

  it('a module that exports no valid policy is refused with one line naming it (exit 2)', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'tasmoe-policy-'));
    const bad = path.join(dir, 'bad.mjs');
    writeFileSync(bad, "export const p = { kind: 'placement', name: 'Bad Name', place() {} };\n");
    const io = recorder();
    expect(
      await main(['run-all', ...ARGS, '--policy', bad, '--scenarios', 'baseline', '--out', path.join(dir, 'r')], io),
    ).toBe(2);
    expect(io.errLines[0]).toMatch(/POLICY_MODULE_INVALID.*bad\.mjs: export p: name "Bad Name" is not a scenario name/);
    const taken = path.join(dir, 'taken.mjs');
    writeFileSync(
      taken,
      "export const p = { kind: 'online', name: 'tacs', start() { return { decide: () => ({ reroute: [], migrate: [] }) }; } };\n",
    );
    const io2 = recorder();
    expect(
      await main(
        ['run-all', ...ARGS, '--policy', taken, '--scenarios', 'baseline', '--out', path.join(dir, 'r2')],
        io2,
      ),
    ).toBe(2);
    expect(io2.errLines[0]).toMatch(/taken\.mjs: the name "tacs" is taken/);
    const io3 = recorder();
    expect(await main(['run-all', ...ARGS, '--scenarios', 'nope', '--out', path.join(dir, 'r3')], io3)).toBe(64);
    expect(io3.errLines[0]).toMatch(/unknown scenario "nope".*eplb, eplb-tacs/);
  });
});
