/**
 * A class property declared without an initializer is `undefined` until its one `this.name = …` runs:
 * it holds that value only where the write certainly ran before the read — a plain statement of the
 * constructor, or of a method whose one use is a followed call that is itself such a statement, and a
 * read after it (README, "CDK TypeScript source"). Before, the one write was the value everywhere.
 * The same holds for a `let` declared without an initializer and assigned once.
 */
import { describe, expect, it } from 'vitest';
import { HEADER, summarise } from '../support/cdk-source-harness.js';

/** The user of each key the app makes, in order. */
function usersOf(app: string): string[] {
  const { keys } = summarise({ 'app.ts': `${HEADER}${app}` });
  return keys.map((k) => k.split(' | ')[1] ?? '');
}

/** A stack class whose key reads `this.name` somewhere in `body`, instantiated once. */
const named = (body: string, after = '') =>
  `class Keys extends cdk.Stack {\n  private name?: string;\n${body}\n}\nconst keys = new Keys(new cdk.App(), 'Keys');\n${after}`;
const KEY = "new iam.CfnAccessKey(this, 'Key', { userName: this.name });";

describe('a class property read before its one write', () => {
  it('is unknown when the write may not have run before the read', () => {
    const cases = [
      // Read in the constructor before the write.
      `  constructor(scope: cdk.App, id: string) {\n    super(scope, id);\n    ${KEY}\n    this.name = 'root';\n  }`,
      // The write under a condition, in a loop, in a callback.
      `  constructor(scope: cdk.App, id: string) {\n    super(scope, id);\n    if (process.env.OPS) this.name = 'root';\n    ${KEY}\n  }`,
      `  constructor(scope: cdk.App, id: string) {\n    super(scope, id);\n    for (const n of [] as string[]) this.name = 'root';\n    ${KEY}\n  }`,
      `  constructor(scope: cdk.App, id: string) {\n    super(scope, id);\n    [1].forEach(() => { this.name = 'root'; });\n    ${KEY}\n  }`,
      // The write in a method nothing calls, or that is called only under a condition or after the read.
      `  constructor(scope: cdk.App, id: string) {\n    super(scope, id);\n    ${KEY}\n  }\n  useRoot() {\n    this.name = 'root';\n  }`,
      `  constructor(scope: cdk.App, id: string) {\n    super(scope, id);\n    if (process.env.OPS) this.useRoot();\n    ${KEY}\n  }\n  private useRoot() {\n    this.name = 'root';\n  }`,
      `  constructor(scope: cdk.App, id: string) {\n    super(scope, id);\n    ${KEY}\n    this.useRoot();\n  }\n  private useRoot() {\n    this.name = 'root';\n  }`,
      // The read in a method the constructor calls before the write.
      `  constructor(scope: cdk.App, id: string) {\n    super(scope, id);\n    this.addKey();\n    this.name = 'root';\n  }\n  private addKey() {\n    ${KEY}\n  }`,
      // In the same method, before the write.
      `  constructor(scope: cdk.App, id: string) {\n    super(scope, id);\n    this.setUp();\n  }\n  private setUp() {\n    ${KEY}\n    this.name = 'root';\n  }`,
    ];
    for (const body of cases) expect(usersOf(named(body)), body).toEqual([expect.stringMatching(/^\? this\.name /)]);
    // After an early return, which may leave it unwritten for the instance.
    const early = `  constructor(scope: cdk.App, id: string) {\n    super(scope, id);\n    if (process.env.SKIP) return;\n    this.name = 'root';\n  }\n  addKey() {\n    ${KEY}\n  }`;
    expect(usersOf(named(early, 'keys.addKey();'))).toEqual([expect.stringMatching(/^\? this\.name is assigned only where it may not run/)]);
  });

  it('is unknown in a property initializer, which runs before the constructor body', () => {
    const app = `class Keys extends cdk.Stack {\n  private name?: string;\n  readonly key = new iam.CfnAccessKey(this, 'Key', { userName: this.name });\n  constructor(scope: cdk.App, id: string) {\n    super(scope, id);\n    this.name = 'root';\n  }\n}\nnew Keys(new cdk.App(), 'Keys');\n`;
    expect(usersOf(app)).toEqual([expect.stringMatching(/^\? this\.name is read before its one assignment/)]);
  });

  it('keeps the value where the write certainly ran first', () => {
    const cases = [
      `  constructor(scope: cdk.App, id: string) {\n    super(scope, id);\n    this.name = 'ci';\n    ${KEY}\n  }`,
      // A private method, a public one named nowhere else, a #method, `const x = this.m()`, a chain of two.
      `  constructor(scope: cdk.App, id: string) {\n    super(scope, id);\n    this.setName();\n    this.addKey();\n  }\n  private setName() {\n    this.name = 'ci';\n  }\n  private addKey() {\n    ${KEY}\n  }`,
      `  constructor(scope: cdk.App, id: string) {\n    super(scope, id);\n    this.setName();\n    ${KEY}\n  }\n  setName() {\n    this.name = 'ci';\n  }`,
      `  constructor(scope: cdk.App, id: string) {\n    super(scope, id);\n    const done = this.#setName();\n    ${KEY}\n  }\n  #setName() {\n    this.name = 'ci';\n    return true;\n  }`,
      `  constructor(scope: cdk.App, id: string) {\n    super(scope, id);\n    this.setUp();\n  }\n  private setUp() {\n    this.setName();\n    ${KEY}\n  }\n  private setName() {\n    this.name = 'ci';\n  }`,
      // The read after the write in the same method, and in a loop after it.
      `  constructor(scope: cdk.App, id: string) {\n    super(scope, id);\n    this.setUp();\n  }\n  private setUp() {\n    this.name = 'ci';\n    ${KEY}\n  }`,
    ];
    for (const body of cases) expect(usersOf(named(body)), body).toEqual(['name ci']);
  });

  it('keeps the value read after the write in the same run of a method, however the method is reached', () => {
    const setUp = (read: string) => `  setUp() {\n    this.name = 'ci';\n    ${read}\n  }`;
    const cases = [
      // A method called only from a subclass's constructor (`this.initResources()` of a construct library).
      `class Keys extends cdk.Stack {\n  protected name?: string;\n${setUp(KEY)}\n}\nclass Ops extends Keys {\n  constructor() {\n    super(new cdk.App(), 'Ops');\n    this.setUp();\n  }\n}\nnew Ops();\n`,
      // A method nothing calls (walked on its own), the read under a condition, in an arrow function created after the write.
      named(setUp(KEY)),
      named(`  constructor(scope: cdk.App, id: string) {\n    super(scope, id);\n    this.setUp();\n  }\n${setUp(`if (process.env.KEY) ${KEY}`)}`),
      named(setUp(`['Key'].forEach((id) => new iam.CfnAccessKey(this, id, { userName: this.name }));`)),
    ];
    for (const app of cases) expect(usersOf(app), app).toEqual(['name ci']);
    // The write under a condition may not have run.
    const conditional = `  setUp() {\n    if (process.env.OPS) this.name = 'root';\n    ${KEY}\n  }`;
    expect(usersOf(named(conditional))).toEqual([expect.stringMatching(/^\? this\.name /)]);
  });

  it('keeps the value for reads after the constructor returned: through the instance, in a method called then', () => {
    const ctor = "  constructor(scope: cdk.App, id: string) {\n    super(scope, id);\n    this.name = 'ci';\n  }";
    expect(usersOf(named(ctor, "new iam.CfnAccessKey(keys, 'Key', { userName: keys['name'] });"))).toEqual(['name ci']);
    expect(usersOf(named(`${ctor}\n  addKey() {\n    ${KEY}\n  }`, 'keys.addKey();'))).toEqual(['name ci']);
    // A subclass's constructor runs after the base constructor's body.
    const sub = `class Ops extends Keys {\n  constructor() {\n    super(new cdk.App(), 'Ops');\n    new iam.CfnAccessKey(this, 'Key', { userName: this.name });\n  }\n}\nnew Ops();\n`;
    const base = `class Keys extends cdk.Stack {\n  protected name?: string;\n${ctor}\n}\n`;
    expect(usersOf(`${base}${sub}`)).toEqual(['name ci']);
  });
});

describe('a let read before its one assignment', () => {
  const stack = "const stack = new cdk.Stack(new cdk.App(), 'S');\nlet name: string | undefined;\n";
  const KEY_OF = (id: string) => `new iam.CfnAccessKey(stack, '${id}', { userName: name });`;

  it('is unknown when the assignment may not have run before the read', () => {
    const cases = [
      `if (process.env.OPS) name = 'root';\n${KEY_OF('K')}`,
      `${KEY_OF('K')}\nname = 'root';`,
      `function useRoot() {\n  name = 'root';\n}\n${KEY_OF('K')}`,
      // A function declaration is hoisted: called before the assignment, it reads undefined.
      `addKey();\nname = 'root';\nfunction addKey() {\n  ${KEY_OF('K')}\n}`,
    ];
    for (const body of cases) expect(usersOf(`${stack}${body}\n`), body).toEqual([expect.stringMatching(/^\? name /)]);
  });

  it('keeps the value read after it: later in the block, in a function or class called later, in a callback created later', () => {
    const cases = [
      `name = 'ci';\n${KEY_OF('K')}`,
      `function addKey() {\n  ${KEY_OF('K')}\n}\nname = 'ci';\naddKey();`,
      `class Keys {\n  constructor() {\n    ${KEY_OF('K')}\n  }\n}\nname = 'ci';\nnew Keys();`,
      `name = 'ci';\n['K'].forEach((id) => new iam.CfnAccessKey(stack, id, { userName: name }));`,
    ];
    for (const body of cases) expect(usersOf(`${stack}${body}\n`), body).toEqual(['name ci']);
  });

  it("keeps the value of a module's let assigned at its top level, read through an import", () => {
    const { keys } = summarise({
      'names.ts': "export let name: string;\nname = 'ci';\n",
      'app.ts': `${HEADER}import { name } from './names';\nconst stack = new cdk.Stack(new cdk.App(), 'S');\n${KEY_OF('K')}\n`,
    });
    expect(keys.map((k) => k.split(' | ')[1])).toEqual(['name ci']);
  });
});
