/**
 * Trace, overlay and event rows against the configs, one row at a time (a
 * checker keeps what spans rows: the last event id). Logical compute: event
 * ids dense from 0 and increasing, every expert existing and in the row's
 * layer, the experts of an fc row distinct and `topk + shared_experts` of
 * them; logical memory: tensors of the workload, event ids not decreasing;
 * overlays: cores on the mesh, experts and tensors that exist, banks in the
 * stack; physical events: ids increasing, cores and banks on the hardware.
 */
import type { LogicalCompute, LogicalMemory } from '../records/logical.js';
import type { OverlayMigrate, OverlayReroute } from '../records/overlays.js';
import type { ComputeEvent, MemoryEvent } from '../records/physical.js';
import {
  bankProblem,
  coreProblem,
  coreTextProblem,
  expertOf,
  layerOfExpert,
  tensorProblem,
  type CheckContext,
  type Problem,
} from './check-context.js';

export type CheckedRecordKind =
  | 'logical_compute'
  | 'logical_memory'
  | 'overlay_reroute'
  | 'overlay_migrate'
  | 'compute_events'
  | 'memory_events';

export interface RecordChecker {
  /** Problems of one parsed row (in file order). */
  row(record: object): Problem[];
}

const keep = (...ps: (Problem | undefined)[]): Problem[] => ps.filter((p): p is Problem => p !== undefined);

function logicalCompute(ctx: CheckContext): RecordChecker {
  let next = 0;
  const k = ctx.topk + ctx.moe.shared_experts;
  return {
    row(rec) {
      const r = rec as LogicalCompute;
      const out: Problem[] = [];
      if (r.event_id !== next) {
        out.push({
          path: 'event_id',
          message:
            r.event_id < next
              ? `event id ${r.event_id} repeats or goes back (expected ${next}: ids are unique and increasing, dense from 0)`
              : `event id ${r.event_id} skips ${r.event_id - next === 1 ? `id ${next}` : `ids ${next}..${r.event_id - 1}`} (ids are dense from 0)`,
        });
      }
      next = Math.max(next, r.event_id + 1);
      if (r.op_type === 'attn') {
        if (r.experts_json.length > 0)
          out.push({ path: 'experts_json', message: 'expected no experts on an attn row' });
        if (r.layer !== undefined && r.layer >= ctx.moe.layers)
          out.push({ path: 'layer', message: `layer ${r.layer} does not exist (moe.layers is ${ctx.moe.layers})` });
        return out;
      }
      if (r.experts_json.length !== k)
        out.push({
          path: 'experts_json',
          message: `expected ${k} experts (routing.topk ${ctx.topk} + moe.shared_experts ${ctx.moe.shared_experts}), got ${r.experts_json.length}`,
        });
      const seen = new Set<string>();
      r.experts_json.forEach((id, i) => {
        if (seen.has(id))
          out.push({
            path: `experts_json.${i}`,
            message: `expert ${id} twice in one row (the top-k experts of a token are distinct)`,
          });
        seen.add(id);
        const n = expertOf(ctx, id, `experts_json.${i}`);
        if (typeof n !== 'number') out.push(n);
        else if (r.layer !== undefined && layerOfExpert(ctx, n) !== r.layer)
          out.push({
            path: `experts_json.${i}`,
            message: `expert ${id} is in layer ${layerOfExpert(ctx, n)}, the row is layer ${r.layer}`,
          });
      });
      if (r.layer !== undefined && r.layer >= ctx.moe.layers)
        out.push({ path: 'layer', message: `layer ${r.layer} does not exist (moe.layers is ${ctx.moe.layers})` });
      return out;
    },
  };
}

function logicalMemory(ctx: CheckContext): RecordChecker {
  let last = -1;
  return {
    row(rec) {
      const r = rec as LogicalMemory;
      const out = keep(tensorProblem(ctx, r.tensor_id, 'tensor_id'));
      if (r.event_id < last)
        out.push({ path: 'event_id', message: `event id ${r.event_id} after ${last}: rows are in event order` });
      last = Math.max(last, r.event_id);
      return out;
    },
  };
}

function overlayReroute(ctx: CheckContext): RecordChecker {
  return {
    row(rec) {
      const r = rec as OverlayReroute;
      const out = keep(coreProblem(ctx, r.from_core, 'from_core'), coreProblem(ctx, r.to_core, 'to_core'));
      if (r.expert_id !== undefined) {
        const n = expertOf(ctx, r.expert_id, 'expert_id');
        if (typeof n !== 'number') out.push(n);
      }
      return out;
    },
  };
}

function overlayMigrate(ctx: CheckContext): RecordChecker {
  return {
    row(rec) {
      const r = rec as OverlayMigrate;
      if (r.obj_type === 'weight')
        return keep(
          tensorProblem(ctx, r.obj_id, 'obj_id'),
          bankProblem(ctx, r.src, 'src'),
          bankProblem(ctx, r.dst, 'dst'),
        );
      const n = expertOf(ctx, r.obj_id, 'obj_id');
      const out = typeof n === 'number' ? [] : [n];
      if (r.obj_type === 'replica')
        return [...out, ...keep(coreTextProblem(ctx, r.src, 'src'), coreTextProblem(ctx, r.dst, 'dst'))];
      return [
        ...out,
        ...keep(
          coreTextProblem(ctx, r.src, 'src'),
          r.dst === '' ? undefined : { path: 'dst', message: 'expected "" for a retire' },
        ),
      ];
    },
  };
}

function eventIds(): (id: number) => Problem | undefined {
  let last = -1;
  return (id) => {
    const bad =
      id <= last
        ? { path: 'evt_id', message: `event id ${id} after ${last}: ids are unique and increasing` }
        : undefined;
    last = Math.max(last, id);
    return bad;
  };
}

function computeEvents(ctx: CheckContext): RecordChecker {
  const ids = eventIds();
  return {
    row: (rec) => keep(ids((rec as ComputeEvent).evt_id), coreProblem(ctx, (rec as ComputeEvent).core_id, 'core_id')),
  };
}

function memoryEvents(ctx: CheckContext): RecordChecker {
  const ids = eventIds();
  return {
    row(rec) {
      const r = rec as MemoryEvent;
      return keep(ids(r.evt_id), coreProblem(ctx, r.src_core, 'src_core'), bankProblem(ctx, r.dst_bank, 'dst_bank'));
    },
  };
}

const CHECKERS: Record<CheckedRecordKind, (ctx: CheckContext) => RecordChecker> = {
  logical_compute: logicalCompute,
  logical_memory: logicalMemory,
  overlay_reroute: overlayReroute,
  overlay_migrate: overlayMigrate,
  compute_events: computeEvents,
  memory_events: memoryEvents,
};

export function createRecordChecker(kind: CheckedRecordKind, ctx: CheckContext): RecordChecker {
  return CHECKERS[kind](ctx);
}
