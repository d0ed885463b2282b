/**
 * `tasmoe validate --arch A --workload W FILE...`: records checked against the
 * configs, and the inputs the issue found accepted wrongly, each refused with
 * exit 2 and a message naming the file, line and field.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseConfigText } from '@tasmoe/schemas';
import { defaultPlacement } from '@tasmoe/taps';
import type { Io } from '@tasmoe/experiment';
import { main } from '../main.js';

const repo = path.resolve(import.meta.dirname, '../../../..');
const ARCH = path.join(repo, 'configs/arch_8x8_32x32x8.yaml');
const WORKLOAD = path.join(repo, 'configs/workload_mixtral_8x7b.yaml');
const SMALL_WORKLOAD = `model: small
moe: { layers: 2, experts_per_layer: 8, shared_experts: 0 }
routing: { topk: 2, seed: 5, zipf_s: 1.2 }
sequence: { tokens: 16, micro_batch: 4, steps: 3 }
operators:
  fc: { flop_per_token: 1.0e9 }
  attn: { flop_per_token: 1.0e8, kv_bytes_per_token: 64 }
`;

function recorder(): Io & { outLines: string[]; errLines: string[] } {
  const outLines: string[] = [];
  const errLines: string[] = [];
  return { outLines, errLines, out: (l) => outLines.push(l), err: (l) => errLines.push(l) };
}
const tmp = () => mkdtempSync(path.join(tmpdir(), 'tasmoe-validate-'));
const vs = (...more: string[]) => ['validate', '--arch', ARCH, '--workload', WORKLOAD, ...more];

function placementFile(dir: string, edit: (p: ReturnType<typeof defaultPlacement>) => void): string {
  const p = structuredClone(
    defaultPlacement(
      parseConfigText('arch', readFileSync(ARCH, 'utf8')),
      parseConfigText('workload', readFileSync(WORKLOAD, 'utf8')),
    ),
  );
  edit(p);
  const f = path.join(dir, 'placement.json');
  writeFileSync(f, `${JSON.stringify(p, null, 2)}\n`);
  return f;
}

describe('placements against the configs', () => {
  it('the default placement passes; without configs only its shape is checked', async () => {
    const f = placementFile(tmp(), () => undefined);
    const io = recorder();
    expect(await main(vs(f), io)).toBe(0);
    expect(io.outLines[0]).toMatch(
      /placement\.json: ok \(placement; checked against .*arch_8x8_32x32x8\.yaml and .*workload_mixtral_8x7b\.yaml\)/,
    );
  });

  it('core 64 on an 8x8 mesh, bank B(999,999,999), an unknown and a missing expert, two tensors in one bank', async () => {
    const f = placementFile(tmp(), (p) => {
      p.experts.E1 = { cores: [64], policy: 'single' };
      p.tensors.W_E2_0 = { dram_bank: 'B(999,999,999)' };
      p.experts.E9999 = { cores: [0], policy: 'single' };
      delete p.experts.E3;
      p.tensors.W_E4_0 = { dram_bank: p.tensors.W_E5_0?.dram_bank ?? 'B(0,0,0)' };
    });
    const io = recorder();
    expect(await main(vs(f), io)).toBe(2);
    const text = io.errLines.join('\n');
    expect(text).toMatch(
      /placement\.json:\d+: experts\.E1\.cores\.0: placement: core 64 is not on the mesh \(cores 0\.\.63\)/,
    );
    expect(text).toMatch(/tensors\.W_E2_0\.dram_bank: placement: bank B\(999,999,999\) is not in the stack/);
    expect(text).toMatch(/experts\.E9999: placement: expert E9999 does not exist: the workload has 256 experts/);
    expect(text).toMatch(/experts: placement: 1 expert\(s\) of the workload have no core: E3/);
    expect(text).toMatch(
      /placement: bank B\([0-9,]+\) holds 2 weight shards .*it holds 1 \(dram\.bank_capacity_mb \/ tensors\.weight_shard_mb\)/,
    );
  });

  it('replica state: cores on the mesh, experts that exist', async () => {
    const dir = tmp();
    const f = path.join(dir, 'replica_state.json');
    writeFileSync(
      f,
      JSON.stringify({ E3: { cores: [5, 70], ts_created_ns: 0 }, E300: { cores: [1], ts_created_ns: 0 } }),
    );
    const io = recorder();
    expect(await main(vs(f), io)).toBe(2);
    expect(io.errLines).toEqual([
      `${f}:1: E3.cores.1: replica_state: core 70 is not on the mesh (cores 0..63)`,
      `${f}:1: E300: replica_state: expert E300 does not exist: the workload has 256 experts (E0..E255)`,
    ]);
  });
});

describe('traces against the workload', () => {
  async function traces() {
    const dir = tmp();
    const w = path.join(dir, 'workload.yaml');
    writeFileSync(w, SMALL_WORKLOAD);
    expect(await main(['gen-traces', '--workload', w, '--out', path.join(dir, 't')], recorder())).toBe(0);
    return {
      dir,
      w,
      compute: path.join(dir, 't', 'logical_compute.csv'),
      memory: path.join(dir, 't', 'logical_memory.csv'),
      meta: path.join(dir, 't', 'trace_meta.json'),
    };
  }

  it('generated traces and their trace_meta.json pass (trace_meta is not taken for a workload config)', async () => {
    const t = await traces();
    const io = recorder();
    expect(await main(['validate', '--arch', ARCH, '--workload', t.w, t.compute, t.memory, t.meta], io)).toBe(0);
    expect(io.outLines).toEqual([
      expect.stringMatching(/logical_compute\.csv: ok \(logical_compute, 48 records; checked/),
      expect.stringMatching(/logical_memory\.csv: ok \(logical_memory, \d+ records; checked/),
      `${t.meta}: ok (trace_meta)`,
    ]);
  });

  it('duplicate and missing event ids, E9999, an expert twice in a row, an extra column: each named with its line', async () => {
    const t = await traces();
    const lines = readFileSync(t.compute, 'utf8').trimEnd().split('\n');
    const edit = [...lines];
    edit.splice(3, 0, edit[2] as string); // line 4 repeats line 3's event id (1)
    edit.splice(7, 1); // event 5 missing
    edit[8] = (edit[8] as string).replace(/"\[""(E\d+)"",""E\d+""\]"/, '"[""$1"",""$1""]"'); // same expert twice
    edit[10] = (edit[10] as string).replace(/"\[""E\d+"",/, '"[""E9999"",'); // unknown expert
    const bad = path.join(t.dir, 'bad_compute.csv');
    writeFileSync(bad, `${edit.join('\n')}\n`);
    const io = recorder();
    expect(await main(['validate', '--arch', ARCH, '--workload', t.w, bad], io)).toBe(2);
    const text = io.errLines.join('\n');
    expect(text).toMatch(/bad_compute\.csv:4: event_id: logical_compute: event id 1 repeats or goes back/);
    expect(text).toMatch(/bad_compute\.csv:8: event_id: logical_compute: event id 6 skips id 5/);
    expect(text).toMatch(/bad_compute\.csv:9: experts_json\.1: logical_compute: expert E\d+ twice in one row/);
    expect(text).toMatch(/bad_compute\.csv:11: experts_json\.0: logical_compute: expert E9999 does not exist/);
    const extra = path.join(t.dir, 'extra.csv');
    writeFileSync(
      extra,
      lines
        .slice(0, 3)
        .map((l, i) => `${l},${i === 0 ? 'colour' : 'red'}`)
        .join('\n'),
    );
    const io2 = recorder();
    expect(await main(['validate', extra], io2)).toBe(2);
    expect(io2.errLines[0]).toMatch(/extra\.csv:1: \(document\): logical_compute: unknown column\(s\) colour/);
  });

  it('a UTF-8 byte-order mark does not make a valid CSV an unknown header', async () => {
    const t = await traces();
    const bom = path.join(t.dir, 'bom.csv');
    writeFileSync(bom, `\uFEFF${readFileSync(t.memory, 'utf8')}`);
    const io = recorder();
    expect(await main(['validate', bom], io)).toBe(0);
  });

  it('more than 20 problems: 20 lines and "and N more"', async () => {
    const dir = tmp();
    const f = path.join(dir, 'overlay.csv');
    const rows = Array.from({ length: 30 }, (_, i) => `${i},mb,99,1,[0],hot_core,0.1`);
    writeFileSync(f, ['t_apply_ns,scope,from_core,to_core,mb_ids_json,reason,expected_gain', ...rows].join('\n'));
    const io = recorder();
    expect(await main(vs(f), io)).toBe(2);
    expect(io.errLines).toHaveLength(21);
    expect(io.errLines[0]).toMatch(/overlay\.csv:2: from_core: overlay_reroute: core 99 is not on the mesh/);
    expect(io.errLines[20]).toBe(`${f}: ... and 10 more problems`);
  });
});

describe('the kept-back bad configs (packages/schemas/src/__fixtures__/bad-configs)', () => {
  const dir = path.join(repo, 'packages/schemas/src/__fixtures__/bad-configs');
  const expected = JSON.parse(readFileSync(path.join(dir, 'expected.json'), 'utf8')) as Record<
    string,
    { kind: string; paths: string[] }
  >;
  it.each(Object.keys(expected))('%s: validate and run-all refuse it with exit 2, naming the field', async (name) => {
    const exp = expected[name] as { kind: string; paths: string[] };
    const f = path.join(dir, name);
    const io = recorder();
    expect(await main(['validate', f], io)).toBe(2);
    const named = (lines: string[]) =>
      exp.paths.some((p) => lines.some((l) => l.includes(p === '' ? '(document)' : `: ${p}: `)));
    expect(named(io.errLines), io.errLines.join('\n')).toBe(true);
    const out = path.join(tmp(), 'results');
    const run = recorder();
    expect(await main(['run-all', `--${exp.kind}`, f, '--out', out, '--no-report'], run)).toBe(2);
    expect(named(run.errLines), run.errLines.join('\n')).toBe(true);
    const { existsSync } = await import('node:fs');
    expect(existsSync(out)).toBe(false);
  });
});

describe('config files', () => {
  it('JSON errors are reported as JSON with a line; YAML errors with a line', async () => {
    const dir = tmp();
    const j = path.join(dir, 'tas.json');
    writeFileSync(j, '{\n  "tacs": {"window_ms": 3},\n}\n');
    const y = path.join(dir, 'tas.yaml');
    writeFileSync(y, 'tacs:\n  window_ms: [3\n');
    const io = recorder();
    expect(await main(['validate', j, y], io)).toBe(2);
    expect(io.errLines[0]).toMatch(/tas\.json:3: \(document\): invalid JSON \(line 3, column \d+\)/);
    expect(io.errLines[1]).toMatch(/tas\.yaml:\d+: \(document\): invalid YAML \(line \d+, column \d+\)/);
  });

  it('a YAML alias bomb is refused with exit 2 and the file name', async () => {
    const dir = tmp();
    const f = path.join(dir, 'bomb.yaml');
    writeFileSync(
      f,
      [
        'a: &a [x,x,x,x,x,x,x,x,x]',
        ...'bcdefgh'.split('').map((k, i) => `${k}: &${k} [${Array(9).fill(`*${'abcdefg'[i]}`).join(',')}]`),
        'mesh: *h',
      ].join('\n'),
    );
    const io = recorder();
    expect(await main(['validate', f], io)).toBe(2);
    expect(io.errLines[0]).toMatch(/bomb\.yaml: \(document\): YAML aliases expand too far/);
  });

  it('run-all.json is validated by the configs it records', async () => {
    const dir = tmp();
    const f = path.join(dir, 'run-all.json');
    const configs = {
      arch: parseConfigText('arch', readFileSync(ARCH, 'utf8')),
      workload: parseConfigText('workload', readFileSync(WORKLOAD, 'utf8')),
      tas: {},
    };
    writeFileSync(f, JSON.stringify({ workload: 'm', scenarios: ['baseline'], configs }, null, 2));
    const io = recorder();
    expect(await main(['validate', f], io)).toBe(0);
    expect(io.outLines[0]).toBe(`${f}: ok (run-all.json)`);
    writeFileSync(
      f,
      JSON.stringify(
        { workload: 'm', scenarios: ['baseline'], configs: { ...configs, tas: { tacs: { window_ms: 0 } } } },
        null,
        2,
      ),
    );
    const io2 = recorder();
    expect(await main(['validate', f], io2)).toBe(2);
    expect(io2.errLines[0]).toMatch(/run-all\.json \(configs\.tas\):\d+: tacs\.window_ms: /);
  });

  it('a model that does not fit the stack is a problem of the arch file (as run-all refuses it)', async () => {
    const dir = tmp();
    const oneDie = path.join(dir, 'arch-one-die.yaml');
    writeFileSync(oneDie, readFileSync(ARCH, 'utf8').replace(/banks: \[32, 32, 8\]/, 'banks: [32, 32, 1]'));
    const io = recorder();
    expect(await main(['validate', '--arch', oneDie, '--workload', WORKLOAD, WORKLOAD], io)).toBe(2);
    expect(io.errLines.join('\n')).toMatch(
      /arch-one-die\.yaml: dram\.bank_capacity_mb: the model does not fit the stack: 84\.0 GiB of expert weights/,
    );
  });

  it('--arch without --workload is a usage error', async () => {
    expect(await main(['validate', '--arch', ARCH, ARCH], recorder())).toBe(64);
  });
});
