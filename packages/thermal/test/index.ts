/** Test helpers shared with the packages built on the solver (source-only export `@tasmoe/thermal/testing`). */
export { findRepoRoot, REFERENCE_DIR, REFERENCE_SKIP_REASON } from './reference-dir.js';
export { archWith, caseAPower, loadArch } from './arch-configs.js';
export { layer, smallStack, tiles } from './small-stacks.js';
export { HOTSPOT_SHIM } from './hotspot-shim-path.js';
