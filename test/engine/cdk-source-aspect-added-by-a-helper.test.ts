/**
 * An Aspect added by a helper function to the scope it is given (`function hardenStack(stack) {
 * Aspects.of(stack).add(new RetireKeys()); }`, as `addAspects(myStack)` in public apps): the add runs
 * at each call, for the construct that call passes. Where every call of the function certainly runs
 * with a construct certainly its argument (a statement of a file's top level or a constructor's body,
 * or a loop's body right after the `new` it passes), the Aspect certainly runs on those constructs, and
 * a key it retires is Inactive, as in a synthesis; otherwise it may change them (a warning under
 * `--report-unknown`).
 */
import { afterAll, describe, expect, it } from 'vitest';
import { lint } from '../../src/engine.js';
import { removeTempTrees, tempTree } from '../support/temp-tree.js';

afterAll(removeTempTrees);

const HEAD =
  "import { App, Aspects, IAspect, Stack } from 'aws-cdk-lib';\nimport * as iam from 'aws-cdk-lib/aws-iam';\nimport { Construct, IConstruct } from 'constructs';\n" +
  "class RetireKeys implements IAspect {\n  visit(node: IConstruct): void {\n    if (node instanceof iam.CfnAccessKey) node.status = 'Inactive';\n  }\n}\n" +
  'class Keys extends Stack {\n  constructor(scope: Construct, id: string) {\n    super(scope, id);\n' +
  "    const user = new iam.User(this, 'Ci', { userName: `ci-${id}` });\n    new iam.AccessKey(this, 'Key', { user });\n    new iam.AccessKey(this, 'NextKey', { user });\n  }\n}\n" +
  'const app = new App();\n';

async function findings(rest: string): Promise<string[]> {
  const root = tempTree(
    { 'package.json': '{"dependencies": {"aws-cdk-lib": "2.0.0"}}', 'cdk.json': '{"app": "npx ts-node --prefer-ts-exts app.ts"}', 'app.ts': HEAD + rest },
    'credlint-aspect-helper-',
  );
  const result = await lint({ paths: [root], cwd: root, reportUnknown: true });
  return result.findings.map((f) => `${f.severity} ${f.message.replace(/: the Aspect .*/, '')}`);
}

const HELPER = 'function harden(stack: Stack): void {\n  Aspects.of(stack).add(new RetireKeys());\n}\n';

describe('an Aspect added by a helper function to the scope it is given', () => {
  it('certainly runs on the stack of a call at the top level', async () => {
    expect(await findings(`${HELPER}const keys = new Keys(app, 'a');\nharden(keys);\n`)).toEqual([]);
  });

  it('certainly runs on the stack each loop iteration creates and passes', async () => {
    expect(await findings(`${HELPER}for (const id of ['a', 'b']) {\n  const keys = new Keys(app, id);\n  harden(keys);\n}\n`)).toEqual([]);
  });

  it('certainly runs through a helper that hands its parameter to another helper', async () => {
    expect(await findings(`${HELPER}function prepare(stack: Stack): void {\n  harden(stack);\n}\nconst keys = new Keys(app, 'a');\nprepare(keys);\n`)).toEqual(
      [],
    );
  });

  it('may run where a call is under a condition not known statically', async () => {
    expect(await findings(`${HELPER}const keys = new Keys(app, 'a');\nif (app.node.tryGetContext('retire')) harden(keys);\n`)).toEqual([
      'warning IAM user "ci-a" may have 2 active access keys (Keys/Key, Keys/NextKey)',
    ]);
  });

  it('may run where another call of the helper is not certain', async () => {
    expect(
      await findings(
        `${HELPER}const keys = new Keys(app, 'a');\nharden(keys);\nconst other = new Keys(app, 'b');\nif (app.node.tryGetContext('retire')) harden(other);\n`,
      ),
    ).toEqual([
      'warning IAM user "ci-a" may have 2 active access keys (a/Key, a/NextKey)',
      'warning IAM user "ci-b" may have 2 active access keys (b/Key, b/NextKey)',
    ]);
  });

  it('may run where the helper may return before the add', async () => {
    const helper = "function harden(stack: Stack): void {\n  if (app.node.tryGetContext('keep')) return;\n  Aspects.of(stack).add(new RetireKeys());\n}\n";
    expect(await findings(`${helper}const keys = new Keys(app, 'a');\nharden(keys);\n`)).toEqual([
      'warning IAM user "ci-a" may have 2 active access keys (Keys/Key, Keys/NextKey)',
    ]);
  });

  it('may run where the helper is a generator, whose body a call does not run', async () => {
    const helper = 'function* harden(stack: Stack) {\n  Aspects.of(stack).add(new RetireKeys());\n}\n';
    expect(await findings(`${helper}const keys = new Keys(app, 'a');\nharden(keys);\n`)).toEqual([
      'warning IAM user "ci-a" may have 2 active access keys (Keys/Key, Keys/NextKey)',
    ]);
  });
});
