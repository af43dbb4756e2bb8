import { tempTree, removeTempTrees } from '../support/temp-tree.js';
import { afterAll, describe, expect, it } from 'vitest';
import type { LintResult } from '../../src/core/finding.js';
import { lint, type LintOptions } from '../../src/engine.js';

afterAll(removeTempTrees);

const tree = (files: Readonly<Record<string, string | Buffer | null>>): string => tempTree(files, 'credlint-cdk-source-');

/** `file:line:column ruleId unit` of each finding, and the message of parse errors. */
function view(result: LintResult, root: string): string[] {
  return result.findings.map((f) => {
    const where = `${f.location.file.slice(root.length + 1)}:${f.location.range.start.line}:${f.location.range.start.column}`;
    return f.ruleId === 'parse-error' ? `${where} parse-error ${f.message}` : `${where} ${f.ruleId} ${f.unitId ?? ''}${f.suppression ? ' (suppressed)' : ''}`;
  });
}

async function scan(root: string, options: Partial<LintOptions> = {}): Promise<string[]> {
  return view(await lint({ paths: [root], cwd: root, ...options }), root);
}

const IMPORTS = "import * as cdk from 'aws-cdk-lib';\nimport * as iam from 'aws-cdk-lib/aws-iam';\n";
const USERS = `${IMPORTS}export const app = new cdk.App();\nexport const stack = new cdk.Stack(app, 'People');\nexport const ana = new iam.User(stack, 'Ana', { userName: 'ana', password: cdk.SecretValue.unsafePlainText('x') });\n`;
const KEYS = `${IMPORTS}import { ana, stack } from './users';\nnew iam.AccessKey(stack, 'AnaKey', { user: ana });\n`;

describe('CDK source loader', () => {
  it('analyses the .ts files of a project together, linking across files', async () => {
    const root = tree({ 'app/cdk.json': '{}', 'app/bin/users.ts': USERS, 'app/bin/keys.ts': KEYS });
    expect(await scan(root)).toEqual(['app/bin/keys.ts:4:1 console-user-with-access-key cdk-source:app']);
  });

  it('follows relative imports out of the project directory into the repository (a monorepo), file to file, as cdk synth runs them', async () => {
    const app = (from: string) =>
      `${IMPORTS}${from}\nconst stack = new cdk.Stack(new cdk.App(), 'S');\nnew iam.AccessKey(stack, 'K', { user: iam.User.fromUserName(stack, 'U', NAME) });\n`;
    const root = tree({
      'infra/cdk.json': '{}',
      'infra/bin/app.ts': app("import { NAME } from '../../shared/names';\nimport type { Name } from '../../shared/types';"),
      // Re-exported from a second file outside the project, written with NodeNext's `.js` name.
      'shared/names.ts': "export { NAME } from './constants/root.js';\n",
      'shared/constants/root.ts': "export const NAME = 'root';\n",
      // Only declared: a type-only import is not followed, and nothing here is read.
      'shared/types.d.ts': 'export type Name = string;\n',
    });
    expect(await scan(root)).toEqual(['infra/bin/app.ts:6:1 root-user-access-key cdk-source:infra']);
    const result = await lint({ paths: [root], cwd: root });
    expect(result.notes).toEqual([]);
  });

  it('does not follow an import whose path leads out of the repository, and says so at the import', async () => {
    const root = tree({
      'infra/cdk.json': '{}',
      'infra/bin/app.ts': `${IMPORTS}import { NAME } from '../../../elsewhere/names';\nconst stack = new cdk.Stack(new cdk.App(), 'S');\nnew iam.AccessKey(stack, 'K', { user: iam.User.fromUserName(stack, 'U', NAME) });\n`,
    });
    const result = await lint({ paths: [root], cwd: root, reportUnknown: true });
    expect(
      result.notes.map(
        (n) =>
          `${n.location.file.slice(root.length + 1)}:${n.location.range.start.line}:${n.location.range.start.column}-${n.location.range.end.column} ${n.message}`,
      ),
    ).toEqual([
      'infra/bin/app.ts:3:22-48 the import "../../../elsewhere/names" leads outside the repository being scanned; not read, so what it exports is not analysed',
    ]);
    expect(view(result, root)).toEqual(['infra/bin/app.ts:5:1 root-user-access-key cdk-source:infra']);
  });

  it('reads the JSON files the project imports by a relative path: default, named, namespace and require imports', async () => {
    const keyed = (from: string, users: string) =>
      `${IMPORTS}${from}\nconst stack = new cdk.Stack(new cdk.App(), 'S');\nfor (const name of ${users}) {\n  const user = new iam.User(stack, name, { userName: name, password: cdk.SecretValue.unsafePlainText('x') });\n  new iam.AccessKey(stack, name + 'Key', { user });\n}\n`;
    const root = tree({
      'a/cdk.json': '{}',
      'a/app.ts': keyed("import people from './data/people.json';", 'people.users'),
      'a/data/people.json': '{ "users": ["ana"], "default": "not the default export" }',
      'b/cdk.json': '{}',
      'b/app.ts': keyed("import { users } from './people.json';", 'users'),
      'b/people.json': '{ "users": ["bo"] }',
      'c/cdk.json': '{}',
      'c/app.ts': keyed("import * as people from './people.json';", 'people.users'),
      'c/people.json': '{ "users": ["cy"] }',
      'd/cdk.json': '{}',
      'd/app.ts': keyed("import people = require('./people.json');", 'people.users'),
      'd/people.json': '{ "users": ["di"] }',
      // A missing file leaves the users unknown (nothing is claimed); one that is not JSON is a parse error, as for `cdk synth`.
      'e/cdk.json': '{}',
      'e/app.ts': keyed("import people from './missing.json';", 'people.users'),
      'f/cdk.json': '{}',
      'f/app.ts': keyed("import people from './people.json';", 'people.users'),
      'f/people.json': '{ "users": [ }',
    });
    expect(await scan(root)).toEqual([
      'a/app.ts:7:3 console-user-with-access-key cdk-source:a',
      'b/app.ts:7:3 console-user-with-access-key cdk-source:b',
      'c/app.ts:7:3 console-user-with-access-key cdk-source:c',
      'd/app.ts:7:3 console-user-with-access-key cdk-source:d',
      'f/people.json:1:14 parse-error TypeScript syntax error: Expression or comma expected.',
    ]);
  });

  it('reads the JSON files and project files CommonJS require() loads by a relative path, from the source file as ts-node runs it', async () => {
    const keyed = (from: string, users: string) =>
      `${IMPORTS}${from}\nconst stack = new cdk.Stack(new cdk.App(), 'S');\nfor (const name of ${users}) {\n  const user = new iam.User(stack, name, { userName: name, password: cdk.SecretValue.unsafePlainText('x') });\n  new iam.AccessKey(stack, name + 'Key', { user });\n}\n`;
    const root = tree({
      'a/cdk.json': '{}',
      'a/bin/app.ts': keyed("const people = require('../config/people.json');", 'people.users'),
      'a/config/people.json': '{ "users": ["ana"] }',
      'b/cdk.json': '{}',
      'b/app.ts': keyed('', "require('./people.json').users"),
      'b/people.json': '{ "users": ["bo"] }',
      'c/cdk.json': '{}',
      'c/app.ts': keyed("const { users } = require('./people');", 'users'),
      'c/people.ts': "export const users = ['cy'];\n",
      // A require the project declares itself is that function; a missing file and a package stay unknown.
      'd/cdk.json': '{}',
      'd/app.ts': keyed("const require = (_: string) => ({ users: [] as string[] });\nconst people = require('./people.json');", 'people.users'),
      'd/people.json': '{ "users": ["di"] }',
      'e/cdk.json': '{}',
      'e/app.ts': keyed("const people = require('./missing.json');", 'people.users'),
      'f/cdk.json': '{}',
      'f/app.ts': keyed("const people = require('people-data');", 'people.users'),
    });
    expect(await scan(root)).toEqual([
      'a/bin/app.ts:7:3 console-user-with-access-key cdk-source:a',
      'b/app.ts:7:3 console-user-with-access-key cdk-source:b',
      'c/app.ts:7:3 console-user-with-access-key cdk-source:c',
    ]);
  });

  // Node runs each of these as require('./people.json'): the files were left unread, the users unknown,
  // and the key of a user with a console password only a warning --report-unknown showed.
  it('reads the JSON a require() loads however the call is spelled', async () => {
    const keyed = (from: string) =>
      `${IMPORTS}${from}\nconst stack = new cdk.Stack(new cdk.App(), 'S');\nfor (const name of people.users) {\n  const user = new iam.User(stack, name, { userName: name, password: cdk.SecretValue.unsafePlainText('x') });\n  new iam.AccessKey(stack, name + 'Key', { user });\n}\n`;
    const root = tree({
      'a/cdk.json': '{}',
      'a/app.ts': keyed("const people = require ('./people.json');"),
      'a/people.json': '{ "users": ["ana"] }',
      'b/cdk.json': '{}',
      'b/app.ts': keyed("const people = require/* data */('./people.json');"),
      'b/people.json': '{ "users": ["bo"] }',
      'c/cdk.json': '{}',
      'c/app.ts': keyed("const people = r\\u0065quire('./people.json');"),
      'c/people.json': '{ "users": ["cy"] }',
      'd/cdk.json': '{}',
      'd/app.ts': keyed("const people = require('./pe\\x6fple.json');"),
      'd/people.json': '{ "users": ["di"] }',
    });
    expect(await scan(root)).toEqual([
      'a/app.ts:7:3 console-user-with-access-key cdk-source:a',
      'b/app.ts:7:3 console-user-with-access-key cdk-source:b',
      'c/app.ts:7:3 console-user-with-access-key cdk-source:c',
      'd/app.ts:7:3 console-user-with-access-key cdk-source:d',
    ]);
  });

  it('an imported JSON file nested too deeply for the TypeScript parser is a parse-error; the app is still analysed', async () => {
    const root = tree({
      'app/cdk.json': '{}',
      'app/app.ts': `${IMPORTS}import deep from './deep.json';\nconst s = new cdk.Stack(new cdk.App(), 'S');\nconst u = new iam.User(s, 'U', { userName: 'ops' });\nnew iam.AccessKey(s, 'K1', { user: u });\nnew iam.AccessKey(s, 'K2', { user: u });\nexport { deep };\n`,
      'app/deep.json': `${'['.repeat(20_000)}${']'.repeat(20_000)}`,
    });
    expect(await scan(root)).toEqual([
      'app/app.ts:7:1 multiple-active-access-keys cdk-source:app',
      // Where the parser ran out of stack (the column depends on the stack left): inside the brackets, never 1:1.
      expect.stringMatching(/^app\/deep\.json:1:(?:[2-9]|\d{2,}) parse-error the TypeScript parser gave up here: the code is nested too deeply$/),
    ]);
  });

  it('analyses .mts, .cts and .tsx sources too, never declaration files', async () => {
    const key = (id: string) => `${IMPORTS}new iam.AccessKey(s, '${id}', { user: iam.User.fromUserName(s, 'U', 'ops') });\n`;
    const root = tree({
      'app/cdk.json': '{}',
      'app/a.mts': key('A'),
      'app/b.cts': key('B'),
      'app/c.tsx': key('C'),
      'app/d.d.mts': key('D'),
      'app/e.d.ts': key('E'),
    });
    // Three keys for `ops`: the finding is at the second in file order, the declaration files add none.
    const result = await lint({ paths: [root], cwd: root });
    expect(result.findings.map((f) => `${f.location.file.slice(root.length + 1)} ${f.ruleId} ${f.message.replace(/.*\((.*)\).*/, '$1')}`)).toEqual([
      'app/b.cts multiple-active-access-keys a/A, b/B, c/C',
    ]);
  });

  it('groups files into projects by cdk.json, tsconfig.json, package.json: the same name in two apps is two users', async () => {
    const key = (id: string) => `${IMPORTS}new iam.AccessKey(s, '${id}', { user: iam.User.fromUserName(s, 'U', 'ops') });\n`;
    const root = tree({
      'a/cdk.json': '{}',
      'a/lib/one.ts': key('One'),
      'b/tsconfig.json': '{}',
      'b/src/two.ts': key('Two'),
      'c/three.ts': key('Three'),
      'c/four.ts': key('Four'),
    });
    // Only c (no marker: grouped at the scanned root) holds two keys of "ops".
    expect(await scan(root)).toEqual(['c/three.ts:3:1 multiple-active-access-keys cdk-source:.']);
  });

  it('reports a syntax error at its line and column and analyses the rest of the project', async () => {
    const root = tree({ 'cdk.json': '{}', 'users.ts': USERS, 'keys.ts': KEYS, 'broken.ts': `${IMPORTS}const x = (;\n` });
    expect(await scan(root)).toEqual([
      'broken.ts:3:12 parse-error TypeScript syntax error: Expression expected.',
      'keys.ts:4:1 console-user-with-access-key cdk-source:.',
    ]);
  });

  it('reports binary junk and invalid UTF-8 in a CDK project as parse errors', async () => {
    const root = tree({
      'cdk.json': '{}',
      'keys.ts': KEYS,
      'junk.ts': Buffer.from([0x41, 0x0a, 0x00, 0xff]),
      'latin1.ts': Buffer.from('// caf\xe9\n', 'latin1'),
    });
    expect(await scan(root)).toEqual([
      'junk.ts:2:1 parse-error binary content (NUL byte): not a text file',
      'latin1.ts:1:7 parse-error invalid UTF-8 byte sequence',
    ]);
  });

  it('ignores TypeScript projects that do not use aws-cdk-lib, declaration files, node_modules and cdk.out', async () => {
    const key = `${IMPORTS}new iam.CfnAccessKey(s, 'K', { userName: 'root' });\n`;
    const root = tree({
      'web/package.json': '{}',
      'web/src/broken.ts': 'const AccessKey = (;\n',
      'cdk/cdk.json': '{}',
      'cdk/types.d.ts': key,
      'cdk/node_modules/x/index.ts': key,
      'cdk/cdk.out/asset.1/index.ts': key,
    });
    const result = await lint({ paths: [root], cwd: root });
    expect(view(result, root)).toEqual([]);
    expect(result.filesScanned).toBe(0);
  });

  it('scans the project of a file given explicitly', async () => {
    // In a git repository (as under pre-commit): the project search may go up to the repository root.
    const root = tree({
      '.git/HEAD': 'ref: refs/heads/main\n',
      'app/cdk.json': '{}',
      'app/bin/users.ts': USERS,
      'app/bin/keys.ts': KEYS,
      'app/lib/other.ts': '// other\n',
    });
    const result = await lint({ paths: ['app/bin/users.ts'], cwd: root });
    expect(view(result, root)).toEqual(['app/bin/keys.ts:4:1 console-user-with-access-key cdk-source:app']);
    expect(result.filesScanned).toBe(3);
  });

  it('honours // credlint-ignore on the line above the statement, through a doc comment', async () => {
    const keys = `${IMPORTS}import { ana, stack } from './users';\n// credlint-ignore console-user-with-access-key -- break-glass user, reviewed\n/** Ana's key. */\nconst key = new iam.AccessKey(stack, 'AnaKey', {\n  user: ana,\n});\n`;
    const root = tree({ 'cdk.json': '{}', 'users.ts': USERS, 'keys.ts': keys });
    expect(await scan(root)).toEqual(['keys.ts:6:13 console-user-with-access-key cdk-source:. (suppressed)']);
  });

  it('skips a CDK project without access keys or credlint comments unless the prefilter is off, with identical findings', async () => {
    const root = tree({ 'cdk.json': '{}', 'users.ts': USERS });
    const on = await lint({ paths: [root], cwd: root });
    const off = await lint({ paths: [root], cwd: root, prefilter: false });
    expect([on.filesScanned, off.filesScanned]).toEqual([0, 1]);
    expect(view(on, root)).toEqual(view(off, root));
  });

  it('reports keys of unknown existence with --report-unknown, naming the unknown value', async () => {
    const stack = `${IMPORTS}export class Keys extends cdk.Stack {\n  constructor(scope: cdk.App, id: string, props: { rotate: boolean }) {\n    super(scope, id);\n    const user = new iam.User(this, 'Ci', { userName: 'ci' });\n    new iam.AccessKey(this, 'Key', { user });\n    if (props.rotate) new iam.AccessKey(this, 'Next', { user });\n  }\n}\n`;
    const root = tree({ 'cdk.json': '{}', 'keys.ts': stack });
    expect(await scan(root)).toEqual([]);
    const result = await lint({ paths: [root], cwd: root, reportUnknown: true });
    expect(result.findings.map((f) => `${f.ruleId}: ${f.message}`)).toEqual([
      'multiple-active-access-keys: Cannot tell whether Keys/Next is a second active access key of a user: created only if props.rotate, which is not known statically.',
    ]);
  });
});
