import { describe, expect, it } from 'vitest';
import { HEADER, summarise } from '../support/cdk-source-harness.js';

// The test beside `instanceof` leaves the change one that may run (the reach is what is tested here).
const RETIRE = "{ visit(node: any) { if (node instanceof iam.CfnAccessKey && node.node.id !== 'Kept') node.status = 'Inactive'; } }";

// `cdk synth` (aws-cdk-lib 2.276) of each app: an Aspect does not visit constructs inside a Stage below
// its scope (each Stage is synthesized with its own Aspects), while a loop over `node.findAll()` does.
describe('CDK source extractor: Aspects and Stages', () => {
  it('leaves the keys inside a Stage below the scope of an Aspect unchanged, and may change those outside', () => {
    const result = summarise({
      'app.ts':
        HEADER +
        'const app = new cdk.App();\n' +
        "const prod = new cdk.Stack(new cdk.Stage(app, 'Prod'), 'Keys');\n" +
        "new iam.CfnAccessKey(prod, 'K', { userName: 'ci' });\n" +
        "const top = new cdk.Stack(app, 'Top');\n" +
        "new iam.CfnAccessKey(top, 'K', { userName: 'ops' });\n" +
        `cdk.Aspects.of(app).add(${RETIRE});\n`,
    });
    expect(result.keys).toEqual([
      'Keys/K | name ci | Active',
      "Top/K | name ops | ? the Aspect passed to Aspects.of(...).add (node.status = 'Inactive') may change its Status",
    ]);
  });

  it('may change the keys of a Stage subclass it is added to through `this`', () => {
    const result = summarise({
      'app.ts':
        HEADER +
        'class Env extends cdk.Stage {\n' +
        '  constructor(scope: cdk.App, id: string) {\n' +
        '    super(scope, id);\n' +
        "    new iam.CfnAccessKey(new cdk.Stack(this, 'Keys'), 'K', { userName: id });\n" +
        `    cdk.Aspects.of(this).add(${RETIRE});\n` +
        '  }\n' +
        '}\n' +
        'const app = new cdk.App();\n' +
        "new Env(app, 'Prod');\n",
    });
    expect(result.keys).toEqual(["Env/K | name Prod | ? the Aspect Env (node.status = 'Inactive') may change its Status"]);
  });

  it('may change the keys inside a Stage through a loop over findAll() of the App', () => {
    const result = summarise({
      'app.ts':
        HEADER +
        'const app = new cdk.App();\n' +
        "const dev = new cdk.Stack(new cdk.Stage(app, 'Dev'), 'Keys');\n" +
        "new iam.CfnAccessKey(dev, 'K', { userName: 'dev' });\n" +
        "for (const c of app.node.findAll()) if (c instanceof iam.CfnAccessKey) c.status = 'Inactive';\n",
    });
    expect(result.keys).toEqual(["Keys/K | name dev | ? the loop over app.node.findAll() (c.status = 'Inactive') may change its Status"]);
  });
});
