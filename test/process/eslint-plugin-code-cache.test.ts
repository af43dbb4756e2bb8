/**
 * docs/eslint-plugin.md, "Speed", and docs/security.md, "Code cache": on Node versions without a compile
 * cache of their own (20), the ESLint plugin loads its code (credlint's CommonJS copy, `dist/cjs`)
 * through the CLI's code cache, in the same directory with the same checks; where Node has one, ESLint's
 * executable turns it on and the plugin writes nothing. Each case runs the real `eslint` command in a
 * user's project, with `XDG_CACHE_HOME` pointing at a fresh directory.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, symlinkSync } from 'node:fs';
import nodeModule from 'node:module';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { repoRoot } from '../support/fixture-cases.js';
import { removeTempTrees, tempTree } from '../support/temp-tree.js';

afterAll(removeTempTrees);

const nodeHasCompileCache = typeof (nodeModule as { enableCompileCache?: unknown }).enableCompileCache === 'function';

const HEADER =
  "import * as cdk from 'aws-cdk-lib';\nimport * as iam from 'aws-cdk-lib/aws-iam';\nconst app = new cdk.App();\nconst stack = new cdk.Stack(app, 'S');\n";

/** A user's project: the two-line config, a CDK app with a root key, and a file that names no IAM construct. */
function project(): string {
  const dir = tempTree(
    {
      'eslint.config.mjs': "import credlint from 'credlint/eslint-plugin';\nexport default [credlint.configs.recommended];\n",
      'package.json': JSON.stringify({ name: 'app', version: '1.0.0', type: 'commonjs', private: true }),
      'bin/app.ts': `${HEADER}new iam.AccessKey(stack, 'RootKey', { user: iam.User.fromUserName(stack, 'Root', 'root') });\n`,
      'lib/plain.ts': "import { Stack } from 'aws-cdk-lib';\nexport const name = Stack.name;\n",
    },
    'credlint-eslint-cache-',
  );
  mkdirSync(path.join(dir, 'node_modules'));
  symlinkSync(repoRoot, path.join(dir, 'node_modules', 'credlint'), 'dir');
  return dir;
}

/** `eslint --format json .` in `dir`; the findings as `ruleId file:line`. */
function eslint(dir: string, env: Readonly<Record<string, string>>): string[] {
  const bin = path.join(repoRoot, 'node_modules', 'eslint', 'bin', 'eslint.js');
  const run = spawnSync(process.execPath, [bin, '--format', 'json', '.'], { cwd: dir, encoding: 'utf8', env: { ...process.env, ...env }, timeout: 120_000 });
  expect(run.stderr).toBe('');
  expect(run.status).toBe(1);
  return (JSON.parse(run.stdout) as { filePath: string; messages: { ruleId: string; line: number }[] }[]).flatMap((result) =>
    result.messages.map((m) => `${m.ruleId} ${path.relative(dir, result.filePath)}:${String(m.line)}`),
  );
}

/** Each cache entry's package directory (its key line's `package`) → the files it holds code for. */
function entries(cacheHome: string): Map<string, { files: string[]; bytes: Buffer }> {
  const dir = path.join(cacheHome, 'credlint');
  const found = new Map<string, { files: string[]; bytes: Buffer }>();
  let names: string[];
  try {
    names = readdirSync(dir).filter((name) => name.endsWith('.v8cache'));
  } catch {
    return found;
  }
  for (const name of names) {
    const bytes = readFileSync(path.join(dir, name));
    const lines: number[] = [];
    for (let at = bytes.indexOf(10); at >= 0 && lines.length < 4; at = bytes.indexOf(10, at + 1)) lines.push(at);
    const [magicEnd = 0, keyEnd = 0, digestEnd = 0, indexEnd = 0] = lines;
    const key = JSON.parse(bytes.toString('utf8', magicEnd + 1, keyEnd)) as { package: string };
    const index = JSON.parse(bytes.toString('utf8', digestEnd + 1, indexEnd)) as { file: string }[];
    found.set(key.package, { files: index.map((entry) => entry.file.split(path.sep).join('/')), bytes });
  }
  return found;
}

const OWN_COPY = path.join(repoRoot, 'dist', 'cjs');
const EXPECTED = ['credlint/root-user-access-key bin/app.ts:5'];

describe('the ESLint plugin and the code cache', () => {
  it.skipIf(nodeHasCompileCache)(
    'loads its own code through the cache on Node 20: written on the first run, used unchanged on the next',
    () => {
      const dir = project();
      const cacheHome = tempTree({}, 'credlint-eslint-cache-home-');
      expect(eslint(dir, { XDG_CACHE_HOME: cacheHome })).toEqual(EXPECTED);
      const first = entries(cacheHome);
      // One entry, for credlint's own copy only: ESLint, the parser and `typescript` load the ordinary way.
      expect([...first.keys()]).toEqual([OWN_COPY]);
      const files = first.get(OWN_COPY)?.files ?? [];
      expect(files).toContain('src/eslint-plugin/plugin.js');
      // The analysis, required on the first file that may hold a finding, and what it requires.
      expect(files).toContain('src/eslint-plugin/analyse-source.js');
      expect(files.some((file) => file.startsWith('src/cdk-source/'))).toBe(true);
      expect(eslint(dir, { XDG_CACHE_HOME: cacheHome })).toEqual(EXPECTED);
      expect(
        entries(cacheHome)
          .get(OWN_COPY)
          ?.bytes.equals(first.get(OWN_COPY)?.bytes ?? Buffer.alloc(0)),
      ).toBe(true);
    },
    120_000,
  );

  it('writes nothing with CREDLINT_CODE_CACHE=0, and nothing where Node has its own compile cache', () => {
    const dir = project();
    const cacheHome = tempTree({}, 'credlint-eslint-cache-home-');
    expect(eslint(dir, { XDG_CACHE_HOME: cacheHome, CREDLINT_CODE_CACHE: '0' })).toEqual(EXPECTED);
    expect(entries(cacheHome).size).toBe(0);
    if (!nodeHasCompileCache) return;
    expect(eslint(dir, { XDG_CACHE_HOME: cacheHome })).toEqual(EXPECTED);
    expect(entries(cacheHome).size).toBe(0);
  }, 120_000);
});
