import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { metricsCsvPath, pointDir } from '../store/layout.js';
import { pointRecord, writePointRecord } from '../store/point-record.js';
import { loadSweep } from '../sweep/load-sweep.js';
import type { SweepPoint } from '../sweep/point.js';
import { tempDir, TINY_SWEEP } from '../testing/fixtures.js';
import { regimeCsv, regimeMap, regimeOfRow, regimeSpec } from './regime-map.js';

const X = 'tas.tacs.thresholds.Thot';
const Y = 'workload.routing.zipf_s';
const HEADER =
  'scenario,workload,T_peak_logic,T_peak_dram,T_avg,ips,lat_ms,bw_util,refresh_mhz,noc_load,throttled_fraction,hot_window_share';

function complete(folder: string, p: SweepPoint, tPeak: number, throttled: number, hot: number): void {
  const dir = pointDir(folder, p.id);
  for (const s of p.scenarios) {
    const f = metricsCsvPath(dir, s, p.workloadName);
    mkdirSync(path.dirname(f), { recursive: true });
    writeFileSync(f, `${HEADER}\n${s},${p.workloadName},${tPeak},80,70,170,740,0.5,0.5,0.001,${throttled},${hot}\n`);
  }
  writePointRecord(dir, pointRecord(p, { status: 'complete' }));
}

function failed(folder: string, p: SweepPoint, code: string, message: string): void {
  const dir = pointDir(folder, p.id);
  mkdirSync(dir, { recursive: true });
  writePointRecord(dir, pointRecord(p, { status: 'failed', error: { name: 'PowerModelError', code, message } }));
}

describe('regime map', () => {
  let cleanup = () => {};
  afterEach(() => cleanup());

  it('classifies by throttled share first, then hot-window share', () => {
    expect(regimeOfRow({ throttled_fraction: '0.2', hot_window_share: '0.9' })).toBe('throttling');
    expect(regimeOfRow({ throttled_fraction: '0', hot_window_share: '0.49' })).toBe('constrained');
    expect(regimeOfRow({ throttled_fraction: '0', hot_window_share: '0' })).toBe('unconstrained');
  });

  it('shows thermal refusals as refused, other failures as failed and absent points as not run', () => {
    const t = tempDir('regime');
    cleanup = t.cleanup;
    const sweep = loadSweep(TINY_SWEEP);
    const [a, b, c, d] = sweep.points;
    if (a === undefined || b === undefined || c === undefined || d === undefined)
      throw new Error('tiny sweep has 4 points');
    complete(t.dir, a, 75.1, 0, 0.49);
    failed(t.dir, b, 'THERMAL_TRIP', 'window 12: T_peak_logic 125.3 C reached the thermal trip (125 C)\nmore');
    failed(t.dir, c, 'ENOSPC', 'disk full');
    const rows = regimeMap(sweep.points, t.dir, X, Y);
    expect(rows.map((r) => r.regime)).toEqual(['constrained', 'refused', 'failed', 'not run']);
    expect(rows[2]?.cause).toBe('ENOSPC: disk full');
    // run-all wraps the loop's refusal: the inner code counts
    failed(
      t.dir,
      d,
      'SCENARIO_FAILED',
      'scenario baseline failed [POWER_FIXED_POINT]: thermal runaway: the steady state passed 1000 C',
    );
    const wrapped = regimeMap(sweep.points, t.dir, X, Y)[3];
    expect(wrapped?.regime).toBe('refused');
    expect(wrapped?.cause).toBe('POWER_FIXED_POINT: thermal runaway: the steady state passed 1000 C');
    expect(rows[1]?.cause).toBe('THERMAL_TRIP: window 12: T_peak_logic 125.3 C reached the thermal trip (125 C)');
    expect(rows.map((r) => [r.x, r.y])).toEqual([
      ['70', '0.8'],
      ['70', '1.2'],
      ['75', '0.8'],
      ['75', '1.2'],
    ]);
    const csv = regimeCsv(rows, X, Y).split('\n');
    expect(csv[0]).toBe(
      `point_id,${X},${Y},regime,T_peak_logic,T_peak_dram,hot_window_share,throttled_fraction,ips,cause`,
    );
    expect(csv[1]).toBe(`${a.id},70,0.8,constrained,75.1,80,0.49,0,170,`);
    const spec = JSON.stringify(regimeSpec(rows, X, Y, 'map'));
    expect(spec).toContain('"refused"');
    expect(spec).toContain('75.1 °C');
  });
});
