import { fileURLToPath } from 'node:url';

/** Absolute path of hotspot-shim.mjs (our HotSpot-compatible command, run through tsx). */
export const HOTSPOT_SHIM = fileURLToPath(new URL('./hotspot-shim.mjs', import.meta.url));
