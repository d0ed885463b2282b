import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { fileSha256 } from './file-sha256.js';

describe('fileSha256', () => {
  it('equals the hash of the whole content, across the 1 MiB reads; a same-size edit changes it', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'tasmoe-sha-'));
    try {
      const f = path.join(dir, 'x.csv');
      const data = Buffer.alloc((1 << 20) * 2 + 17, 'a');
      writeFileSync(f, data);
      expect(fileSha256(f)).toBe(createHash('sha256').update(data).digest('hex'));
      const before = fileSha256(f);
      data[1 << 20] = 98;
      writeFileSync(f, data);
      expect(fileSha256(f)).not.toBe(before);
      expect(() => fileSha256(path.join(dir, 'missing'))).toThrow(/cannot open/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
