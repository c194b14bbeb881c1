import { describe, expect, it } from 'vitest';
import { remember } from '../../src/text/memo.js';

describe('remember (the hot-path memos)', () => {
  it('makes a value once per key, a remembered miss (null) included', () => {
    const memo = new Map<string, string | null>();
    let made = 0;
    const make = (k: string) => {
      made++;
      return k === 'none' ? null : k.toUpperCase();
    };
    expect(remember(memo, 10, 'pmo', make)).toBe('PMO');
    expect(remember(memo, 10, 'pmo', make)).toBe('PMO');
    expect(remember(memo, 10, 'none', make)).toBeNull();
    expect(remember(memo, 10, 'none', make)).toBeNull();
    expect(made).toBe(2);
  });

  it('never holds more than its limit, however many different keys arrive', () => {
    const memo = new Map<number, number>();
    for (let i = 0; i < 1_000; i++) remember(memo, 16, i, (k) => k * 2);
    expect(memo.size).toBeLessThanOrEqual(16);
    expect(remember(memo, 16, 999, () => -1)).toBe(1998);
  });
});
