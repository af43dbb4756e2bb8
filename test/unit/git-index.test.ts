/**
 * The git index names the files a repository tracks, which no ignore pattern excludes
 * (https://git-scm.com/docs/gitignore: "Files already tracked by Git are not affected").
 * `test/process/discover-tracked-files.test.ts` reads indexes written by git itself.
 */
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { parseIndex } from '../../src/io/git-index.js';
import { GitignoreRules } from '../../src/discover/gitignore-rules.js';
import { discoverFiles } from '../../src/discover/discover-files.js';
import { walkRules } from '../../src/formats/walk-rules.js';
import { FileReader } from '../../src/io/file-reader.js';
import { gitIndexBytes } from '../support/git-index-bytes.js';
import { removeTempTrees, tempTree } from '../support/temp-tree.js';

afterEach(removeTempTrees);

const PATHS = ['.gitignore', 'infra/bin/app.ts', 'infra/bin/tools/a-very-long-name-of-a-helper.ts', 'infra/lib/stack.ts', 'main.tf', 'ünï/cödé.tf'];

describe('parseIndex', () => {
  it.each([2, 3, 4] as const)('reads the tracked files of a version %i index, and the directories holding them', (version) => {
    const tracked = parseIndex(gitIndexBytes(PATHS, version, new Set(['infra/lib/stack.ts'])));
    expect(tracked).toBeDefined();
    for (const path of PATHS) expect(tracked?.has(path, false)).toBe(true);
    expect(tracked?.has('infra', true)).toBe(true);
    expect(tracked?.has('infra/bin', true)).toBe(true);
    expect(tracked?.has('infra/bin/tools', true)).toBe(true);
    expect(tracked?.has('infra/bin', false)).toBe(false);
    expect(tracked?.has('infra/bin/other.ts', false)).toBe(false);
    expect(tracked?.has('infra/b', true)).toBe(false);
    expect(tracked?.has('main.tf/x', false)).toBe(false);
  });

  it.each([2, 3, 4] as const)('offers every tracked path of a version %i index, once each, to some()', (version) => {
    const tracked = parseIndex(gitIndexBytes(PATHS, version));
    const seen: string[] = [];
    expect(tracked?.some((path) => (seen.push(path), false))).toBe(false);
    expect(seen.filter((path) => PATHS.includes(path)).sort()).toEqual([...PATHS].sort());
    expect(tracked?.some((path) => path === 'ünï/cödé.tf')).toBe(true);
  });

  it('gives nothing for what is not an index it reads: another signature or version, an extended flag in version 2, a truncated entry', () => {
    const good = gitIndexBytes(PATHS);
    const signature = Buffer.from(good);
    signature.write('XXXX', 0, 'latin1');
    const version = Buffer.from(good);
    version.writeUInt32BE(5, 4);
    const flagged = Buffer.from(good);
    flagged.writeUInt16BE(0x4000 | PATHS[0]!.length, 12 + 60);
    expect(parseIndex(signature)).toBeUndefined();
    expect(parseIndex(version)).toBeUndefined();
    expect(parseIndex(flagged)).toBeUndefined();
    expect(parseIndex(good.subarray(0, good.length - 20))).toBeUndefined();
    expect(parseIndex(gitIndexBytes(PATHS, 4).subarray(0, 40))).toBeUndefined();
    expect(parseIndex(Buffer.alloc(4))).toBeUndefined();
  });

  it.each([2, 3] as const)(
    'answers from the sorted names of a version %i index: a directory by the names below it, never by a sibling sharing its prefix',
    (version) => {
      const tracked = parseIndex(gitIndexBytes(['a/b-c.tf', 'a/b.d/x.tf', 'a/b/c.tf', 'a/b0', 'sub', 'z/'], version));
      expect(tracked?.has('a/b', true)).toBe(true);
      expect(tracked?.has('a/b.d', true)).toBe(true);
      expect(tracked?.has('a/b-c.tf', false)).toBe(true);
      expect(tracked?.has('a/b', false)).toBe(false);
      expect(tracked?.has('a/b-', true)).toBe(false);
      // A tracked path that is a directory on disk (a submodule), and a sparse index's directory entry.
      expect(tracked?.has('sub', true)).toBe(true);
      expect(tracked?.has('z', true)).toBe(true);
      expect(tracked?.has('z', false)).toBe(false);
      expect(tracked?.has('0', true)).toBe(false);
      expect(tracked?.has('zz', false)).toBe(false);
    },
  );

  it.each([2, 3, 4] as const)('keeps its own copy of a version %i index: the buffer it was read from may be overwritten by the next read', (version) => {
    const buffer = Buffer.from(gitIndexBytes(PATHS, version));
    const tracked = parseIndex(buffer);
    buffer.fill(0);
    for (const path of PATHS) expect(tracked?.has(path, false)).toBe(true);
    expect(tracked?.has('infra/bin', true)).toBe(true);
  });

  it("gives nothing for names out of git's order, or an entry count the index cannot hold", () => {
    expect(parseIndex(gitIndexBytes(['b.tf', 'a.tf']))).toBeUndefined();
    const counted = gitIndexBytes(PATHS);
    counted.writeUInt32BE(0xffffffff, 8);
    expect(parseIndex(counted)).toBeUndefined();
  });

  it('does not read a version 4 index whose paths grow past what any real index holds', () => {
    // Each entry adds one byte to the previous path, past Linux's PATH_MAX.
    const growing = gitIndexBytes(
      Array.from({ length: 5_000 }, (_, k) => 'a'.repeat(k + 1)),
      4,
    );
    // Paths of at most 4,000 bytes, each a few bytes in the index: 16 MB of paths from an index of 0.5 MB.
    const cycling = gitIndexBytes(
      Array.from({ length: 8_000 }, (_, k) => 'a'.repeat((k % 4_000) + 1)),
      4,
    );
    expect(parseIndex(growing)).toBeUndefined();
    expect(parseIndex(cycling)).toBeUndefined();
    expect(
      parseIndex(
        gitIndexBytes(
          Array.from({ length: 4_096 }, (_, k) => 'a'.repeat(k + 1)),
          2,
        ),
      ),
    ).toBeDefined();
  });
});

describe('ignore patterns and tracked files', () => {
  const files = {
    '.gitignore': 'bin/\n*.tfvars\n',
    'infra/bin/app.ts': '',
    'infra/bin/local.ts': '',
    'infra/lib/stack.ts': '',
    'infra/prod.tfvars': '',
    'infra/dev.tfvars': '',
  };

  it('does not ignore a tracked file, nor a directory holding one; untracked files there stay ignored', () => {
    const root = tempTree({ ...files, '.git/index': gitIndexBytes(['.gitignore', 'infra/bin/app.ts', 'infra/lib/stack.ts', 'infra/prod.tfvars']) });
    const ignoreFiles = { reader: new FileReader([root], 1 << 20), report: () => undefined };
    const rules = GitignoreRules.forAncestorsOf(join(root, 'infra'), root, ignoreFiles);
    expect(rules.ignores(join(root, 'infra', 'bin'), true)).toBe(false);
    expect(rules.ignores(join(root, 'infra', 'bin', 'app.ts'), false)).toBe(false);
    expect(rules.ignores(join(root, 'infra', 'bin', 'local.ts'), false)).toBe(true);
    expect(rules.ignores(join(root, 'infra', 'prod.tfvars'), false)).toBe(false);
    expect(rules.ignores(join(root, 'infra', 'dev.tfvars'), false)).toBe(true);
  });

  it('walks into an ignored directory for its tracked files only; without an index every ignored file stays out', async () => {
    const withIndex = tempTree({
      ...files,
      '.git/HEAD': 'ref: refs/heads/main\n',
      '.git/index': gitIndexBytes(['.gitignore', 'infra/bin/app.ts', 'infra/lib/stack.ts']),
    });
    const scanned = await discoverFiles(['.'], { rules: walkRules, cwd: withIndex, noIgnore: false });
    expect(scanned.files.map((file) => file.slice(withIndex.length + 1))).toEqual(['infra/bin/app.ts', 'infra/lib/stack.ts']);
    const withoutIndex = tempTree({ ...files, '.git/HEAD': 'ref: refs/heads/main\n' });
    const plain = await discoverFiles(['.'], { rules: walkRules, cwd: withoutIndex, noIgnore: false });
    expect(plain.files.map((file) => file.slice(withoutIndex.length + 1))).toEqual(['infra/lib/stack.ts']);
  });
});
