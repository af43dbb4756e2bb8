/**
 * `GitignoreRules.ignores` takes the walk's absolute, normal paths relative to each rule set's
 * directory by slicing a prefix; any other path goes through `path.relative`, with the same answer.
 */
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { GitignoreRules } from '../../src/discover/gitignore-rules.js';
import { ignoreMatcher } from '../../src/discover/ignore-matcher.js';
import { compilePatterns } from '../../src/discover/ignore-patterns.js';
import { ignoreSources } from '../../src/discover/ignore-sources.js';
import { FileReader } from '../../src/io/file-reader.js';
import { removeTempTrees, tempTree } from '../support/temp-tree.js';

afterEach(removeTempTrees);

function rulesIn(files: Readonly<Record<string, string | null>>): { root: string; rules: GitignoreRules } {
  const root = tempTree({ '.git/HEAD': 'ref: refs/heads/main\n', ...files }, 'credlint-gitignore-');
  const ignoreFiles = { reader: new FileReader([root], 1 << 20), report: () => undefined };
  const rules = GitignoreRules.forAncestorsOf(join(root, 'infra'), root, ignoreFiles).withDirectory(join(root, 'infra'), ignoreFiles);
  return { root, rules };
}

describe('GitignoreRules.ignores', () => {
  it('matches paths below each .gitignore, a deeper file overriding a shallower one', () => {
    const { root, rules } = rulesIn({ '.gitignore': 'generated/\n*.tfvars\n', 'infra/.gitignore': '!keep.tfvars\n', infra: null });
    expect(rules.ignores(join(root, 'infra', 'generated'), true)).toBe(true);
    expect(rules.ignores(join(root, 'infra', 'generated'), false)).toBe(false);
    expect(rules.ignores(join(root, 'infra', 'prod.tfvars'), false)).toBe(true);
    expect(rules.ignores(join(root, 'infra', 'keep.tfvars'), false)).toBe(false);
    expect(rules.ignores(join(root, 'infra', '.hidden', 'x.tfvars'), false)).toBe(true);
  });

  it('a directory a deeper .gitignore re-includes (!bin/) is not ignored below by the shallower pattern (bin/), as for git', () => {
    // A monorepo's root ignores build output `bin/`; the CDK project re-includes its own `bin/`, where
    // the app's entry point lives. git scans that directory's files, and only patterns that match a file
    // itself still ignore it. Each answer below is `git check-ignore`'s for the same tree.
    const anywhere = rulesIn({ '.gitignore': 'bin/\n*.log\n', 'infra/.gitignore': '!bin/\n', infra: null });
    const at = (...rel: string[]) => join(anywhere.root, 'infra', ...rel);
    expect(anywhere.rules.ignores(at('bin'), true)).toBe(false);
    expect(anywhere.rules.ignores(at('bin', 'app.ts'), false)).toBe(false);
    expect(anywhere.rules.ignores(at('bin', 'nested', 'stack.ts'), false)).toBe(false);
    expect(anywhere.rules.ignores(at('bin', 'debug.log'), false)).toBe(true);
    expect(anywhere.rules.ignores(at('bin', 'bin', 'x.ts'), false)).toBe(false);
    expect(anywhere.rules.ignores(at('other', 'bin', 'app.ts'), false)).toBe(false);
    // Re-included only at the project's top (`!/bin/`): a `bin/` deeper down is the root's to ignore again.
    const top = rulesIn({ '.gitignore': 'bin/\n*.log\n', 'infra/.gitignore': '!/bin/\n', infra: null });
    const under = (...rel: string[]) => join(top.root, 'infra', ...rel);
    expect(top.rules.ignores(under('bin', 'app.ts'), false)).toBe(false);
    expect(top.rules.ignores(under('bin', 'debug.log'), false)).toBe(true);
    expect(top.rules.ignores(under('bin', 'bin'), true)).toBe(true);
    expect(top.rules.ignores(under('bin', 'bin', 'x.ts'), false)).toBe(true);
    expect(top.rules.ignores(under('other', 'bin', 'app.ts'), false)).toBe(true);
  });

  it('gives a path that is not normal, or not below a rule set, the answer of its normal form', () => {
    const { root, rules } = rulesIn({ '.gitignore': 'generated/\n', 'infra/.gitignore': 'local.tf\n', infra: null });
    expect(rules.ignores(`${root}/infra/x/../generated`, true)).toBe(true);
    expect(rules.ignores(`${root}/infra/./local.tf`, false)).toBe(true);
    expect(rules.ignores(`${root}//infra//local.tf`, false)).toBe(true);
    // `infra/.gitignore` says nothing about a path beside its directory, nor about the directory itself.
    expect(rules.ignores(`${root}/infra/../local.tf`, false)).toBe(false);
    expect(rules.ignores(`${root}-other/generated`, true)).toBe(false);
    expect(rules.ignores(join(root, 'infra'), true)).toBe(false);
  });
});

describe('GitignoreRules: files that match nothing', () => {
  const setCount = (rules: GitignoreRules) => (rules as unknown as { readonly sets: readonly unknown[] }).sets.length;

  it('adds no rule set for a file of comments and blank lines (git init writes such a .git/info/exclude)', () => {
    const { root, rules } = rulesIn({ '.git/info/exclude': '# comment\n\n   \n#*.tf\r\n', 'infra/.gitignore': '\n# nothing\n', infra: null });
    expect(setCount(rules)).toBe(0);
    expect(rules.ignores(join(root, 'infra', 'main.tf'), false)).toBe(false);
  });

  it('keeps a file with any line that may match: a tab, an escaped hash, a pattern after comments', () => {
    const tab = rulesIn({ '.gitignore': '# only a tab below\n\t\n', infra: null });
    expect(setCount(tab.rules)).toBe(1);
    expect(tab.rules.ignores(join(tab.root, 'infra', '\t'), false)).toBe(true);
    const hash = rulesIn({ 'infra/.gitignore': '# comment\n\\#keep.tf\n', infra: null });
    expect(hash.rules.ignores(join(hash.root, 'infra', '#keep.tf'), false)).toBe(true);
    const later = rulesIn({ '.git/info/exclude': '# comment\n\nsecret.tf\n', infra: null });
    expect(later.rules.ignores(join(later.root, 'infra', 'secret.tf'), false)).toBe(true);
  });
});

describe('plain names (a file of thousands of them, over tens of thousands of paths, must not cost a regular expression each)', () => {
  /** What the `ignore` package alone says of a path relative to the file's directory, as every pattern was matched before. */
  const reference = (patterns: readonly string[], rel: string, isDirectory: boolean): boolean => {
    const result = ignoreMatcher()
      .add(patterns)
      .test(isDirectory ? `${rel}/` : rel);
    return result.ignored && !result.unignored;
  };

  it('gives the answer of the ignore package for names, directory names, other patterns, case and depth', () => {
    const patterns = ['build', 'Dist/', 'x1', 'notes.TXT', '*.log', 'docs/*.md', '/top', 'a+b', '.', '..', 'sp ace', '# x1', '', 'tmp\\*'];
    const paths = [
      'build',
      'src/build',
      'src/build/x.tf',
      'dist',
      'DIST',
      'src/dist/a.tf',
      'x1',
      'x10',
      'deep/x1/y',
      'notes.txt',
      'a/notes.txt/b',
      'z.log',
      'docs/a.md',
      'src/docs/a.md',
      'top',
      'src/top',
      'a+b',
      'sp ace',
      'tmp*',
      'tmpx',
    ];
    const { root, rules } = rulesIn({ 'infra/.gitignore': `${patterns.join('\n')}\n` });
    for (const rel of paths)
      for (const isDirectory of [false, true])
        expect(rules.ignores(join(root, 'infra', ...rel.split('/')), isDirectory), `${rel}${isDirectory ? '/' : ''}`).toBe(
          reference(patterns, rel, isDirectory),
        );
  });

  it('a file with a "!" pattern keeps git order for every pattern: a later re-include wins over a name', () => {
    const { root, rules } = rulesIn({ 'infra/.gitignore': 'keep.tf\nbuild\n!keep.tf\n' });
    expect(rules.ignores(join(root, 'infra', 'keep.tf'), false)).toBe(false);
    expect(rules.ignores(join(root, 'infra', 'build', 'a.tf'), false)).toBe(true);
  });

  it('5,000 plain names over 20,000 paths: a set lookup each, well under a second', () => {
    const names = Array.from({ length: 5000 }, (_, k) => `x${String(k)}`);
    const { root, rules } = rulesIn({ 'infra/.gitignore': `${names.join('\n')}\n` });
    const started = performance.now();
    let ignored = 0;
    for (let k = 0; k < 20_000; k += 1) if (rules.ignores(join(root, 'infra', 'files', `x${String(k)}`), false)) ignored += 1;
    expect(ignored).toBe(5000);
    // Each of the 20,000 paths against 5,000 regular expressions took about 15 s here.
    expect(performance.now() - started).toBeLessThan(2_000);
  });
});

describe('`*` with a plain ending (`*.log`), matched without the package when nothing else needs it', () => {
  /** What the `ignore` package alone says of a path: ignored, and by which pattern. */
  const reference = (patterns: readonly string[], rel: string, isDirectory: boolean) => {
    const result = ignoreMatcher()
      .add(patterns)
      .test(isDirectory ? `${rel}/` : rel);
    return { ignored: result.ignored, unignored: result.unignored, pattern: result.rule?.pattern };
  };
  const pathsOf = (names: readonly string[]): string[] => names.flatMap((name) => [name, `src/${name}`, `${name}/x.tf`, `a/${name}/b/c.tf`, `${name}/${name}`]);
  const names = [
    'z.log',
    'Z.LOG',
    '.log',
    'log',
    'a.log.txt',
    'x.tsbuildinfo',
    'X.TsBuildInfo',
    'x.tsbuildinfo2',
    'ſ.log',
    'x.loǥ',
    'a-b_c.d',
    'A-B_C.D',
    'K.log',
    'x.k',
    'x.K',
    'x.\u212A',
    'ab',
    'sp ace.log',
  ];
  const sets = [
    ['*.log'],
    ['*.log', '*.tsbuildinfo'],
    ['*.tsbuildinfo', '*.log', 'build/', 'node_modules', '# c', ''],
    ['*.log', '*g', '*.LOG'],
    ['*-b_c.d', '*.k', '*b'],
    // Not all endings: every pattern goes to the package, as before.
    ['*.log', 'docs/*.md'],
    ['*.log', '!keep.log'],
  ];

  it.each(sets.map((patterns) => [patterns.join(' ')] as const))('gives the answer and the pattern of the ignore package: %s', (joined) => {
    const patterns = sets.find((set) => set.join(' ') === joined) ?? [];
    const matcher = compilePatterns(patterns);
    for (const rel of pathsOf(names))
      for (const isDirectory of [false, true])
        expect(matcher.test(rel, isDirectory), `${rel}${isDirectory ? '/' : ''}`).toEqual(reference(patterns, rel, isDirectory));
  });
});

describe('the configuration and --ignore-pattern match through the same patterns', () => {
  it('5,000 plain names in a configuration: looked up, and the note names the pattern as written', () => {
    const base = '/repo';
    const names = Array.from({ length: 5000 }, (_, k) => `Gen${String(k)}/`);
    const sources = ignoreSources({ ignore: { base, patterns: names }, ignorePatterns: ['*.bak'] }, base);
    const started = performance.now();
    let ignored = 0;
    for (let k = 0; k < 20_000; k += 1) if (sources.ignoredBy(`${base}/gen${String(k)}/main.tf`)) ignored += 1;
    expect(ignored).toBe(5000);
    expect(performance.now() - started).toBeLessThan(2_000);
    expect(sources.ignoredBy(`${base}/infra/GEN7/x.tf`)?.described).toBe('the configuration\'s ignore pattern "Gen7/"');
    expect(sources.ignoredBy(`${base}/gen7.tf`)).toBeUndefined();
    expect(sources.ignoredBy(`${base}/old/a.bak`)?.described).toBe('--ignore-pattern "*.bak"');
  });
});

describe('GitignoreRules: patterns in force across nested ignore files', () => {
  it('a nested .gitignore that would take the patterns in force past 5,000 is not honoured, with a note: its files are scanned', () => {
    // A hundred nested directories, each with 4,999 patterns, made each path's test cost 500,000
    // regular expressions: the CLI's walk ran 244 s past a 25 s scan deadline.
    const wide = (tag: string) => Array.from({ length: 4000 }, (_, k) => `*.${tag}${String(k)}`).join('\n');
    const root = tempTree(
      { '.git/HEAD': 'ref: refs/heads/main\n', '.gitignore': `${wide('a')}\nold.tf\n`, 'infra/.gitignore': `${wide('b')}\nlocal.tf\n` },
      'credlint-gitignore-',
    );
    const notes: string[] = [];
    const ignoreFiles = { reader: new FileReader([root], 1 << 20), report: (d: { message: string }) => notes.push(d.message) };
    const rules = GitignoreRules.forAncestorsOf(join(root, 'infra'), root, ignoreFiles).withDirectory(join(root, 'infra'), ignoreFiles);
    expect(rules.ignores(join(root, 'infra', 'old.tf'), false)).toBe(true);
    expect(rules.ignores(join(root, 'infra', 'local.tf'), false)).toBe(false);
    expect(notes).toEqual([
      'ignore patterns not honoured: with the 4001 patterns of the ignore files above it, 8002 patterns would apply here, more than 5000; every file they would ignore is scanned',
    ]);
  });

  it('nested files whose patterns together stay within 5,000 are all honoured', () => {
    const root = tempTree({ '.git/HEAD': 'ref: refs/heads/main\n', '.gitignore': 'old.tf\n', 'infra/.gitignore': 'local.tf\n' }, 'credlint-gitignore-');
    const notes: string[] = [];
    const ignoreFiles = { reader: new FileReader([root], 1 << 20), report: (d: { message: string }) => notes.push(d.message) };
    const rules = GitignoreRules.forAncestorsOf(join(root, 'infra'), root, ignoreFiles).withDirectory(join(root, 'infra'), ignoreFiles);
    expect(rules.ignores(join(root, 'infra', 'local.tf'), false)).toBe(true);
    expect(rules.ignores(join(root, 'infra', 'old.tf'), false)).toBe(true);
    expect(notes).toEqual([]);
  });
});
