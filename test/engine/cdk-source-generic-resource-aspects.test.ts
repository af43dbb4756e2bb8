/**
 * An Aspect reaches a generic `CfnResource` of type AWS::IAM::AccessKey only through what a
 * `CfnResource` has: `node.status = 'Inactive'` under `instanceof iam.CfnAccessKey` leaves it Active
 * (synth, aws-cdk-lib 2.276: K1 and K2 without Status, the CfnAccessKeys K3 and K4 Inactive), while a raw
 * override may reach it (synth: all four Inactive with the second Aspect below). The setter's change was
 * taken as one that may run on the generic keys (a warning); the override's still is.
 */
import { afterAll, expect, it } from 'vitest';
import { lint } from '../../src/engine.js';
import { removeTempTrees, tempTree } from '../support/temp-tree.js';

afterAll(removeTempTrees);

const app = (change: string): string =>
  "import { App, Aspects, CfnResource, IAspect, Stack } from 'aws-cdk-lib';\nimport * as iam from 'aws-cdk-lib/aws-iam';\n" +
  "import { IConstruct } from 'constructs';\n" +
  `class Retire implements IAspect {\n  visit(node: IConstruct): void {\n    ${change}\n  }\n}\n` +
  "const stack = new Stack(new App(), 'S');\nAspects.of(stack).add(new Retire());\n" +
  "new CfnResource(stack, 'K1', { type: 'AWS::IAM::AccessKey', properties: { UserName: 'ci' } });\n" +
  "new CfnResource(stack, 'K2', { type: 'AWS::IAM::AccessKey', properties: { UserName: 'ci' } });\n" +
  "new iam.CfnAccessKey(stack, 'K3', { userName: 'ops' });\nnew iam.CfnAccessKey(stack, 'K4', { userName: 'ops' });\n";

async function findings(source: string): Promise<string[]> {
  const root = tempTree({ 'cdk.json': '{"app": "npx ts-node app.ts"}', 'app.ts': source }, 'credlint-generic-aspects-');
  const result = await lint({ paths: [root], cwd: root, reportUnknown: true });
  return result.findings.map((f) => `${f.severity} ${f.ruleId} ${f.message}`);
}

it('an L1 setter in an Aspect does not change a generic resource', async () => {
  expect(await findings(app("if (node instanceof iam.CfnAccessKey) node.status = 'Inactive';"))).toEqual([
    'error multiple-active-access-keys IAM user "ci" has 2 active access keys (S/K1, S/K2); at most one may be active.',
  ]);
});

it('a raw override in an Aspect may change a generic resource', async () => {
  const found = await findings(
    app("if (node instanceof CfnResource && node.cfnResourceType === 'AWS::IAM::AccessKey') node.addPropertyOverride('Status', 'Inactive');"),
  );
  expect(found).toHaveLength(2);
  for (const finding of found) expect(finding).toMatch(/^warning multiple-active-access-keys IAM user "(ci|ops)" may have 2 active access keys/);
});
