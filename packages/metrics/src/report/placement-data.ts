/**
 * placement.json -> one row per core: which experts it hosts (replicas
 * marked), for the placement figure. Expert E<n> is described as
 * (MoE layer, index) when the run recorded the MoE shape.
 */
import { decodeExpertId, describeExpertNumber, type MoeShape, type Placement, type Scenario } from '@tasmoe/schemas';

export type PlacementCoreRow = {
  readonly scenario: Scenario;
  readonly core: number;
  readonly row: number;
  readonly col: number;
  /** Expert instances on this core (a replicated expert counts once per core it is on). */
  readonly instances: number;
  readonly replicas: number;
  /** Marker for the legend of cores that hold a copy of a replicated expert; "" otherwise. */
  readonly replica_mark: string;
  /** Label lines drawn in the cell: expert ids, replicas with "*". */
  readonly label: readonly string[];
  /** Full list for the tooltip. */
  readonly experts: string;
};

/** Lines of the in-cell label: at most `maxLines`, the last saying how many more there are. */
export function labelLines(ids: readonly string[], maxLines: number): string[] {
  if (ids.length <= maxLines) return [...ids];
  const shown = ids.slice(0, Math.max(0, maxLines - 1));
  return [...shown, `+${ids.length - shown.length} more`];
}

export const REPLICA_MARK = 'holds a replica';

export function placementRows(
  scenario: Scenario,
  placement: Placement,
  mesh: { cols: number; rows: number },
  moe: MoeShape | undefined,
  maxLines = 4,
): PlacementCoreRow[] {
  const cores = mesh.cols * mesh.rows;
  const onCore: { n: number; replicated: boolean }[][] = Array.from({ length: cores }, () => []);
  for (const [id, p] of Object.entries(placement.experts)) {
    const n = decodeExpertId(id);
    for (const c of p.cores) onCore[c]?.push({ n, replicated: p.policy === 'replicate' });
  }
  const describe = (n: number): string => {
    if (moe === undefined) return `E${n}`;
    try {
      const d = describeExpertNumber(n, moe);
      return `E${n} (layer ${d.layer}, ${d.shared ? 'shared' : 'expert'} ${d.index})`;
    } catch {
      return `E${n}`;
    }
  };
  return onCore.map((list, core) => {
    const sorted = [...list].sort((a, b) => a.n - b.n);
    const ids = sorted.map((e) => `E${e.n}${e.replicated ? '*' : ''}`);
    const replicas = sorted.filter((e) => e.replicated).length;
    const tooltip = sorted.map((e) => `${describe(e.n)}${e.replicated ? ' [replica]' : ''}`);
    return {
      scenario,
      core,
      row: Math.floor(core / mesh.cols),
      col: core % mesh.cols,
      instances: sorted.length,
      replicas,
      replica_mark: replicas > 0 ? REPLICA_MARK : '',
      label: labelLines(ids, maxLines),
      experts:
        tooltip.length === 0
          ? '(none)'
          : tooltip.length > 12
            ? `${tooltip.slice(0, 12).join(', ')}, … (${tooltip.length} in all)`
            : tooltip.join(', '),
    };
  });
}
