#!/usr/bin/env node
import { endQuietlyOnClosedStdout } from '@tasmoe/experiment';
import { main } from './main.js';

endQuietlyOnClosedStdout();
process.exitCode = await main(process.argv.slice(2));
