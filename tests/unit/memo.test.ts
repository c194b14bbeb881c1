import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { RecentValues, remember } from '../../src/text/memo.js';

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

describe('RecentValues (the memos of one answer)', () => {
  it('gives for any sequence of keys, equal strings as distinct copies included, exactly what making each value anew gives', () => {
    const make = (key: string) => `<${key}>`;
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 5 }),
        fc.array(fc.tuple(fc.constantFrom('pmo', 'pm', 'プロマネ', 'pmoの役割', '', 'Pmo'), fc.boolean()), {
          maxLength: 40,
        }),
        (size, asks) => {
          const recent = new RecentValues<string>(size);
          for (const [key, copy] of asks) {
            const asked = copy ? [...key].join('') : key;
            expect(recent.get(asked, make)).toBe(make(key));
          }
        },
      ),
      { numRuns: 500 },
    );
  });

  it('makes a value once while its key is among the last few asked, and again once it has dropped out', () => {
    const recent = new RecentValues<number>(2);
    let made = 0;
    const make = () => ++made;
    recent.get('a', make);
    recent.get('b', make);
    recent.get('a', make);
    expect(made).toBe(2);
    recent.get('c', make);
    recent.get('a', make);
    expect(made).toBe(4);
  });
});
