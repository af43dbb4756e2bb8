/**
 * A call through a quoted member name (`team['fill'](names)`, `this['add'](n)`, `lib['fill'](...)`)
 * runs the same project method or function as the dotted call: JavaScript reads `x['fill']` exactly as
 * `x.fill`. It is followed per call, its arguments bound, like the dotted call (README, "CDK source").
 */
import { describe, expect, it } from 'vitest';
import { HEADER, summarise } from '../support/cdk-source-harness.js';

const KEYS = `${HEADER}
export class Keys {
  constructor(private readonly stack: cdk.Stack) {}
  private add(n: string) {
    new iam.CfnAccessKey(this.stack, \`Key\${n}\`, { userName: 'ana' });
  }
  fill(names: string[]) {
    for (const n of names) this['add'](n);
  }
}
`;

describe('calls through a quoted member name', () => {
  it("follow a local instance's method and a private method through this, per call", () => {
    const app = `${KEYS}\nconst stack = new cdk.Stack(new cdk.App(), 'People');\nconst keys = new Keys(stack);\nkeys['fill'](['a', 'b']);\n`;
    expect(summarise({ 'app.ts': app }).keys).toEqual(['Keys/Keya | name ana | Active', 'Keys/Keyb | name ana | Active']);
  });

  it('read the same as the dotted call', () => {
    const quoted = `${KEYS}\nconst stack = new cdk.Stack(new cdk.App(), 'People');\nconst keys = new Keys(stack);\nkeys[\`fill\`](['a']);\n`;
    const dotted = quoted.replace('keys[`fill`]', 'keys.fill').replace("this['add']", 'this.add');
    expect(summarise({ 'app.ts': quoted })).toEqual(summarise({ 'app.ts': dotted }));
  });

  it("follow a function of a project module imported whole (lib['fill'](...), new lib.Filler(...))", () => {
    const lib = `${HEADER}
export function fill(scope: cdk.Stack, names: string[]) {
  for (const n of names) new iam.CfnAccessKey(scope, \`Key\${n}\`, { userName: n });
}
export class Filler extends cdk.Stack {
  constructor(scope: cdk.App, id: string, names: string[]) {
    super(scope, id);
    for (const n of names) new iam.CfnAccessKey(this, \`Key\${n}\`, { userName: n });
  }
}
`;
    const app = `${HEADER}import * as lib from './lib';\nconst app = new cdk.App();\nlib['fill'](new cdk.Stack(app, 'People'), ['ana', 'root']);\nnew lib.Filler(app, 'Staff', ['bo']);\n`;
    expect(summarise({ 'lib.ts': lib, 'app.ts': app }).keys).toEqual([
      'lib/Keyana | name ana | Active',
      'lib/Keyroot | name root | Active',
      'Filler/Keybo | name bo | Active',
    ]);
  });

  it("iterate names['forEach'](cb) and names['map'](cb) as the dotted calls", () => {
    const app = `${HEADER}const stack = new cdk.Stack(new cdk.App(), 'People');\nconst names = ['ana', 'bo'];\nnames['forEach']((n) => new iam.CfnAccessKey(stack, \`Key\${n}\`, { userName: n }));\n`;
    expect(summarise({ 'app.ts': app }).keys).toEqual(['People/Keyana | name ana | Active', 'People/Keybo | name bo | Active']);
  });

  it('see a value changed by a method called through a quoted name', () => {
    const app = `${HEADER}
class Roster {
  addRoot(list: string[]) {
    list.push('root');
  }
}
const stack = new cdk.Stack(new cdk.App(), 'People');
const roster = new Roster();
const names = ['ana'];
roster['addRoot'](names);
for (const n of names) new iam.CfnAccessKey(stack, \`Key\${n}\`, { userName: n });
`;
    const keys = summarise({ 'app.ts': app }).keys;
    expect(keys).toHaveLength(1);
    expect(keys[0]).toMatch(/^People\/`Key\$\{n\}` \| \? .*roster\['addRoot'\]\(names\)/);
  });

  it('see a value changed by a project class reached through a module imported whole, or by a function credlint cannot tell', () => {
    const lib = `export class Filler {\n  constructor(list: string[]) {\n    list.push('root');\n  }\n}\n`;
    const loop = 'for (const n of names) new iam.CfnAccessKey(stack, `Key${n}`, { userName: n });\n';
    const app = (change: string) =>
      `${HEADER}import * as lib from './lib';\nconst stack = new cdk.Stack(new cdk.App(), 'People');\nconst names = ['ana'];\n${change}\n${loop}`;
    for (const [change, shown] of [
      ['new lib.Filler(names);', 'new lib.Filler(names)'],
      ["const fns = [(l: string[]) => l.push('root')];\nfns[0](names);", 'fns[0](names)'],
    ] as const) {
      const keys = summarise({ 'lib.ts': lib, 'app.ts': app(change) }).keys;
      expect(keys).toHaveLength(1);
      expect(keys[0]).toContain('| ? ');
      expect(keys[0]).toContain(shown);
    }
    // `names['push']` is Array's own push, which the walk runs in order (`filled-objects.ts`): the array is known after it.
    expect(summarise({ 'lib.ts': lib, 'app.ts': app("names['push']('root');") }).keys).toEqual([
      'People/Keyana | name ana | Active',
      'People/Keyroot | name root | Active',
    ]);
  });

  it('take a package class or a global given a value as not changing it', () => {
    const app = `${HEADER}const stack = new cdk.Stack(new cdk.App(), 'People');\nconst names = ['ana', 'bo'];\nnew cdk.CfnOutput(stack, 'Names', { value: names.join(',') });\nnew Intl.ListFormat('en').format(names);\nfor (const n of names) new iam.CfnAccessKey(stack, \`Key\${n}\`, { userName: n });\n`;
    expect(summarise({ 'app.ts': app }).keys).toEqual(['People/Keyana | name ana | Active', 'People/Keybo | name bo | Active']);
  });
});
