import { describe, expect, it } from 'vitest';
import { defaultArch, mixtral, tapsParams } from './__fixtures__/configs.js';
import { influenceDouble } from './__fixtures__/influence-double.js';
import { buildPlacement } from './build-placement.js';
import { expertCoresOf } from './placement-record.js';
import { attentionCorePowerW } from './power-model.js';
import { placementCorePower, predictCoreTemps } from './predict.js';
import { TapsError } from './errors.js';

/** The physicalizer's rule with one lane of 32 sequences: homed on cores 0-31. */
const oneLane = () => {
  const w = mixtral();
  return { ...w, sequence: { ...w.sequence, concurrency: 1 } };
};
const topHalfShare = Float64Array.from({ length: 64 }, (_, c) => (c < 32 ? 1 : 0));

function expertPowerOn(
  cores: (c: number) => boolean,
  placement: Parameters<typeof expertCoresOf>[0],
  expertPowerW: Float64Array,
): number {
  let w = 0;
  expertCoresOf(placement, expertPowerW.length, 64).forEach((cs, e) => {
    for (const c of cs) if (cores(c)) w += (expertPowerW[e] as number) / cs.length;
  });
  return w;
}

describe('attention as fixed background power', () => {
  it('is layers x lambda x attn FLOPs x alpha in all, split by the share', async () => {
    const r = await buildPlacement(defaultArch(), mixtral(), tapsParams(), influenceDouble(), {
      attentionCoreShare: topHalfShare,
    });
    const w = mixtral();
    const expected =
      w.moe.layers *
      r.load.tokenRate *
      w.operators.attn.flop_per_token *
      defaultArch().power.alpha_cmp_pj_per_flop *
      1e-12;
    expect(r.load.attentionPowerW).toBeCloseTo(expected, 9);
    expect(r.problem.basePowerW[0]).toBeCloseTo(r.load.corePowerBaseW + expected / 32, 9);
    expect(r.problem.basePowerW[63]).toBeCloseTo(r.load.corePowerBaseW, 9);
    // The result's prediction is H (base + attention + experts) of the written record.
    const again = predictCoreTemps(r.placement, r.load.expertPowerW, r.influence, r.problem.basePowerW);
    for (let c = 0; c < 64; c++) expect(again[c]).toBeCloseTo(r.predictedTempsC[c] as number, 9);
  });

  it('keeps expert power off the cores that run the attention, and predicts a cooler peak for it', async () => {
    const h = influenceDouble();
    // One lane: no other lane's attention to meet, so experts may leave their default half
    // (with several lanes the attention signature keeps them there, critical-path.ts).
    const blind = await buildPlacement(defaultArch(), oneLane(), tapsParams(), h);
    const aware = await buildPlacement(defaultArch(), oneLane(), tapsParams(), h, { attentionCoreShare: topHalfShare });
    const onTop = (c: number) => c < 32;
    const blindTop = expertPowerOn(onTop, blind.placement, aware.load.expertPowerW);
    const awareTop = expertPowerOn(onTop, aware.placement, aware.load.expertPowerW);
    expect(awareTop).toBeLessThan(blindTop - 0.05 * aware.load.attentionPowerW);
    // Judged with the attention it runs beside, the blind placement is hotter.
    const blindPeak = Math.max(
      ...predictCoreTemps(blind.placement, aware.load.expertPowerW, h, aware.problem.basePowerW),
    );
    expect(aware.predictedPeakC).toBeLessThan(blindPeak);
    expect(blind.placement.meta?.note).toMatch(/attention power not in the prediction/);
  });

  it('rejects a share of the wrong length, negative or all zero', () => {
    expect(() => attentionCorePowerW([1, 1], 1, 64)).toThrow(TapsError);
    expect(() =>
      attentionCorePowerW(
        Float64Array.from({ length: 64 }, (_, c) => (c === 0 ? -1 : 1)),
        1,
        64,
      ),
    ).toThrow(TapsError);
    expect(() => attentionCorePowerW(new Float64Array(64), 1, 64)).toThrow(TapsError);
    expect(Array.from(placementCorePower({ experts: {}, tensors: {} }, new Float64Array(0), 2, [0.5, 0.25]))).toEqual([
      0.5, 0.25,
    ]);
  });
});
