import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { resolveRelative } from '../../src/core/code-cache.js';

/** `resolveRelative` must name exactly the file `path.resolve` names, or the cache would load another module under a wrong name. */
describe('resolveRelative', () => {
  const dirs = ['/', '/a', '/a/b', '/work/main/dist/cjs/src/core', '/a/.hidden', '/a b/c'];
  const specifiers = [
    './x.js',
    '../x.js',
    '../../x.js',
    '../../../../../../x.js',
    './y/z.js',
    '../y/../z.js',
    './y/./z.js',
    './/x.js',
    './.x.js',
    '../.x/y.js',
    '.././x.js',
    './../x.js',
    './',
    '../',
    './y//z.js',
    './y/z/..',
    './y\\z.js',
    './ü/ß.js',
  ];

  it.each(dirs.flatMap((dir) => specifiers.map((specifier) => [dir, specifier] as const)))('%s + %s as path.resolve', (dir, specifier) => {
    expect(resolveRelative(dir, specifier)).toBe(path.resolve(dir, specifier));
  });

  it('agrees with path.resolve on random specifiers of leading steps, names, dots and separators', () => {
    const parts = ['./', '../', 'a', 'bc', '.', '..', '/', '.js', '-', 'x.js'];
    let seed = 7;
    const next = () => {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      return seed;
    };
    for (let round = 0; round < 5000; round += 1) {
      let specifier = next() % 2 === 0 ? './' : '../';
      for (let count = next() % 6; count > 0; count -= 1) specifier += parts[next() % parts.length];
      const dir = dirs[next() % dirs.length] ?? '/';
      expect(resolveRelative(dir, specifier), `${dir} + ${specifier}`).toBe(path.resolve(dir, specifier));
    }
  });
});
