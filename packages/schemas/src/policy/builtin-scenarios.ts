/**
 * The scenarios the tool ships, as policy pairs. Placement policies: `default`
 * (experts round-robin over cores, thermally naive), `taps` (thermal-aware
 * placement), `eplb` (DeepSeek's expert-parallel load balancer, thermally
 * naive). Online policy: `tacs`.
 */
import type { BuiltinScenario } from '../records/metrics-row.js';
import type { ScenarioDefinition } from './scenario-definition.js';

export const BUILTIN_PLACEMENT_POLICIES = ['default', 'taps', 'eplb'] as const;
export const BUILTIN_ONLINE_POLICIES = ['tacs'] as const;

export const BUILTIN_SCENARIO_DEFINITIONS: Readonly<Record<BuiltinScenario, ScenarioDefinition>> = {
  baseline: {
    kind: 'scenario',
    name: 'baseline',
    placement: 'default',
    description: 'default placement, no online policy',
  },
  taps: { kind: 'scenario', name: 'taps', placement: 'taps', description: 'TAPS placement' },
  tacs: {
    kind: 'scenario',
    name: 'tacs',
    placement: 'default',
    online: 'tacs',
    description: 'default placement + TACS',
  },
  tas: { kind: 'scenario', name: 'tas', placement: 'taps', online: 'tacs', description: 'TAPS placement + TACS' },
  eplb: {
    kind: 'scenario',
    name: 'eplb',
    placement: 'eplb',
    description: 'EPLB placement (load-balanced replication, thermally naive)',
  },
  'eplb-tacs': {
    kind: 'scenario',
    name: 'eplb-tacs',
    placement: 'eplb',
    online: 'tacs',
    description: 'EPLB placement + TACS',
  },
};
