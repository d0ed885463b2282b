/**
 * The tool's own policies behind the policy interface (@tasmoe/schemas
 * policy/): the default, TAPS and EPLB placements and TACS online. A
 * researcher's policy module plugs into the same seams (policy-registry.ts).
 */
import {
  EMPTY_OVERLAYS,
  type OnlineContext,
  type OnlineController,
  type OnlinePolicy,
  type OnlineWindow,
  type Overlays,
  type PlacementContext,
  type PlacementPolicy,
} from '@tasmoe/schemas';
import { buildPlacement, defaultPlacement, eplbPlacement } from '@tasmoe/taps';
import {
  bankTwinGroups,
  buildExpertWeights,
  formatDecision,
  tacsHardwareFromConfigs,
  tacsStep,
  withWeightMigrations,
  type TacsState,
} from '@tasmoe/tacs';

export const defaultPlacementPolicy: PlacementPolicy = {
  kind: 'placement',
  name: 'default',
  description: 'experts round-robin over cores, weights in the vault under their core (thermally naive)',
  place(ctx) {
    ctx.log('placement: default (experts round-robin over cores, weights in the vault under their core)');
    return defaultPlacement(ctx.arch, ctx.workload);
  },
};

export const tapsPlacementPolicy: PlacementPolicy = {
  kind: 'placement',
  name: 'taps',
  description: 'TAPS: thermal-aware expert and tensor placement',
  async place(ctx: PlacementContext) {
    const { arch, workload, tas } = ctx;
    const share = ctx.attentionCoreShare;
    const burst = ctx.bankBurst;
    const res = await buildPlacement(arch, workload, tas.taps, ctx.influence, {
      expertHeat: ctx.expertLoad,
      expertHeatSource: tas.taps.heat_estimate,
      ...(share === undefined ? {} : { attentionCoreShare: share }),
      ...(burst === undefined ? {} : { bankBurst: burst }),
    });
    ctx.log(
      `placement: TAPS ${res.method}, predicted peak ${res.predictedPeakC.toFixed(2)} C` +
        (res.dram === undefined
          ? ' (no DRAM term: H has no DRAM part)'
          : `, DRAM ${res.dram.peakC.toFixed(2)} C${res.dram.nextStep === undefined ? '' : ` (${res.dram.nextStep.marginK.toFixed(2)} K below the ${res.dram.nextStep.atC} C refresh step)`}`) +
        `, objective ${res.objective.toFixed(4)}, ` +
        `heat ${tas.taps.heat_estimate === 'trace-prefix' ? 'trace prefix' : 'analytic routing model'}, H ${res.influenceSource}, ` +
        `attention ${share === undefined ? 'none' : `${res.load.attentionPowerW.toFixed(2)} W on its home cores`}` +
        (res.burst === undefined
          ? ''
          : `, read bursts +${res.burst.peakK.toFixed(2)} K at most (${res.burst.narrowedVaults} vaults leave positions out)`) +
        (res.gap !== undefined ? `, gap ${(res.gap * 100).toFixed(2)}%` : '') +
        (res.fallbackReason !== undefined ? `, fallback: ${res.fallbackReason}` : ''),
    );
    for (const line of res.solverLog) ctx.log(`taps: ${line}`);
    return res.placement;
  },
};

export const eplbPlacementPolicy: PlacementPolicy = {
  kind: 'placement',
  name: 'eplb',
  description:
    "DeepSeek's EPLB: redundant replicas for the experts with the highest load per replica, packed onto the least loaded cores (thermally naive)",
  place(ctx) {
    const res = eplbPlacement(ctx.arch, ctx.workload, ctx.expertLoad, ctx.tas.eplb.redundant_slots);
    let max = 0;
    let total = 0;
    for (const v of res.coreLoad) {
      max = Math.max(max, v);
      total += v;
    }
    ctx.log(
      `placement: EPLB, ${res.redundantSlots} redundant slots${ctx.tas.eplb.redundant_slots === undefined ? ' (default, 12.5 % of the experts)' : ''}, ` +
        `${res.dropped} dropped (no free core without the expert), at most ${res.slotsPerCore} physical experts per core, ` +
        `predicted core load max/mean ${(max / (total / res.coreLoad.length)).toFixed(3)}`,
    );
    return res.placement;
  },
};

/** TACS (seed section 4.3) as an online policy: one tacsStep per window over the pending tasks. */
export const tacsOnlinePolicy: OnlinePolicy = {
  kind: 'online',
  name: 'tacs',
  description: 'TACS: online thermal-aware reroutes, replicas and weight migrations',
  bankTempsTyped: true,
  start(ctx: OnlineContext): OnlineController {
    const { placement, topology, tas } = ctx;
    const hw = tacsHardwareFromConfigs(ctx.arch, tas);
    let weights = buildExpertWeights(placement, topology, ctx.workload.tensors.weight_shard_mb * 2 ** 20);
    let state: TacsState | undefined;
    const debug = ctx.debug;
    const twins = ctx.bankTwins === undefined ? undefined : bankTwinGroups(ctx.bankTwins);
    return {
      decide(win: OnlineWindow): Overlays {
        const res = tacsStep(win.telemetry, placement, win.replicas, tas.tacs, win.pending(), {
          topology,
          hw,
          weights,
          ...(win.bankTempsC === undefined ? {} : { bankTempsC: win.bankTempsC }),
          ...(twins === undefined ? {} : { bankTwins: twins }),
          ...(ctx.influence ? { influence: ctx.influence } : {}),
          ...(state ? { prev: state, reusePrev: true } : {}),
          ...(debug !== undefined ? { log: (d) => debug(`win ${win.window} tacs ${formatDecision(d)}`) } : {}),
        });
        state = res.next;
        return res.reroute.length === 0 && res.migrate.length === 0
          ? EMPTY_OVERLAYS
          : { reroute: res.reroute, migrate: res.migrate };
      },
      applied(overlays) {
        // Weight migrations that were applied move TACS's view of where each expert's weights are.
        if (overlays.migrate.some((r) => r.obj_type === 'weight'))
          weights = withWeightMigrations(weights, overlays.migrate, topology);
      },
    };
  },
};

export const BUILTIN_PLACEMENT: readonly PlacementPolicy[] = [
  defaultPlacementPolicy,
  tapsPlacementPolicy,
  eplbPlacementPolicy,
];
export const BUILTIN_ONLINE: readonly OnlinePolicy[] = [tacsOnlinePolicy];
