/**
 * The report's caveat on T_peak_dram when the thermal grid is coarser than the banks and the
 * sub-cell correction is off: each bank then reads its grid cell's mean, which averages a
 * streaming bank with its idle neighbours. Measured on the default run-all against a 64x64 grid
 * (docs/model.md "Sub-cell banks"): the 16x16 grid reads the DRAM peak 1.1-1.6 K low and the
 * TAPS - baseline DRAM difference 0.49 K off (with the wrong sign); with thermal.sub_cell_banks
 * both are within 0.15 K / 0.06 K. Logic temperatures are unaffected (within 0.05 K).
 */
import type { DramResolution } from './run-manifest.js';

export function dramResolutionNote(r: DramResolution | undefined): string | undefined {
  // the correction is the embedded back end's: file mode's DRAM is the grid's whatever the key says
  if (r === undefined || (r.subCellBanks && (r.backend ?? 'embedded') === 'embedded')) return undefined;
  const [rows, cols] = r.grid;
  const [bx, by] = r.banks;
  const perCell = (bx / cols) * (by / rows);
  if (!(perCell > 1)) return undefined;
  return (
    `DRAM temperatures are ${rows}x${cols} grid-cell means over ${perCell} banks each (thermal.sub_cell_banks is off): ` +
    'on the default configs this reads T_peak_dram 1.1-1.6 K low against a 64x64 grid and puts differences in ' +
    'T_peak_dram between scenarios up to 0.5 K off, so DRAM differences below that are not results. ' +
    'thermal.sub_cell_banks: true resolves the banks (within 0.15 K on peaks, 0.06 K on differences) at about 1.4x ' +
    'the loop time (docs/model.md "Sub-cell banks"). T_peak_logic is unaffected.'
  );
}
