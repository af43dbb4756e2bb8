/**
 * The scan deadline bounds the analysis of one CDK source project, not only the start of each project
 * and app: a project's steps grow with its source (a pass over each file is always allowed), so 4,000
 * chained files took 8 s with `--limit scanSeconds=3`. The analysis reads the clock as it spends its
 * steps, and the loader before parsing each file.
 */
import { loadOptionsFor } from '../support/load-options.js';
import path from 'node:path';
import ts from 'typescript';
import { afterEach, describe, expect, it } from 'vitest';
import { buildCdkSourceUnit } from '../../src/cdk-source/index.js';
import type { Deadline } from '../../src/core/deadline.js';
import { loadCdkSource } from '../../src/formats/cdk-source/load-projects.js';
import { HEADER } from '../support/cdk-source-harness.js';
import { removeTempTrees, tempTree } from '../support/temp-tree.js';

afterEach(removeTempTrees);

/** A deadline that passes at its `after`-th look, counting how often it was looked at. */
function deadlineAt(after: number): Deadline & { looks: number } {
  const fake = {
    looks: 0,
    expired() {
      fake.looks += 1;
      return fake.looks >= after;
    },
    remainingMs: () => 0,
  };
  return fake as unknown as Deadline & { looks: number };
}

// A user with a console password and two keys, behind a loop of calls that costs many steps.
const APP = `${HEADER}
function tag(scope: cdk.Stack, n: number) { for (let i = 0; i < 500; i++) cdk.Tags.of(scope).add('n' + n, 'v' + i); }
const app = new cdk.App();
const s = new cdk.Stack(app, 'S');
for (let j = 0; j < 100; j++) new iam.User(s, 'T' + j);
const u = new iam.User(s, 'U', { password: cdk.SecretValue.unsafePlainText('x') });
new iam.AccessKey(s, 'A', { user: u });
new iam.AccessKey(s, 'B', { user: u });
`;

describe('the scan deadline in the analysis of a CDK app', () => {
  it('stops the walk where it passes: the rest is of unknown existence, and a scanSeconds parse-error says so', () => {
    const sourceFile = ts.createSourceFile('/app/app.ts', APP, ts.ScriptTarget.Latest, true);
    const deadline = deadlineAt(1);
    const result = buildCdkSourceUnit(ts, { unitId: 'cdk-source:app', files: [sourceFile], deadline });
    expect(deadline.looks).toBeGreaterThan(0);
    expect(result.incomplete.map((d) => d.message)).toEqual([
      expect.stringMatching(
        /^analysis limit reached: the scan deadline passed while the app was analysed here; the constructs not analysed may exist \(limit scanSeconds = 300; raise it with --limit scanSeconds=N\)$/,
      ),
    ]);
    const keys = result.unit?.accessKeys ?? [];
    expect(keys.length).toBeGreaterThan(0);
    for (const key of keys) expect(key.existenceUnknown).toMatch(/scan deadline passed/);
  });

  it('never passing, it changes nothing', () => {
    const sourceFile = ts.createSourceFile('/app/app.ts', APP, ts.ScriptTarget.Latest, true);
    const deadline = deadlineAt(Number.POSITIVE_INFINITY);
    const result = buildCdkSourceUnit(ts, { unitId: 'cdk-source:app', files: [sourceFile], deadline });
    expect(result.incomplete).toEqual([]);
    expect(result.unit?.accessKeys.map((k) => k.existenceUnknown)).toEqual([undefined, undefined]);
  });
});

describe('the scan deadline while a CDK source project is parsed', () => {
  it('is read before each file: past it the project is not analysed, a scanSeconds parse-error at the first file left', async () => {
    const files = {
      'cdk.json': '{ "app": "npx ts-node bin/app.ts" }',
      'bin/app.ts': APP,
      'lib/a.ts': 'export const a = 1;\n',
      'lib/b.ts': 'export const b = 2;\n',
    };
    const root = tempTree(files);
    const project = { root, files: ['bin/app.ts', 'lib/a.ts', 'lib/b.ts'].map((file) => path.join(root, file)) };
    // The first look is the loader's, before the project; the second, before its second file.
    const result = await loadCdkSource([project], loadOptionsFor(root, { deadline: deadlineAt(2) }));
    expect(result.units).toEqual([]);
    expect(result.diagnostics.map((d) => [path.relative(root, d.location.file), d.message])).toEqual([
      [
        'lib/a.ts',
        'analysis limit reached: the scan deadline passed while the files of this CDK source project were parsed, so it is not analysed; 2 files were not parsed, this one first (limit scanSeconds = 300; raise it with --limit scanSeconds=N)',
      ],
    ]);
  });
});

describe('one scanSeconds error per scan cut off in the CDK source loader', () => {
  const load = (root: string, projects: { root: string; files: string[] }[], after: number) =>
    loadCdkSource(projects, loadOptionsFor(root, { deadline: deadlineAt(after) }));

  it('a project whose files were not all parsed, and the projects after it: one error, counting both', async () => {
    const root = tempTree({
      'a/cdk.json': '{ "app": "npx ts-node bin/app.ts" }',
      'a/bin/app.ts': APP,
      'a/lib/a.ts': 'export const a = 1;\n',
      'b/cdk.json': '{ "app": "npx ts-node bin/app.ts" }',
      'b/bin/app.ts': APP,
    });
    const projects = [
      { root: path.join(root, 'a'), files: ['a/bin/app.ts', 'a/lib/a.ts'].map((file) => path.join(root, file)) },
      { root: path.join(root, 'b'), files: [path.join(root, 'b/bin/app.ts')] },
    ];
    const result = await load(root, projects, 2);
    expect(result.units).toEqual([]);
    expect(result.diagnostics.map((d) => [path.relative(root, d.location.file), d.message])).toEqual([
      [
        'a/lib/a.ts',
        'analysis limit reached: the scan deadline passed while the files of this CDK source project were parsed, so it is not analysed; this file was not parsed; 1 more CDK source project was not analysed (limit scanSeconds = 300; raise it with --limit scanSeconds=N)',
      ],
    ]);
  });

  it('reads the deadline before each file a project imports from outside its directory: past it the project is not analysed', async () => {
    // The app creates its user and key through a file outside its directory; analysed without that
    // file, it had no finding and no error (exit 0).
    const root = tempTree({
      'app/cdk.json': '{ "app": "npx ts-node bin/app.ts" }',
      'app/bin/app.ts': `${HEADER}import { addUser } from '../../shared/filler';\nimport { addKeys } from '../../shared/users';\nconst app = new cdk.App();\nconst s = new cdk.Stack(app, 'S');\naddUser(s);\naddKeys(s);\n`,
      'shared/filler.ts': `${HEADER}export function addUser(s: cdk.Stack) {}\n`,
      'shared/users.ts': `${HEADER}export function addKeys(s: cdk.Stack) {\n  const u = new iam.User(s, 'U', { password: cdk.SecretValue.unsafePlainText('x') });\n  new iam.AccessKey(s, 'A', { user: u });\n}\n`,
    });
    // Looks: the loader's, before the project; then one before each imported file.
    const result = await load(root, [{ root: path.join(root, 'app'), files: [path.join(root, 'app/bin/app.ts')] }], 3);
    expect(result.units).toEqual([]);
    expect(result.diagnostics.map((d) => [path.relative(root, d.location.file), d.message])).toEqual([
      [
        'shared/users.ts',
        'analysis limit reached: the scan deadline passed while the files this CDK source project imports were parsed, so it is not analysed; this one was not parsed (limit scanSeconds = 300; raise it with --limit scanSeconds=N)',
      ],
    ]);
    // With time left, the same project has its finding's constructs.
    const whole = await load(root, [{ root: path.join(root, 'app'), files: [path.join(root, 'app/bin/app.ts')] }], Number.POSITIVE_INFINITY);
    expect(whole.units.flatMap((u) => u.accessKeys)).toHaveLength(1);
  });
});
