/**
 * The ESLint plugin and symlinks leading out of the repository (docs/security.md, "What credlint
 * reads"), through ESLint's own API and the built plugin, as CI runs it on a pull request: the pull
 * request adds a link to another checkout on the machine (holding its own `.git`) or to a directory
 * outside any repository. A user name there lives only outside the scratch repository and must never
 * appear in ESLint's results (what `eslint -f json` prints: any message on a file adds its source);
 * the good file's finding must survive. With and without type information.
 */
import { mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { ESLint, type Linter } from 'eslint';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type plugin from '../../src/eslint-plugin/index.js';
import { gitIndexBytes } from '../support/git-index-bytes.js';
import { removeTempTrees, tempTree } from '../support/temp-tree.js';

const MARKER = 'SECRET-MARKER-e51c';
const HEADER = "import * as cdk from 'aws-cdk-lib';\nimport * as iam from 'aws-cdk-lib/aws-iam';\n";
const APP = "const app = new cdk.App();\nconst s = new cdk.Stack(app, 'S');\n";
const keyedUser = (id: string, name: string) =>
  `const ${id} = new iam.User(s, '${id}', { userName: ${name}, password: cdk.SecretValue.unsafePlainText('pw') });\nnew iam.AccessKey(s, '${id}K', { user: ${id} });\n`;

const GOOD = `${HEADER}${APP}${keyedUser('u', "'ana'")}`;

/** A stack whose users are named by its own literal, an imported constant and a `require()`d JSON file. */
const STACK = `${HEADER}import { NAME } from '../lib/users';\nconst team = require('../lib/team.json');\n${APP}${keyedUser('a', `'${MARKER}-literal'`)}${keyedUser('b', 'NAME')}${keyedUser('c', 'team.name')}`;
const LIB = { 'lib/users.ts': `export const NAME = '${MARKER}-import';\n`, 'lib/team.json': JSON.stringify({ name: `${MARKER}-json` }) };

/** A repository file importing and requiring through links: the linked files stay unread. */
const IMPORTER = `${HEADER}import { NAME } from './shared/users';\nconst team = require('./shared/team.json');\n${APP}${keyedUser('b', 'NAME')}${keyedUser('c', 'team.name')}`;

const TSCONFIG = JSON.stringify({ compilerOptions: { strict: true, module: 'nodenext', noEmit: true, resolveJsonModule: true }, include: ['**/*.ts'] });

let credlint: typeof plugin;
let repo: string;

beforeAll(async () => {
  // A variable specifier keeps the type checker (which runs before the build) off dist/.
  const specifier = 'credlint/eslint-plugin';
  credlint = ((await import(specifier)) as { default: typeof plugin }).default;
  const base = tempTree(
    {
      'repo/.git/HEAD': 'ref: refs/heads/main\n',
      'repo/good.ts': GOOD,
      'repo/importer.ts': IMPORTER,
      'repo/tsconfig.json': JSON.stringify({
        compilerOptions: { strict: true, module: 'nodenext', noEmit: true, resolveJsonModule: true },
        include: ['**/*.ts'],
      }),
      'other/.git/HEAD': 'ref: refs/heads/main\n',
      // Its own tsconfig.json: the project service then builds that checkout's program for a linked file.
      'other/tsconfig.json': TSCONFIG,
      'other/infra/stack.ts': STACK,
      ...Object.fromEntries(Object.entries(LIB).map(([file, text]) => [`other/${file}`, text])),
      'outside/app/stack.ts': STACK,
      ...Object.fromEntries(Object.entries(LIB).map(([file, text]) => [`outside/${file}`, text])),
    },
    'credlint-eslint-boundary-',
  );
  repo = path.join(base, 'repo');
  const link = (target: string, at: string) => {
    mkdirSync(path.dirname(path.join(repo, at)), { recursive: true });
    symlinkSync(path.join(base, target), path.join(repo, at));
  };
  link('other', 'checkout');
  link('other/infra', 'infra');
  link('outside/app', 'app');
  link('other/infra/stack.ts', 'linked-stack.ts');
  link('other/lib', 'shared');
});

afterAll(() => {
  removeTempTrees();
});

const CONFIGS: Record<string, (cwd: string) => Linter.Config[]> = {
  'without type information': () => [credlint.configs.recommended],
  'with parserOptions.projectService': (cwd) => [
    credlint.configs.recommended,
    { languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: cwd } } },
  ],
};

async function lint(config: Linter.Config[], patterns: string[]): Promise<ESLint.LintResult[]> {
  const eslint = new ESLint({ cwd: repo, overrideConfigFile: true, overrideConfig: config });
  return eslint.lintFiles(patterns);
}

describe.each(Object.keys(CONFIGS))('the ESLint plugin and links out of the repository, %s', (name) => {
  const config = () => (CONFIGS[name] as (cwd: string) => Linter.Config[])(repo);

  it.each([
    ['a linked directory holding another checkout', 'checkout'],
    ['a linked directory inside another checkout', 'infra'],
    ['a linked directory outside any repository', 'app'],
    ['a file in a linked directory', 'infra/stack.ts'],
    ['a linked file', 'linked-stack.ts'],
  ])('%s (eslint %s, beside good.ts): not analysed, nothing from outside in the results', async (_case, pattern) => {
    const results = await lint(config(), [pattern, 'good.ts']);
    expect(JSON.stringify(results)).not.toContain(MARKER);
    const good = results.find((r) => r.filePath === path.join(repo, 'good.ts'));
    expect(good?.messages.map((m) => m.ruleId)).toEqual(['credlint/console-user-with-access-key']);
    const linked = results.filter((r) => r.filePath !== path.join(repo, 'good.ts'));
    expect(new Set(linked.map((r) => path.relative(repo, r.filePath).split(path.sep)[0]))).toEqual(new Set([pattern.split('/')[0]]));
    expect(linked.flatMap((r) => r.messages)).toEqual([]);
  });

  it('eslint . lists the linked file (not the linked directories): it is not analysed, and imports through links stay unread', async () => {
    const results = await lint(config(), ['.']);
    expect(JSON.stringify(results)).not.toContain(MARKER);
    const byFile = Object.fromEntries(results.map((r) => [path.relative(repo, r.filePath), r.messages.map((m) => m.ruleId)]));
    expect(Object.keys(byFile).sort()).toEqual(['good.ts', 'importer.ts', 'linked-stack.ts']);
    expect(byFile['good.ts']).toEqual(['credlint/console-user-with-access-key']);
    expect(byFile['linked-stack.ts']).toEqual([]);
    // The links lead nowhere the analysis may go: the names stay unknown, the findings stay.
    expect(byFile['importer.ts']).toEqual(['credlint/console-user-with-access-key', 'credlint/console-user-with-access-key']);
  });
});

describe("a link git does not track (a developer's own)", () => {
  it('is followed: a project reached through a home directory kept in git is analysed', async () => {
    const base = tempTree(
      {
        'home/.git/HEAD': 'ref: refs/heads/main\n',
        'data/proj/.git/HEAD': 'ref: refs/heads/main\n',
        'data/proj/stack.ts': STACK,
        ...Object.fromEntries(Object.entries(LIB).map(([file, text]) => [`data/${file}`, text])),
      },
      'credlint-eslint-own-link-',
    );
    const home = path.join(base, 'home');
    writeFileSync(path.join(home, '.git', 'index'), gitIndexBytes(['.bashrc']));
    symlinkSync(path.join(base, 'data'), path.join(home, 'code'));
    const eslint = new ESLint({ cwd: path.join(home, 'code', 'proj'), overrideConfigFile: true, overrideConfig: [credlint.configs.recommended] });
    const [result] = await eslint.lintFiles(['stack.ts']);
    expect(result?.messages.map((m) => m.message)).toContainEqual(expect.stringContaining(`${MARKER}-literal`));
  });
});
