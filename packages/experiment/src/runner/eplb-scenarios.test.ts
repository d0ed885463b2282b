/**
 * The eplb and eplb-tacs scenarios through run-all on the small config: EPLB's placement
 * (replicas of the hottest experts, a layer's physical experts on distinct cores) is what runs,
 * eplb-tacs is TACS on that placement (derived from the eplb run when TACS stays idle, its own
 * run otherwise), and the replicas really take work.
 */
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'csv-parse/sync';
import { checkContext, parseConfigText, placementProblems, type Placement } from '@tasmoe/schemas';
import { runAll } from './run-all.js';

const fixtures = path.join(import.meta.dirname, '..', '__fixtures__');
const thermalModule = path.join(fixtures, 'lumped-thermal.ts');
const read = (f: string) => readFileSync(path.join(fixtures, 'small', f), 'utf8');

describe('eplb scenarios', () => {
  it("eplb runs EPLB's placement, eplb-tacs adds TACS to it, and replicas share the work", async () => {
    const configs = {
      arch: parseConfigText('arch', read('arch.yaml')),
      workload: parseConfigText('workload', read('workload.yaml')),
      tas: parseConfigText('tas', read('tas.yaml')),
    };
    const out = mkdtempSync(path.join(tmpdir(), 'tasmoe-eplb-'));
    const res = await runAll({
      configs,
      outDir: out,
      scenarios: ['baseline', 'eplb', 'eplb-tacs'],
      parallel: 1,
      maxWindows: 60,
      thermalModule,
      report: false,
    });
    expect(res.rows.map((r) => r.scenario)).toEqual(['baseline', 'eplb', 'eplb-tacs']);
    const placement = JSON.parse(readFileSync(path.join(out, 'eplb', 'placement.json'), 'utf8')) as Placement;
    expect(placement.meta?.method).toBe('eplb');
    expect(placementProblems(placement, checkContext(configs.arch, configs.workload))).toEqual([]);
    // 32 experts, default 12.5 %: 4 redundant slots, one per layer
    const replicated = Object.values(placement.experts).filter((e) => e.policy === 'replicate');
    expect(replicated.reduce((n, e) => n + e.cores.length - 1, 0)).toBe(4);
    expect(readFileSync(path.join(out, 'eplb', 'run.log'), 'utf8')).toMatch(
      /placement: EPLB, 4 redundant slots \(default, 12.5 % of the experts\)/,
    );
    // each replicated expert's compute ran on more than one of its hosts (its micro-batches rotate)
    const eplbRow = res.rows[1] as Record<string, unknown>;
    const baseRow = res.rows[0] as Record<string, unknown>;
    expect(Number(eplbRow.expert_load_max_mean)).toBeLessThan(Number(baseRow.expert_load_max_mean));
    // eplb-tacs runs on eplb's placement
    const twinPlacement = JSON.parse(readFileSync(path.join(out, 'eplb-tacs', 'placement.json'), 'utf8')) as Placement;
    expect(twinPlacement.experts).toEqual(placement.experts);
    const run = JSON.parse(readFileSync(path.join(out, 'eplb-tacs', 'run.json'), 'utf8')) as { derived_from?: string };
    const rows = parse(readFileSync(path.join(out, 'eplb-tacs', 'tiny-moe.csv'), 'utf8'), { columns: true }) as Record<
      string,
      string
    >[];
    const actions = Number(rows[0]?.migrations) + Number(rows[0]?.reroutes);
    // derived exactly when TACS took no action
    expect(run.derived_from !== undefined).toBe(actions === 0);
    if (run.derived_from !== undefined) expect(run.derived_from).toMatch(/-eplb-/);
  }, 120_000);
});
