import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { PRODUCT_NAME } from '../../src/index.js';

describe('product name', () => {
  it('is the npm package name and command', () => {
    const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as {
      name: string;
      bin: Record<string, string>;
    };
    expect(PRODUCT_NAME).toBe(pkg.name);
    expect(Object.keys(pkg.bin)).toContain(PRODUCT_NAME);
  });
});
