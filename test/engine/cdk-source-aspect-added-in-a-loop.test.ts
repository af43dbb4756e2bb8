/**
 * An Aspect added in a loop's body to the stack the same iteration creates (`const stack = new
 * TeamStack(...); Aspects.of(stack).add(new RetireKeys())`) certainly runs on that stack's keys, as one
 * added at a file's top level does: the add runs whenever the `new` before it does. Something between
 * them that may leave the loop's body (`continue`), a `try` around them, or an add under a condition
 * leaves it an Aspect that may run.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { lint } from '../../src/engine.js';
import { removeTempTrees, tempTree } from '../support/temp-tree.js';

afterAll(removeTempTrees);

const HEAD =
  "import { App, Aspects, IAspect, Stack, StackProps } from 'aws-cdk-lib';\nimport * as iam from 'aws-cdk-lib/aws-iam';\nimport { Construct, IConstruct } from 'constructs';\n" +
  "class RetireKeys implements IAspect {\n  visit(node: IConstruct): void {\n    if (node instanceof iam.CfnAccessKey) node.status = 'Inactive';\n  }\n}\n" +
  'class TeamStack extends Stack {\n  constructor(scope: Construct, id: string, props: StackProps) {\n    super(scope, id, props);\n' +
  "    const user = new iam.User(this, 'Deploy', { userName: 'deploy' });\n    new iam.AccessKey(this, 'Key', { user });\n    new iam.AccessKey(this, 'NextKey', { user });\n  }\n}\n" +
  'const app = new App();\n';

async function findings(loop: string): Promise<string[]> {
  const root = tempTree(
    { 'package.json': '{"dependencies": {"aws-cdk-lib": "2.0.0"}}', 'cdk.json': '{"app": "npx ts-node app.ts"}', 'app.ts': HEAD + loop },
    'credlint-aspect-loop-',
  );
  const result = await lint({ paths: [root], cwd: root, reportUnknown: true });
  return result.findings.map((f) => `${f.severity} ${f.message}`);
}

const LOOP =
  "for (const [stage, account] of [['dev', '111111111111'], ['prod', '222222222222']]) {\n  const stack = new TeamStack(app, `Team-${stage}`, { env: { account } });\n";

describe('an Aspect added in a loop to the stack the same iteration creates', () => {
  it('certainly retires that stack’s keys', async () => {
    expect(await findings(LOOP + '  stack.addDependency;\n  Aspects.of(stack).add(new RetireKeys());\n}\n')).toEqual([]);
  });

  it('in a forEach callback, certainly retires them too', async () => {
    expect(
      await findings(
        "['dev', 'prod'].forEach((stage) => {\n  const stack = new TeamStack(app, `Team-${stage}`, {});\n  Aspects.of(stack).add(new RetireKeys());\n});\n",
      ),
    ).toEqual([]);
  });

  it('may not run when the body may leave between the stack and the add', async () => {
    const result = await findings(LOOP + '  if (process.env.SKIP) continue;\n  Aspects.of(stack).add(new RetireKeys());\n}\n');
    expect(result).toHaveLength(2);
    expect(result[0]).toMatch(/^warning .*may have 2 active access keys .*the Aspect RetireKeys \(node.status = 'Inactive'\) may change its Status/);
  });

  it('may not run inside a try, or under a condition', async () => {
    expect(await findings('try {\n' + LOOP + "  Aspects.of(stack).add(new RetireKeys());\n}\n} catch {\n  console.error('no');\n}\n")).toHaveLength(2);
    expect(await findings(LOOP + "  if (stage === 'prod') Aspects.of(stack).add(new RetireKeys());\n}\n")).toHaveLength(2);
  });
});
