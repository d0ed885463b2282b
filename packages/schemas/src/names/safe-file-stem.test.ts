import path from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isSafeFileStem, safeFileStem } from './safe-file-stem.js';

describe('safeFileStem', () => {
  it('keeps safe names, neutralises separators, dot runs and a leading dot', () => {
    expect(safeFileStem('mixtral-8x7b')).toBe('mixtral-8x7b');
    expect(safeFileStem('tiny-moe')).toBe('tiny-moe');
    expect(safeFileStem('v1.2_b+c')).toBe('v1.2_b+c');
    expect(safeFileStem('../../escape')).toBe('____escape');
    expect(safeFileStem('a\\b/c')).toBe('a_b_c');
    expect(safeFileStem('..')).toBe('_');
    expect(safeFileStem('.hidden')).toBe('_hidden');
    expect(safeFileStem('')).toBe('_');
    expect(safeFileStem('x'.repeat(500))).toHaveLength(120);
    expect(isSafeFileStem('mixtral-8x7b')).toBe(true);
    expect(isSafeFileStem('../x')).toBe(false);
  });

  it('any string becomes one file name that stays inside its folder', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 200 }), (name) => {
        const stem = safeFileStem(name);
        expect(stem).not.toMatch(/[/\\\0]/);
        expect(stem).not.toContain('..');
        const f = path.join('/out/baseline', `${stem}.windows.csv`);
        expect(path.dirname(f)).toBe('/out/baseline');
        expect(safeFileStem(stem)).toBe(stem);
      }),
    );
  });
});
