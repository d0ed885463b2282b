import { readFileSync } from 'node:fs';
import { parseConfigText } from '@tasmoe/schemas';
import { roundRobinPlacement } from './src/__testing__/fixtures.js';
import { syntheticSource } from './src/__testing__/synthetic-source.js';
import { createPhysicalizer } from './src/index.js';
const configs = '../../configs/';
const arch = parseConfigText('arch', readFileSync(`${configs}arch_8x8_32x32x8.yaml`, 'utf8'));
const tas = parseConfigText('tas', readFileSync(`${configs}tas_params.yaml`, 'utf8'));
const workload = parseConfigText('workload', readFileSync(`${configs}${process.argv[2] ?? 'workload_mixtral_8x7b.yaml'}`, 'utf8'));
const source = syntheticSource(workload, { cache: true, stepsPerChunk: 25 });
for (let i = 0; i < source.chunkCount; i++) source.chunk(i);
const times: number[] = [];
for (let rep = 0; rep < 10; rep++) {
const ph = createPhysicalizer({ arch, tas, workload, placement: roundRobinPlacement(arch, workload), source });
const t0 = process.cpuUsage();
for (let w = 0; !ph.done; w++) ph.physicalizeWindow(w);
{ const u = process.cpuUsage(t0); times.push((u.user + u.system) / 1000); }
}
console.log("min", Math.min(...times).toFixed(0), "median", times.sort((a,b)=>a-b)[5]!.toFixed(0));
