export { main, buildProgram, DEFAULT_CONFIGS, defaultConfigPath } from './main.js';
export { summaryTable } from './commands/run.js';
