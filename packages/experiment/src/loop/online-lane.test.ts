import { makeTopology } from '@tasmoe/schemas';
import { describe, expect, it } from 'vitest';
import { bankTwinsOf } from './online-lane.js';

describe('bankTwinsOf', () => {
  // 2x1 cores, 2x2 banks per die, 1 die: blocks are the 2 cores, then 8 banks
  const topo = makeTopology(2, 1, 4, 2, 1);

  it('re-indexes the back end block twins into bank order', () => {
    const blockTwins = Int32Array.from([0, 1, 2, 2, 4, 4, 2, 2, 4, 4]);
    expect(bankTwinsOf(blockTwins, topo)).toEqual({ bankTwins: Int32Array.from([0, 0, 2, 2, 0, 0, 2, 2]) });
  });

  it('gives none without a promise, for a vector of another length, or when every bank is alone', () => {
    expect(bankTwinsOf(undefined, topo)).toEqual({});
    expect(bankTwinsOf(new Int32Array(3), topo)).toEqual({});
    expect(
      bankTwinsOf(
        Int32Array.from({ length: 10 }, (_, b) => b),
        topo,
      ),
    ).toEqual({});
  });

  it('keeps a bank whose twin is a core or a later block apart', () => {
    const blockTwins = Int32Array.from([0, 1, 0, 9, 4, 4, 6, 7, 8, 9]);
    expect(bankTwinsOf(blockTwins, topo)).toEqual({ bankTwins: Int32Array.from([0, 1, 2, 2, 4, 5, 6, 7]) });
  });
});
