/**
 * An IAM construct class handed on as a value (`Reflect.construct(iam.AccessKey, [...])`,
 * `[iam.AccessKey].forEach((C) => new C(...))`, `make(iam.AccessKey)`) creates what synth writes
 * (aws-cdk-lib 2.276: two keys for ci in each case below), but the walk records a construct only at a
 * `new` whose class it knows without bindings: those keys were silence, no finding and no note. A
 * note now says so at the class. Uses that are no hand-over (a `new`, `extends`, a static method,
 * `instanceof`, a `const` alias the walk follows) get none, nor does a project class of the same name.
 * A project class extending `CfnResource` is not followed (synth: its instances are keys for ci): a
 * note at its `extends`, where there was none.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { lint } from '../../src/engine.js';
import { removeTempTrees, tempTree } from '../support/temp-tree.js';

afterAll(removeTempTrees);

const HEAD =
  "import { App, Stack } from 'aws-cdk-lib';\nimport * as iam from 'aws-cdk-lib/aws-iam';\n" +
  "const stack = new Stack(new App(), 'Keys');\nconst ci = new iam.User(stack, 'Ci', { userName: 'ci' });\n" +
  "new iam.AccessKey(stack, 'CiKey1', { user: ci });\n";

async function scan(body: string, extra: Record<string, string> = {}): Promise<{ findings: string[]; notes: string[] }> {
  const root = tempTree({ 'cdk.json': '{"app": "npx ts-node app.ts"}', 'app.ts': HEAD + body, ...extra }, 'credlint-iam-class-values-');
  const result = await lint({ paths: [root], cwd: root, reportUnknown: true });
  return {
    findings: result.findings.map((f) => `${f.ruleId} ${f.message}`),
    notes: result.notes.map((n) => `${String(n.location.range.start.line)}:${String(n.location.range.start.column)} ${n.message}`),
  };
}

describe('an IAM construct class handed on as a value', () => {
  it.each([
    ["Reflect.construct(iam.AccessKey, [stack, 'CiKey2', { user: ci }]);\n", '6:19 iam.AccessKey is handed on as a value (Reflect.construct('],
    ["[iam.AccessKey].forEach((C) => new C(stack, 'CiKey2', { user: ci }));\n", '6:2 iam.AccessKey is handed on as a value ([iam.AccessKey])'],
    [
      "function make(C: typeof iam.AccessKey, id: string) { return new C(stack, id, { user: ci }); }\nmake(iam.AccessKey, 'CiKey2');\n",
      "7:6 iam.AccessKey is handed on as a value (make(iam.AccessKey, 'CiKey2'))",
    ],
    ['export const make = () => iam.AccessKey;\n', '6:27 iam.AccessKey is handed on as a value (() => iam.AccessKey)'],
  ])('gets a note at the class: %s', async (body, note) => {
    const { findings, notes } = await scan(body);
    expect(findings).toEqual([]);
    expect(notes).toHaveLength(1);
    expect(notes[0]).toContain(note);
    expect(notes[0]).toContain('an IAM user or access key created from it where credlint cannot tell the class');
  });

  it.each([
    ["const Key = iam.AccessKey;\nnew Key(stack, 'CiKey2', { user: ci });\n", ['multiple-active-access-keys']],
    ["const kinds = { key: iam.AccessKey };\nnew kinds.key(stack, 'CiKey2', { user: ci });\n", ['multiple-active-access-keys']],
    ["new (class extends iam.AccessKey {})(stack, 'CiKey2', { user: ci });\n", ['multiple-active-access-keys']],
    ["iam.User.fromUserName(stack, 'Ops', 'ops');\nexport const isKey = (x: unknown) => x instanceof iam.CfnAccessKey;\n", []],
  ])('is no note where the walk follows the class: %s', async (body, rules) => {
    const { findings, notes } = await scan(body);
    expect(notes).toEqual([]);
    expect(findings.map((f) => f.split(' ')[0])).toEqual(rules);
  });

  it('is a note at the extends of a project class extending CfnResource, which is not followed', async () => {
    const body =
      "import { CfnResource } from 'aws-cdk-lib';\nclass CiKey extends CfnResource {\n" +
      "  constructor(scope: Stack, id: string) {\n    super(scope, id, { type: 'AWS::IAM::AccessKey', properties: { UserName: 'ci' } });\n  }\n}\n" +
      "new CiKey(stack, 'CiKey2');\n";
    const { findings, notes } = await scan(body);
    expect(findings).toEqual([]);
    expect(notes).toEqual([
      '7:21 CiKey extends CfnResource: the resources its instances write are not analysed, so an IAM user, console password or access key among them is not checked',
    ]);
  });

  it('is no note for a project class of the same name', async () => {
    const { notes } = await scan("import { User } from './model';\nexport const kinds = [User];\n", { 'model.ts': 'export class User {}\n' });
    expect(notes).toEqual([]);
  });
});
