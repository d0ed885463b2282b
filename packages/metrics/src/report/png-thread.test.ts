import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';

const repo = path.resolve(import.meta.dirname, '../../../..');

describe('PNG thread', () => {
  // `tasmoe report --no-png` starts the thread early and never converts: the process must still end
  it('does not keep the process alive when it is started and never used', () => {
    const mod = pathToFileURL(path.join(import.meta.dirname, 'png-thread.ts')).href;
    const r = spawnSync(
      process.execPath,
      [
        '--import',
        'tsx/esm',
        '--input-type=module',
        '-e',
        `import(${JSON.stringify(mod)}).then((m) => m.startPngThread())`,
      ],
      { cwd: repo, timeout: 30_000, encoding: 'utf8' },
    );
    expect(r.error).toBeUndefined();
    expect(r.signal).toBeNull();
    expect(r.status).toBe(0);
  }, 40_000);
});
