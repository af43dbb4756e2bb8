import { describe, expect, it } from 'vitest';
import { HEADER, summarise } from '../support/cdk-source-harness.js';

/** An app with `body` after two keys of user "ci" in stack `S` (`const stack`) and one of "ops" in `O`. */
function keys(body: string): string[] {
  return summarise({
    'app.ts':
      HEADER +
      "import type { IConstruct } from 'constructs';\n" +
      'const app = new cdk.App();\n' +
      "const stack = new cdk.Stack(app, 'S');\n" +
      "new iam.CfnAccessKey(stack, 'K1', { userName: 'ci' });\n" +
      "new iam.CfnAccessKey(stack, 'K2', { userName: 'ci', status: 'Inactive' });\n" +
      "const other = new cdk.Stack(app, 'O');\n" +
      "new iam.CfnAccessKey(other, 'K', { userName: 'ops' });\n" +
      body,
  }).keys;
}

// Each verdict is what `cdk synth` (aws-cdk-lib 2.276) writes for the same app.
describe('CDK source extractor: an Aspect that certainly changes every key of its scope', () => {
  it('decides the Status of each key below a scope it is certainly added to, under `if (node instanceof iam.CfnAccessKey)` alone', () => {
    expect(keys("cdk.Aspects.of(stack).add({ visit(node: IConstruct) { if (node instanceof iam.CfnAccessKey) { node.status = 'Active'; } } });\n")).toEqual([
      'S/K1 | name ci | Active',
      'S/K2 | name ci | Active',
      'O/K | name ops | Active',
    ]);
  });

  it('decides for each instance of a stack class that adds it to `this` in its constructor', () => {
    const result = summarise({
      'app.ts':
        HEADER +
        "import type { IConstruct } from 'constructs';\n" +
        'class Retire implements cdk.IAspect {\n' +
        "  visit(node: IConstruct): void { if (node instanceof iam.CfnAccessKey) node.status = 'Inactive'; }\n" +
        '}\n' +
        'class Keys extends cdk.Stack {\n' +
        '  constructor(scope: cdk.App, id: string) {\n' +
        '    super(scope, id);\n' +
        "    new iam.CfnAccessKey(this, 'K', { userName: 'ci' });\n" +
        '    cdk.Aspects.of(this).add(new Retire());\n' +
        '  }\n' +
        '}\n' +
        "new Keys(new cdk.App(), 'A');\n",
    });
    expect(result.keys).toEqual(['Keys/K | name ci | Inactive']);
  });

  it('removes the login profile of each user of the scope where it certainly deletes it', () => {
    const result = summarise({
      'app.ts':
        HEADER +
        "import type { IConstruct } from 'constructs';\n" +
        'const app = new cdk.App();\n' +
        "const stack = new cdk.Stack(app, 'S');\n" +
        "new iam.User(stack, 'U', { userName: 'ci', password: cdk.SecretValue.unsafePlainText('x') });\n" +
        "new iam.CfnUser(stack, 'C', { userName: 'ops', loginProfile: { password: 'x' } });\n" +
        "cdk.Aspects.of(app).add({ visit: (node: IConstruct) => { if (node instanceof iam.CfnUser) node.addPropertyDeletionOverride('LoginProfile'); } });\n",
    });
    expect(result.profiles).toEqual([]);
  });

  it('leaves it undecided under another test, after an early return, with a second Aspect, or added under a condition', () => {
    const retire = (test: string) => `{ visit(node: IConstruct) { if (${test}) node.status = 'Inactive'; } }`;
    const undecided = "? the Aspect passed to Aspects.of(...).add (node.status = 'Inactive') may change its Status";
    for (const body of [
      `cdk.Aspects.of(stack).add(${retire("node instanceof iam.CfnAccessKey && node.node.id === 'K1'")});\n`,
      "cdk.Aspects.of(stack).add({ visit(node: IConstruct) { if (node.node.id === 'K2') return; if (node instanceof iam.CfnAccessKey) node.status = 'Inactive'; } });\n",
      `if (process.env.RETIRE) cdk.Aspects.of(stack).add(${retire('node instanceof iam.CfnAccessKey')});\n`,
    ])
      expect(keys(body)).toEqual([`S/K1 | name ci | ${undecided}`, 'S/K2 | name ci | Inactive', 'O/K | name ops | Active']);
    const two = keys(
      `cdk.Aspects.of(stack).add(${retire('node instanceof iam.CfnAccessKey')});\ncdk.Aspects.of(app).add(${retire('node instanceof iam.CfnAccessKey')});\n`,
    );
    expect(two[0]).toBe(`S/K1 | name ci | ${undecided}`);
  });
});
