/**
 * Methods called on an object whose class the syntax tells (`new S(app).process()`, a chained call of a
 * method returning `this`, a static factory, a `readonly` property set in the constructor) run once per
 * call, as synth runs them (each shape checked with aws-cdk-lib's synth: the keys written are the ones
 * expected here); a method reached otherwise, and a getter nothing reads, keep unknown existence.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { lint } from '../../src/engine.js';
import { removeTempTrees, tempTree } from '../support/temp-tree.js';

afterAll(removeTempTrees);

const HEAD =
  "import * as cdk from 'aws-cdk-lib';\nimport * as iam from 'aws-cdk-lib/aws-iam';\nimport { Construct } from 'constructs';\n" +
  'class KeysStack extends cdk.Stack {\n' +
  '  readonly user: iam.User;\n' +
  '  constructor(scope: Construct, id: string) {\n    super(scope, id);\n    this.user = new iam.User(this, "Ci", { userName: "ci" });\n  }\n' +
  '  addKey(id: string): this {\n    new iam.AccessKey(this, id, { user: this.user });\n    return this;\n  }\n' +
  '}\n';

async function findings(body: string): Promise<string[]> {
  const root = tempTree({ 'cdk.json': '{"app": "npx ts-node app.ts"}', 'app.ts': HEAD + body }, 'credlint-instance-calls-');
  const result = await lint({ paths: [root], cwd: root, reportUnknown: true });
  return result.findings.map((f) => `${f.ruleId} ${f.severity}${f.unknown ? ' unknown' : ''}`);
}

const TWO_KEYS = ['multiple-active-access-keys error'];
const UNKNOWN = ['multiple-active-access-keys warning unknown'];

describe('a method called on an object whose class credlint knows runs once per call', () => {
  it('on a new expression, awaited or not', async () => {
    const process =
      'class Onboarding extends KeysStack {\n  async process(): Promise<void> {\n    await Promise.resolve();\n    this.addKey("P1");\n    this.addKey("P2");\n  }\n}\n';
    expect(
      await findings(process + 'async function main(): Promise<void> {\n  await new Onboarding(new cdk.App(), "K").process();\n}\nvoid main();\n'),
    ).toEqual(TWO_KEYS);
    expect(await findings(process + 'void new Onboarding(new cdk.App(), "K").process();\n')).toEqual(TWO_KEYS);
  });

  it('through chained calls of a method returning this', async () => {
    expect(await findings('new KeysStack(new cdk.App(), "K").addKey("A").addKey("B");\n')).toEqual(TWO_KEYS);
  });

  it('on what a static factory or a function returns, held in a const', async () => {
    const factory = 'class Factory {\n  static create(app: cdk.App): KeysStack {\n    return new KeysStack(app, "K");\n  }\n}\n';
    expect(await findings(factory + 'const s = Factory.create(new cdk.App());\ns.addKey("A");\ns.addKey("B");\n')).toEqual(TWO_KEYS);
    expect(
      await findings(
        'function make(app: cdk.App): KeysStack {\n  const s = new KeysStack(app, "K");\n  s.addKey("A");\n  return s;\n}\nmake(new cdk.App()).addKey("B");\n',
      ),
    ).toEqual(TWO_KEYS);
  });

  it('on a readonly property its constructor sets', async () => {
    expect(
      await findings(
        'class Holder extends cdk.Stack {\n  readonly keys: KeysStack;\n  constructor(scope: Construct, id: string) {\n    super(scope, id);\n' +
          '    this.keys = new KeysStack(scope, "K");\n    this.keys.addKey("A");\n  }\n}\nnew Holder(new cdk.App(), "H").keys.addKey("B");\n',
      ),
    ).toEqual(TWO_KEYS);
  });

  it('once when called once, beside a method nothing calls (no double count)', async () => {
    expect(await findings('new KeysStack(new cdk.App(), "K").addKey("A");\n')).toEqual([]);
    expect(
      await findings('class Rotating extends KeysStack {\n  rotate(): void {\n    this.addKey("R");\n  }\n}\nnew Rotating(new cdk.App(), "K").addKey("A");\n'),
    ).toEqual(UNKNOWN);
  });
});

describe('a method called on one of two instances of a class', () => {
  const TWO =
    'class Named extends cdk.Stack {\n  readonly user: iam.User;\n  constructor(scope: Construct, id: string, name: string) {\n    super(scope, id);\n    this.user = new iam.User(this, "U", { userName: name });\n  }\n  addKey(id: string): void {\n    new iam.AccessKey(this, id, { user: this.user });\n  }\n  ROTATE}\nconst app = new cdk.App();\nconst a = new Named(app, "A", "ana");\nconst b = new Named(app, "B", "bo");\n';

  it("reads what that instance's constructor stored, also through this.name(...) calls", async () => {
    const plain = TWO.replace('ROTATE', '');
    const rotating = TWO.replace('ROTATE', 'rotate(): void {\n    this.addKey("Old");\n    this.addKey("New");\n  }\n');
    expect(await findings(plain + 'a.addKey("K1");\na.addKey("K2");\nb.addKey("K1");\n')).toEqual(TWO_KEYS);
    expect(await findings(rotating + 'a.rotate();\nb.addKey("K1");\n')).toEqual(TWO_KEYS);
    expect(await findings(plain + 'a.addKey("K1");\nb.addKey("K1");\n')).toEqual([]);
  });
});

describe('a method called on an element of a list of instances of one class', () => {
  const LIST = 'const app = new cdk.App();\nconst stacks = [new KeysStack(app, "A"), new KeysStack(app, "B")];\n';

  it('that nothing changes: indexed or iterated, each call runs on that element', async () => {
    expect(await findings(LIST + 'stacks[0].addKey("K1");\nstacks[0].addKey("K2");\n')).toEqual(TWO_KEYS);
    expect(await findings(LIST + 'for (const s of stacks) {\n  s.addKey("K1");\n}\n')).toEqual(TWO_KEYS);
    expect(await findings(LIST + 'stacks[0].addKey("K1");\n')).toEqual([]);
  });

  it('that is changed other than by adding objects of that class: unknown, its user too', async () => {
    const unknownKeys = [...UNKNOWN, 'root-user-access-key warning unknown'];
    expect(await findings(LIST + 'stacks.splice(0, 0, new KeysStack(app, "C"));\nstacks[0].addKey("K1");\nstacks[0].addKey("K2");\n')).toEqual(unknownKeys);
    expect(await findings(LIST + 'stacks.push(...stacks);\nstacks[0].addKey("K1");\nstacks[0].addKey("K2");\n')).toEqual(unknownKeys);
    // A callback that may be handed the list itself (its third parameter) may add anything to it.
    expect(await findings(LIST + 'stacks.forEach((s, i, all) => {\n  s.addKey("K1");\n  s.addKey("K2");\n});\n')).toEqual(unknownKeys);
  });

  it('filled by push with objects of that class, indexed, iterated or handed to forEach', async () => {
    const FILLED = 'const app = new cdk.App();\nconst stacks: KeysStack[] = [];\nfor (const id of ["A", "B"]) stacks.push(new KeysStack(app, id));\n';
    expect(await findings(FILLED + 'stacks.forEach((s) => s.addKey("K1"));\nstacks.forEach((s) => s.addKey("K2"));\n')).toEqual(TWO_KEYS);
    expect(await findings(FILLED + 'for (const s of stacks) {\n  s.addKey("K1");\n  s.addKey("K2");\n}\n')).toEqual(TWO_KEYS);
    expect(await findings(FILLED + 'stacks[1].addKey("K1");\nstacks.slice(1).forEach((s) => s.addKey("K2"));\n')).toEqual(TWO_KEYS);
    expect(await findings(LIST + 'stacks.forEach((s) => {\n  s.addKey("K1");\n  s.addKey("K2");\n});\n')).toEqual(TWO_KEYS);
  });
});

describe('a method called on a value of a Map of instances of one class', () => {
  const FILLED =
    'const app = new cdk.App();\nconst stacks = new Map<string, KeysStack>();\nfor (const id of ["A", "B"]) stacks.set(id, new KeysStack(app, id));\n';

  it('filled by set: each call runs on the value it reads', async () => {
    expect(await findings(FILLED + 'stacks.get("A")!.addKey("K1");\nstacks.get("A")!.addKey("K2");\n')).toEqual(TWO_KEYS);
    expect(await findings(FILLED + 'for (const s of stacks.values()) {\n  s.addKey("K1");\n  s.addKey("K2");\n}\n')).toEqual(TWO_KEYS);
    expect(await findings(FILLED + 'stacks.forEach((s) => s.addKey("K1"));\nstacks.get("B")!.addKey("K2");\n')).toEqual(TWO_KEYS);
    expect(await findings(FILLED + 'stacks.get("A")!.addKey("K1");\n')).toEqual([]);
  });

  it('set to something else, or set as a value handed on: unknown', async () => {
    expect(
      await findings(FILLED + 'const m = stacks.set("C", new KeysStack(app, "C"));\nstacks.get("A")!.addKey("K1");\nstacks.get("A")!.addKey("K2");\n'),
    ).toEqual([...UNKNOWN, 'root-user-access-key warning unknown']);
  });
});

describe('a method called on a value of a record of instances of one class', () => {
  const FILLED =
    'const app = new cdk.App();\nconst stacks: Record<string, KeysStack> = {};\nfor (const id of ["A", "B"]) stacks[id] = new KeysStack(app, id);\n';

  it('filled by assignments: each call runs on the value it reads', async () => {
    expect(await findings(FILLED + 'stacks.A.addKey("K1");\nstacks["A"].addKey("K2");\n')).toEqual(TWO_KEYS);
    expect(await findings(FILLED + 'Object.values(stacks).forEach((s) => {\n  s.addKey("K1");\n  s.addKey("K2");\n});\n')).toEqual(TWO_KEYS);
    expect(await findings(FILLED + 'stacks.A.addKey("K1");\n')).toEqual([]);
  });

  it('changed otherwise (a property deleted): unknown', async () => {
    expect(await findings(FILLED + 'delete stacks.B;\nstacks.A.addKey("K1");\nstacks.A.addKey("K2");\n')).toEqual([
      ...UNKNOWN,
      'root-user-access-key warning unknown',
    ]);
  });
});

describe('a method called on an object whose class credlint cannot tell keeps unknown existence', () => {
  it('a property that is not readonly, or a let', async () => {
    expect(
      await findings('class Holder {\n  keys = new KeysStack(new cdk.App(), "K");\n}\nconst h = new Holder();\nh.keys.addKey("A");\nh.keys.addKey("B");\n'),
    ).toEqual(UNKNOWN);
    expect(await findings('let s = new KeysStack(new cdk.App(), "K");\ns.addKey("A");\ns.addKey("B");\n')).toEqual(UNKNOWN);
  });
});

describe('a getter that creates a construct', () => {
  const GETTER =
    'class Rotating extends cdk.Stack {\n  readonly user = new iam.User(this, "Ci", { userName: "ci" });\n' +
    '  constructor(scope: Construct, id: string) {\n    super(scope, id);\n    new iam.AccessKey(this, "A", { user: this.user });\n  }\n' +
    '  get rotated(): iam.AccessKey {\n    return new iam.AccessKey(this, "B", { user: this.user });\n  }\n}\n';

  it('runs when read', async () => {
    expect(await findings(GETTER + 'const r = new Rotating(new cdk.App(), "R");\nnew cdk.CfnOutput(r, "Id", { value: r.rotated.accessKeyId });\n')).toEqual(
      TWO_KEYS,
    );
  });

  it('that nothing reads may not run', async () => {
    expect(await findings(GETTER + 'new Rotating(new cdk.App(), "R");\n')).toEqual(UNKNOWN);
  });
});
