/**
 * Child process of generate.bench.ts: exports the CSV traces of a workload with
 * `steps` multiplied, then prints one JSON line with the wall time, the peak RSS
 * of this process and the rows and bytes written. Output goes to a temporary
 * folder that is removed afterwards.
 */
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseConfigText, resolveConfig } from '@tasmoe/schemas';
import { generateLogicalTraces } from '../src/index.js';

const [workloadFile = '', multiplierText = '1'] = process.argv.slice(2);
const base = parseConfigText('workload', readFileSync(workloadFile, 'utf8'), workloadFile);
const multiplier = Number(multiplierText);
const cfg = resolveConfig('workload', {
  ...base,
  sequence: { ...base.sequence, steps: base.sequence.steps * multiplier },
});
const dir = mkdtempSync(path.join(tmpdir(), 'tasmoe-trace-bench-'));
try {
  const t0 = performance.now();
  const r = await generateLogicalTraces(cfg, dir);
  const seconds = (performance.now() - t0) / 1000;
  const bytes = statSync(r.computePath).size + statSync(r.memoryPath).size;
  const rows = r.meta.totals.computeRows + r.meta.totals.memoryRows;
  process.stdout.write(
    `${JSON.stringify({ multiplier, steps: cfg.sequence.steps, events: r.meta.totals.tokenLayerEvents, rows, bytes, seconds, maxRssMb: process.resourceUsage().maxRSS / 1024 })}\n`,
  );
} finally {
  rmSync(dir, { recursive: true, force: true });
}
