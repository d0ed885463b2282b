/**
 * Scenarios by name: the built-in ones and those of policy modules, each a
 * placement policy and optionally an online policy. A module's placement
 * policy P is scenario P on its own; its online policy O is scenario O on the
 * default placement; its `kind: 'scenario'` entries pair policies by name
 * (built-in or its own). No name may be taken twice.
 */
import {
  BUILTIN_SCENARIO_DEFINITIONS,
  PolicyError,
  type OnlinePolicy,
  type PlacementPolicy,
  type Policy,
  type Scenario,
  type ScenarioDefinition,
} from '@tasmoe/schemas';
import { BUILTIN_ONLINE, BUILTIN_PLACEMENT } from './builtin-policies.js';

export interface ResolvedScenario {
  readonly name: Scenario;
  readonly placement: PlacementPolicy;
  readonly online: OnlinePolicy | undefined;
  readonly description: string | undefined;
  /** From a policy module (its file), not built in. */
  readonly source: string | undefined;
}

export interface PolicyRegistry {
  /** Every scenario name, built-in first (in BUILTIN_SCENARIOS order), then the modules' in load order. */
  names(): Scenario[];
  has(name: string): boolean;
  /** The scenario; throws PolicyError (POLICY_UNKNOWN) naming the known ones. */
  scenario(name: string): ResolvedScenario;
  /**
   * The scenario that adds an online policy to `name`'s placement, among `candidates`: the run whose
   * closed loop equals `name`'s while that online policy chooses nothing (run-all's shared runs).
   */
  onlineTwin(name: string, candidates: readonly Scenario[]): Scenario | undefined;
}

interface Entry {
  readonly def: ScenarioDefinition;
  readonly source: string | undefined;
}

export function createPolicyRegistry(
  modules: readonly { readonly file: string; readonly policies: readonly Policy[] }[] = [],
): PolicyRegistry {
  const placements = new Map<string, { policy: PlacementPolicy; source: string | undefined }>(
    BUILTIN_PLACEMENT.map((p) => [p.name, { policy: p, source: undefined }]),
  );
  const onlines = new Map<string, { policy: OnlinePolicy; source: string | undefined }>(
    BUILTIN_ONLINE.map((p) => [p.name, { policy: p, source: undefined }]),
  );
  const scenarios = new Map<string, Entry>(
    Object.values(BUILTIN_SCENARIO_DEFINITIONS).map((d) => [d.name, { def: d, source: undefined }]),
  );
  const taken = (name: string): string | undefined => {
    const s = scenarios.get(name) ?? undefined;
    if (s !== undefined) return s.source ?? 'a built-in scenario';
    const p = placements.get(name) ?? onlines.get(name);
    return p === undefined ? undefined : (p.source ?? 'a built-in policy');
  };
  const claim = (name: string, file: string) => {
    const by = taken(name);
    if (by !== undefined)
      throw new PolicyError(
        'POLICY_MODULE_INVALID',
        `${file}: the name "${name}" is taken (${by === file ? 'twice in this module' : by})`,
      );
  };
  for (const { file, policies } of modules) {
    for (const p of policies) {
      claim(p.name, file);
      if (p.kind === 'placement') {
        placements.set(p.name, { policy: p, source: file });
        scenarios.set(p.name, {
          def: {
            kind: 'scenario',
            name: p.name,
            placement: p.name,
            ...(p.description ? { description: p.description } : {}),
          },
          source: file,
        });
      } else if (p.kind === 'online') {
        onlines.set(p.name, { policy: p, source: file });
        scenarios.set(p.name, {
          def: {
            kind: 'scenario',
            name: p.name,
            placement: 'default',
            online: p.name,
            ...(p.description ? { description: p.description } : {}),
          },
          source: file,
        });
      } else scenarios.set(p.name, { def: p, source: file });
    }
  }
  // every scenario's policies exist (checked at load, not when the scenario runs)
  for (const { def, source } of scenarios.values()) {
    if (!placements.has(def.placement))
      throw new PolicyError(
        'POLICY_MODULE_INVALID',
        `${source ?? 'built-in'}: scenario ${def.name}: no placement policy "${def.placement}" (known: ${[...placements.keys()].join(', ')})`,
      );
    if (def.online !== undefined && !onlines.has(def.online))
      throw new PolicyError(
        'POLICY_MODULE_INVALID',
        `${source ?? 'built-in'}: scenario ${def.name}: no online policy "${def.online}" (known: ${[...onlines.keys()].join(', ')})`,
      );
  }
  const resolve = (name: string): ResolvedScenario => {
    const e = scenarios.get(name);
    if (e === undefined)
      throw new PolicyError(
        'POLICY_UNKNOWN',
        `unknown scenario "${name}" (known: ${[...scenarios.keys()].join(', ')}; a policy module adds its own with --policy FILE)`,
      );
    const placement = placements.get(e.def.placement)?.policy as PlacementPolicy;
    const online = e.def.online === undefined ? undefined : onlines.get(e.def.online)?.policy;
    return { name, placement, online, description: e.def.description, source: e.source };
  };
  return {
    names: () => [...scenarios.keys()],
    has: (name) => scenarios.has(name),
    scenario: resolve,
    onlineTwin(name, candidates) {
      const base = scenarios.get(name)?.def;
      if (base === undefined || base.online !== undefined) return undefined;
      return candidates.find((c) => {
        const d = scenarios.get(c)?.def;
        return d !== undefined && d.placement === base.placement && d.online !== undefined;
      });
    },
  };
}

/** The registry of the built-in scenarios alone. */
export const BUILTIN_REGISTRY: PolicyRegistry = createPolicyRegistry();
