import { tasmoeVitestConfig } from '@tasmoe/tooling/vitest';

export default tasmoeVitestConfig();
