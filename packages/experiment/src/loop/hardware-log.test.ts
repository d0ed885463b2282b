import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { HardwareLog } from './hardware-log.js';

describe('HardwareLog', () => {
  it('property: replay gives every window the state it was noted with', () => {
    fc.assert(
      fc.property(
        fc.array(fc.array(fc.tuple(fc.nat(11), fc.double({ noNaN: true })), { maxLength: 4 }), {
          minLength: 1,
          maxLength: 40,
        }),
        (changes) => {
          const cores = new Float64Array(4).fill(2);
          const banks = new Float64Array(8).fill(16);
          const log = new HardwareLog();
          const seen: number[][] = [];
          changes.forEach((ch, w) => {
            for (const [i, v] of ch) (i < 4 ? cores : banks)[i < 4 ? i : i - 4] = v;
            seen.push([...cores, ...banks]);
            log.note(w, { coreFreqGhz: cores, bankBwBytesPerNs: banks });
          });
          const replayed: number[][] = [];
          log.replay(changes.length, (_, hw) => replayed.push([...hw.coreFreqGhz, ...hw.bankBwBytesPerNs]));
          expect(replayed).toEqual(seen);
          const some = Math.floor(changes.length / 2);
          let n = 0;
          log.replay(some, () => void n++);
          expect(n).toBe(some);
        },
      ),
    );
  });

  it('with the changed banks named, compares only those (and the cores) and replays the same', () => {
    const cores = new Float64Array(2).fill(2);
    const banks = new Float64Array(6).fill(16);
    const full = new HardwareLog();
    const hinted = new HardwareLog();
    const outOfBand = new Int32Array(6);
    for (let w = 0; w < 30; w++) {
      let count = 0;
      if (w % 3 === 1) {
        const b = w % 6;
        banks[b] = w;
        outOfBand[count++] = b;
        // named but unchanged: no entry
        outOfBand[count++] = (b + 1) % 6;
      }
      if (w % 7 === 0) cores[w % 2] = w;
      full.note(w, { coreFreqGhz: cores, bankBwBytesPerNs: banks });
      hinted.note(w, { coreFreqGhz: cores, bankBwBytesPerNs: banks }, { outOfBand, count });
    }
    const a: number[][] = [];
    const b: number[][] = [];
    full.replay(30, (_, hw) => a.push([...hw.coreFreqGhz, ...hw.bankBwBytesPerNs]));
    hinted.replay(30, (_, hw) => b.push([...hw.coreFreqGhz, ...hw.bankBwBytesPerNs]));
    expect(b).toEqual(a);
  });

  it('takes windows in order from 0 and replays no more than it noted', () => {
    const log = new HardwareLog();
    const hw = { coreFreqGhz: new Float64Array(1), bankBwBytesPerNs: new Float64Array(1) };
    expect(() => log.note(1, hw)).toThrow(RangeError);
    log.note(0, hw);
    expect(log.count).toBe(1);
    expect(() => log.replay(2, () => undefined)).toThrow(RangeError);
  });

  it('gives up past its cap: overflowed, and no replay', () => {
    const log = new HardwareLog(100);
    const cores = new Float64Array(4);
    const banks = new Float64Array(60);
    for (let w = 0; w < 5; w++) {
      cores.fill(w + 1);
      banks.fill(w + 1);
      log.note(w, { coreFreqGhz: cores, bankBwBytesPerNs: banks });
    }
    expect(log.overflowed).toBe(true);
    expect(() => log.replay(1, () => undefined)).toThrow(/overflowed/);
  });

  it('grows past its first buffers (a long run, every entry changing)', () => {
    const log = new HardwareLog();
    const cores = new Float64Array(64);
    const banks = new Float64Array(256);
    for (let w = 0; w < 2000; w++) {
      cores.fill(w);
      banks.fill(-w);
      log.note(w, { coreFreqGhz: cores, bankBwBytesPerNs: banks });
    }
    let last = 0;
    log.replay(2000, (w, hw) => {
      expect(hw.coreFreqGhz[63]).toBe(w);
      expect(hw.bankBwBytesPerNs[255]).toBe(-w);
      last = w;
    });
    expect(last).toBe(1999);
  });
});
