/**
 * The prefilter on CDK TypeScript projects (README, "Performance") must be sound: findings with and without it are
 * identical, including `--report-unknown` warnings and suppression results, while projects that
 * cannot matter are not parsed.
 */
import { mkdirSync, mkdtempSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { LintResult } from '../../src/core/finding.js';
import { lint } from '../../src/engine.js';

const roots: string[] = [];
afterAll(() => {
  for (const root of roots) rmSync(root, { recursive: true, force: true });
});

const view = (result: LintResult) =>
  result.findings.map((f) => ({ ruleId: f.ruleId, file: f.location.file, range: f.location.range, message: f.message, fingerprint: f.fingerprint }));

const IMPORTS = "import * as cdk from 'aws-cdk-lib';\nimport * as iam from 'aws-cdk-lib/aws-iam';\nconst stack = new cdk.Stack(new cdk.App(), 'S');\n";

describe('CDK source prefilter', () => {
  it('gives identical findings on and off, over apps with and without keys, suppressions and unknowns', async () => {
    const root = realpathSync(mkdtempSync(join(tmpdir(), 'credlint-cdk-prefilter-')));
    roots.push(root);
    const files: Record<string, string> = {
      // A key for root: a finding.
      'root-key/cdk.json': '{}',
      'root-key/app.ts': `${IMPORTS}new iam.CfnAccessKey(stack, 'K', { userName: 'root' });\n`,
      // The key is in another file of the app than the user with a password (one file creates the App).
      'split/cdk.json': '{}',
      'split/users.ts': `${IMPORTS.replace('const stack', 'export const stack')}export const ana = new iam.User(stack, 'Ana', { userName: 'ana', password: cdk.SecretValue.unsafePlainText('x') });\n`,
      'split/keys.ts': `import * as iam from 'aws-cdk-lib/aws-iam';\nimport { stack } from './users';\n\nnew iam.CfnAccessKey(stack, 'K', { userName: 'ana' });\n`,
      // No key: an unused and an invalid suppression (users only, so the prefilter keeps them for the word credlint).
      'suppressions/cdk.json': '{}',
      'suppressions/app.ts': `${IMPORTS}// credlint-ignore root-user-access-key -- reviewed\nnew iam.User(stack, 'U', { userName: 'root' });\n// credlint-ignore console-user-with-access-key\nnew iam.User(stack, 'V', { userName: 'v', password: cdk.SecretValue.unsafePlainText('x') });\n`,
      // An undecidable key beside a console user.
      'unknown/cdk.json': '{}',
      'unknown/app.ts': `${IMPORTS}const ana = new iam.User(stack, 'Ana', { userName: 'ana', password: cdk.SecretValue.unsafePlainText('x') });\nif (process.env.KEYS) new iam.AccessKey(stack, 'K', { user: ana });\n`,
      // Users only: nothing to report either way.
      'users-only/cdk.json': '{}',
      'users-only/app.ts': `${IMPORTS}new iam.User(stack, 'U', { userName: 'root', password: cdk.SecretValue.unsafePlainText('x') });\n`,
      // Not a CDK app (no aws-cdk-lib): never analysed, even with a syntax error.
      'web/package.json': '{}',
      'web/index.ts': 'export const AccessKey = (;\n',
    };
    for (const [file, text] of Object.entries(files)) {
      mkdirSync(dirname(join(root, file)), { recursive: true });
      writeFileSync(join(root, file), text);
    }
    const options = { paths: [root], cwd: root, reportUnknown: true, reportUnusedSuppressions: true };
    const on = await lint(options);
    const off = await lint({ ...options, prefilter: false });
    expect(view(on)).toEqual(view(off));
    expect(on.findings.map((f) => `${f.ruleId} ${f.location.file.slice(root.length + 1)}:${f.location.range.start.line}`).sort()).toEqual([
      'console-user-with-access-key split/keys.ts:4',
      'console-user-with-access-key unknown/app.ts:5',
      'invalid-suppression suppressions/app.ts:6',
      'root-user-access-key root-key/app.ts:4',
      'unused-suppression suppressions/app.ts:4',
    ]);
    // users-only is the one project the prefilter drops.
    expect([on.filesScanned, off.filesScanned]).toEqual([5, 6]);
  });
});

describe('an app whose IAM constructs are created in a file outside its directory', () => {
  // A monorepo's app imports `../../shared/users`, which creates the user and its key: the loader
  // reads that file with the app, but the prefilter looked only at the app's own files, none of which
  // names a construct, and ruled the app out: `credlint app` (the action's `paths: app`, or pre-commit
  // given `app/bin/app.ts`) had no finding and exit 0, where `--no-prefilter` had the finding.
  const users = `${IMPORTS.replace("const stack = new cdk.Stack(new cdk.App(), 'S');\n", '')}export function addUsers(s: cdk.Stack) {\n  const u = new iam.User(s, 'U', { password: cdk.SecretValue.unsafePlainText('x') });\n  new iam.AccessKey(s, 'A', { user: u });\n}\n`;
  it.each([
    ['a plain relative import', "import { addUsers } from '../../shared/users';"],
    ['a re-export', "export { addUsers } from '../../shared/users';\nimport { addUsers } from './again';"],
    ['an import spelled with escapes', "import { addUsers } from '\\x2e\\u002e/\\.\\./shared/users';"],
    ['require', "const { addUsers } = require ( '../../shared/users' );"],
    ['an import after a comment', "import { addUsers } from /* the shared users */ '../../shared/users';"],
    ['an alias of tsconfig.json paths', "import { addUsers } from '@shared/users';", true],
    ['an alias through baseUrl', "import { addUsers } from 'shared/users';", true],
  ])('is kept by the prefilter and analysed: %s', async (_how, importLine, withAliases = false) => {
    const root = realpathSync(mkdtempSync(join(tmpdir(), 'credlint-cdk-prefilter-imports-')));
    roots.push(root);
    const files: Record<string, string> = {
      // A git work tree: the repository, which the imported file is inside, is its root.
      '.git/HEAD': 'ref: refs/heads/main\n',
      'app/cdk.json': '{}',
      'app/bin/app.ts': `import * as cdk from 'aws-cdk-lib';\n${importLine}\nconst s = new cdk.Stack(new cdk.App(), 'S');\naddUsers(s);\n`,
      'app/bin/again.ts': "export { addUsers } from '../../shared/users';\n",
      // Aliases are followed out of the project's directory as relative imports are (they were not,
      // with the prefilter or without).
      ...(withAliases ? { 'app/tsconfig.json': '{ "compilerOptions": { "baseUrl": "..", "paths": { "@shared/*": ["../shared/*"] } } }\n' } : {}),
      'shared/users.ts': users,
    };
    for (const [file, text] of Object.entries(files)) {
      mkdirSync(dirname(join(root, file)), { recursive: true });
      writeFileSync(join(root, file), text);
    }
    const options = { paths: [join(root, 'app')], cwd: root };
    const off = await lint({ ...options, prefilter: false });
    expect(off.findings.map((f) => [f.ruleId, f.location.file.slice(root.length + 1)])).toEqual([['console-user-with-access-key', 'shared/users.ts']]);
    expect(view(await lint(options))).toEqual(view(off));
  });
});

describe('an app that imports a JavaScript module', () => {
  // credlint reads TypeScript source only: a user and key created in `lib/users.js` were no finding and
  // no word, even with --report-unknown and without the prefilter.
  it.each([true, false])('says so at the import (prefilter %s)', async (prefilter) => {
    const root = realpathSync(mkdtempSync(join(tmpdir(), 'credlint-cdk-js-import-')));
    roots.push(root);
    const files: Record<string, string> = {
      '.git/HEAD': 'ref: refs/heads/main\n',
      'app/cdk.json': '{}',
      'app/lib/users.js':
        "const cdk = require('aws-cdk-lib');\nconst iam = require('aws-cdk-lib/aws-iam');\nexports.addUsers = (s) => new iam.AccessKey(s, 'A', { user: new iam.User(s, 'U', { password: cdk.SecretValue.unsafePlainText('x') }) });\n",
      'app/bin/app.ts': "import * as cdk from 'aws-cdk-lib';\nimport { addUsers } from '../lib/users.js';\naddUsers(new cdk.Stack(new cdk.App(), 'S'));\n",
    };
    for (const [file, text] of Object.entries(files)) {
      mkdirSync(dirname(join(root, file)), { recursive: true });
      writeFileSync(join(root, file), text);
    }
    const result = await lint({ paths: [root], cwd: root, prefilter });
    expect(result.notes.map((n) => [n.location.file.slice(root.length + 1), n.location.range.start.line, n.message])).toEqual([
      [
        'app/bin/app.ts',
        2,
        'the import "../lib/users.js" names a JavaScript file, which credlint does not read (it reads TypeScript source); what it creates is not analysed',
      ],
    ]);
  });
});

describe('an alias leading out of the repository', () => {
  it('is a note at the import, whatever is there, and nothing outside is read', async () => {
    const outside = realpathSync(mkdtempSync(join(tmpdir(), 'credlint-cdk-alias-outside-')));
    const root = realpathSync(mkdtempSync(join(tmpdir(), 'credlint-cdk-alias-')));
    roots.push(root, outside);
    const files: Record<string, string> = {
      '.git/HEAD': 'ref: refs/heads/main\n',
      'app/cdk.json': '{}',
      'app/tsconfig.json': JSON.stringify({ compilerOptions: { paths: { '@out/*': [`${outside}/*`] } } }),
      'app/bin/app.ts': `${IMPORTS}import { addUsers } from '@out/users';\naddUsers(stack);\nnew iam.User(stack, 'U');\n`,
    };
    for (const [file, text] of Object.entries(files)) {
      mkdirSync(dirname(join(root, file)), { recursive: true });
      writeFileSync(join(root, file), text);
    }
    const notes = async () => (await lint({ paths: [root], cwd: root })).notes.map((n) => [n.location.file.slice(root.length + 1), n.message]);
    const absent = await notes();
    writeFileSync(join(outside, 'users.ts'), "export function addUsers(s: unknown) { throw new Error('read'); }\n");
    expect(await notes()).toEqual(absent);
    expect(absent).toEqual([
      ['app/bin/app.ts', 'the import "@out/users" leads outside the repository being scanned; not read, so what it exports is not analysed'],
    ]);
  });
});

describe('what --verbose says of TypeScript files', () => {
  it('lists as analysed only the files of the CDK projects analysed, and says why the others are not', async () => {
    const root = realpathSync(mkdtempSync(join(tmpdir(), 'credlint-cdk-decisions-')));
    roots.push(root);
    const files: Record<string, string> = {
      'keys/cdk.json': '{}',
      'keys/app.ts': `${IMPORTS}new iam.CfnAccessKey(stack, 'K', { userName: 'ops' });\n`,
      // A CDK app that creates no user and no key: the prefilter skips it.
      'queues/cdk.json': '{}',
      'queues/app.ts': "import * as cdk from 'aws-cdk-lib';\nnew cdk.Stack(new cdk.App(), 'Q');\n",
      // TypeScript that is no CDK app at all (a web app, a CDKTF app).
      'web/package.json': '{}',
      'web/page.ts': 'export const title = "AccessKey rotation";\n',
    };
    for (const [file, text] of Object.entries(files)) {
      mkdirSync(dirname(join(root, file)), { recursive: true });
      writeFileSync(join(root, file), text);
    }
    const decided: { file: string; analysed: boolean; reason?: string }[] = [];
    const result = await lint({ paths: [root], cwd: root, observer: { filesDecided: (decisions) => decided.push(...decisions) } });
    const typescript = decided.filter((d) => d.file.endsWith('.ts')).map((d) => [d.file.slice(root.length + 1), d.analysed, d.reason]);
    expect(typescript).toEqual([
      ['keys/app.ts', true, undefined],
      [
        'queues/app.ts',
        false,
        'prefilter: no TypeScript file of its CDK project names a construct that makes an IAM user or access key, holds a credlint comment, or imports a file from outside the project',
      ],
      ['web/page.ts', false, 'not CDK source: no TypeScript file of its project names aws-cdk-lib or @aws-cdk/'],
    ]);
    expect(result.filesScanned).toBe(1);
  });
});
