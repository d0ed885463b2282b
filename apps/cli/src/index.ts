export { main, buildProgram, DEFAULT_CONFIGS, defaultConfigPath } from './main.js';
export { exitCodeFor, messageLines, CliError, EXIT } from './errors.js';
export type { CliErrorCode } from './errors.js';
export { validateFileText } from './validate-file.js';
export type { ValidationResult } from './validate-file.js';
export { resolveUserPath, userCwd, repoRoot } from './paths.js';
export type { Io } from './io.js';
