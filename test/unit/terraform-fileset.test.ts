/**
 * `fileset(path, pattern)` on the files of the repository: the glob semantics of Terraform's glob
 * library (the expected sets are what `terraform console` 1.x printed for `fileset("m", ...)` on the same
 * tree), regular files only, paths relative to `path`; and the repository boundary (a symlink leading
 * out is never listed or followed: the result is unknown) and the limits (a tree too large is unknown).
 */
import { linkSync, mkdirSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { FileReader } from '../../src/io/file-reader.js';
import { BadGlobPattern, matchesComponent } from '../../src/terraform/module/glob-pattern.js';
import { FILESET_LIMITS, repositoryFileSet } from '../../src/terraform/module/file-set.js';
import { EvaluationError, TfSet, Unknown, type TfValue } from '../../src/terraform/expr/value.js';
import { removeTempTrees, tempTree } from '../support/temp-tree.js';

afterEach(removeTempTrees);

function sample(): string {
  const root = tempTree({
    'main.tf': 'locals {}\n',
    'm/users/a.yaml': 'a: 1\n',
    'm/users/b.yml': 'x',
    'm/users/.dot.yaml': 'x',
    'm/users/sub/c.yaml': 'x',
    'm/users/sub/.hid/d.yaml': 'x',
    'm/users/[x].yaml': 'x',
    'm/users/deep/e.json': 'x',
  });
  symlinkSync('a.yaml', join(root, 'm/users/link.yaml'));
  symlinkSync('sub', join(root, 'm/users/subl'));
  return root;
}

function fileset(root: string, path: string, pattern: string, repository = root): TfValue {
  return repositoryFileSet(root, new FileReader([repository], 1 << 20), path, pattern);
}

function listed(value: TfValue): string[] {
  expect(value).toBeInstanceOf(TfSet);
  return (value as TfSet).items as string[];
}

describe('fileset() glob semantics, as terraform console gives them', () => {
  const cases: readonly [string, readonly string[]][] = [
    ['users/*.yaml', ['users/.dot.yaml', 'users/[x].yaml', 'users/a.yaml', 'users/link.yaml']],
    [
      'users/**/*.yaml',
      [
        'users/.dot.yaml',
        'users/[x].yaml',
        'users/a.yaml',
        'users/link.yaml',
        'users/sub/.hid/d.yaml',
        'users/sub/c.yaml',
        'users/subl/.hid/d.yaml',
        'users/subl/c.yaml',
      ],
    ],
    ['users/*.{yaml,yml}', ['users/.dot.yaml', 'users/[x].yaml', 'users/a.yaml', 'users/b.yml', 'users/link.yaml']],
    ['users/?.y*', ['users/a.yaml', 'users/b.yml']],
    ['users/[a-b].*', ['users/a.yaml', 'users/b.yml']],
    ['users/[^a].*', ['users/b.yml']],
    ['users/\\[x].yaml', ['users/[x].yaml']],
    [
      'users/**',
      [
        'users/.dot.yaml',
        'users/[x].yaml',
        'users/a.yaml',
        'users/b.yml',
        'users/deep/e.json',
        'users/link.yaml',
        'users/sub/.hid/d.yaml',
        'users/sub/c.yaml',
        'users/subl/.hid/d.yaml',
        'users/subl/c.yaml',
      ],
    ],
    ['./users/../users/*', ['users/.dot.yaml', 'users/[x].yaml', 'users/a.yaml', 'users/b.yml', 'users/link.yaml']],
    ['users/sub', []],
    ['users/*/*', ['users/deep/e.json', 'users/sub/c.yaml', 'users/subl/c.yaml']],
    ['users/{a,}.yaml', ['users/a.yaml']],
    ['nothing/*', []],
    ['users/*.yaml/', ['users/.dot.yaml', 'users/[x].yaml', 'users/a.yaml', 'users/link.yaml']],
  ];
  for (const [pattern, expected] of cases) {
    it(`fileset("m", ${JSON.stringify(pattern)})`, () => {
      expect(listed(fileset(sample(), 'm', pattern))).toEqual(expected);
    });
  }

  it('takes a relative path from the root module directory, and an absolute one as written', () => {
    const root = sample();
    expect(listed(fileset(root, 'm/users/sub', '*'))).toEqual(['c.yaml']);
    expect(listed(fileset(root, join(root, 'm/users/sub'), '*'))).toEqual(['c.yaml']);
    expect(listed(fileset(join(root, 'm'), '.', 'users/deep/*'))).toEqual(['users/deep/e.json']);
  });

  it('is an error for a malformed pattern, as Terraform\'s "failed to glob pattern"', () => {
    expect(fileset(sample(), 'm', 'users/[].yaml')).toBeInstanceOf(EvaluationError);
    expect(fileset(sample(), 'm', 'users/{a.yaml')).toBeInstanceOf(EvaluationError);
  });

  it('matches one name against one component like doublestar v1.1.5', () => {
    const steps = { left: 1_000_000 };
    const match = (pattern: string, name: string) => matchesComponent(pattern, name, steps);
    expect(match('*', '.hidden')).toBe(true);
    expect(match('a*', 'a')).toBe(true);
    expect(match('[!a]', 'b')).toBe(false); // only "^" negates
    expect(match('[!a]', '!')).toBe(true);
    expect(match('[\\]]', ']')).toBe(true);
    expect(match('{a\\,b,c}', 'a,b')).toBe(true);
    expect(match('x{a,b}y', 'xby')).toBe(true);
    expect(match('é?', 'éü')).toBe(true);
    expect(() => match('[-a]', 'a')).toThrow(BadGlobPattern);
    expect(() => match('a\\', 'ab')).toThrow(BadGlobPattern);
  });
});

describe('fileset() and the repository boundary', () => {
  it('does not list a symlink to a file outside the repository: the result is unknown', () => {
    const outside = tempTree({ 'secret.yaml': 'token: x\n' });
    const root = sample();
    symlinkSync(join(outside, 'secret.yaml'), join(root, 'm/users/z.yaml'));
    const value = fileset(root, 'm', 'users/*.yaml');
    expect(value).toBeInstanceOf(Unknown);
    expect((value as Unknown).reason).toBe('fileset(): "m/users/z.yaml" is outside the repository and is not read');
    // A pattern that does not match the link is not concerned by it.
    expect(listed(fileset(root, 'm', 'users/a.*'))).toEqual(['users/a.yaml']);
  });

  it('says the same of a link leading out whether its target exists: a pull request cannot probe the machine', () => {
    const outside = tempTree({ 'present.yaml': 'x\n' });
    const said = ['present.yaml', 'absent.yaml', 'absent-dir/x.yaml'].map((target) => {
      const root = sample();
      symlinkSync(join(outside, target), join(root, 'm/users/z.yaml'));
      return (fileset(root, 'm', 'users/*.yaml') as Unknown).reason;
    });
    expect(said).toEqual(Array(3).fill('fileset(): "m/users/z.yaml" is outside the repository and is not read'));
  });

  it('does not descend with ** into a symlinked directory outside the repository', () => {
    const outside = tempTree({ 'keys/k.yaml': 'x' });
    const root = sample();
    symlinkSync(join(outside, 'keys'), join(root, 'm/users/out'));
    expect((fileset(root, 'm', 'users/**/*.yaml') as Unknown).reason).toBe('fileset(): "m/users/out" is outside the repository and is not read');
    expect((fileset(root, 'm', 'users/out/*') as Unknown).reason).toBe('fileset(): "m/users/out" is outside the repository and is not read');
  });

  it('does not glob a path leading out of the repository', () => {
    const root = sample();
    expect((fileset(root, '..', '*') as Unknown).reason).toMatch(/^fileset\(\): "\.\." is outside the repository and is not read$/);
    expect(fileset(root, 'm', '../../*')).toBeInstanceOf(Unknown);
    // Terraform joins the pattern to the path: a leading "/" does not make it absolute.
    expect(listed(fileset(root, 'm', '/users/b*'))).toEqual(['users/b.yml']);
  });

  it('follows a symlink loop under ** until the system refuses, as Terraform does', () => {
    const root = sample();
    symlinkSync('.', join(root, 'm/users/loop'));
    // terraform console: 407 paths, and "failed to stat ... too many levels of symbolic links" for *.yaml at the bottom.
    expect(listed(fileset(root, 'm', 'users/**'))).toHaveLength(407);
    expect(fileset(root, 'm', 'users/**/*.yaml')).toBeInstanceOf(EvaluationError);
  });

  it('is unknown past the limits: two symlink loops under **, a wide tree, a backtracking pattern', () => {
    const root = sample();
    symlinkSync('.', join(root, 'm/users/loop'));
    symlinkSync('.', join(root, 'm/users/loop2'));
    expect((fileset(root, 'm', 'users/**/*.yaml') as Unknown).reason).toMatch(/beyond credlint's limit$/);

    // Hard links to one empty file: each is a regular file to the glob, as a file of its own is, and
    // linking 20,000 names takes a tenth of the time creating 20,000 files does.
    const wide = tempTree({ 'main.tf': '', empty: '' });
    mkdirSync(join(wide, 'many'));
    for (let i = 0; i <= FILESET_LIMITS.entries; i += 1) linkSync(join(wide, 'empty'), join(wide, 'many', `f${i}`));
    expect((fileset(wide, '.', 'many/*') as Unknown).reason).toBe(
      `fileset(): the glob looks at more than ${FILESET_LIMITS.entries} directory entries, beyond credlint's limit`,
    );

    const long = tempTree({ [`${'a'.repeat(200)}`]: '' });
    expect((fileset(long, '.', '*a*a*a*a*a*a*a*b') as Unknown).reason).toMatch(/takes more than \d+ steps, beyond credlint's limit$/);
  });
});
