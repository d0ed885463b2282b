export type { ThermalBackend, ThermalLayerBlocks, ThermalSnapshot, ThermalStackLayout } from './thermal-backend.js';
