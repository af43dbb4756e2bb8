import { describe, expect, it } from 'vitest';
import { HEADER, summarise as summary } from '../support/cdk-source-harness.js';

/** App code creating one key per element of `names` in stack `Ops`, after `setup` ran. */
function keysOf(setup: string, declarations = ''): string[] {
  return summary({
    'app.ts':
      HEADER +
      declarations +
      "const stack = new cdk.Stack(new cdk.App(), 'Ops');\nconst names: string[] = ['ana'];\n" +
      setup +
      '\nfor (const name of names) new iam.CfnAccessKey(stack, `Key-${name}`, { userName: name });\n',
  }).keys;
}

const KNOWN = ['Ops/Key-ana | name ana | Active'];

describe('CDK source extractor: values changed by the methods they are handed to', () => {
  it('follows a value into the project method a call runs, whatever names the receiver', () => {
    const helper =
      "class Helper {\n  addAll(list: string[]): void {\n    list.push('root');\n  }\n  static fill(list: string[]): void {\n    list.push('root');\n  }\n}\n" +
      "const util = {\n  fill(list: string[]): void {\n    list.push('root');\n  },\n  add: (list: string[]) => list.push('root'),\n};\n";
    const cases: Record<string, string> = {
      instance: 'const helper = new Helper();\nhelper.addAll(names);',
      static: 'Helper.fill(names);',
      'object method': 'util.fill(names);',
      'object arrow': 'util.add(names);',
      'through a holder': 'const h = { list: names };\nutil.fill(h.list);',
    };
    for (const [name, setup] of Object.entries(cases)) {
      const [key] = keysOf(setup, helper);
      expect(key, name).toMatch(
        /^Ops\/`Key-\$\{name\}` \| \? name is not known statically \| Active \| created once per element of names: names is changed after it is declared \(.*: list\.push\('root'\)\)$/,
      );
    }
  });

  it("follows this.method(...) into the class's method and every subclass's override of it", () => {
    const { keys } = summary({
      'app.ts':
        HEADER +
        'class Keys extends cdk.Stack {\n  constructor(scope: cdk.App, id: string) {\n    super(scope, id);\n' +
        "    const names: string[] = ['ana'];\n    this.more(names);\n" +
        '    for (const name of names) new iam.CfnAccessKey(this, `Key-${name}`, { userName: name });\n  }\n' +
        "  protected more(list: string[]): void {\n    list.slice().push('copy');\n  }\n}\n" +
        "class MoreKeys extends Keys {\n  protected override more(list: string[]): void {\n    list.push('root');\n  }\n}\n" +
        "new MoreKeys(new cdk.App(), 'More');\n",
    });
    expect(keys).toEqual([
      "Keys/`Key-${name}` | ? name is not known statically | Active | created once per element of names: names is changed after it is declared (this.more(names): list.push('root'))",
    ]);
  });

  it('takes a value handed to a method of a receiver credlint cannot tell, or to a callback parameter, as unknown, naming the call', () => {
    expect(keysOf('declare const registry: { keep(list: string[]): void };\nregistry.keep(names);')).toEqual([
      'Ops/`Key-${name}` | ? name is not known statically | Active | created once per element of names: names is changed after it is declared (registry.keep(names), which credlint does not follow)',
    ]);
    expect(keysOf("const run = (cb: (list: string[]) => void): void => cb(names);\nrun((list) => list.push('root'));")).toEqual([
      'Ops/`Key-${name}` | ? name is not known statically | Active | created once per element of names: names is changed after it is declared (cb(names), which credlint does not follow)',
    ]);
  });

  it("keeps a value handed to a package's or a global's method, a built-in method, or a project method that does not change it", () => {
    const declarations =
      "import { Template } from 'aws-cdk-lib/assertions';\n" +
      'class Reader {\n  count(list: string[]): number {\n    return list.length;\n  }\n}\n' +
      'declare const template: Template;\ndeclare const others: string[][];\nconst all: string[][] = [];\n';
    const setup =
      'new Reader().count(names);\nJSON.stringify(names);\ncdk.Tags.of(stack).add(names[0] ?? "", "x");\n' +
      "template.hasResourceProperties('AWS::IAM::User', { names });\nothers.includes(names);\nall.push(names);\n" +
      'stack.exportValue(names);\n';
    expect(keysOf(setup, declarations)).toEqual(KNOWN);
  });
});

describe('CDK source extractor: class properties handed to project methods', () => {
  it('follows a class property into the method a call runs: unknown when the method changes it, declared when it only reads it', () => {
    const app = (method: string): string[] =>
      summary({
        'app.ts':
          HEADER +
          `class Helper {\n  take(list: string[]): void {\n    ${method}\n  }\n}\n` +
          "class Ops extends cdk.Stack {\n  readonly names: string[] = ['ana'];\n  constructor(scope: cdk.App) {\n    super(scope, 'Ops');\n" +
          '    new Helper().take(this.names);\n' +
          '    for (const name of this.names) new iam.CfnAccessKey(this, `Key-${name}`, { userName: name });\n  }\n}\nnew Ops(new cdk.App());\n',
      }).keys;
    expect(app("list.push('root');")).toEqual([
      "Ops/`Key-${name}` | ? name is not known statically | Active | created once per element of this.names: this.names is changed after it is set (new Helper().take(this.names): list.push('root'))",
    ]);
    expect(app('console.log(list.length);')).toEqual(['Ops/Key-ana | name ana | Active']);
  });
});

describe('CDK source extractor: values a function returns, changed by its callers', () => {
  it('takes a module value a function returns as unknown when a caller changes the result', () => {
    const { keys } = summary({
      'names.ts':
        "const NAMES: string[] = ['ana'];\nexport function makeNames(): string[] {\n  return NAMES;\n}\nexport function copyNames(): string[] {\n  return [...NAMES];\n}\n" +
        'export const first = (): string[] => NAMES;\n',
      'app.ts':
        HEADER +
        "import { copyNames, makeNames } from './names';\nconst stack = new cdk.Stack(new cdk.App(), 'Ops');\n" +
        "const list = makeNames();\nlist.push('root');\ncopyNames().push('copy');\n" +
        'for (const name of makeNames()) new iam.CfnAccessKey(stack, `Key-${name}`, { userName: name });\n',
    });
    expect(keys).toEqual([
      "Ops/`Key-${name}` | ? name is not known statically | Active | created once per element of makeNames(): NAMES is changed after it is declared (makeNames() returns it; list.push('root'))",
    ]);
  });

  it('takes a module value a project method returns as unknown when a caller changes the result', () => {
    const { keys } = summary({
      'app.ts':
        HEADER +
        "const NAMES: string[] = ['ana'];\nconst OTHERS: string[] = ['bob'];\n" +
        'class Directory {\n  names(): string[] {\n    return NAMES;\n  }\n  others(): string[] {\n    return [...OTHERS];\n  }\n}\n' +
        "const stack = new cdk.Stack(new cdk.App(), 'Ops');\nconst directory = new Directory();\ndirectory.names().push('root');\ndirectory.others().push('root');\n" +
        'for (const name of NAMES) new iam.CfnAccessKey(stack, `Key-${name}`, { userName: name });\n' +
        'for (const name of OTHERS) new iam.CfnAccessKey(stack, `Other-${name}`, { userName: name });\n',
    });
    expect(keys).toEqual([
      "Ops/`Key-${name}` | ? name is not known statically | Active | created once per element of NAMES: NAMES is changed after it is declared (names() returns it; directory.names().push('root'))",
      'Ops/Other-bob | name bob | Active',
    ]);
  });

  it('takes a value handed to a function that returns it, or returns something holding it, as unknown when the result is changed', () => {
    const declarations =
      'const same = (list: string[]): string[] => list;\nfunction wrap(list: string[]): { list: string[] } {\n  return { list };\n}\n' +
      'function fresh(list: string[]): { list: string[] } {\n  return { list: [...list] };\n}\n';
    expect(keysOf("same(names).push('root');", declarations)).toEqual([
      "Ops/`Key-${name}` | ? name is not known statically | Active | created once per element of names: names is changed after it is declared (same(names): same() returns it; same(names).push('root'))",
    ]);
    expect(keysOf("wrap(names).list.push('root');", declarations)).toEqual([
      "Ops/`Key-${name}` | ? name is not known statically | Active | created once per element of names: names is changed after it is declared (wrap(names): wrap() returns it; wrap(names).list.push('root'))",
    ]);
    // A copy's changes, and a new holder's own properties, leave the value as it was.
    expect(keysOf("fresh(names).list.push('root');\nwrap(names).list = [];", declarations)).toEqual(KNOWN);
  });
});

describe('CDK source extractor: values stored in what a property of this holds', () => {
  it('takes a value pushed into a property of this as unknown when an element of the property is changed', () => {
    const body = (change: string): string =>
      HEADER +
      'class Keys extends cdk.Stack {\n  private readonly lists: string[][] = [];\n  constructor(scope: cdk.App, id: string) {\n    super(scope, id);\n' +
      `    const names: string[] = ['ana'];\n    this.lists.push(names);\n    ${change}\n` +
      '    for (const name of names) new iam.CfnAccessKey(this, `Key-${name}`, { userName: name });\n  }\n}\n' +
      "new Keys(new cdk.App(), 'Keys');\n";
    expect(summary({ 'app.ts': body("this.lists[0].push('root');") }).keys).toEqual([
      "Keys/`Key-${name}` | ? name is not known statically | Active | created once per element of names: names is changed after it is declared (this.lists.push(names); this.lists[0].push('root'))",
    ]);
    // Changes of the property's array itself leave the arrays it holds as they were.
    expect(summary({ 'app.ts': body("this.lists.push(['bob']);\nthis.lists.reverse();") }).keys).toEqual(['Keys/Key-ana | name ana | Active']);
  });
});

describe('CDK source extractor: objects whose getters reach their other properties', () => {
  it("takes a value held under one key as unknown when it is changed through a getter's key", () => {
    expect(keysOf("const h = {\n  a: names,\n  get b(): string[] {\n    return this.a;\n  },\n};\nh.b.push('root');")).toEqual([
      "Ops/`Key-${name}` | ? name is not known statically | Active | created once per element of names: names is changed after it is declared (h = { a: names, get b(): string[] { return this.a; }, }; h.b.push('root'))",
    ]);
    // Without accessors or methods, a change under another key leaves it known.
    expect(keysOf("const h = { a: names, b: ['bob'] };\nh.b.push('root');")).toEqual(KNOWN);
  });
});

describe('CDK source extractor: values kept by a parameter property or a static property', () => {
  const declarations =
    "class Holder {\n  constructor(private readonly list: string[]) {}\n  promote(): void {\n    this.list.push('root');\n  }\n  count(): number {\n    return this.list.length;\n  }\n}\n" +
    'class Registry {\n  static readonly all: string[][] = [];\n  static keep(list: string[]): void {\n    Registry.all.push(list);\n  }\n}\n';

  it('takes a value given to a parameter property as unknown when the class changes the property', () => {
    expect(keysOf('new Holder(names).promote();', declarations)).toEqual([
      "Ops/`Key-${name}` | ? name is not known statically | Active | created once per element of names: names is changed after it is declared (new Holder(names): private readonly list: string[]; this.list.push('root'))",
    ]);
  });

  it("takes a value stored in a class's static property as unknown when it is changed there", () => {
    expect(keysOf("Registry.keep(names);\nRegistry.all[0]?.push('root');", declarations)).toEqual([
      "Ops/`Key-${name}` | ? name is not known statically | Active | created once per element of names: names is changed after it is declared (Registry.keep(names): Registry.all.push(list); Registry.all[0]?.push('root'))",
    ]);
    // Adding to the static array itself leaves the arrays it holds as they were.
    expect(keysOf("Registry.keep(names);\nRegistry.all.push(['bob']);", declarations)).toEqual(KNOWN);
  });
});
