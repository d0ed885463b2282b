import { describe, expect, it } from 'vitest';
import { InputValidationError } from '../errors.js';
import { LIMITS } from './limits.js';
import { parseAnyConfigText, parseConfigText } from './load.js';
import { parseSourceText } from './source-text.js';

function issuesOf(fn: () => unknown): InputValidationError {
  try {
    fn();
  } catch (err) {
    if (err instanceof InputValidationError) return err;
    throw err;
  }
  throw new Error('expected an InputValidationError');
}

const ARCH = 'mesh:\n  cores: [8, 8]\ndram:\n  banks: [32, 32, 8]\ngeometry: {}\nthermal:\n  ambient_c: -300\n';

describe('config text: bounded, errors with file, line and field', () => {
  it('a validation error names the file, the line of the field and the field', () => {
    const e = issuesOf(() => parseConfigText('arch', ARCH, 'a.yaml'));
    expect(e.issues[0]).toMatchObject({ file: 'a.yaml', line: 7, path: 'thermal.ambient_c' });
    expect(e.message).toMatch(/^a\.yaml:7: thermal\.ambient_c: /);
  });

  it("an unknown key is reported on its own line; a cross-field problem on its field's line", () => {
    const unknown = issuesOf(() =>
      parseConfigText('tas', 'taps: {}\ntacs:\n  window_ms: 3\n  colour: red\n', 't.yaml'),
    );
    expect(unknown.message).toBe('t.yaml:4: tacs: unknown key(s) "colour"');
    const cross = issuesOf(() =>
      parseConfigText('tas', 'tacs:\n  thresholds:\n    Thot: 80\n    Temg: 70\n', 't.yaml'),
    );
    expect(cross.issues[0]).toMatchObject({ line: 4, path: 'tacs.thresholds.Temg' });
  });

  it('YAML syntax errors carry line and column; JSON files are reported as JSON with a line', () => {
    const y = issuesOf(() => parseSourceText('a: [1, 2\nb: 3\n', 'x.yaml'));
    expect(y.message).toMatch(/^x\.yaml:\d+: \(document\): invalid YAML \(line \d+, column \d+\)/);
    const j = issuesOf(() => parseSourceText('{\n  "mesh": {"cores": [8, 8]},\n}\n', 'arch.json'));
    expect(j.issues[0]?.line).toBe(3);
    expect(j.message).toMatch(/invalid JSON \(line 3, column \d+\)/);
    expect(j.message).not.toMatch(/YAML/);
    // a JSON config validates like its YAML twin, with lines
    const ok = parseAnyConfigText('{"tacs": {"window_ms": 2}}', 'tas.json');
    expect(ok.kind).toBe('tas');
  });

  it('a UTF-8 byte-order mark is tolerated', () => {
    expect(parseConfigText('tas', '\uFEFFtacs: { window_ms: 2 }\n').tacs.window_ms).toBe(2);
  });

  it('a file over the size limit is refused before parsing, quickly, naming the file', () => {
    const big = `items:\n${'  - 1\n'.repeat(Math.ceil(LIMITS.fileBytes / 6) + 10)}`;
    const t0 = performance.now();
    const e = issuesOf(() => parseAnyConfigText(big, 'big.yaml'));
    expect(performance.now() - t0).toBeLessThan(1000);
    expect(e.message).toMatch(/^big\.yaml: \(document\): file too large: \d+ bytes, at most 4194304/);
  });

  it('a YAML alias bomb is refused as input, naming the file', () => {
    const bomb = [
      'a: &a ["x","x","x","x","x","x","x","x","x"]',
      ...'bcdefgh'.split('').map((k, i) => `${k}: &${k} [${Array(9).fill(`*${'abcdefg'[i]}`).join(',')}]`),
      'mesh: *h',
    ].join('\n');
    const e = issuesOf(() => parseAnyConfigText(bomb, 'bomb.yaml'));
    expect(e.category).toBe('input');
    expect(e.message).toMatch(/^bomb\.yaml: \(document\): YAML aliases expand too far/);
  });

  it('a long extra_args list is refused by its bound, with the field', () => {
    const args = Array.from({ length: LIMITS.extraArgs + 1 }, () => '"-x"').join(', ');
    const e = issuesOf(() =>
      parseConfigText(
        'arch',
        `mesh: {cores: [8, 8]}\ndram: {banks: [32, 32, 8]}\ngeometry: {}\nthermal: {hotspot: {extra_args: [${args}]}}\n`,
        'a.yaml',
      ),
    );
    expect(e.issues[0]).toMatchObject({ path: 'thermal.hotspot.extra_args', line: 4 });
  });
});
