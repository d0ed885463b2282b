import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { FORK_COPY } from '@tasmoe/schemas';
import { forkGraph, ForkGraphError } from './fork-graph.js';

class Counter {
  n = 0;
  readonly log: number[] = [];
  bump(): number {
    this.log.push(++this.n);
    return this.n;
  }
}

describe('forkGraph', () => {
  it('copies class instances with their prototype; the copy and the original then evolve apart', () => {
    const c = new Counter();
    c.bump();
    const d = forkGraph(c);
    expect(d).toBeInstanceOf(Counter);
    expect(d.bump()).toBe(2);
    expect(c.n).toBe(1);
    expect(c.log).toEqual([1]);
    expect(d.log).toEqual([1, 2]);
  });

  it('keeps aliasing: an object reached twice, views of one buffer, cycles', () => {
    const shared = { v: 1 };
    const buf = new Float64Array(8);
    const root: Record<string, unknown> = {
      a: shared,
      b: [shared],
      whole: buf,
      tail: buf.subarray(4),
      bytes: new Uint8Array(buf.buffer, 8, 8),
    };
    root.self = root;
    const c = forkGraph(root);
    expect(c.a).toBe((c.b as unknown[])[0]);
    expect(c.a).not.toBe(shared);
    expect(c.self).toBe(c);
    (c.tail as Float64Array)[0] = 7;
    expect((c.whole as Float64Array)[4]).toBe(7);
    expect(buf[4]).toBe(0);
    (c.bytes as Uint8Array)[0] = 1;
    expect((c.whole as Float64Array)[1]).not.toBe(0);
  });

  it('shares frozen objects, functions and the objects it is told to share; copies Maps, Sets and Buffers', () => {
    const frozen = Object.freeze({ k: 1 });
    const fn = () => 1;
    const logger = { lines: [] as string[] };
    const root = { frozen, fn, logger, m: new Map([[1, { x: 1 }]]), s: new Set([2]), b: Buffer.from('abc') };
    const c = forkGraph(root, [logger]);
    expect(c.frozen).toBe(frozen);
    expect(c.fn).toBe(fn);
    expect(c.logger).toBe(logger);
    expect(c.m).not.toBe(root.m);
    expect(c.m.get(1)).toEqual({ x: 1 });
    expect(c.m.get(1)).not.toBe(root.m.get(1));
    expect([...c.s]).toEqual([2]);
    expect(Buffer.isBuffer(c.b)).toBe(true);
    expect(c.b.toString()).toBe('abc');
    c.b[0] = 0x78;
    expect(root.b.toString()).toBe('abc');
  });

  it('lets an object copy itself through FORK_COPY', () => {
    const inner = { n: 1 };
    const custom = {
      inner,
      [FORK_COPY](copy: (x: unknown) => unknown) {
        return { copied: true, inner: copy(this.inner) };
      },
    };
    const c = forkGraph({ custom, again: inner }) as unknown as {
      custom: { copied: boolean; inner: unknown };
      again: unknown;
    };
    expect(c.custom.copied).toBe(true);
    expect(c.custom.inner).toBe(c.again);
  });

  it('refuses what it cannot copy faithfully, naming where', () => {
    expect(() => forkGraph({ a: { s: new SharedArrayBuffer(8) } })).toThrow(ForkGraphError);
    expect(() => forkGraph({ a: { s: new SharedArrayBuffer(8) } })).toThrow(/root\.a\.s/);
    expect(() => forkGraph({ p: Promise.resolve(1) })).toThrow(/Promise/);
    expect(() => forkGraph({ w: new WeakMap() })).toThrow(/WeakMap/);
  });

  it('property: a copy equals its original and shares no mutable object with it', () => {
    const value = fc.letrec((tie) => ({
      node: fc.oneof(
        { depthSize: 'small' },
        fc.double(),
        fc.string(),
        fc.array(tie('node'), { maxLength: 4 }),
        fc.dictionary(fc.string({ maxLength: 3 }), tie('node'), { maxKeys: 4 }),
        fc.float64Array({ maxLength: 6 }),
      ),
    })).node;
    fc.assert(
      fc.property(value, (v) => {
        const c = forkGraph(v);
        expect(c).toEqual(v);
        const originals = new Set<object>();
        const walk = (x: unknown, into: Set<object>) => {
          if (typeof x !== 'object' || x === null || into.has(x)) return;
          into.add(x);
          for (const y of Object.values(x)) walk(y, into);
        };
        walk(v, originals);
        const copies = new Set<object>();
        walk(c, copies);
        for (const o of copies) expect(originals.has(o)).toBe(false);
      }),
    );
  });
});
