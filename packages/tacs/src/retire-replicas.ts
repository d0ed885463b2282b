/**
 * Retire replicas TACS created once they no longer move heat downhill: the
 * replica's core is at or above Temg, or it is `retireMarginC` hotter than the
 * coolest other host of the expert (its share would then run cooler elsewhere).
 * Only when the replica state allows it (minimum residency). The rule uses no
 * Thot, so raising Thot cannot add retirements.
 */
import { encodeExpertId } from '@tasmoe/schemas';
import { placementCores } from './placement-index.js';
import { record, retiredKey, type StepContext } from './step-context.js';

export function retireReplicas(ctx: StepContext, replicaExperts: Int32Array): void {
  const ema = ctx.emaCore;
  for (const expert of replicaExperts) {
    const replicaCores = [...ctx.replicas.replicaCores(expert)].sort((a, b) => a - b);
    if (replicaCores.length === 0) continue;
    const home = placementCores(ctx.placement, expert);
    for (const core of replicaCores) {
      let coolestOther = Number.POSITIVE_INFINITY;
      for (const h of home) if (h !== core) coolestOther = Math.min(coolestOther, ema[h] ?? Number.POSITIVE_INFINITY);
      for (const r of replicaCores) {
        if (r !== core && !ctx.retired.has(retiredKey(ctx, expert, r)))
          coolestOther = Math.min(coolestOther, ema[r] ?? Number.POSITIVE_INFINITY);
      }
      const t = ema[core] ?? 0;
      const emergency = ctx.emergency[core] === 1;
      const downhillLost = Number.isFinite(coolestOther) && t > coolestOther + ctx.options.retireMarginC;
      if (!emergency && !downhillLost) continue;
      const values = { T_replica: t, T_coolest_other: coolestOther, margin: ctx.options.retireMarginC };
      if (!ctx.replicas.canRetire(expert, core, ctx.tApplyNs)) {
        record(ctx, {
          winIdx: ctx.winIdx,
          kind: 'retire',
          accepted: false,
          reason: 'minimum residency not yet met',
          core,
          sink: -1,
          expert,
          values,
        });
        continue;
      }
      ctx.retired.add(retiredKey(ctx, expert, core));
      ctx.migrate.push({
        t_apply_ns: ctx.tApplyNs,
        obj_type: 'retire',
        obj_id: encodeExpertId(expert),
        src: String(core),
        dst: '',
        size_bytes: 0,
        cost: 0,
      });
      record(ctx, {
        winIdx: ctx.winIdx,
        kind: 'retire',
        accepted: true,
        reason: emergency
          ? 'replica core at or above Temg'
          : 'replica core hotter than the coolest other host by more than the margin',
        core,
        sink: -1,
        expert,
        values,
      });
    }
  }
}
