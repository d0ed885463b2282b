import { describe, expect, it } from 'vitest';
import { thermalCommand } from './thermal.js';

describe('tasmoe thermal', () => {
  it('passes raw HotSpot arguments through and refuses unknown options by name', async () => {
    const writes: string[] = [];
    const orig = process.stderr.write.bind(process.stderr);
    process.stderr.write = ((s: string) => {
      writes.push(String(s));
      return true;
    }) as typeof process.stderr.write;
    try {
      expect(await thermalCommand(['-p', 'x.ptrace', '-bogus_option', '1'], process.cwd())).not.toBe(0);
    } finally {
      process.stderr.write = orig;
    }
    expect(writes.join('')).toMatch(/-bogus_option/);
  });
});

describe('tasmoe thermal --help', () => {
  it('prints the usage and every option it understands, exit 0; no argument is a usage error with the same text', async () => {
    let text = '';
    expect(await thermalCommand(['--help'], process.cwd(), (t) => (text += t))).toBe(0);
    expect(text).toMatch(/^Usage: tasmoe thermal -c <config> -p <power trace>/);
    expect(text).toMatch(/\n {2}-grid_layer_file +layer configuration file \(3D stack\)/);
    expect(text).toMatch(/-ambient +ambient temperature, K \[318\.15\]/);
    let none = '';
    expect(await thermalCommand([], process.cwd(), (t) => (none += t))).toBe(64);
    expect(none).toBe(text);
  });
});
