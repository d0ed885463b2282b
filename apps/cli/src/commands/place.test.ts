import { mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { PlacementSchema } from '@tasmoe/schemas';
import { main } from '../main.js';
import type { Io } from '@tasmoe/experiment';

const small = path.resolve(import.meta.dirname, '../../../../packages/experiment/src/__fixtures__/small');

function recorder(): Io & { outLines: string[]; errLines: string[] } {
  const outLines: string[] = [];
  const errLines: string[] = [];
  return { outLines, errLines, out: (l) => outLines.push(l), err: (l) => errLines.push(l) };
}

describe('tasmoe place', () => {
  it('--json prints one object with both predicted peaks and writes a valid placement', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'tasmoe-place-'));
    const out = path.join(dir, 'placement.json');
    const io = recorder();
    expect(await main(['place', '--out', out, '--json'], io)).toBe(0);
    expect(io.outLines).toHaveLength(1);
    const j = JSON.parse(io.outLines[0] as string) as Record<string, unknown>;
    expect(typeof j.predicted_peak_c).toBe('number');
    expect(typeof j.default_predicted_peak_c).toBe('number');
    expect(j.predicted_peak_c as number).toBeLessThan(j.default_predicted_peak_c as number);
    expect(j.influence).toBe('given'); // the thermal solver's H
    // Per-layer critical paths of both placements; TAPS within the 1% hard limit of the default's.
    const cp = j.critical_path_ms as number[];
    const def = j.default_critical_path_ms as number[];
    expect(cp).toHaveLength(32);
    cp.forEach((v, l) => expect(v).toBeLessThanOrEqual((def[l] as number) * 1.01 * (1 + 1e-9)));
    expect(def[0]).toBeGreaterThan(21); // 336 MiB at 16 GB/s: 22 ms per expert task
    expect(j.critical_path_step_ratio as number).toBeLessThanOrEqual(1.01);
    // whole-stack steady state of both placements: the DRAM dies sit above the logic die (logic near
    // the sink), so they are hotter; the figures are the run's own power model and solver
    interface Steady {
      peak_logic_c: number;
      peak_dram_c: number;
      mean_logic_c: number;
      logic_w: number;
      dram_w: number;
      windows: number;
    }
    const steady = j.steady as Record<'taps' | 'default', Steady>;
    expect(j.predicted_peak_dram_c).toBe(steady.taps.peak_dram_c);
    expect(j.default_predicted_peak_dram_c).toBe(steady.default.peak_dram_c);
    for (const k of ['taps', 'default'] as const) {
      const p = steady[k];
      expect(p.peak_dram_c).toBeGreaterThan(p.peak_logic_c);
      expect(p.peak_logic_c).toBeGreaterThanOrEqual(p.mean_logic_c);
      expect(p.mean_logic_c).toBeGreaterThan(45); // above ambient
      expect(p.windows).toBeGreaterThanOrEqual(100);
      expect(p.logic_w + p.dram_w).toBeGreaterThan(20);
    }
    // TAPS's own DRAM prediction (the solver's H has a DRAM part): both placements, and the margin
    // to the next refresh step; the H model's level is below the whole-stack steady state's
    // (no leakage or refresh feedback), so it ranks, it does not forecast
    const hT = j.predicted_peak_dram_hmodel_c as number;
    const hD = j.default_predicted_peak_dram_hmodel_c as number;
    expect(hT).toBeGreaterThan(j.predicted_peak_c as number);
    expect(hT).toBeLessThan(steady.taps.peak_dram_c);
    expect(j.delta_peak_dram_hmodel_k).toBeCloseTo(hT - hD, 12);
    const step = (j.dram_hmodel as { taps: { peak_c: number; next_step_c: number; margin_k: number } }).taps;
    expect(step.peak_c).toBe(hT);
    expect(step.margin_k).toBeCloseTo(step.next_step_c - hT, 12);
    const placement = PlacementSchema.parse(JSON.parse(readFileSync(out, 'utf8')));
    // the headroom LP: an even spread is one redistribution, so the best is at most that and the default
    const hr = j.headroom as Record<string, number>;
    expect(hr.default_peak_logic_c).toBeCloseTo(steady.default.peak_logic_c, 9);
    expect(hr.best_peak_logic_c as number).toBeLessThanOrEqual((hr.even_peak_logic_c as number) + 1e-9);
    expect(hr.best_peak_logic_c as number).toBeLessThanOrEqual((hr.default_peak_logic_c as number) + 1e-9);
    expect(hr.max_gain_k).toBeCloseTo((hr.default_peak_logic_c as number) - (hr.best_peak_logic_c as number), 12);
    // below what the attention, experts, clocks and NoC draw together (14.4 W of logic power with leakage)
    expect(hr.movable_w as number).toBeGreaterThan(1);
    expect(hr.movable_w as number).toBeLessThan(steady.default.logic_w);
    expect(Object.keys(placement.experts)).toHaveLength(256);
    expect(placement.meta?.predicted_peak_c).toBe(j.predicted_peak_c);
    expect(placement.meta?.predicted_peak_dram_c).toBe(hT);
    // the read-burst model: TAPS leaves the die's corner positions (the bursts' worst) without shards
    const burst = j.dram_burst as Record<string, number>;
    expect(burst.read_ms).toBeCloseTo(((56 * 1024 * 1024) / 16e9) * 1e3, 9); // a 56 MiB shard at 16 GB/s
    expect(burst.taps_peak_rise_k as number).toBeLessThan(burst.default_peak_rise_k as number);
    expect(burst.narrowed_vaults as number).toBeGreaterThan(0);
    expect(burst.bank_positions).toBe('burst');
    expect(burst.logic_refinement).toBeUndefined();
    const corner = (id: string) => /^B\((0|31),(0|31),\d+\)$/.test(id);
    expect(Object.values(placement.tensors).filter((t) => corner(t.dram_bank))).toEqual([]);
    expect(readdirSync(dir)).toEqual(['placement.json']);
  });
  it('--json with bank_positions "burst+logic" reports the refinement; the experts stay', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'tasmoe-place-'));
    const tas = path.join(dir, 'tas.yaml');
    const shipped = readFileSync(path.resolve(import.meta.dirname, '../../../../configs/tas_params.yaml'), 'utf8');
    writeFileSync(tas, shipped.replace('bank_positions: "burst"', 'bank_positions: "burst+logic"'));
    const run = async (extra: string[]) => {
      const io = recorder();
      expect(await main(['place', '--json', '--out', path.join(dir, `${extra.length}.json`), ...extra], io)).toBe(0);
      return JSON.parse(io.outLines[0] as string) as Record<string, Record<string, unknown>>;
    };
    const [plain, refined] = [await run([]), await run(['--tas', tas])];
    const burst = refined.dram_burst as Record<string, unknown>;
    expect(burst.bank_positions).toBe('burst+logic');
    const lr = burst.logic_refinement as Record<string, number>;
    expect(lr.moves).toBeGreaterThan(0);
    expect(lr.core_peak_c).toBeLessThan(lr.core_peak_burst_plan_c as number);
    // its limit is the die's hottest burst in degC (rise + the vault's DRAM node), so a cooler vault may burst higher
    expect(burst.taps_peak_rise_k as number).toBeLessThan(burst.default_peak_rise_k as number);
    expect(refined.predicted_peak_c).toBe(plain.predicted_peak_c); // the experts did not move
    // the whole-stack steady state sees the logic die cooler
    const s = (j: Record<string, Record<string, unknown>>) =>
      (j.steady as { taps: { peak_logic_c: number } }).taps.peak_logic_c;
    expect(s(refined)).toBeLessThan(s(plain));
  });
  it('text mode prints TAPS and default peaks side by side', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'tasmoe-place-'));
    const io = recorder();
    expect(await main(['place', '--out', path.join(dir, 'p.json')], io)).toBe(0);
    expect(io.outLines.some((l) => /predicted peak logic temperature: TAPS [\d.]+ C, default [\d.]+ C/.test(l))).toBe(
      true,
    );
    expect(
      io.outLines.some((l) => /^steady state of the nominal power .*TAPS [\d.]+ \/ [\d.]+ C, default/.test(l)),
    ).toBe(true);
    expect(
      io.outLines.some((l) => /^predicted peak DRAM .*TAPS [\d.]+ C \([\d.]+ K below the 85 C step\)/.test(l)),
    ).toBe(true);
  });
  it("writes the placement a run's TAPS uses (same expert load: the routing seed's per-layer ranks)", async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'tasmoe-place-run-'));
    const cfg = ['--arch', 'arch.yaml', '--workload', 'workload.yaml', '--tas', 'tas.yaml'].map((a) =>
      a.endsWith('.yaml') ? path.join(small, a) : a,
    );
    const placed = path.join(dir, 'placement.json');
    expect(await main(['place', ...cfg, '--out', placed, '--json'], recorder())).toBe(0);
    const run = path.join(dir, 'run');
    const args = ['run-single', '--scenario', 'taps', ...cfg, '--out', run, '--no-report', '--max-windows', '4'];
    expect(await main(args, recorder())).toBe(0);
    const fromPlace = PlacementSchema.parse(JSON.parse(readFileSync(placed, 'utf8')));
    const fromRun = PlacementSchema.parse(JSON.parse(readFileSync(path.join(run, 'taps', 'placement.json'), 'utf8')));
    expect(fromPlace.experts).toEqual(fromRun.experts);
    expect(fromPlace.tensors).toEqual(fromRun.tensors);
    expect(fromPlace.meta?.objective).toBe(fromRun.meta?.objective);
    // the small workload's hot experts differ by layer (routing seed 7), so a load that ignored the
    // permutation would give another placement
    const experts = Object.values(fromPlace.experts).map((x) => x.cores[0]);
    expect(new Set(experts.slice(0, 8)).size).toBeGreaterThan(1);
  }, 60_000);

  it('a bad config exits 2 and writes nothing', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'tasmoe-place-'));
    const bad = path.join(dir, 'w.yaml');
    writeFileSync(
      bad,
      'model: m\nmoe: {layers: 1, experts_per_layer: 2}\nrouting: {topk: 3}\nsequence: {tokens: 1, micro_batch: 1, steps: 1}\noperators: {fc: {flop_per_token: 1}, attn: {flop_per_token: 1, kv_bytes_per_token: 1}}\n',
    );
    const io = recorder();
    expect(await main(['place', '--workload', bad, '--out', path.join(dir, 'p.json')], io)).toBe(2);
    expect(io.errLines[0]).toContain('routing.topk');
    expect(readdirSync(dir)).toEqual(['w.yaml']);
  });
});
