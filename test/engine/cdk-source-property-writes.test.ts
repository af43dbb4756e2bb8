/**
 * A class property is what the class and the project write to it, not its initializer alone: written
 * again in the class (`this.name = …`, `this['name'] = …`, `+=`, `++`, a destructuring target,
 * `delete`, `this[key] = …`), from outside (`team.name = …`, a subclass's `this.name = …`), or through
 * `Object.assign`, `Object.defineProperty` or `Reflect.set` on a value that may be the instance, it is
 * unknown — also when it holds a string, which no change in place can reach (README, "CDK source").
 */
import { describe, expect, it } from 'vitest';
import { HEADER, summarise } from '../support/cdk-source-harness.js';

/** The user name of the one key an app makes after `declarations`, named by `read`. */
function userOf(declarations: string, read: string): string | undefined {
  const app = `${HEADER}${declarations}\nconst stack = new cdk.Stack(new cdk.App(), 'People');\nnew iam.CfnAccessKey(stack, 'Key', { userName: ${read} });\n`;
  const { keys } = summarise({ 'app.ts': app });
  expect(keys).toHaveLength(1);
  return keys[0]?.split(' | ')[1];
}

const TEAM = (body: string, after = '') => `class Team {\n  name = 'ana';\n${body}\n}\nconst team = new Team();\n${after}`;

describe('a class property written after its initializer', () => {
  it('is unknown when the class writes it again, however it is written', () => {
    const writes = [
      "constructor() {\n    this.name = 'root';\n  }",
      "reset() {\n    this.name = 'root';\n  }",
      "constructor() {\n    this['name'] = 'root';\n  }",
      "constructor() {\n    this.name += '-ops';\n  }",
      "constructor() {\n    [this.name] = ['root'];\n  }",
      "constructor() {\n    ({ first: this.name } = { first: 'root' });\n  }",
      "constructor(key: string) {\n    (this as any)[key] = 'root';\n  }",
      "constructor() {\n    Object.assign(this, { name: 'root' });\n  }",
      'constructor(props: object) {\n    Object.assign(this, props);\n  }',
    ];
    for (const body of writes) expect(userOf(TEAM(body), 'team.name'), body).toMatch(/^\? /);
  });

  it('is unknown when the project writes it from outside the class', () => {
    const writes = [
      "team.name = 'root';",
      "Object.assign(team, { name: 'root' });",
      "Object.defineProperty(team, 'name', { value: 'root' });",
      "Reflect.set(team, 'name', 'root');",
      "[team.name] = ['root'];",
      "class Ops extends Team {\n  constructor() {\n    super();\n    this.name = 'root';\n  }\n}",
    ];
    for (const after of writes) expect(userOf(TEAM('', after), 'team.name'), after).toMatch(/^\? /);
  });

  it('stays known beside writes of other keys and of plain objects', () => {
    const writes = [
      "Object.assign(team, { other: 'root' });",
      "Reflect.set(team, 'other', 'root');",
      "const o = { name: 'x' };\nObject.assign(o, { name: 'root' });",
    ];
    for (const after of writes) expect(userOf(TEAM('', after), 'team.name'), after).toBe('name ana');
    expect(userOf(TEAM("constructor() {\n    this.other = 'root';\n  }\n  other = '';"), 'team.name')).toBe('name ana');
  });
});
