import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { importVllmEplbCounts } from './vllm-counts.js';

const fixture = path.join(import.meta.dirname, '__fixtures__', 'vllm-eplb-dump.json');

describe('importVllmEplbCounts', () => {
  it('scatter-adds physical slots onto their logical experts and sums the window and the ranks (as EplbState.rearrange)', () => {
    const c = importVllmEplbCounts(readFileSync(fixture, 'utf8'), fixture);
    expect([c.layers, c.expertsPerLayer]).toEqual([2, 4]);
    // layer 0: logical 0 = slots 0 + 4, logical 1 = slots 1 + 5; layer 1: logical 0 = slots 0 + 2 + 4
    expect(Array.from(c.counts)).toEqual([15, 7, 3, 3, 12, 1, 3, 7]);
  });

  it('takes one rank without the list, and expert_load_pass instead of the window', () => {
    const one = {
      physical_to_logical_map: [[1, 0, 1]],
      expert_load_pass: [[4, 2, 3]],
    };
    expect(Array.from(importVllmEplbCounts(JSON.stringify(one), 'x.json').counts)).toEqual([2, 7]);
  });

  it('the total is conserved: every token of a physical slot lands on one logical expert', () => {
    const doc = JSON.parse(readFileSync(fixture, 'utf8')) as { expert_load_window: number[][][] }[];
    const total = doc.flatMap((r) => r.expert_load_window.flat(2)).reduce((a, b) => a + b, 0);
    const c = importVllmEplbCounts(JSON.stringify(doc), 'f');
    expect(Array.from(c.counts).reduce((a, b) => a + b, 0)).toBe(total);
  });

  it('names the bad field', () => {
    const base = { physical_to_logical_map: [[0, 1, 0]], expert_load_pass: [[1, 2, 3]] };
    const bad = (patch: Record<string, unknown>): string => JSON.stringify({ ...base, ...patch });
    expect(() => importVllmEplbCounts(bad({ expert_load_pass: [[1, 2]] }), 'd.json')).toThrow(
      /d\.json: field expert_load_pass\[0\]: expected 3 numbers/,
    );
    expect(() => importVllmEplbCounts(bad({ expert_load_pass: [[1, -2, 3]] }), 'd.json')).toThrow(
      /field expert_load_pass\[0\]\[1\]: expected a non-negative integer/,
    );
    expect(() => importVllmEplbCounts(bad({ physical_to_logical_map: [[0, 2, 0]] }), 'd.json')).toThrow(
      /physical_to_logical_map\[0\]: logical expert 1 has no physical slot/,
    );
    expect(() => importVllmEplbCounts(bad({ expert_load_pass: undefined }), 'd.json')).toThrow(
      /expected expert_load_window or expert_load_pass/,
    );
    expect(() =>
      importVllmEplbCounts(JSON.stringify([base, { ...base, physical_to_logical_map: [[1, 0, 0]] }]), 'd.json'),
    ).toThrow(/rank 1: physical_to_logical_map differs/);
    expect(() => importVllmEplbCounts('PK\u0003\u0004', 'd.pt')).toThrow(/not JSON/);
  });
});
