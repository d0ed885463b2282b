// Solver worker for @tasmoe/taps. Plain JavaScript on purpose: it runs unchanged
// from source (vitest, `pnpm tasmoe` under tsx) and from the published package,
// with no TypeScript loader in the worker. The main thread builds every model
// (src/milp-layers.ts, src/lp-banks.ts) and validates every answer; this file
// only runs the solvers, which block their thread, so the main thread can
// enforce a hard time limit with worker.terminate().
import { parentPort } from 'node:worker_threads';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
let highsPromise;

function loadHighs() {
  highsPromise ??= import('highs').then((m) => m.default());
  return highsPromise;
}

const STATUS_NAMES = {};

async function solveHighs(msg) {
  const highs = await loadHighs();
  if (Object.keys(STATUS_NAMES).length === 0) {
    for (const [name, code] of Object.entries(highs.constants.modelStatus)) STATUS_NAMES[code] = name;
  }
  const log = [];
  const model = highs.createModel(msg.model);
  try {
    model.options.set({ output_flag: true, log_to_console: false, ...msg.options });
    if (msg.start) model.setSolution({ colValue: msg.start });
    model.run({
      [highs.constants.callbackType.logging](event) {
        if (log.length < 500) log.push(String(event.message).trimEnd());
      },
    });
    const status = model.getModelStatus();
    const info = (name) => {
      try {
        return Number(model.info.get(name));
      } catch {
        return NaN;
      }
    };
    const primalStatus = info('primal_solution_status');
    const colValue = primalStatus === 2 ? model.getSolution().colValue : null;
    return {
      ok: true,
      status: STATUS_NAMES[status] ?? String(status),
      colValue,
      objective: model.getObjectiveValue(),
      dualBound: info('mip_dual_bound'),
      mipGap: info('mip_gap'),
      nodes: info('mip_node_count'),
      runtimeS: model.getRunTime(),
      log,
    };
  } finally {
    model.dispose();
  }
}

function solveLp(msg) {
  const solver = require('javascript-lp-solver');
  const t = Date.now();
  const result = solver.Solve(msg.model);
  return { ok: true, result, runtimeS: (Date.now() - t) / 1000 };
}

parentPort.on('message', async (msg) => {
  let reply;
  try {
    reply = msg.kind === 'highs' ? await solveHighs(msg) : solveLp(msg);
  } catch (err) {
    reply = { ok: false, error: err instanceof Error ? err.message : String(err) };
  }
  parentPort.postMessage({ id: msg.id, ...reply });
});
