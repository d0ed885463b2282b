import { describe, expect, it } from 'vitest';
import { thermalCommand } from './thermal.js';

describe('tasmoe thermal', () => {
  it('passes raw HotSpot arguments through and refuses unknown options by name', async () => {
    const writes: string[] = [];
    const orig = process.stderr.write.bind(process.stderr);
    process.stderr.write = ((s: string) => (writes.push(String(s)), true)) as typeof process.stderr.write;
    try {
      expect(await thermalCommand(['-p', 'x.ptrace', '-bogus_option', '1'], process.cwd())).not.toBe(0);
    } finally {
      process.stderr.write = orig;
    }
    expect(writes.join('')).toMatch(/-bogus_option/);
  });
});
