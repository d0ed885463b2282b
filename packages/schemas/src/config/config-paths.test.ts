import { describe, expect, it } from 'vitest';
import { resolveArchPaths } from './config-paths.js';
import { parseConfigText } from './load.js';

const arch = (binary: string) =>
  parseConfigText(
    'arch',
    `mesh: {cores: [8, 8]}\ndram: {banks: [32, 32, 8]}\ngeometry: {}\nthermal: {hotspot: {binary: "${binary}"}}\n`,
  );

describe('resolveArchPaths', () => {
  it('a relative binary path resolves against the config folder; absolute paths and bare names stay', () => {
    expect(resolveArchPaths(arch('./bin/hotspot'), '/cfg/dir').thermal.hotspot.binary).toBe('/cfg/dir/bin/hotspot');
    expect(resolveArchPaths(arch('../tools/hs'), '/cfg/dir').thermal.hotspot.binary).toBe('/cfg/tools/hs');
    expect(resolveArchPaths(arch('/opt/hotspot'), '/cfg/dir').thermal.hotspot.binary).toBe('/opt/hotspot');
    expect(resolveArchPaths(arch('hotspot'), '/cfg/dir').thermal.hotspot.binary).toBe('hotspot');
    const r = resolveArchPaths(arch('./x'), '/d');
    expect(Object.isFrozen(r.thermal.hotspot)).toBe(true);
  });
});
