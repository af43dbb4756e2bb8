import { describe, expect, it } from 'vitest';
import { HEADER, summarise as summary } from '../support/cdk-source-harness.js';

describe('CDK source extractor: a class property set from the same-named property of its props', () => {
  const STAFF =
    HEADER +
    "import { Construct } from 'constructs';\n" +
    'export interface Config { readonly name: string; readonly keys: number }\n' +
    'export class Staff extends Construct {\n' +
    '  readonly config: Config;\n' +
    '  constructor(scope: Construct, id: string, props: { config: Config }) {\n' +
    '    super(scope, id);\n' +
    '    this.config = props.config;\n' +
    '  }\n' +
    '}\n';

  it('reads `this.config = props.config` back through the instance: the value is stored under its own name again', () => {
    const result = summary({
      'lib/staff.ts': STAFF,
      'bin/app.ts':
        HEADER +
        "import { Staff } from '../lib/staff';\n" +
        "const stack = new cdk.Stack(new cdk.App(), 'Team');\n" +
        "const staff = new Staff(stack, 'Ana', { config: { name: 'ana', keys: 2 } });\n" +
        'for (let i = 0; i < staff.config.keys; i++) new iam.CfnAccessKey(stack, `Key${i}`, { userName: staff.config.name });\n',
    });
    expect(result.diagnostics).toEqual([]);
    expect(result.keys).toEqual(['Team/Key0 | name ana | Active', 'Team/Key1 | name ana | Active']);
  });

  it('still takes the value as changed where it is stored under that name of an instance of another class', () => {
    const result = summary({
      'lib/staff.ts': STAFF,
      'bin/app.ts':
        HEADER +
        "import { Staff, Config } from '../lib/staff';\n" +
        "class Holder { config: Config = { name: 'x', keys: 0 }; }\n" +
        "const stack = new cdk.Stack(new cdk.App(), 'Team');\n" +
        "const staff = new Staff(stack, 'Ana', { config: { name: 'ana', keys: 2 } });\n" +
        'const holder = new Holder();\n' +
        'holder.config = staff.config;\n' +
        "new iam.CfnAccessKey(stack, 'Key', { userName: staff.config.name });\n",
    });
    expect(result.keys).toEqual([
      'Team/Key | ? staff.config is changed after it is set (holder.config = staff.config, which credlint does not follow) | Active',
    ]);
  });
});
