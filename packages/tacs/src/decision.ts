/**
 * One TACS decision with the numbers behind it, returned in `decisions` and passed to
 * the optional logger; the runner writes them to run.log at DEBUG.
 */
export type TacsDecisionKind =
  /** A core selected as a source this window (its pressure and rank). */
  | 'source'
  /** Reroute of an expert's pending micro-batches to a core that hosts it. */
  | 'reroute'
  /** Replica of an expert on the sink plus a reroute of the pending micro-batches to it. */
  | 'replica'
  /** Retirement of a replica TACS created earlier. */
  | 'retire'
  /** Bank-to-bank move of a weight shard out of a DRAM bank at or above Temg. */
  | 'weight'
  /** A candidate with no feasible sink (reason says why). */
  | 'skip'
  /** The source's predicted temperature reached Thot: no further actions for it. */
  | 'relieved'
  /** Migrations (replicas, shard moves) held back while noc_load is above the threshold. */
  | 'deferred';

/** Cost terms and scores of one candidate action, all in kelvin-equivalents unless named otherwise. */
export interface ActionTerms {
  readonly hops: number;
  readonly tasks: number;
  readonly mbCount: number;
  readonly movedFlops: number;
  /** Average power of the moved work over the window, W. */
  readonly movedPowerW: number;
  /** Predicted temperature drop of the source, K. */
  readonly dTSourceK: number;
  /** dT_hat: predicted temperature rise of the sink, K. */
  readonly dTSinkK: number;
  /** Load relief of the source, fraction of a window's compute capacity. */
  readonly dLoad: number;
  /** Exchange rate of a sink kelvin into source kelvins: (Temg - T_s) / (Temg - T_j - dT_hat / 2), in [0, 1]. */
  readonly rho: number;
  /** Predicted drop of the source's pressure x (Temg - Thot). */
  readonly gainK: number;
  readonly lambdaTerm: number;
  /** NoC_hat: added byte-hops / (link bytes per window), in link-windows. */
  readonly nocHat: number;
  readonly muTerm: number;
  readonly etaTerm: number;
  /** lambda * hops + mu * NoC_hat + eta * rho * dT_hat. */
  readonly costK: number;
  /** gainK - costK; the action is accepted when > 0 (emergencies: whenever feasible). */
  readonly netK: number;
}

export interface TacsDecision {
  readonly winIdx: number;
  readonly kind: TacsDecisionKind;
  readonly accepted: boolean;
  readonly reason: string;
  /** Source core (replica core for "retire", reading core for "weight"), -1 when none. */
  readonly core: number;
  /** Sink core, -1 when none. */
  readonly sink: number;
  /** Global expert number, -1 when none. */
  readonly expert: number;
  /** For "source": pressure and inputs; for "weight": banks and temperatures. */
  readonly values?: Readonly<Record<string, number>>;
  readonly terms?: ActionTerms;
}

export type TacsLogger = (decision: TacsDecision) => void;

const round = (x: number) => (Number.isFinite(x) ? Number(x.toPrecision(4)) : x);

/** One line per decision, `key=value` pairs, for run.log at DEBUG. */
export function formatDecision(d: TacsDecision): string {
  const parts = [`tacs w${d.winIdx} ${d.kind}`, d.accepted ? 'accepted' : 'rejected'];
  if (d.core >= 0) parts.push(`core=${d.core}`);
  if (d.sink >= 0) parts.push(`sink=${d.sink}`);
  if (d.expert >= 0) parts.push(`expert=E${d.expert}`);
  if (d.values !== undefined) for (const [k, v] of Object.entries(d.values)) parts.push(`${k}=${round(v)}`);
  if (d.terms !== undefined) for (const [k, v] of Object.entries(d.terms)) parts.push(`${k}=${round(v)}`);
  parts.push(`reason="${d.reason}"`);
  return parts.join(' ');
}
