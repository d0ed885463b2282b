import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { InputValidationError } from '../errors.js';
import type { CsvRecordKind } from './csv-record.js';
import { LogicalComputeCsv, LogicalMemoryCsv } from './logical.js';
import { METRICS_COLUMNS, MetricsRowSchema } from './metrics-row.js';
import { OverlayMigrateCsv, OverlayRerouteCsv } from './overlays.js';
import { ComputeEventCsv, MemoryEventCsv } from './physical.js';
import { PlacementSchema } from './placement.js';
import { ReplicaStateSchema } from './replica-state.js';
import { TelemetrySchema } from './telemetry.js';

/** Render to CSV text cells and parse back, as a file round trip does. */
function roundTrip<T extends object>(kind: CsvRecordKind<T>, record: T): T {
  const cells = kind.toCells(record);
  const byName: Record<string, string> = {};
  kind.columns.forEach((c, i) => {
    byName[c] = String(cells[i]);
  });
  return kind.fromCells(byName);
}

const nat = fc.nat({ max: 2 ** 40 });
const expert = fc.nat({ max: 10_000 }).map((n) => `E${n}` as const);
const bank = fc.tuple(fc.nat(31), fc.nat(31), fc.nat(7)).map(([x, y, l]) => `B(${x},${y},${l})` as const);
const dbl = fc.double({ min: 0, max: 1e15, noNaN: true });
const text = fc.stringMatching(/^[a-z_]{0,12}$/);

describe('CSV record round trips (seed section 3)', () => {
  it('logical_compute', () => {
    fc.assert(
      fc.property(
        nat,
        nat,
        fc.nat(100),
        nat,
        fc.array(fc.tuple(expert, dbl), { minLength: 1, maxLength: 8 }),
        fc.nat(60),
        (id, t, mb, tok, ex, layer) => {
          const r = {
            event_id: id,
            t_gen_ns: t,
            mb_id: mb,
            token_id: tok,
            experts_json: ex.map((e) => e[0]),
            flops_json: ex.map((e) => e[1]),
            op_type: 'fc' as const,
            layer,
          };
          expect(roundTrip(LogicalComputeCsv, r)).toEqual(r);
        },
      ),
    );
  });
  it('logical_memory', () => {
    fc.assert(
      fc.property(
        nat,
        fc.constantFrom('W_E17_0', 'KV_L3_MB2'),
        fc.constantFrom('read' as const, 'write' as const),
        nat,
        text,
        (id, tensor, access, bytes, hint) => {
          const r = { event_id: id, tensor_id: tensor, access, bytes, locality_hint: hint };
          expect(roundTrip(LogicalMemoryCsv, r)).toEqual(r);
        },
      ),
    );
  });
  it('overlay_reroute and overlay_migrate', () => {
    fc.assert(
      fc.property(
        nat,
        fc.nat(63),
        fc.nat(63),
        fc.array(fc.nat(1000)),
        fc.double({ min: -10, max: 10, noNaN: true }).map((x) => (Object.is(x, -0) ? 0 : x)),
        expert,
        (t, a, b, mbs, g, e) => {
          const r = {
            t_apply_ns: t,
            scope: 'mb' as const,
            from_core: a,
            to_core: b,
            mb_ids_json: mbs,
            reason: 'hot_core',
            expected_gain: g,
            expert_id: e,
          };
          expect(roundTrip(OverlayRerouteCsv, r)).toEqual(r);
        },
      ),
    );
    fc.assert(
      fc.property(nat, bank, bank, nat, fc.double({ min: 0, max: 100, noNaN: true }), (t, s, d, size, cost) => {
        const r = {
          t_apply_ns: t,
          obj_type: 'weight' as const,
          obj_id: 'W_E17_0',
          src: s,
          dst: d,
          size_bytes: size,
          cost,
        };
        expect(roundTrip(OverlayMigrateCsv, r)).toEqual(r);
      }),
    );
  });
  it('compute_events and memory_events', () => {
    fc.assert(
      fc.property(nat, nat, fc.nat(63), nat, dbl, (id, t, core, cyc, flops) => {
        const r = {
          evt_id: id,
          t_start_ns: t,
          core_id: core,
          duration_cycles: cyc,
          flops,
          op: 'fc',
          dvfs_domain: 'd0',
          power_hint: '',
        };
        expect(roundTrip(ComputeEventCsv, r)).toEqual(r);
      }),
    );
    fc.assert(
      fc.property(
        nat,
        nat,
        fc.nat(63),
        bank,
        nat,
        fc.constantFrom('r' as const, 'w' as const),
        fc.nat(14),
        (id, t, core, b, bytes, rw, hops) => {
          const r = { evt_id: id, t_start_ns: t, src_core: core, dst_bank: b, bytes, rw, hops, noc_qos: 'be' };
          expect(roundTrip(MemoryEventCsv, r)).toEqual(r);
        },
      ),
    );
  });
  it('rejects a bad row with its line and field', () => {
    const cells = {
      event_id: '1',
      t_gen_ns: '0',
      mb_id: '0',
      token_id: '0',
      experts_json: '["E17","X3"]',
      flops_json: '[1,2]',
      op_type: 'fc',
    };
    try {
      LogicalComputeCsv.fromCells(cells, { file: 'lc.csv', line: 7 });
      expect.unreachable();
    } catch (err) {
      expect(err).toBeInstanceOf(InputValidationError);
      const e = err as InputValidationError;
      expect(e.issues[0]).toMatchObject({ file: 'lc.csv:7', path: 'experts_json.1' });
    }
  });
});

describe('JSON records', () => {
  it('placement.json round-trips (seed example)', () => {
    const p = {
      experts: { E17: { cores: [33], policy: 'single' }, E3: { cores: [5, 37], policy: 'replicate' } },
      tensors: { W_E17_0: { dram_bank: 'B(12,7,3)' } },
    };
    expect(PlacementSchema.parse(JSON.parse(JSON.stringify(p)))).toEqual(p);
  });
  it('placement rejects a replicate policy on one core and duplicate cores', () => {
    expect(
      PlacementSchema.safeParse({ experts: { E1: { cores: [1], policy: 'replicate' } }, tensors: {} }).success,
    ).toBe(false);
    expect(
      PlacementSchema.safeParse({ experts: { E1: { cores: [1, 1], policy: 'replicate' } }, tensors: {} }).success,
    ).toBe(false);
    expect(PlacementSchema.safeParse({ experts: { X1: { cores: [1], policy: 'single' } }, tensors: {} }).success).toBe(
      false,
    );
  });
  it('replica_state.json round-trips (seed example)', () => {
    const s = { E3: { cores: [5, 37], ts_created_ns: 1000000 } };
    expect(ReplicaStateSchema.parse(JSON.parse(JSON.stringify(s)))).toEqual(s);
  });
  it('replica_state.json extras: per-core creation, retirement and copy-completion times', () => {
    const s = {
      E3: {
        cores: [37],
        ts_created_ns: 1000000,
        created_ns_by_core: { '37': 1000000 },
        retired_ns_by_core: { '5': 900000 },
        ready_ns_by_core: { '37': 3500000 },
      },
    };
    expect(ReplicaStateSchema.parse(s)).toEqual(s);
    expect(ReplicaStateSchema.safeParse({ E3: { ...s.E3, ready_ns_by_core: { '37': -1 } } }).success).toBe(false);
  });
  it('telemetry', () => {
    const t = { temps_core: [70, 81], temps_bank: [60], util_core: [0.5, 1], noc_load: 0.2, ts_ns: 3_000_000 };
    expect(TelemetrySchema.parse(t)).toEqual(t);
    expect(TelemetrySchema.safeParse({ ...t, util_core: [1.5] }).success).toBe(false);
  });
  it('metrics row keeps the ten seed columns in order and allows extras', () => {
    expect(METRICS_COLUMNS).toEqual([
      'scenario',
      'workload',
      'T_peak_logic',
      'T_peak_dram',
      'T_avg',
      'ips',
      'lat_ms',
      'bw_util',
      'refresh_mhz',
      'noc_load',
    ]);
    const row = {
      scenario: 'tas',
      workload: 'mixtral-8x7b',
      T_peak_logic: 81.2,
      T_peak_dram: 84,
      T_avg: 70,
      ips: 1000,
      lat_ms: 30,
      bw_util: 0.4,
      refresh_mhz: 0.5,
      noc_load: 0.1,
      migrations: 3,
    };
    expect(MetricsRowSchema.parse(row)).toEqual(row);
    expect(MetricsRowSchema.safeParse({ ...row, T_peak_logic: Number.NaN }).success).toBe(false);
  });
});
