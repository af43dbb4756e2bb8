/**
 * `stackName` of a stack as aws-cdk-lib sets it (`stack-name.ts`): the `stackName` prop, else the name
 * generated from the construct id in the App or a Stage; where it stays unknown (a stack below a plain
 * construct, whose name has a hash of its path) a user named after it may still be the user another
 * key names in text: a --report-unknown warning, never a silent no.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { lint } from '../../src/engine.js';
import { removeTempTrees, tempTree } from '../support/temp-tree.js';

afterAll(removeTempTrees);

async function findings(body: string): Promise<string[]> {
  const source =
    "import { App, Stack, Stage } from 'aws-cdk-lib';\nimport * as iam from 'aws-cdk-lib/aws-iam';\nimport { Construct } from 'constructs';\n" +
    `const app = new App();\n${body}\n`;
  const root = tempTree({ 'app/cdk.json': '{}', 'app/app.ts': source }, 'credlint-cdk-stack-names-');
  const result = await lint({ paths: [root], cwd: root, reportUnknown: true });
  return result.findings.map((f) => `${f.severity} ${f.ruleId} ${f.message}`);
}

const keys = (stack: string, name: string): string =>
  `const u = new iam.User(${stack}, 'U', { userName: \`\${${stack}.stackName}-ci\` });\n` +
  `new iam.AccessKey(${stack}, 'K1', { user: u });\nnew iam.CfnAccessKey(${stack}, 'K2', { userName: '${name}' });`;

describe('stackName in CDK source', () => {
  it('the stackName prop names the stack (no finding before)', async () => {
    expect(await findings(`const s = new Stack(app, 'Prod', { stackName: 'prod' });\n${keys('s', 'prod-ci')}`)).toEqual([
      'error multiple-active-access-keys IAM user "prod-ci" has 2 active access keys (Prod/K1, Prod/K2); at most one may be active.',
    ]);
  });

  it('without the prop, a stack in the App is named after its construct id', async () => {
    expect(await findings(`const s = new Stack(app, 'Prod');\n${keys('s', 'Prod-ci')}`)).toEqual([
      'error multiple-active-access-keys IAM user "Prod-ci" has 2 active access keys (Prod/K1, Prod/K2); at most one may be active.',
    ]);
    expect(await findings(`const s = new Stack(app, 'Prod');\n${keys('s', 'prod-users-ci')}`)).toEqual([]);
  });

  it('a stack in a nested Stage is named after the stages and its id', async () => {
    const stages = "const outer = new Stage(app, 'Outer');\nconst inner = new Stage(outer, 'Inner', { stageName: 'in' });\nconst s = new Stack(inner, 'Api');";
    expect(await findings(`${stages}\n${keys('s', 'Outer-in-Api-ci')}`)).toHaveLength(1);
    expect(await findings(`${stages}\n${keys('s', 'Api-ci')}`)).toEqual([]);
  });

  it('a stack below a plain construct has a name credlint does not compute: a warning, not a silent no', async () => {
    const result = await findings(`const group = new Construct(app, 'Group');\nconst s = new Stack(group, 'Prod');\n${keys('s', 'Prod-ci')}`);
    expect(result).toHaveLength(1);
    expect(result[0]).toMatch(
      /^warning multiple-active-access-keys Cannot tell whether .*K2 is a second active access key of a user: its user "Prod-ci" may be IAM user .*U/,
    );
    // What is known of the name rules the other user out.
    expect(await findings(`const group = new Construct(app, 'Group');\nconst s = new Stack(group, 'Prod');\n${keys('s', 'Prod-deploy')}`)).toEqual([]);
  });
});
