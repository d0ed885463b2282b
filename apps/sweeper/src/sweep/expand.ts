/**
 * Sweep spec + base configs -> every point, fully resolved and validated
 * through the same config schemas as a single run. Pure. All invalid points
 * are reported together (point, axis values, config path) before anything runs.
 */
import {
  InputValidationError,
  resolveConfig,
  SWEEP_SEED_PATH,
  type ConfigKind,
  type InputIssue,
  type SweepSpec,
} from '@tasmoe/schemas';
import { plainCopy, splitPath, withValueAt } from './config-path.js';
import type { PointConfigs, SweepPoint } from './point.js';
import { pointHash } from './point-id.js';

type Combination = readonly (readonly [string, unknown])[];

/** Axis combinations: grid = cartesian product (last axis fastest), zip = i-th values together. */
export function axisCombinations(spec: Pick<SweepSpec, 'axes' | 'combine'>): Combination[] {
  const axes = Object.entries(spec.axes);
  if (axes.length === 0) return [[]];
  if (spec.combine === 'zip') {
    const n = Math.min(...axes.map(([, v]) => v.length));
    return Array.from({ length: n }, (_, i) => axes.map(([p, v]) => [p, v[i]] as const));
  }
  let out: Combination[] = [[]];
  for (const [p, values] of axes) out = out.flatMap((c) => values.map((v) => [...c, [p, v] as const]));
  return out;
}

/** "Thot=75, mu_noc=2": how a point is named in messages. */
export function describeAxes(axes: Readonly<Record<string, unknown>>): string {
  const parts = Object.entries(axes).map(([p, v]) => `${p}=${JSON.stringify(v)}`);
  return parts.length === 0 ? '(base)' : parts.join(', ');
}

function kindOf(axisPath: string): { kind: ConfigKind; rest: string[] } {
  const [head, ...rest] = splitPath(axisPath);
  return { kind: head as ConfigKind, rest };
}

export interface ExpandOptions {
  /** The sweep file, for messages. */
  readonly file?: string;
}

export function expandSweep(spec: SweepSpec, base: PointConfigs, opts: ExpandOptions = {}): SweepPoint[] {
  const file = opts.file ?? '<sweep>';
  const issues: InputIssue[] = [];
  const points: SweepPoint[] = [];
  let next = 0;
  for (const combo of axisCombinations(spec)) {
    for (let repeat = 0; repeat < spec.repeats; repeat++) {
      const index = next++;
      const axes = Object.fromEntries(combo);
      const docs: Record<ConfigKind, unknown> = {
        arch: plainCopy(base.arch),
        workload: plainCopy(base.workload),
        tas: plainCopy(base.tas),
      };
      const label = `point ${index} (${describeAxes(axes)}${spec.repeats > 1 ? `, repeat ${repeat}` : ''})`;
      let broken = false;
      for (const [axisPath, value] of combo) {
        const { kind, rest } = kindOf(axisPath);
        const set = withValueAt(docs[kind], rest, value);
        if (set.ok) docs[kind] = set.doc;
        else {
          issues.push({ file, path: `axes.${axisPath}`, message: `${label}: ${set.message}` });
          broken = true;
        }
      }
      if (!(SWEEP_SEED_PATH in spec.axes)) {
        const seed = spec.seeds?.[repeat] ?? base.workload.routing.seed + repeat;
        const set = withValueAt(docs.workload, ['routing', 'seed'], seed);
        if (set.ok) docs.workload = set.doc;
      }
      if (broken) continue;
      const resolved: Partial<Record<ConfigKind, unknown>> = {};
      for (const kind of ['arch', 'workload', 'tas'] as const) {
        try {
          resolved[kind] = resolveConfig(kind, docs[kind], file);
        } catch (err) {
          if (!(err instanceof InputValidationError)) throw err;
          for (const iss of err.issues) {
            issues.push({
              file,
              path: iss.path === '' ? kind : `${kind}.${iss.path}`,
              message: `${label}: ${iss.message}`,
            });
          }
          broken = true;
        }
      }
      if (broken) continue;
      const configs = resolved as unknown as PointConfigs;
      const { hash, id } = pointHash(configs);
      points.push({
        sweep: spec.name,
        index,
        id,
        hash,
        axes,
        repeat,
        seed: configs.workload.routing.seed,
        scenarios: spec.scenarios,
        workloadName: configs.workload.model,
        configs,
      });
    }
  }
  if (issues.length > 0) throw new InputValidationError('CONFIG_INVALID', issues);
  return points;
}
