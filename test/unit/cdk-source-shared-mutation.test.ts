import { describe, expect, it } from 'vitest';
import { HEADER, summarise as summary } from '../support/cdk-source-harness.js';

/** A stack class `Ops` with `names: string[] = ['ana']` and `cfg = { user: 'bob' }`, and a method creating a key per name and one for `cfg.user`. */
const OPS =
  HEADER +
  "export class Ops extends cdk.Stack {\n  names: string[] = ['ana'];\n  cfg = { user: 'bob' };\n" +
  '  constructor(scope: cdk.App, id: string) {\n    super(scope, id);\n  }\n' +
  '  keys(): void {\n' +
  '    for (const name of this.names) new iam.CfnAccessKey(this, `Key-${name}`, { userName: name });\n' +
  "    new iam.CfnAccessKey(this, 'Cfg', { userName: this.cfg.user });\n  }\n}\n";

const KNOWN = ['Ops/Key-ana | name ana | Active', 'Ops/Cfg | name bob | Active'];

describe('CDK source extractor: class properties and module values changed where they are shared', () => {
  it('takes a class property changed through an alias as unknown', () => {
    const { keys } = summary({
      'app.ts':
        HEADER +
        "class Ops extends cdk.Stack {\n  readonly names: string[] = ['ana'];\n  readonly cfg = { user: 'bob' };\n" +
        "  constructor(scope: cdk.App) {\n    super(scope, 'Ops');\n    const list = this.names;\n    list.push('root');\n" +
        "    const cfg = this.cfg;\n    Object.assign(cfg, { user: 'root' });\n" +
        '    for (const name of this.names) new iam.CfnAccessKey(this, `Key-${name}`, { userName: name });\n' +
        "    new iam.CfnAccessKey(this, 'Cfg', { userName: this.cfg.user });\n  }\n}\nnew Ops(new cdk.App());\n",
    });
    expect(keys).toEqual([
      "Ops/`Key-${name}` | ? name is not known statically | Active | created once per element of this.names: this.names is changed after it is set (list = this.names; list.push('root'))",
      "Ops/Cfg | ? this.cfg is changed after it is set (cfg = this.cfg; Object.assign(cfg, { user: 'root' })) | Active",
    ]);
  });

  it('takes a class property changed through a destructured name as unknown', () => {
    const { keys } = summary({
      'app.ts':
        HEADER +
        "class Ops extends cdk.Stack {\n  readonly names: string[] = ['ana'];\n" +
        "  constructor(scope: cdk.App) {\n    super(scope, 'Ops');\n    const { names } = this;\n    names.push('root');\n" +
        '    for (const name of this.names) new iam.CfnAccessKey(this, `Key-${name}`, { userName: name });\n  }\n}\nnew Ops(new cdk.App());\n',
    });
    expect(keys).toEqual([
      "Ops/`Key-${name}` | ? name is not known statically | Active | created once per element of this.names: this.names is changed after it is set ({ names } = this; names.push('root'))",
    ]);
  });

  it('takes a property declared in a base class and changed in a subclass as unknown', () => {
    const { keys } = summary({
      'app.ts':
        HEADER +
        "class Base extends cdk.Stack {\n  readonly names: string[] = ['ana'];\n" +
        '  keys(): void {\n    for (const name of this.names) new iam.CfnAccessKey(this, `Key-${name}`, { userName: name });\n  }\n}\n' +
        "class Ops extends Base {\n  constructor(scope: cdk.App) {\n    super(scope, 'Ops');\n    this.names.push('root');\n    this.keys();\n  }\n}\n" +
        'new Ops(new cdk.App());\n',
    });
    // The method runs for the subclass's instance; its keys are addressed as walked in the base class.
    expect(keys).toEqual([
      "Base/`Key-${name}` | ? name is not known statically | Active | created once per element of this.names: this.names is changed after it is set (this.names.push('root'))",
    ]);
  });

  it('takes a property changed through an instance outside the class as unknown, however it is changed', () => {
    const cases: Record<string, string> = {
      push: "stack.names.push('root');",
      quoted: "stack['names'].push('root');",
      assign: "Object.assign(stack.cfg, { user: 'root' });",
      write: "stack.cfg.user = 'root';",
      replace: "stack.names = ['root'];",
      alias: "const list = stack.names;\nlist.splice(0, 1, 'root');",
      destructured: "const { names, cfg: config } = stack;\nnames.push('root');\nconfig.user = 'root';",
      // The file never writes `names` as such: only the escape spells it.
      'destructured by an escaped name': "const { n\\u0061mes: list } = stack;\nlist.push('root');",
      handed: "const fill = (list: string[]) => list.push('root');\nfill(stack.names);",
      method: "const helper = { fill: (list: string[]) => list.push('root') };\nhelper.fill(stack.names);",
    };
    for (const [name, change] of Object.entries(cases)) {
      const { keys } = summary({
        'ops.ts': OPS,
        'app.ts': `import * as cdk from 'aws-cdk-lib';\nimport { Ops } from './ops';\nconst stack = new Ops(new cdk.App(), 'Ops');\n${change}\nstack.keys();\n`,
      });
      expect(keys, name).not.toEqual(KNOWN);
      expect(
        keys.some((k) => k.includes('?')),
        name,
      ).toBe(true);
    }
  });

  it('keeps a property read, iterated, copied or handed to a package function outside the class as declared', () => {
    const { keys } = summary({
      'ops.ts': OPS,
      'app.ts':
        "import * as cdk from 'aws-cdk-lib';\nimport { Ops } from './ops';\nconst stack = new Ops(new cdk.App(), 'Ops');\n" +
        "const copy = [...stack.names];\ncopy.push('root');\nconst joined = cdk.Fn.join(',', stack.names);\n" +
        'for (const name of stack.names) console.log(name, stack.cfg.user, JSON.stringify(stack.cfg), joined);\n' +
        // Another class's property of the same name is not this one, nor is it changed through another class's instance.
        "class Other {\n  names: string[] = [];\n  add(): void {\n    this.names.push('root');\n  }\n}\nnew Other().add();\nconst other = new Other();\nother.names.push('root');\nstack.keys();\n",
    });
    expect(keys).toEqual(KNOWN);
  });

  it('takes a module-level array or object changed by a module importing it as unknown', () => {
    const { keys } = summary({
      'names.ts': "export const NAMES: string[] = ['ana'];\nexport const CFG = { user: 'bob' };\nexport const KEPT = ['carl'];\n",
      'extra.ts': "import { NAMES } from './names';\nimport * as all from './names';\nNAMES.push('root');\nall.CFG.user = 'root';\n",
      'app.ts':
        HEADER +
        "import './extra';\nimport { NAMES, CFG, KEPT } from './names';\nconst stack = new cdk.Stack(new cdk.App(), 'Ops');\n" +
        'for (const name of NAMES) new iam.CfnAccessKey(stack, `Key-${name}`, { userName: name });\n' +
        "new iam.CfnAccessKey(stack, 'Cfg', { userName: CFG.user });\n" +
        'for (const name of KEPT) new iam.CfnAccessKey(stack, `Kept-${name}`, { userName: name });\n',
    });
    expect(keys).toEqual([
      "Ops/`Key-${name}` | ? name is not known statically | Active | created once per element of NAMES: NAMES is changed after it is declared (NAMES.push('root'))",
      "Ops/Cfg | ? CFG is changed after it is declared (all.CFG.user = 'root') | Active",
      'Ops/Kept-carl | name carl | Active',
    ]);
  });

  it('takes a module-level Set or array filled by a module importing it as unknown, not as declared', () => {
    const { keys } = summary({
      'names.ts': "export const NAMES = new Set<string>(['ana']);\nexport const LIST: string[] = [];\n",
      'extra.ts': "import { NAMES, LIST } from './names';\nNAMES.add('root');\nLIST.push('root');\n",
      'app.ts':
        HEADER +
        "import './extra';\nimport { NAMES, LIST } from './names';\nconst stack = new cdk.Stack(new cdk.App(), 'Ops');\n" +
        'for (const name of NAMES) new iam.CfnAccessKey(stack, `Key-${name}`, { userName: name });\n' +
        'for (const name of LIST) new iam.CfnAccessKey(stack, `List-${name}`, { userName: name });\n',
    });
    expect(keys).toEqual([
      "Ops/`Key-${name}` | ? name is not known statically | Active | created once per element of NAMES: NAMES is changed after it is declared (NAMES.add('root'))",
      "Ops/`List-${name}` | ? name is not known statically | Active | created once per element of LIST: LIST is changed after it is declared (LIST.push('root'))",
    ]);
  });

  it('finds the change made by a module importing the value through a re-export or `import = require`', () => {
    const { keys } = summary({
      'names.ts': "export const NAMES: string[] = ['ana'];\nexport const CFG = { user: 'bob' };\nexport const KEPT = ['carl'];\n",
      'index.ts': "export { NAMES, KEPT } from './names';\n",
      'extra.ts': "import { NAMES as LIST } from './index';\nLIST.push('root');\n",
      'more.ts': "import names = require('./names');\nnames.CFG.user = 'root';\n",
      'app.ts':
        HEADER +
        "import './extra';\nimport './more';\nimport { NAMES, CFG, KEPT } from './names';\nconst stack = new cdk.Stack(new cdk.App(), 'Ops');\n" +
        'for (const name of NAMES) new iam.CfnAccessKey(stack, `Key-${name}`, { userName: name });\n' +
        "new iam.CfnAccessKey(stack, 'Cfg', { userName: CFG.user });\n" +
        'for (const name of KEPT) new iam.CfnAccessKey(stack, `Kept-${name}`, { userName: name });\n',
    });
    expect(keys).toEqual([
      "Ops/`Key-${name}` | ? name is not known statically | Active | created once per element of NAMES: NAMES is changed after it is declared (LIST.push('root'))",
      "Ops/Cfg | ? CFG is changed after it is declared (names.CFG.user = 'root') | Active",
      'Ops/Kept-carl | name carl | Active',
    ]);
  });
});
