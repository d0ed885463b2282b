/**
 * The one solver interface: a request (a HiGHS model or a javascript-lp-solver
 * model) goes to a worker thread running worker/solver-worker.mjs; the main
 * thread enforces a hard wall-clock limit by terminating the worker. Every
 * outcome is a value, never a throw: 'answer', 'timeout' or 'failed'.
 *
 * The worker is plain .mjs at packages/taps/worker/, two levels above this file
 * both in src/solver/ (tests, tsx) and in dist/solver/ (published build), so the
 * same relative URL works from source and from the build.
 */
import { Worker } from 'node:worker_threads';

export const WORKER_URL = new URL('../../worker/solver-worker.mjs', import.meta.url);

export interface HighsModelInput {
  readonly numCols: number;
  readonly numRows: number;
  readonly offset: number;
  readonly colCost: Float64Array;
  readonly colLower: Float64Array;
  readonly colUpper: Float64Array;
  readonly rowLower: Float64Array;
  readonly rowUpper: Float64Array;
  readonly matrix: {
    readonly format: 'csr';
    readonly numRows: number;
    readonly numCols: number;
    readonly starts: Int32Array;
    readonly indices: Int32Array;
    readonly values: Float64Array;
  };
  readonly integrality: Int32Array;
}

/** javascript-lp-solver's model shape (its README): named constraints and variables. */
export interface LpSolverModel {
  readonly optimize: string;
  readonly opType: 'min' | 'max';
  readonly constraints: Record<string, { min?: number; max?: number; equal?: number }>;
  readonly variables: Record<string, Record<string, number>>;
  readonly ints?: Record<string, 1>;
  readonly options?: { readonly timeout?: number; readonly tolerance?: number };
}

export type SolveRequest =
  | {
      readonly kind: 'highs';
      readonly model: HighsModelInput;
      readonly options: Readonly<Record<string, number | string | boolean>>;
      readonly start?: Float64Array;
    }
  | { readonly kind: 'lp-solver'; readonly model: LpSolverModel };

export interface HighsAnswer {
  readonly kind: 'highs';
  readonly status: string;
  readonly colValue: Float64Array | null;
  readonly objective: number;
  readonly dualBound: number;
  readonly mipGap: number;
  readonly nodes: number;
  readonly runtimeS: number;
  readonly log: readonly string[];
}

export interface LpSolverAnswer {
  readonly kind: 'lp-solver';
  readonly result: Readonly<Record<string, unknown>>;
  readonly runtimeS: number;
}

export type SolveOutcome =
  | { readonly kind: 'answer'; readonly answer: HighsAnswer | LpSolverAnswer }
  | { readonly kind: 'timeout'; readonly afterMs: number }
  | { readonly kind: 'failed'; readonly reason: string };

interface WorkerReply {
  id: number;
  ok: boolean;
  error?: string;
  [k: string]: unknown;
}

/** One worker for a sequence of solves. After a timeout or crash the session is dead. */
export class SolverSession {
  private worker: Worker | undefined;
  private nextId = 1;
  private deadReason: string | undefined;

  get dead(): string | undefined {
    return this.deadReason;
  }

  private ensure(): Worker {
    this.worker ??= new Worker(WORKER_URL);
    this.worker.unref();
    return this.worker;
  }

  solve(req: SolveRequest, hardLimitMs: number): Promise<SolveOutcome> {
    if (this.deadReason !== undefined)
      return Promise.resolve({ kind: 'failed', reason: `solver worker unavailable: ${this.deadReason}` });
    let w: Worker;
    try {
      w = this.ensure();
    } catch (err) {
      this.deadReason = `cannot start worker: ${err instanceof Error ? err.message : String(err)}`;
      return Promise.resolve({ kind: 'failed', reason: this.deadReason });
    }
    const id = this.nextId++;
    const started = Date.now();
    return new Promise<SolveOutcome>((resolve) => {
      const finish = (o: SolveOutcome) => {
        clearTimeout(timer);
        w.off('message', onMessage);
        w.off('error', onError);
        w.off('exit', onExit);
        resolve(o);
      };
      const kill = (reason: string) => {
        this.deadReason = reason;
        this.worker = undefined;
        void w.terminate();
      };
      const onMessage = (m: WorkerReply) => {
        if (m.id !== id) return;
        if (!m.ok) {
          finish({ kind: 'failed', reason: `solver error: ${m.error ?? 'unknown'}` });
          return;
        }
        if (req.kind === 'highs') {
          finish({
            kind: 'answer',
            answer: {
              kind: 'highs',
              status: String(m.status),
              colValue: m.colValue instanceof Float64Array ? m.colValue : null,
              objective: Number(m.objective),
              dualBound: Number(m.dualBound),
              mipGap: Number(m.mipGap),
              nodes: Number(m.nodes),
              runtimeS: Number(m.runtimeS),
              log: Array.isArray(m.log) ? m.log.map(String) : [],
            },
          });
        } else {
          const result = m.result;
          finish({
            kind: 'answer',
            answer: {
              kind: 'lp-solver',
              result: typeof result === 'object' && result !== null ? (result as Record<string, unknown>) : {},
              runtimeS: Number(m.runtimeS),
            },
          });
        }
      };
      const onError = (err: Error) => {
        kill(`worker crashed: ${err.message}`);
        finish({ kind: 'failed', reason: `worker crashed: ${err.message}` });
      };
      const onExit = (code: number) => {
        kill(`worker exited with code ${code}`);
        finish({ kind: 'failed', reason: `worker exited with code ${code}` });
      };
      const timer = setTimeout(() => {
        kill(`hard time limit of ${hardLimitMs} ms reached`);
        finish({ kind: 'timeout', afterMs: Date.now() - started });
      }, hardLimitMs);
      w.on('message', onMessage);
      w.on('error', onError);
      w.on('exit', onExit);
      w.postMessage({ id, ...req });
    });
  }

  async close(): Promise<void> {
    const w = this.worker;
    this.worker = undefined;
    this.deadReason ??= 'closed';
    if (w !== undefined) await w.terminate();
  }
}
