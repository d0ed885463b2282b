import { describe, expect, it } from 'vitest';
import { dramResolutionNote } from './dram-resolution-note.js';
import { runDetails } from './run-manifest.js';

const arch = (grid: [number, number], sub?: boolean) => ({
  arch: { thermal: { grid, ...(sub === undefined ? {} : { sub_cell_banks: sub }) }, dram: { banks: [32, 32, 8] } },
});

describe('dramResolutionNote', () => {
  it('warns when grid cells average several banks and the sub-cell correction is off', () => {
    const note = dramResolutionNote(runDetails(arch([16, 16], false)).dramResolution);
    expect(note).toMatch(/^DRAM temperatures are 16x16 grid-cell means over 4 banks each/);
    expect(note).toContain('thermal.sub_cell_banks: true');
    // an older run-all.json without the flag ran without the correction
    expect(dramResolutionNote(runDetails(arch([16, 16])).dramResolution)).toBe(note);
    // the correction is the embedded back end's: file mode's DRAM is the grid's
    const fileMode = {
      arch: {
        thermal: { grid: [16, 16], sub_cell_banks: true, backend: 'hotspot-file' },
        dram: { banks: [32, 32, 8] },
      },
    };
    expect(dramResolutionNote(runDetails(fileMode).dramResolution)).toBe(note);
  });

  it('says nothing with the correction, at bank resolution, or when the run did not record the grid', () => {
    expect(dramResolutionNote(runDetails(arch([16, 16], true)).dramResolution)).toBeUndefined();
    expect(dramResolutionNote(runDetails(arch([32, 32], false)).dramResolution)).toBeUndefined();
    expect(dramResolutionNote(runDetails({ arch: { thermal: {} } }).dramResolution)).toBeUndefined();
    expect(dramResolutionNote(runDetails(undefined).dramResolution)).toBeUndefined();
  });
});
