import { describe, expect, it } from 'vitest';
import { HEADER, summarise } from '../support/cdk-source-harness.js';

// The test beside `instanceof` leaves each change one that may run: these tests are about which keys an
// Aspect reaches (cdk-source-aspect-certain.test.ts has the Aspects that certainly change them).
const RETIRE =
  'class Retire implements cdk.IAspect {\n  visit(node: IConstruct): void {\n' +
  "    if (node instanceof iam.CfnAccessKey && node.node.id !== 'Kept') node.status = 'Inactive';\n  }\n}\n";

/** The keys' summaries of an app with stacks `A` and `B`, one key in each, and `code` after them. */
function keys(code: string, before = '', appProps = ''): readonly string[] {
  return summarise({
    'app.ts':
      `${HEADER}${RETIRE}${before}const app = new cdk.App(${appProps});\nconst a = new cdk.Stack(app, 'A');\nconst b = new cdk.Stack(app, 'B');\n` +
      "new iam.CfnAccessKey(a, 'K', { userName: 'a' });\nnew iam.CfnAccessKey(b, 'K', { userName: 'b' });\n" +
      code,
  }).keys;
}

const CHANGED = "? the Aspect Retire (node.status = 'Inactive') may change its Status";

describe('the constructs an Aspect may change: its scope and every construct below it', () => {
  it('changes the keys below the scope it is added to, and no other', () => {
    expect(keys('cdk.Aspects.of(a).add(new Retire());\n')).toEqual([`A/K | name a | ${CHANGED}`, 'B/K | name b | Active']);
    expect(keys('cdk.Aspects.of(app).add(new Retire());\n')).toEqual([`A/K | name a | ${CHANGED}`, `B/K | name b | ${CHANGED}`]);
    // The App is the root: its first argument is its props, not a scope.
    expect(keys('cdk.Aspects.of(a).add(new Retire());\n', '', "{ outdir: 'out' }")).toEqual([`A/K | name a | ${CHANGED}`, 'B/K | name b | Active']);
    // The Aspect bound to a const first, and a subclass of it, are the same Aspect.
    expect(keys('const retire = new Retire();\ncdk.Aspects.of(b).add(retire);\n')).toEqual(['A/K | name a | Active', `B/K | name b | ${CHANGED}`]);
    expect(keys('cdk.Aspects.of(b).add(new RetireAll());\n', 'class RetireAll extends Retire {}\n')).toEqual([
      'A/K | name a | Active',
      `B/K | name b | ${CHANGED}`,
    ]);
  });

  it('changes nothing where the Aspect is never added, or only another Aspect is', () => {
    expect(keys('')).toEqual(['A/K | name a | Active', 'B/K | name b | Active']);
    expect(keys('cdk.Aspects.of(app).add(new Other());\n', 'class Other implements cdk.IAspect {\n  visit(node: IConstruct): void {}\n}\n')).toEqual([
      'A/K | name a | Active',
      'B/K | name b | Active',
    ]);
  });

  it('changes nothing where the Aspect is added only in a branch that never runs, and keeps "may change" where it may run', () => {
    const both = ['A/K | name a | Active', 'B/K | name b | Active'];
    expect(keys('if (retire) cdk.Aspects.of(a).add(new Retire());\n', 'const retire = false;\n')).toEqual(both);
    expect(keys("if (stage === 'prod') {\n  cdk.Aspects.of(a).add(new Retire());\n}\n", "const stage: string = 'dev';\n")).toEqual(both);
    expect(keys('if (!retire) {} else cdk.Aspects.of(a).add(new Retire());\n', 'const retire = false;\n')).toEqual(both);
    expect(keys('retire && cdk.Aspects.of(a).add(new Retire());\n', 'const retire = false;\n')).toEqual(both);
    expect(keys('const added = retire ? cdk.Aspects.of(a).add(new Retire()) : undefined;\n', 'const retire = false;\n')).toEqual(both);
    // Inside a function declared in that branch, which nothing outside it can call.
    expect(keys('if (retire) {\n  const add = (s: Construct) => cdk.Aspects.of(s).add(new Retire());\n  add(a);\n}\n', 'const retire = false;\n')).toEqual(
      both,
    );
    // A condition that is true, or not known statically (context, a parameter), keeps the Aspect.
    const a = [`A/K | name a | ${CHANGED}`, 'B/K | name b | Active'];
    expect(keys('if (retire) cdk.Aspects.of(a).add(new Retire());\n', 'const retire = true;\n')).toEqual(a);
    expect(keys("if (app.node.tryGetContext('retire')) cdk.Aspects.of(a).add(new Retire());\n")).toEqual(a);
    expect(keys('function retireIf(on: boolean): void {\n  if (on) cdk.Aspects.of(a).add(new Retire());\n}\nretireIf(false);\n')).toEqual(a);
  });

  it('follows `this` of a stack class to the stack its `new` creates, through a Stage', () => {
    const result = summarise({
      'app.ts':
        `${HEADER}${RETIRE}class Keys extends cdk.Stack {\n  constructor(scope: Construct, id: string) {\n    super(scope, id);\n` +
        "    new iam.CfnAccessKey(this, 'K', { userName: id });\n  }\n}\n" +
        "const app = new cdk.App();\nconst prod = new cdk.Stage(app, 'Prod');\nconst dev = new cdk.Stage(app, 'Dev');\n" +
        "new Keys(prod, 'p');\nnew Keys(dev, 'd');\ncdk.Aspects.of(dev).add(new Retire());\n",
    });
    expect(result.keys).toEqual(['p/K | name p | Active', `d/K | name d | ${CHANGED}`]);
  });

  it('takes `Aspects.of(this)` in a class as each instance of that class (and of its subclasses)', () => {
    const result = summarise({
      'app.ts':
        `${HEADER}${RETIRE}class Legacy extends cdk.Stack {\n  constructor(scope: Construct, id: string) {\n    super(scope, id);\n` +
        "    new iam.CfnAccessKey(this, 'K', { userName: id });\n    cdk.Aspects.of(this).add(new Retire());\n  }\n}\n" +
        'class Older extends Legacy {}\n' +
        "const app = new cdk.App();\nnew Legacy(app, 'l');\nnew Older(app, 'o');\nnew iam.CfnAccessKey(new cdk.Stack(app, 'B'), 'K', { userName: 'b' });\n",
    });
    expect(result.keys).toEqual([`l/K | name l | ${CHANGED}`, `o/K | name o | ${CHANGED}`, 'app/K | name b | Active']);
  });

  it('keeps "may change" where the scope or the Aspect added is not known', () => {
    // A parameter of a function handed on (or called with a spread), `this` of a static method, a `let`, an Aspect of unknown class, CDK v1's applyAspect.
    const everywhere = [`A/K | name a | ${CHANGED}`, `B/K | name b | ${CHANGED}`];
    const harden = 'function harden(scope: Construct) {\n  cdk.Aspects.of(scope).add(new Retire());\n}\n';
    expect(keys('[a].forEach(harden);\n', harden)).toEqual(everywhere);
    expect(keys('harden(...[a]);\n', harden)).toEqual(everywhere);
    expect(keys("let s = new cdk.Stack(app, 'C');\ns = a;\ncdk.Aspects.of(s).add(new Retire());\n")).toEqual(everywhere);
    expect(keys('a.node.applyAspect(new Retire());\n')).toEqual(everywhere);
    expect(keys('Harden.all();\n', 'class Harden {\n  static all() {\n    cdk.Aspects.of(this as any).add(new Retire());\n  }\n}\n')).toEqual(everywhere);
    expect(keys('function add(aspect: cdk.IAspect) {\n  cdk.Aspects.of(app).add(aspect);\n}\nadd(new Retire());\n')).toEqual(everywhere);
    // An Aspect of unknown class added to a known scope reaches that scope only.
    expect(keys('function add(aspect: cdk.IAspect) {\n  cdk.Aspects.of(b).add(aspect);\n}\nadd(new Retire());\n')).toEqual([
      'A/K | name a | Active',
      `B/K | name b | ${CHANGED}`,
    ]);
  });

  it('follows a scope parameter to the arguments of its calls: the Aspect added, and the key created, in helper functions', () => {
    const harden = 'function harden(scope: Construct) {\n  cdk.Aspects.of(scope).add(new Retire());\n}\n';
    expect(keys('harden(a);\n', harden)).toEqual([`A/K | name a | ${CHANGED}`, 'B/K | name b | Active']);
    // Through a const arrow function, a function calling it, and an import.
    const arrow = 'const harden = (scope: Construct) => cdk.Aspects.of(scope).add(new Retire());\nfunction legacy(s: Construct) {\n  harden(s);\n}\n';
    expect(keys('legacy(b);\n', arrow)).toEqual(['A/K | name a | Active', `B/K | name b | ${CHANGED}`]);
    const imported = summarise({
      'harden.ts': `${HEADER}${RETIRE}export function harden(scope: Construct) {\n  cdk.Aspects.of(scope).add(new Retire());\n}\n`,
      'app.ts':
        `${HEADER}import { harden } from './harden';\nconst app = new cdk.App();\nconst a = new cdk.Stack(app, 'A');\nconst b = new cdk.Stack(app, 'B');\n` +
        "new iam.CfnAccessKey(a, 'K', { userName: 'a' });\nnew iam.CfnAccessKey(b, 'K', { userName: 'b' });\nharden(b);\n",
    });
    expect(imported.keys).toEqual(['A/K | name a | Active', `B/K | name b | ${CHANGED}`]);
    // The key created in a helper given each stack.
    const result = summarise({
      'app.ts':
        `${HEADER}${RETIRE}function addKey(scope: Construct, name: string) {\n  new iam.CfnAccessKey(scope, 'K', { userName: name });\n}\n` +
        "const app = new cdk.App();\nconst a = new cdk.Stack(app, 'A');\nconst b = new cdk.Stack(app, 'B');\n" +
        "addKey(a, 'a');\naddKey(b, 'b');\ncdk.Aspects.of(a).add(new Retire());\n",
    });
    expect(result.keys).toEqual([`A/K | name a | ${CHANGED}`, 'B/K | name b | Active']);
  });

  it('follows a scope parameter of a constructor to the argument of each construction of its class', () => {
    const guard =
      'class Guard extends Construct {\n  constructor(scope: Construct, id: string) {\n    super(scope, id);\n' +
      '    cdk.Aspects.of(scope).add(new Retire());\n  }\n}\n';
    const onlyB = ['A/K | name a | Active', `B/K | name b | ${CHANGED}`];
    expect(keys("new Guard(b, 'Guard');\nconst g: Guard | undefined = undefined;\nvoid g;\n", guard)).toEqual(onlyB);
    // Through a subclass's super(...) call, and a subclass without a constructor of its own.
    expect(
      keys('new StrictGuard(b);\n', `${guard}class StrictGuard extends Guard {\n  constructor(parent: Construct) {\n    super(parent, 'Strict');\n  }\n}\n`),
    ).toEqual(onlyB);
    expect(keys("new PlainGuard(b, 'Plain');\n", `${guard}class PlainGuard extends Guard {}\n`)).toEqual(onlyB);
    // Handed on as a value, or constructed with a spread: every key may change.
    const everywhere = [`A/K | name a | ${CHANGED}`, `B/K | name b | ${CHANGED}`];
    expect(keys("const G = Guard;\nnew G(b, 'Guard');\n", guard)).toEqual(everywhere);
    expect(keys("new Guard(...([b, 'Guard'] as const));\n", guard)).toEqual(everywhere);
  });

  it('follows a scope parameter of a method to the argument of each call the walk follows to it', () => {
    const guards = (member: string): string =>
      `class Guards {\n  ${member}(scope: Construct): void {\n    cdk.Aspects.of(scope).add(new Retire());\n  }\n` +
      '  constructor(scope?: Construct) {\n    if (scope) this.guard(scope);\n  }\n}\n';
    const onlyB = ['A/K | name a | Active', `B/K | name b | ${CHANGED}`];
    // A private method through `this`, a public one no subclass declares again, and a method of a local instance.
    expect(keys('new Guards(b);\n', guards('private guard'))).toEqual(onlyB);
    expect(keys('new Guards(b);\n', guards('guard'))).toEqual(onlyB);
    const local = 'class Guards {\n  guard(scope: Construct): void {\n    cdk.Aspects.of(scope).add(new Retire());\n  }\n}\n';
    expect(keys('const g = new Guards();\ng.guard(b);\n', local)).toEqual(onlyB);
    // Called on an object credlint does not follow, or destructured: every key may change.
    const everywhere = [`A/K | name a | ${CHANGED}`, `B/K | name b | ${CHANGED}`];
    expect(keys('function f(x: Guards) {\n  x.guard(a);\n}\nvoid f;\nnew Guards(b);\n', guards('guard'))).toEqual(everywhere);
    expect(keys('const { guard } = new Guards(b);\nvoid guard;\n', guards('guard'))).toEqual(everywhere);
  });

  it('follows a default export under the name each importer gives it', () => {
    const keysWith = (use: string, exported = 'export default function harden'): readonly string[] =>
      summarise({
        'harden.ts': `${HEADER}${RETIRE}${exported}(scope: Construct) {\n  cdk.Aspects.of(scope).add(new Retire());\n}\n`,
        'app.ts':
          `${HEADER}${use}const app = new cdk.App();\nconst a = new cdk.Stack(app, 'A');\nconst b = new cdk.Stack(app, 'B');\n` +
          "new iam.CfnAccessKey(a, 'K', { userName: 'a' });\nnew iam.CfnAccessKey(b, 'K', { userName: 'b' });\n",
      }).keys;
    const onlyB = ['A/K | name a | Active', `B/K | name b | ${CHANGED}`];
    expect(keysWith("import retire from './harden';\nretire(b);\n")).toEqual(onlyB);
    expect(keysWith("import * as helpers from './harden';\nhelpers.default(b);\n")).toEqual(onlyB);
    // Handed on under its imported name: every key may change.
    expect(keysWith("import retire from './harden';\n[b].forEach(retire);\n")).toEqual([`A/K | name a | ${CHANGED}`, `B/K | name b | ${CHANGED}`]);
  });

  it('keeps "may change" for a key whose scope is not known', () => {
    const result = summarise({
      'app.ts':
        `${HEADER}${RETIRE}function addKey(scope: Construct) {\n  new iam.CfnAccessKey(scope, 'K', { userName: 'x' });\n}\n` +
        "const app = new cdk.App();\nconst a = new cdk.Stack(app, 'A');\nconst b = new cdk.Stack(app, 'B');\n" +
        '[b].forEach((s) => addKey(s));\ncdk.Aspects.of(a).add(new Retire());\n',
    });
    expect(result.keys.map((k) => k.endsWith(CHANGED))).toEqual([true]);
  });
});

describe('the construct tree of project classes', () => {
  it('keeps "may change" where a class hands super(...) another scope than its own', () => {
    const result = summarise({
      'app.ts':
        `${HEADER}${RETIRE}class Wrapped extends cdk.Stack {\n  constructor(scope: Construct, id: string) {\n    super(new cdk.Stage(scope, 'Inner'), id);\n` +
        "    new iam.CfnAccessKey(this, 'K', { userName: id });\n  }\n}\n" +
        'class Plain extends cdk.Stack {\n  constructor(scope: Construct, id: string) {\n    super(scope, id);\n' +
        "    new iam.CfnAccessKey(this, 'K', { userName: id });\n  }\n}\n" +
        "const app = new cdk.App();\nconst a = new cdk.Stack(app, 'A');\nnew Wrapped(a, 'w');\nnew Plain(a, 'p');\nconst b = new cdk.Stack(app, 'B');\n" +
        'cdk.Aspects.of(b).add(new Retire());\n',
    });
    expect(result.keys).toEqual([`Wrapped/K | name w | ${CHANGED}`, 'Plain/K | name p | Active']);
  });
  it('follows a loop variable or an array callback parameter to each element of an array literal it goes over', () => {
    const c = "const c = new cdk.Stack(app, 'C');\nnew iam.CfnAccessKey(c, 'K', { userName: 'c' });\n";
    const three = (code: string) => keys(`${c}${code}`);
    const aAndC = [`A/K | name a | ${CHANGED}`, 'B/K | name b | Active', `C/K | name c | ${CHANGED}`];
    expect(three('for (const s of [a, c]) cdk.Aspects.of(s).add(new Retire());\n')).toEqual(aAndC);
    expect(three('[a, c].forEach((s) => cdk.Aspects.of(s).add(new Retire()));\n')).toEqual(aAndC);
    expect(three('const guarded = [a, c];\nguarded.forEach(function (s) {\n  cdk.Aspects.of(s).add(new Retire());\n});\n')).toEqual(aAndC);
    // Through a function the loop calls.
    expect(three('function guard(scope: Construct) {\n  cdk.Aspects.of(scope).add(new Retire());\n}\nfor (const s of [a, c]) guard(s);\n')).toEqual(aAndC);
    // An array credlint cannot list, or one changed after it is written: any construct may be changed.
    const all = [`A/K | name a | ${CHANGED}`, `B/K | name b | ${CHANGED}`, `C/K | name c | ${CHANGED}`];
    expect(three('const guarded = [a, c];\nguarded.push(b);\nfor (const s of guarded) cdk.Aspects.of(s).add(new Retire());\n')).toEqual(all);
    expect(three('for (const s of [a, ...app.node.children]) cdk.Aspects.of(s).add(new Retire());\n')).toEqual(all);
    expect(three('app.node.children.forEach((s) => cdk.Aspects.of(s).add(new Retire()));\n')).toEqual(all);
    // Not every element: reduce's first parameter is its accumulator.
    expect(three('[a, c].reduce((s) => { cdk.Aspects.of(s).add(new Retire()); return s; }, b);\n')).toEqual(all);
  });
});
