/**
 * In a static member `this` is the class: `this.names` in a static method is `Registry.names`, and
 * `Registry.all()` runs the static method, `this.base()` in it the static method `base`, and
 * `Registry.names` a static getter (unless a subclass declares the name again: `this` may be it). A `static readonly` array or object changed in place,
 * through either spelling or through what a static method returns, is unknown, never its declared
 * contents (README, "CDK source").
 */
import { describe, expect, it } from 'vitest';
import { HEADER, summarise } from '../support/cdk-source-harness.js';

const LOOP = 'for (const n of NAMES) new iam.CfnAccessKey(stack, `Key${n}`, { userName: n });\n';

function keys(declarations: string, changes: string, names: string): string[] {
  const app = `${HEADER}${declarations}\nconst stack = new cdk.Stack(new cdk.App(), 'People');\n${changes}\n${LOOP.replace('NAMES', names)}`;
  return summarise({ 'app.ts': app }).keys;
}

const REGISTRY = `class Registry {
  static readonly names = ['ana', 'root'];
  static all() {
    return this.names;
  }
  static add(n: string) {
    this.names.push(n);
  }
}`;
const READ_ONLY = REGISTRY.replace(/  static add[^}]*}\n/, '');

describe('static members', () => {
  it('read this.x in a static method as the static property, through a call of the static method', () => {
    const known = ['People/Keyana | name ana | Active', 'People/Keyroot | name root | Active'];
    expect(keys(READ_ONLY, '', 'Registry.all()')).toEqual(known);
    expect(keys(READ_ONLY, '', 'Registry.names')).toEqual(known);
  });

  it('see a static property changed through this in a static method, through the class name, or through a static method result', () => {
    const cases: [string, string, string][] = [
      [REGISTRY, "Registry.add('bo');", 'Registry.names'],
      [REGISTRY, "Registry.add('bo');", 'Registry.all()'],
      [READ_ONLY, "Registry.names.push('bo');", 'Registry.all()'],
      [READ_ONLY, "Registry.names.push('bo');", 'Registry.names'],
      [READ_ONLY, "Registry.all().push('bo');", 'Registry.names'],
      [READ_ONLY, "const list = Registry.names;\nlist.push('bo');", 'Registry.all()'],
    ];
    for (const [declarations, change, read] of cases) {
      const found = keys(declarations, change, read);
      expect(found, `${change} then ${read}`).toHaveLength(1);
      expect(found[0], `${change} then ${read}`).toContain('| ? ');
    }
  });

  it('leave a static property that is not readonly unknown, as it may be reassigned', () => {
    const found = keys(READ_ONLY.replace('static readonly', 'static'), "Registry.names = ['bo'];", 'Registry.all()');
    expect(found).toHaveLength(1);
    expect(found[0]).toContain('| ? ');
  });
});

describe('static getters and static methods calling each other through this', () => {
  const known = ['People/Keyana | name ana | Active', 'People/Keyroot | name root | Active'];
  const GETTER = `class Registry {
  static readonly list = ['ana', 'root'];
  static get names() {
    return this.list;
  }
}`;
  const CALLS = `class Registry {
  static base() {
    return ['ana', 'root'];
  }
  static all() {
    return this.base();
  }
}`;

  it('read a static getter as what it returns, with this the class', () => {
    expect(keys(GETTER, '', 'Registry.names')).toEqual(known);
    expect(keys("class Registry {\n  static get names() {\n    return ['ana', 'root'];\n  }\n}", '', 'Registry.names')).toEqual(known);
  });

  it('see a change made through what a static getter returns', () => {
    for (const read of ['Registry.names', 'Registry.list']) expect(keys(GETTER, "Registry.names.push('bo');", read)[0], read).toContain('| ? ');
  });

  it('follow this.base() in a static method to the static method', () => {
    expect(keys(CALLS, '', 'Registry.all()')).toEqual(known);
  });

  it('leave this.x and this.m() in a static method unknown when a subclass declares the static again', () => {
    const sub = "class Ops extends Registry {\n  static base() {\n    return ['bo'];\n  }\n}";
    expect(keys(`${CALLS}\n${sub}`, '', 'Registry.all()')[0]).toContain('| ? ');
    const list = "class Ops extends Registry {\n  static readonly list = ['bo'];\n}";
    expect(keys(`${GETTER}\n${list}`, '', 'Registry.names')[0]).toContain('a subclass of Registry declares static list too');
  });
});
