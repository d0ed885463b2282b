import { describe, expect, it } from 'vitest';
import type { CollectedSweep } from './collect.js';
import { renderSvg } from '@tasmoe/metrics';
import { sweepPlots, sweepPlotSpec } from './plots.js';

function collected(repeats: number, withOther: boolean): CollectedSweep {
  const rows: Record<string, string>[] = [];
  for (const order of ['logic_near_sink', 'dram_near_sink'])
    for (const mu of withOther ? ['1', '2'] : ['1'])
      for (let r = 0; r < repeats; r++)
        for (const scenario of ['baseline', 'tas'])
          rows.push({
            point_id: 'p',
            'arch.thermal.stack_order': order,
            'tas.tacs.cost.mu_noc': mu,
            repeat: String(r),
            seed: String(42 + r),
            scenario,
            T_peak_logic: String(80 + r),
            ips: '1000',
          });
  const axisColumns = withOther ? ['arch.thermal.stack_order', 'tas.tacs.cost.mu_noc'] : ['arch.thermal.stack_order'];
  return {
    columns: ['point_id', ...axisColumns, 'repeat', 'seed', 'scenario', 'T_peak_logic', 'ips'],
    axisColumns,
    rows,
    missing: [],
  };
}

describe('sweep plots', () => {
  it('one plot per metric and axis; categorical values keep the sweep order; lines per other-axis combination', () => {
    const c = collected(1, true);
    expect(sweepPlots(c).map((p) => p.name)).toEqual([
      'T_peak_logic--arch.thermal.stack_order',
      'ips--arch.thermal.stack_order',
      'T_peak_logic--tas.tacs.cost.mu_noc',
      'ips--tas.tacs.cost.mu_noc',
    ]);
    const spec = JSON.stringify(sweepPlotSpec(c, 'arch.thermal.stack_order', 'T_peak_logic'));
    expect(spec).toContain('"sort":["logic_near_sink","dram_near_sink"]');
    expect(spec).toContain('"series":"mu_noc=2"');
    expect(spec).not.toContain('errorbar');
    expect(JSON.stringify(sweepPlotSpec(c, 'tas.tacs.cost.mu_noc', 'ips'))).toContain(
      '"type":"quantitative","title":"tas.tacs.cost.mu_noc"',
    );
  });

  it('repeats add a standard-deviation bar; no other axis, no legend', () => {
    const spec = JSON.stringify(sweepPlotSpec(collected(2, false), 'arch.thermal.stack_order', 'T_peak_logic'));
    expect(spec).toContain('"extent":"stdev"');
    expect(spec).not.toContain('"color"');
  });

  it('renders to SVG headlessly, a panel per scenario', async () => {
    const svg = await renderSvg(sweepPlotSpec(collected(2, true), 'tas.tacs.cost.mu_noc', 'T_peak_logic'));
    expect(svg.startsWith('<svg')).toBe(true);
    expect(svg).toContain('baseline');
    expect(svg).toContain('peak logic temperature');
  });

  it('nothing to draw without rows', () => {
    expect(sweepPlots({ ...collected(1, false), rows: [] })).toEqual([]);
  });
});
