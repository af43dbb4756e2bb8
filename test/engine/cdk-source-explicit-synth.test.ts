/**
 * The first `synth()` of an App or Stage fixes its cloud assembly: aws-cdk-lib 2.276 hands back that
 * assembly on later calls and at the App's own synthesis as the process exits ("Only the results of the
 * first synth() call are used, and modifications done after it are ignored"), or fails the app. Each
 * verdict below was checked by running the app with `CDK_OUTDIR` set and reading the templates.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { lint } from '../../src/engine.js';
import { removeTempTrees, tempTree } from '../support/temp-tree.js';

afterAll(removeTempTrees);

const HEADER =
  "import { App, Aspects, Stack, Stage, SecretValue } from 'aws-cdk-lib';\nimport * as iam from 'aws-cdk-lib/aws-iam';\nimport type { IConstruct } from 'constructs';\n";
const SETUP = "const app = new App();\nconst stack = new Stack(app, 'S');\nconst user = new iam.User(stack, 'Ci', { userName: 'ci' });\n";
const KEYS_OF_CI = 'IAM user "ci" has [23] active access keys';

async function findings(body: string): Promise<string[]> {
  const root = tempTree(
    { 'package.json': '{"dependencies": {"aws-cdk-lib": "2.0.0"}}', 'cdk.json': '{"app": "npx ts-node app.ts"}', 'app.ts': HEADER + body },
    'credlint-explicit-synth-',
  );
  const result = await lint({ paths: [root], cwd: root, reportUnknown: true });
  return result.findings.map((f) => `${f.severity} ${f.ruleId} ${f.message}`);
}

describe('constructs created after an explicit synth()', () => {
  it.each([
    ['at the top level', `${SETUP}new iam.AccessKey(stack, 'K1', { user });\napp.synth();\nnew iam.AccessKey(stack, 'K2', { user });\n`],
    ['with options', `${SETUP}new iam.AccessKey(stack, 'K1', { user });\napp.synth({ skipValidation: true });\nnew iam.AccessKey(stack, 'K2', { user });\n`],
    ['as an expression', `${SETUP}new iam.AccessKey(stack, 'K1', { user });\nconst assembly = app.synth();\nnew iam.AccessKey(stack, 'K2', { user });\n`],
    [
      'in a function called before',
      `${SETUP}function finish(): void {\n  app.synth();\n}\nnew iam.AccessKey(stack, 'K1', { user });\nfinish();\nnew iam.AccessKey(stack, 'K2', { user });\n`,
    ],
    [
      'of an App passed as a parameter',
      `${SETUP}function finish(a: App): void {\n  a.synth();\n}\nnew iam.AccessKey(stack, 'K1', { user });\nfinish(app);\nnew iam.AccessKey(stack, 'K2', { user });\n`,
    ],
    ['in a loop', `${SETUP}for (const id of ['K1', 'K2']) {\n  new iam.AccessKey(stack, id, { user });\n  app.synth();\n}\n`],
    [
      'in a new stack',
      `${SETUP}new iam.AccessKey(stack, 'K1', { user });\napp.synth();\nconst later = new Stack(app, 'Later');\nnew iam.AccessKey(later, 'K2', { user: iam.User.fromUserName(later, 'Ci', 'ci') });\n`,
    ],
    [
      'in a try block',
      `${SETUP}new iam.AccessKey(stack, 'K1', { user });\ntry {\n  app.synth();\n} catch {\n  process.exit(1);\n}\nnew iam.AccessKey(stack, 'K2', { user });\n`,
    ],
    [
      'in a timer callback',
      `${SETUP}new iam.AccessKey(stack, 'K1', { user });\napp.synth();\nsetTimeout(() => {\n  new iam.AccessKey(stack, 'K2', { user });\n}, 10);\n`,
    ],
    [
      'in an async function, after its own synth()',
      "async function main(): Promise<void> {\n  const app = new App();\n  const stack = new Stack(app, 'S');\n  const user = new iam.User(stack, 'Ci', { userName: 'ci' });\n" +
        "  await Promise.resolve();\n  new iam.AccessKey(stack, 'K1', { user });\n  app.synth();\n  new iam.AccessKey(stack, 'K2', { user });\n}\nvoid main();\n",
    ],
    [
      'in a Stage synthesized before (a Stage inside it too)',
      "const app = new App();\nconst outer = new Stage(app, 'Outer');\nconst inner = new Stage(outer, 'Inner');\nconst stack = new Stack(inner, 'S');\n" +
        "const user = new iam.User(stack, 'Ci', { userName: 'ci' });\nnew iam.AccessKey(stack, 'K1', { user });\nouter.synth();\nnew iam.AccessKey(stack, 'K2', { user });\n",
    ],
    [
      'a console user key',
      "const app = new App();\nconst stack = new Stack(app, 'S');\nconst user = new iam.User(stack, 'Ana', { userName: 'ana', password: SecretValue.unsafePlainText('Initial-Passw0rd!') });\n" +
        "app.synth();\nnew iam.AccessKey(stack, 'K1', { user });\n",
    ],
  ])('are not deployed: %s', async (_, body) => {
    expect(await findings(body)).toEqual([]);
  });

  it.each([
    ['synth() last', `${SETUP}new iam.AccessKey(stack, 'K1', { user });\nnew iam.AccessKey(stack, 'K2', { user });\napp.synth();\n`],
    [
      'synth() in a .then callback',
      `${SETUP}new iam.AccessKey(stack, 'K1', { user });\nvoid Promise.resolve().then(() => app.synth());\nnew iam.AccessKey(stack, 'K2', { user });\n`,
    ],
    [
      'a Stage of its own per loop element',
      "const app = new App();\nfor (const env of ['Dev', 'Prod']) {\n  const stage = new Stage(app, env);\n  const stack = new Stack(stage, 'S');\n" +
        "  new iam.AccessKey(stack, 'K1', { user: new iam.User(stack, 'Ci', { userName: 'ci' }) });\n  stage.synth();\n}\n" +
        "const top = new Stack(app, 'Top');\nnew iam.AccessKey(top, 'K2', { user: iam.User.fromUserName(top, 'Ci', 'ci') });\n",
    ],
    [
      'a second App made after the first was synthesized',
      `${SETUP}new iam.AccessKey(stack, 'K1', { user });\napp.synth();\nconst app2 = new App();\nconst stack2 = new Stack(app2, 'S2');\n` +
        "const user2 = new iam.User(stack2, 'Ci', { userName: 'ci' });\nnew iam.AccessKey(stack2, 'K2', { user: user2 });\nnew iam.AccessKey(stack2, 'K3', { user: user2 });\n",
    ],
    [
      "another Stage's synth()",
      "const app = new App();\nconst stage = new Stage(app, 'Prod');\nnew Stack(stage, 'S');\nstage.synth();\nconst stack = new Stack(app, 'Top');\n" +
        "const user = new iam.User(stack, 'Ci', { userName: 'ci' });\nnew iam.AccessKey(stack, 'K1', { user });\nnew iam.AccessKey(stack, 'K2', { user });\n",
    ],
  ])('are deployed otherwise: %s', async (_, body) => {
    const found = await findings(body);
    expect(found).toHaveLength(1);
    expect(found[0]).toMatch(new RegExp(`^error multiple-active-access-keys ${KEYS_OF_CI}`));
  });

  it.each([
    ['addPropertyOverride', "(next.node.defaultChild as iam.CfnAccessKey).addPropertyOverride('Status', 'Inactive');\n"],
    ['an L1 property', "(next.node.defaultChild as iam.CfnAccessKey).status = 'Inactive';\n"],
    [
      'an Aspect',
      "Aspects.of(next).add({\n  visit(node: IConstruct): void {\n    if (node instanceof iam.CfnAccessKey) node.status = 'Inactive';\n  },\n});\n",
    ],
  ])('do not reach the template when made after synth(): %s', async (_, change) => {
    const keys = `${SETUP}new iam.AccessKey(stack, 'K1', { user });\nconst next = new iam.AccessKey(stack, 'K2', { user });\n`;
    const after = await findings(`${keys}app.synth();\n${change}`);
    expect(after).toHaveLength(1);
    expect(after[0]).toMatch(new RegExp(`^error multiple-active-access-keys ${KEYS_OF_CI}`));
    expect(await findings(`${keys}${change}app.synth();\n`)).toEqual([]);
  });

  it.each([
    [
      'synth() under an undecided if',
      `${SETUP}new iam.AccessKey(stack, 'K1', { user });\nif (process.env.EARLY) app.synth();\nnew iam.AccessKey(stack, 'K2', { user });\n`,
      /created after app\.synth\(\) at line 8 of app\.ts, which may run before it \(created only if process\.env\.EARLY/,
    ],
    [
      'a later synth({ force: true })',
      `${SETUP}new iam.AccessKey(stack, 'K1', { user });\napp.synth();\nnew iam.AccessKey(stack, 'K2', { user });\napp.synth({ force: true });\n`,
      /created after app\.synth\(\) at line 8 of app\.ts, whose cloud assembly a later app\.synth\(\{ force: true \}\) at line 10 of app\.ts may synthesize again/,
    ],
  ])('are of unknown existence: %s', async (_, body, reason) => {
    const found = await findings(body);
    expect(found).toHaveLength(1);
    expect(found[0]).toMatch(/^warning multiple-active-access-keys /);
    expect(found[0]).toMatch(reason);
  });
});
