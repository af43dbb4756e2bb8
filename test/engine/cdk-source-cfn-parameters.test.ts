/**
 * `p.valueAsString` of a `CfnParameter` was an aws-cdk-lib token, so a key whose `userName` it gave was a
 * `--report-unknown` warning, while the scan of the synthesized template reads the parameter's `Default`
 * (`{ "Ref": "KeyUser" }`, `"Default": "root"`: a root key). A `String` parameter with a literal `default`,
 * created in a stack class's constructor with `this` as its scope, is now its `default`, as in the template;
 * where `--parameter` names it (by the logical id aws-cdk-lib writes: the construct id without characters
 * that are not letters or digits), the value given is not read from source: unknown. Every case was
 * synthesized with aws-cdk-lib 2.276 and its cdk.out scanned with the same parameters: the same verdicts.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { lint } from '../../src/engine.js';
import { removeTempTrees, tempTree } from '../support/temp-tree.js';

afterAll(removeTempTrees);

async function findings(body: readonly string[], parameters: Record<string, string> = {}): Promise<string[]> {
  const source = [
    "import * as cdk from 'aws-cdk-lib';",
    "import * as iam from 'aws-cdk-lib/aws-iam';",
    "import { Construct } from 'constructs';",
    'class KeyStack extends cdk.Stack {',
    '  constructor(scope: Construct, id: string) {',
    '    super(scope, id);',
    ...body.map((line) => `    ${line}`),
    '  }',
    '}',
    "new KeyStack(new cdk.App(), 'Keys');",
  ].join('\n');
  const root = tempTree({ 'app/cdk.json': '{}', 'app/app.ts': source }, 'credlint-cdk-cfn-parameters-');
  const result = await lint({ paths: [root], cwd: root, reportUnknown: true, parameters });
  return result.findings.map((f) => `${f.severity} ${f.ruleId} ${f.message}`);
}

const ROOT_KEY =
  'error root-user-access-key Access key KeyStack/K is for user "root": root access keys must not exist, and infrastructure code cannot create one for the real root user, so this is a mistake or an IAM user literally named "root".';

describe('CfnParameter defaults in CDK source', () => {
  it('reads valueAsString of a parameter with a literal default as that default', async () => {
    const body = [
      "const p = new cdk.CfnParameter(this, 'KeyUser', { type: 'String', default: 'root' });",
      "new iam.CfnAccessKey(this, 'K', { userName: p.valueAsString });",
    ];
    expect(await findings(body)).toEqual([ROOT_KEY]);
  });

  it('reads a default that names another user as that user (no warning)', async () => {
    const body = ["const p = new cdk.CfnParameter(this, 'KeyUser', { default: 'alice' });", "new iam.CfnAccessKey(this, 'K', { userName: p.valueAsString });"];
    expect(await findings(body)).toEqual([]);
  });

  it('keeps the value unknown where --parameter names the logical id aws-cdk-lib writes', async () => {
    const body = [
      "const p = new cdk.CfnParameter(this, 'Key-User', { type: 'String', default: 'root' });",
      "new iam.CfnAccessKey(this, 'K', { userName: p.valueAsString });",
    ];
    expect(await findings(body, { KeyUser: 'alice' })).toEqual([
      'warning root-user-access-key Cannot tell whether access key KeyStack/K is for the root user: p.valueAsString is parameter KeyUser, whose value --parameter (or the configuration\'s "parameters") gives; CDK source scanning does not read it.',
    ]);
    // A name that is not the logical id (CloudFormation would refuse it) leaves the default.
    expect(await findings(body, { 'Key-User': 'alice' })).toEqual([ROOT_KEY]);
  });

  it('leaves a parameter unknown where code could reach it without its variable and rewrite it', async () => {
    const body = [
      "const p = new cdk.CfnParameter(this, 'KeyUser', { default: 'root' });",
      "new iam.CfnAccessKey(this, 'K', { userName: p.valueAsString });",
      "(this.node.findChild('KeyUser') as cdk.CfnParameter).default = 'alice';",
    ];
    const found = await findings(body);
    expect(found).toHaveLength(1);
    expect(found[0]).toMatch(
      /^warning root-user-access-key Cannot tell whether access key KeyStack\/K is for the root user: p\.valueAsString comes from aws-cdk-lib/,
    );
  });

  it('leaves a parameter whose default is written later, or that is constrained, unknown', async () => {
    const changed = [
      "const p = new cdk.CfnParameter(this, 'KeyUser', { default: 'root' });",
      "p.default = 'alice';",
      "new iam.CfnAccessKey(this, 'K', { userName: p.valueAsString });",
    ];
    const constrained = [
      "const p = new cdk.CfnParameter(this, 'KeyUser', { default: 'root', allowedValues: ['alice'] });",
      "new iam.CfnAccessKey(this, 'K', { userName: p.valueAsString });",
    ];
    for (const body of [changed, constrained]) {
      const found = await findings(body);
      expect(found).toHaveLength(1);
      expect(found[0]).toMatch(
        /^warning root-user-access-key Cannot tell whether access key KeyStack\/K is for the root user: p\.valueAsString comes from aws-cdk-lib/,
      );
    }
  });
});

/**
 * A `CfnCondition` put on a key by `cfnOptions.condition` made the key's existence unknown, even where the
 * condition always holds (`Fn.conditionEquals('a', 'a')`), which the template scan decides: a second active
 * key. One that always holds, from literals and parameter defaults, now leaves the key as it was.
 */
describe('CfnCondition on a key in CDK source', () => {
  const conditioned = (expression: string) => [
    "const mode = new cdk.CfnParameter(this, 'Mode', { default: 'two' });",
    `const c = new cdk.CfnCondition(this, 'C', { expression: ${expression} });`,
    "const u = new iam.User(this, 'U', { userName: 'ci' });",
    "new iam.CfnAccessKey(this, 'K', { userName: u.userName });",
    "const b = new iam.CfnAccessKey(this, 'B', { userName: u.userName });",
    'b.cfnOptions.condition = c;',
  ];
  const TWO_KEYS = 'error multiple-active-access-keys IAM user "ci" has 2 active access keys (KeyStack/K, KeyStack/B); at most one may be active.';
  const UNDECIDED =
    /^warning multiple-active-access-keys Cannot tell whether KeyStack\/B is a second active access key of a user: b\.cfnOptions\.condition = c; puts it under a CloudFormation condition/;

  it('decides a condition that always holds: the key exists', async () => {
    for (const expression of [
      "cdk.Fn.conditionEquals('a', 'a')",
      "cdk.Fn.conditionEquals(mode.valueAsString, 'two')",
      "cdk.Fn.conditionOr(cdk.Fn.conditionEquals('a', 'b'), cdk.Fn.conditionNot(cdk.Fn.conditionEquals(mode.valueAsString, 'one')))",
      "cdk.Fn.conditionAnd(cdk.Fn.conditionEquals('a', 'a'), cdk.Fn.conditionEquals(mode.valueAsString, 'two'))",
    ])
      expect(await findings(conditioned(expression)), expression).toEqual([TWO_KEYS]);
  });

  it('leaves a condition that may not hold, or reads a parameter --parameter gives, undecided', async () => {
    for (const [expression, parameters] of [
      ["cdk.Fn.conditionEquals('a', 'b')", {}],
      ["cdk.Fn.conditionEquals(mode.valueAsString, 'one')", {}],
      ["cdk.Fn.conditionEquals(mode.valueAsString, 'two')", { Mode: 'one' }],
      ["cdk.Fn.conditionEquals(cdk.Aws.REGION, 'us-east-1')", {}],
    ] as const) {
      const found = await findings(conditioned(expression), parameters);
      expect(found, expression).toHaveLength(1);
      expect(found[0], expression).toMatch(UNDECIDED);
    }
  });

  it('leaves a condition handed on where its expression could be written undecided', async () => {
    for (const handOff of [
      "const holder = { condition: c }; holder.condition = c; holder.condition.expression = cdk.Fn.conditionEquals('a', 'b');",
      "(cdk.Fn.conditionAnd(c) as cdk.CfnCondition).expression = cdk.Fn.conditionEquals('a', 'b');",
    ]) {
      const found = await findings([...conditioned("cdk.Fn.conditionEquals('a', 'a')"), handOff]);
      expect(found, handOff).toHaveLength(1);
      expect(found[0], handOff).toMatch(UNDECIDED);
    }
  });

  it('leaves a condition whose expression is written later undecided', async () => {
    const body = [...conditioned("cdk.Fn.conditionEquals('a', 'a')"), "c.expression = cdk.Fn.conditionEquals('a', 'b');"];
    const found = await findings(body);
    expect(found).toHaveLength(1);
    expect(found[0]).toMatch(UNDECIDED);
  });
});
