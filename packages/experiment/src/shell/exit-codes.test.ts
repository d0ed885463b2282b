import { describe, expect, it } from 'vitest';
import { InputValidationError, TasmoeError } from '@tasmoe/schemas';
import { CometAdapterError, HotspotFileError, PowerModelError } from '@tasmoe/comet-adapter';
import { ThermalError, ThermalFormatError } from '@tasmoe/thermal';
import { PhysicalizerError } from '@tasmoe/physicalizer';
import { ScenarioFailedError } from '../runner/run-all.js';
import { CommandError } from './command-error.js';
import { EXIT, exitCodeFor, messageLines } from './exit-codes.js';

describe('exit codes follow the error category', () => {
  it('input -> 2, external tool -> 4, internal -> 1; usage 64, not implemented 3, interrupted 130', () => {
    expect(
      exitCodeFor(
        new InputValidationError('CONFIG_INVALID', [{ file: 'a.yaml', path: 'mesh', message: 'expected an array' }]),
      ),
    ).toBe(EXIT.invalidInput);
    expect(exitCodeFor(new ThermalFormatError('bad flp line'))).toBe(EXIT.invalidInput);
    expect(exitCodeFor(new HotspotFileError('HOTSPOT_EXIT', 'exited 1', { command: ['hotspot'] }))).toBe(
      EXIT.externalTool,
    );
    expect(exitCodeFor(new CometAdapterError('HOTSPOT_TIMEOUT', 'ran 10 s'))).toBe(EXIT.externalTool);
    // an internal invariant is not the user's input, whatever its code says
    expect(exitCodeFor(new ThermalError('THERMAL_INPUT', 'NaN power'))).toBe(EXIT.failure);
    expect(exitCodeFor(new PhysicalizerError('WINDOW_OUT_OF_ORDER', 'window 3 after 5'))).toBe(EXIT.failure);
    expect(exitCodeFor(new PowerModelError('POWER_INPUT', 'buffer length'))).toBe(EXIT.failure);
    expect(exitCodeFor(new CommandError('USAGE', '--grid expects RxC'))).toBe(EXIT.usage);
    expect(exitCodeFor(new CommandError('NOT_IMPLEMENTED', 'later'))).toBe(EXIT.notImplemented);
    expect(exitCodeFor(new TasmoeError('INTERRUPTED', 'internal', 'stopped'))).toBe(EXIT.interrupted);
    expect(exitCodeFor(new Error('plain'))).toBe(EXIT.failure);
  });

  it('a failed scenario keeps the category of the error inside it (a file-mode failure stays external)', () => {
    const inner = new HotspotFileError('HOTSPOT_EXIT', 'exited 1', { command: ['hotspot'] });
    expect(
      exitCodeFor(
        new ScenarioFailedError('baseline', inner.message, inner.code, { cause: inner, category: inner.category }),
      ),
    ).toBe(EXIT.externalTool);
    expect(exitCodeFor(new ScenarioFailedError('baseline', 'worker exited'))).toBe(EXIT.failure);
  });

  it('prints one line per input problem, else one line with the code', () => {
    const err = new InputValidationError('CONFIG_INVALID', [
      { file: 'a.yaml', path: 'mesh.cores', message: 'expected an array' },
      { file: 'a.yaml', path: 'dram.banks', message: 'expected 3 numbers' },
    ]);
    expect(messageLines(err)).toEqual([
      'a.yaml: mesh.cores: expected an array',
      'a.yaml: dram.banks: expected 3 numbers',
    ]);
    expect(messageLines(new ThermalError('THERMAL_MODEL', 'layer 2 has no floorplan\nmore'))).toEqual([
      'error [THERMAL_MODEL]: layer 2 has no floorplan',
    ]);
  });
});
