import { describe, expect, it } from 'vitest';
describe.skip('needs a tool (SKIPPED: frobnicator not installed)', () => {
  it('would run', () => expect(1).toBe(1));
});
it.skip('no reason', () => undefined);
it('runs', () => expect(1).toBe(1));
