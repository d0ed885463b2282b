/**
 * Lowering speed on the default configs (issue #6 target: >= 2 million logical
 * token-layer events per second on one core, allocation-free inner loop).
 * Chunks are generated before the clock starts, so only lowering is timed.
 * Run: pnpm --filter @tasmoe/physicalizer bench
 */
import { readFileSync } from 'node:fs';
import { PerformanceObserver } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { parseConfigText, type LogicalSource, type ResolvedWorkloadConfig } from '@tasmoe/schemas';
import { roundRobinPlacement } from '../src/__testing__/fixtures.js';
import { syntheticSource } from '../src/__testing__/synthetic-source.js';
import { createPhysicalizer } from '../src/index.js';

const TARGET_EVENTS_PER_S = 2e6;
const configs = fileURLToPath(new URL('../../../configs/', import.meta.url));
const arch = parseConfigText('arch', readFileSync(`${configs}arch_8x8_32x32x8.yaml`, 'utf8'));
const tas = parseConfigText('tas', readFileSync(`${configs}tas_params.yaml`, 'utf8'));

let gcCount = 0;
new PerformanceObserver((list) => {
  gcCount += list.getEntries().length;
}).observe({ entryTypes: ['gc'] });

function pregenerate(src: LogicalSource): void {
  for (let i = 0; i < src.chunkCount; i++) src.chunk(i);
}

interface Figures {
  events: number;
  windows: number;
  computeEvents: number;
  memoryEvents: number;
  /** Wall and CPU (user + system of this process) seconds of the lowering, best of the repetitions. */
  seconds: number;
  cpuSeconds: number;
  gcs: number;
  simSeconds: number;
}

const flushGcObserver = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, 20));

async function lower(
  workload: ResolvedWorkloadConfig,
  source: LogicalSource,
  withPending: boolean,
  reps: number,
): Promise<Figures> {
  const placement = roundRobinPlacement(arch, workload);
  let best: Figures | undefined;
  for (let rep = 0; rep < reps; rep++) {
    const ph = createPhysicalizer({ arch, tas, workload, placement, source });
    let computeEvents = 0;
    let memoryEvents = 0;
    let windows = 0;
    await flushGcObserver();
    const gc0 = gcCount;
    const c0 = process.cpuUsage();
    const t0 = process.hrtime.bigint();
    for (let w = 0; !ph.done; w++) {
      if (withPending) ph.pendingWindow(w);
      const pw = ph.physicalizeWindow(w);
      computeEvents += pw.compute.count;
      memoryEvents += pw.memory.count;
      windows++;
    }
    const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
    const cpu = process.cpuUsage(c0);
    await flushGcObserver();
    const { layers } = workload.moe;
    const { micro_batch: mb, concurrency, steps } = workload.sequence;
    const f: Figures = {
      events: steps * layers * mb * concurrency,
      windows,
      computeEvents,
      memoryEvents,
      seconds,
      cpuSeconds: (cpu.user + cpu.system) / 1e6,
      gcs: gcCount - gc0,
      simSeconds: (windows * tas.tacs.window_ms) / 1e3,
    };
    if (best === undefined || f.seconds < best.seconds) best = f;
  }
  if (best === undefined) throw new Error('no repetition');
  return best;
}

function report(name: string, f: Figures, label: string): void {
  const rate = f.events / f.seconds;
  const cpuRate = f.events / f.cpuSeconds;
  console.log(
    `${name.padEnd(13)} ${label.padEnd(23)} ${f.events.toLocaleString('en').padStart(9)} events in ${f.seconds.toFixed(3)} s wall / ${f.cpuSeconds.toFixed(3)} s CPU: ` +
      `${(rate / 1e6).toFixed(2)} M events/s wall (${(rate / TARGET_EVENTS_PER_S).toFixed(2)}x target), ${(cpuRate / 1e6).toFixed(2)} M/s CPU (${(cpuRate / TARGET_EVENTS_PER_S).toFixed(2)}x)\n` +
      `${''.padEnd(37)} ${f.windows} windows (${((f.seconds / f.windows) * 1e6).toFixed(1)} us each, ${f.simSeconds.toFixed(1)} s simulated), ` +
      `${f.computeEvents.toLocaleString('en')} compute + ${f.memoryEvents.toLocaleString('en')} memory events, ${f.gcs} GCs during lowering`,
  );
}

const reps = Number(process.env.BENCH_REPS ?? 3);
console.log(
  `best of ${reps} repetitions (BENCH_REPS); machine load average ${(await import('node:os')).loadavg()[0]?.toFixed(2)}`,
);
for (const file of ['workload_mixtral_8x7b.yaml', 'workload_deepseek_v2.yaml']) {
  const workload = parseConfigText('workload', readFileSync(`${configs}${file}`, 'utf8'));
  const source = syntheticSource(workload, { cache: true, stepsPerChunk: 25 });
  const tg = process.hrtime.bigint();
  pregenerate(source);
  console.log(
    `${workload.model}: synthetic trace generated in ${(Number(process.hrtime.bigint() - tg) / 1e9).toFixed(2)} s (not timed)`,
  );
  await lower(workload, source, false, 1); // warm-up (JIT)
  report(workload.model, await lower(workload, source, false, reps), 'physicalizeWindow');
  report(workload.model, await lower(workload, source, true, reps), '+ pendingWindow (TACS)');
}
console.log(`target: >= ${TARGET_EVENTS_PER_S / 1e6} M logical token-layer events per second on one core`);
