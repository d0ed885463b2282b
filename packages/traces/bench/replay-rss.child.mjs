// Child process of replay.bench.ts: replays (reads every chunk of) the recorded trace in a
// folder for the workload with `steps` multiplied, through the built packages (dist/, plain
// Node as the CLI runs them: a parse worker starts without a TypeScript loader), then prints
// one JSON line with the events, wall and CPU time (the rate on a shared machine) and the peak
// RSS of this process.
import { readFileSync } from 'node:fs';
import { parseConfigText, resolveConfig } from '@tasmoe/schemas';
// the package by its own name: plain Node resolves its exports to dist/
import { openRecordedTrace } from '@tasmoe/traces';

const [workloadFile = '', multiplierText = '1', dir = '', stepsPerChunkText = '1', threadsText = '1'] =
  process.argv.slice(2);
const base = parseConfigText('workload', readFileSync(workloadFile, 'utf8'), workloadFile);
const multiplier = Number(multiplierText);
const cfg = resolveConfig('workload', {
  ...base,
  sequence: { ...base.sequence, steps: base.sequence.steps * multiplier },
});
// the clock starts before the trace is opened: with parseThreads > 1 the workers' start counts
const t0 = performance.now();
const c0 = process.cpuUsage();
const src = openRecordedTrace(dir, cfg, {
  stepsPerChunk: Number(stepsPerChunkText),
  parseThreads: Number(threadsText),
});
let events = 0;
let checksum = 0;
for (let c = 0; c < src.chunkCount; c++) {
  const ch = src.chunk(c);
  events += ch.eventCount;
  checksum += ch.experts[ch.experts.length - 1] ?? 0;
}
const seconds = (performance.now() - t0) / 1000;
const cu = process.cpuUsage(c0);
const cpuSeconds = (cu.user + cu.system) / 1e6;
process.stdout.write(
  `${JSON.stringify({ multiplier, events, seconds, cpuSeconds, checksum, maxRssMb: process.resourceUsage().maxRSS / 1024 })}\n`,
);
