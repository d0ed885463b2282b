#!/usr/bin/env node
// run-all's scenario workers start first, so their module loading overlaps this thread's (early-workers.ts)
import { startScenarioWorkers } from '@tasmoe/experiment/scenario-workers';
import { earlyWorkerCount } from './early-workers.js';

const args = process.argv.slice(2);
startScenarioWorkers(earlyWorkerCount(args));
const [{ endQuietlyOnClosedStdout }, { main }] = await Promise.all([import('@tasmoe/experiment'), import('./main.js')]);
endQuietlyOnClosedStdout();
process.exitCode = await main(args);
