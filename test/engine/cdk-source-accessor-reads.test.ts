/**
 * A getter or a method (also a `function` or, in a class, an arrow function held by a property) that returns its own object's property (`get names() { return this._names; }`,
 * `all() { return this.list; }`) gives what the property holds, for the same object: read through it, a
 * name list is the property's, and a change made to the property anywhere (directly, through the
 * getter's result, through a method) makes it unknown, as a direct read would be (README, "CDK source").
 */
import { describe, expect, it } from 'vitest';
import { HEADER, summarise } from '../support/cdk-source-harness.js';

const LOOP = 'for (const n of NAMES) new iam.CfnAccessKey(stack, `Key${n}`, { userName: n });\n';

/** The keys of an app declaring `declarations`, then `changes`, then a key per name read by `names`. */
function keys(declarations: string, changes: string, names: string): string[] {
  const app = `${HEADER}${declarations}\nconst stack = new cdk.Stack(new cdk.App(), 'People');\n${changes}\n${LOOP.replace('NAMES', names)}`;
  return summarise({ 'app.ts': app }).keys;
}

const TEAM = `class Team {
  private _names = ['ana', 'root'];
  get names() {
    return this._names;
  }
  all() {
    return this._names;
  }
}
const team = new Team();`;

/** Team with a method that changes the property. */
const ADDING = TEAM.replace('  all() {', '  add(n: string) {\n    this._names.push(n);\n  }\n  all() {');

const KNOWN = ['People/Keyana | name ana | Active', 'People/Keyroot | name root | Active'];

describe("a class's getter and method returning its property", () => {
  it('read the property', () => {
    expect(keys(TEAM, '', 'team.names')).toEqual(KNOWN);
    expect(keys(TEAM, '', 'new Team().names')).toEqual(KNOWN);
    expect(keys(TEAM, '', 'team.all()')).toEqual(KNOWN);
  });

  it('read a getter a project base class declares', () => {
    expect(keys(`${TEAM}\nclass Staff extends Team {}\nconst staff = new Staff();`, '', 'staff.names')).toEqual(KNOWN);
  });

  it('see changes made to the property directly, through the getter or through a method', () => {
    for (const change of ["team.names.push('bo');", "team.all().push('bo');", "team.add('bo');", "const list = team.names;\nlist.push('bo');"]) {
      for (const read of ['team.names', 'team.all()']) {
        const found = keys(change.startsWith('team.add') ? ADDING : TEAM, change, read);
        expect(found, `${change} then ${read}`).toHaveLength(1);
        expect(found[0], `${change} then ${read}`).toContain('| ? ');
      }
    }
  });

  it('are known beside a setter of the same name that nothing runs, unknown once something sets the name', () => {
    const setter = TEAM.replace('  all() {', '  set names(value: string[]) {\n    this._names = value;\n  }\n  all() {');
    expect(keys(setter, '', 'team.names')).toEqual(KNOWN);
    const sets = [
      "team.names = ['bo'];",
      "Object.assign(team, { names: ['bo'] });",
      "class Ops extends Team {\n  constructor() {\n    super();\n    this.names = ['bo'];\n  }\n}",
    ];
    for (const change of sets) expect(keys(setter, change, 'team.names')[0], change).toContain('| ? ');
    const inConstructor = setter.replace('class Team {', "class Team {\n  constructor() {\n    this.names = ['bo'];\n  }");
    expect(keys(inConstructor, '', 'team.names')[0]).toContain('| ? ');
  });
});

describe("an object literal's getter and method returning its property", () => {
  const OBJECT = `const team = {
  list: ['ana', 'root'],
  all() {
    return this.list;
  },
  get names() {
    return this.list;
  },
};`;

  it('read the property', () => {
    expect(keys(OBJECT, '', 'team.all()')).toEqual(KNOWN);
    expect(keys(OBJECT, '', 'team.names')).toEqual(KNOWN);
  });

  it('see changes made to the property directly or through them', () => {
    for (const change of ["team.list.push('bo');", "team.all().push('bo');", "team.names.push('bo');"]) {
      for (const read of ['team.names', 'team.all()', 'team.list']) {
        const found = keys(OBJECT, change, read);
        expect(found, `${change} then ${read}`).toHaveLength(1);
        expect(found[0], `${change} then ${read}`).toContain('| ? ');
      }
    }
  });

  it("read this in a method of an object literal inside a class as the object, not the class's instance", () => {
    const app = `${HEADER}
class People extends cdk.Stack {
  private readonly list = ['bo'];
  constructor(scope: cdk.App, id: string) {
    super(scope, id);
    const team = { list: ['ana', 'root'], all() { return this.list; } };
    for (const n of team.all()) new iam.CfnAccessKey(this, \`Key\${n}\`, { userName: n });
  }
}
new People(new cdk.App(), 'People');
`;
    expect(summarise({ 'app.ts': app }).keys).toEqual(KNOWN);
  });
});

describe('a function held by a property, called as a method', () => {
  const OBJECT = `const team = {
  list: ['ana', 'root'],
  all: function () {
    return this.list;
  },
  add: function (n: string) {
    this.list.push(n);
  },
};`;
  const CLASS = `class Team {
  list = ['ana', 'root'];
  all = () => this.list;
}
const team = new Team();`;

  it('reads this in a function property as the object it is called on, and an arrow property of a class as the instance', () => {
    expect(keys(OBJECT, '', 'team.all()')).toEqual(KNOWN);
    expect(keys(`${OBJECT}\nconst other = { list: ['ana', 'root'], all: team.all };`, '', 'other.all()')).toEqual(KNOWN);
    expect(keys(CLASS, '', 'team.all()')).toEqual(KNOWN);
  });

  it('sees changes made through it, through what it returns, or through a copy of it called elsewhere', () => {
    for (const change of ["team.add('bo');", "team.all().push('bo');"])
      for (const read of ['team.all()', 'team.list']) expect(keys(OBJECT, change, read)[0], `${change} then ${read}`).toContain('| ? ');
    for (const change of ["team.all().push('bo');", "const all = team.all;\nall().push('bo');", "team.all = () => ['bo'];"])
      for (const read of ['team.all()', 'team.list']) expect(keys(CLASS, change, read)[0], `${change} then ${read}`).toContain('| ? ');
  });

  it("reads a method named like one of Array's (fill, push) as the object's own, and Array's fill as a change", () => {
    const fill = OBJECT.replaceAll('all', 'fill');
    expect(keys(fill, '', 'team.fill()')).toEqual(KNOWN);
    expect(keys(OBJECT.replace('add:', 'push:'), "team.push('bo');", 'team.all()')[0]).toContain('| ? ');
    expect(
      keys(
        OBJECT.replace('add: function (n: string) {\n    this.list.push(n);\n  },', 'push: function (n: string) {\n    return n;\n  },'),
        "team.push('bo');",
        'team.all()',
      ),
    ).toEqual(KNOWN);
    expect(keys("const list = ['ana', 'root'];", "list.fill('bo');", 'list')[0]).toContain('| ? ');
  });

  it('leaves this in a function called on its own unknown', () => {
    expect(keys(`${OBJECT}\nconst all = team.all;`, '', 'all()')[0]).toContain('| ? ');
  });
});

describe("an object literal's method that changes its object through this", () => {
  const body = (change: string) => `const team = {\n  list: ['ana', 'root'],\n  grow(n: string) {\n    ${change};\n  },\n};`;

  it('makes the object unknown once the project names the method', () => {
    const changes = ['this.list.push(n)', 'this.list = [n]', 'this.list[0] = n', 'Object.assign(this, { list: [n] })', 'const self = this'];
    for (const change of changes) {
      expect(keys(body(change), "team.grow('bo');", 'team.list')[0], change).toContain('| ? ');
      expect(keys(body(change).replace('grow(n: string) {', 'grow: function (n: string) {'), "team.grow('bo');", 'team.list')[0], change).toContain('| ? ');
    }
  });

  it('makes the object unknown wherever it is held: a class or static property, a nested object, a function result', () => {
    const literal = "{ list: ['ana', 'root'], grow(n: string) { this.list.push(n); } }";
    const holders: [string, string, string][] = [
      [`class Team {\n  cfg = ${literal};\n}\nconst team = new Team();`, "team.cfg.grow('bo');", 'team.cfg.list'],
      [`class Team {\n  static readonly cfg = ${literal};\n}`, "Team.cfg.grow('bo');", 'Team.cfg.list'],
      [`const team = { cfg: ${literal} };`, "team.cfg.grow('bo');", 'team.cfg.list'],
      [`function make() {\n  return ${literal};\n}\nconst team = make();`, "team.grow('bo');", 'team.list'],
    ];
    for (const [declarations, change, read] of holders) expect(keys(declarations, change, read)[0], declarations).toContain('| ? ');
  });

  it('leaves it known when the method only reads it, or nothing names the method', () => {
    expect(keys(body('const first = `${this.list[0]}-${this.list.length + 1}`'), "team.grow('bo');", 'team.list')).toEqual(KNOWN);
    expect(keys(body('this.list.push(n)'), '', 'team.list')).toEqual(KNOWN);
  });
});
