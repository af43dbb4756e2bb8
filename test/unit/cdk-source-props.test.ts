import { describe, expect, it } from 'vitest';
import { extract, HEADER, span, summarise as summary } from '../support/cdk-source-harness.js';
import { MAX_CALL_EXPANSIONS } from '../../src/cdk-source/walk-constructs.js';

const PEOPLE_STACK = `${HEADER}import type { Construct } from 'constructs';

export class PeopleStack extends cdk.Stack {
  readonly user: iam.User;
  constructor(scope: Construct, id: string, props?: cdk.StackProps) {
    super(scope, id, props);
    this.user = new iam.User(this, 'Ana', { userName: 'ana', password: cdk.SecretValue.unsafePlainText('x') });
  }
}
`;

const KEYS_STACK = `${HEADER}import type { Construct } from 'constructs';

export interface KeysProps extends cdk.StackProps {
  readonly user: iam.IUser;
  readonly status?: iam.AccessKeyStatus;
}

export class KeysStack extends cdk.Stack {
  constructor(scope: Construct, id: string, props: KeysProps) {
    super(scope, id, props);
    new iam.AccessKey(this, 'Key', { user: props.user, status: props.status });
  }
}
`;

describe('CDK source extractor: constructor props across classes', () => {
  it('evaluates a stack per call site: a key per `new KeysStack`, linked to the user another stack created', () => {
    const files = {
      'lib/people-stack.ts': PEOPLE_STACK,
      'lib/keys-stack.ts': KEYS_STACK,
      'bin/app.ts':
        `${HEADER}import { PeopleStack } from '../lib/people-stack';\nimport { KeysStack } from '../lib/keys-stack';\n\n` +
        "const app = new cdk.App();\nconst people = new PeopleStack(app, 'People');\n" +
        "new KeysStack(app, 'KeysA', { user: people.user });\n" +
        "new KeysStack(app, 'KeysB', { user: people.user, status: iam.AccessKeyStatus.INACTIVE });\n",
    };
    const { unit, diagnostics } = extract(files);
    expect(diagnostics).toEqual([]);
    const [user, ...otherUsers] = unit?.users ?? [];
    expect(otherUsers).toEqual([]);
    expect(user?.address).toBe('PeopleStack/Ana');
    expect(user?.location.file).toBe('/app/lib/people-stack.ts');
    expect(span(user?.location)).toBe('9:17-9:111');
    expect(unit?.loginProfiles.map((p) => [p.address, span(p.location)])).toEqual([['PeopleStack/Ana.password', '9:62-9:108']]);
    const keys = unit?.accessKeys ?? [];
    // The same `new AccessKey` at the same place, once per call site; the stack ids tell them apart.
    expect(keys.map((k) => [k.address, k.location.file, span(k.location), span(k.user.location), span(k.status.location)])).toEqual([
      ['KeysA/Key', '/app/lib/keys-stack.ts', '13:5-13:79', '13:38-13:54', '13:5-13:79'],
      ['KeysB/Key', '/app/lib/keys-stack.ts', '13:5-13:79', '13:38-13:54', '13:56-13:76'],
    ]);
    expect(keys.map((k) => k.user)).toMatchObject([
      { known: true, value: { kind: 'user', userId: user?.id } },
      { known: true, value: { kind: 'user', userId: user?.id } },
    ]);
    expect(keys.map((k) => [k.status.known && k.status.value, k.status.origin])).toEqual([
      ['Active', 'defaulted'],
      ['Inactive', 'written'],
    ]);
    expect(new Set(keys.map((k) => k.id)).size).toBe(2);
  });

  it('keeps the class name in addresses when a class is instantiated once', () => {
    const result = summary({
      'app.ts': `${KEYS_STACK}\nconst app = new cdk.App();\nnew KeysStack(app, 'Keys', { user: iam.User.fromUserName(app, 'U', 'ana') });\n`,
    });
    expect(result.keys).toEqual(['KeysStack/Key | name ana | Active']);
  });

  it('binds destructured props, with their defaults, and defaults of parameters', () => {
    const result = summary({
      'app.ts':
        HEADER +
        'class Keys extends cdk.Stack {\n' +
        "  constructor(scope: cdk.App, id: string, { name, status = iam.AccessKeyStatus.INACTIVE }: { name: string; status?: string }, suffix = '-ci') {\n" +
        "    super(scope, id);\n    new iam.CfnAccessKey(this, 'Key', { userName: name + suffix, status });\n  }\n}\n" +
        'const app = new cdk.App();\n' +
        "new Keys(app, 'A', { name: 'ana' });\n" +
        "new Keys(app, 'B', { name: 'bob', status: 'Active' }, '-ops');\n",
    });
    expect(result.keys).toEqual(['A/Key | name ana-ci | Inactive', 'B/Key | name bob-ops | Active']);
  });

  it('reads optional props that are left out as undefined: the default status, a generated name, `?.` and `??`', () => {
    const result = summary({
      'app.ts':
        HEADER +
        'interface TeamProps { readonly userName?: string; readonly status?: iam.AccessKeyStatus; readonly off?: boolean }\n' +
        'class Team extends cdk.Stack {\n  constructor(scope: cdk.App, id: string, props?: TeamProps) {\n    super(scope, id);\n' +
        "    const user = new iam.User(this, 'User', { userName: props?.userName });\n" +
        "    new iam.AccessKey(this, 'Key', { user, status: props?.status ?? iam.AccessKeyStatus.ACTIVE });\n" +
        "    if (props?.off) new iam.AccessKey(this, 'Off', { user });\n  }\n}\n" +
        "const app = new cdk.App();\nnew Team(app, 'Plain');\nnew Team(app, 'Named', { userName: 'ana', off: true });\n",
    });
    expect(result.users).toEqual(['Plain/User', 'Named/User | ana']);
    expect(result.keys).toEqual(['Plain/Key | user Plain/User | Active', 'Named/Key | user Named/User | Active', 'Named/Off | user Named/User | Active']);
  });

  it('leaves a class that is never instantiated as before: parameters unknown, existence known', () => {
    const result = summary({ 'lib/keys-stack.ts': KEYS_STACK });
    expect(result.keys).toEqual(['KeysStack/Key | ? props.user is not known statically | ? props.status is not known statically']);
  });

  it('does not analyse an instantiated class on its own too, and creates nothing for a call in a false branch', () => {
    const result = summary({
      'app.ts': `${KEYS_STACK}\nconst app = new cdk.App();\nconst enabled = false;\nif (enabled) new KeysStack(app, 'Never', { user: iam.User.fromUserName(app, 'U', 'ana') });\n`,
    });
    expect(result.keys).toEqual([]);
  });

  it('makes the constructs of a stack created under an undecidable condition of unknown existence', () => {
    const result = summary({
      'app.ts': `${KEYS_STACK}\nconst app = new cdk.App();\nif (process.env.KEYS) new KeysStack(app, 'Keys', { user: iam.User.fromUserName(app, 'U', 'ana') });\n`,
    });
    expect(result.keys).toEqual(['KeysStack/Key | name ana | Active | created only if process.env.KEYS, which is not known statically']);
  });

  it('follows construct classes nested in stacks, named by their call path when instantiated twice', () => {
    const result = summary({
      'app.ts':
        HEADER +
        "import { Construct } from 'constructs';\n" +
        'class Operator extends Construct {\n  readonly key: iam.AccessKey;\n' +
        '  constructor(scope: Construct, id: string, private readonly props: { user: iam.IUser }) {\n    super(scope, id);\n' +
        "    this.key = new iam.AccessKey(this, 'Key', { user: this.props.user });\n  }\n}\n" +
        'class OpsStack extends cdk.Stack {\n  constructor(scope: Construct, id: string) {\n    super(scope, id);\n' +
        "    const user = new iam.User(this, 'Ops', { userName: 'ops' });\n" +
        "    new Operator(this, 'First', { user });\n    new Operator(this, 'Second', { user });\n  }\n}\n" +
        "new OpsStack(new cdk.App(), 'Ops');\n",
    });
    expect(result.users).toEqual(['OpsStack/Ops | ops']);
    expect(result.keys).toEqual(['Ops/First/Key | user OpsStack/Ops | Active', 'Ops/Second/Key | user OpsStack/Ops | Active']);
  });

  it('names every construct of a class instantiated twice by its call path, not only those whose ids collide', () => {
    const result = summary({
      'app.ts':
        HEADER +
        "import { Construct } from 'constructs';\n" +
        'class ServiceAccount extends Construct {\n  constructor(scope: Construct, id: string, props: { name: string; keys: number }) {\n    super(scope, id);\n' +
        "    const user = new iam.User(this, 'User', { userName: props.name });\n" +
        '    for (let i = 0; i < props.keys; i++) new iam.AccessKey(this, `Key${i}`, { user });\n  }\n}\n' +
        'class TeamStack extends cdk.Stack {\n  constructor(scope: Construct, id: string) {\n    super(scope, id);\n' +
        "    new ServiceAccount(this, 'Ci', { name: 'ci', keys: 2 });\n    new ServiceAccount(this, 'Bot', { name: 'bot', keys: 1 });\n" +
        "    new iam.AccessKey(this, 'Own', { user: iam.User.fromUserName(this, 'O', 'own') });\n  }\n}\n" +
        "new TeamStack(new cdk.App(), 'Team');\n",
    });
    expect(result.users).toEqual(['Team/Ci/User | ci', 'Team/Bot/User | bot']);
    expect(result.keys).toEqual([
      'Team/Ci/Key0 | user Team/Ci/User | Active',
      'Team/Ci/Key1 | user Team/Ci/User | Active',
      'Team/Bot/Key0 | user Team/Bot/User | Active',
      'TeamStack/Own | name own | Active',
    ]);
  });

  it('runs a base class constructor through super(...) and through an implicit constructor', () => {
    const result = summary({
      'app.ts':
        HEADER +
        'class WithUser extends cdk.Stack {\n  readonly user: iam.User;\n' +
        "  constructor(scope: cdk.App, id: string, props: { name: string }) {\n    super(scope, id);\n    this.user = new iam.User(this, 'User', { userName: props.name });\n  }\n}\n" +
        'class WithKey extends WithUser {\n  constructor(scope: cdk.App, id: string) {\n    super(scope, id, { name: id.toLowerCase() });\n' +
        "    new iam.AccessKey(this, 'Key', { user: this.user });\n  }\n}\n" +
        'class Plain extends WithUser {}\n' +
        "const app = new cdk.App();\nnew WithKey(app, 'Ana');\nconst bob = new Plain(app, 'Bob', { name: 'bob' });\n" +
        "new iam.AccessKey(bob, 'BobKey', { user: bob.user });\n",
    });
    expect(result.users).toEqual(['Ana/User | ana', 'Bob/User | bob']);
    expect(result.keys).toEqual(['WithKey/Key | user Ana/User | Active', 'Bob/BobKey | user Bob/User | Active']);
  });

  it('follows plain functions called with known arguments, and what they return', () => {
    const result = summary({
      'app.ts':
        HEADER +
        "function addKey(scope: cdk.Stack, user: iam.IUser, status = iam.AccessKeyStatus.ACTIVE) {\n  return new iam.AccessKey(scope, 'Key', { user, status });\n}\n" +
        'const makeUser = (scope: cdk.Stack, name: string) => new iam.User(scope, name, { userName: name.toLowerCase() });\n' +
        "const stack = new cdk.Stack(new cdk.App(), 'People');\n" +
        "const ana = makeUser(stack, 'Ana');\n" +
        'addKey(stack, ana);\naddKey(stack, ana, iam.AccessKeyStatus.INACTIVE);\n',
    });
    expect(result.users).toEqual(['People/Ana | ana']);
    expect(result.keys).toEqual(['addKey@9:1/Key | user People/Ana | Active', 'addKey@10:1/Key | user People/Ana | Inactive']);
  });

  it('names constructs of a function called with `this` after the class that passes it', () => {
    const result = summary({
      'app.ts':
        HEADER +
        "function makeOps(scope: cdk.Stack) {\n  return new iam.User(scope, 'Ops', { userName: 'ops' });\n}\n" +
        'export class OpsStack extends cdk.Stack {\n  constructor(scope: cdk.App, id: string) {\n    super(scope, id);\n' +
        "    new iam.AccessKey(this, 'Key', { user: makeOps(this) });\n  }\n}\n",
    });
    expect(result.users).toEqual(['OpsStack/Ops | ops']);
    expect(result.keys).toEqual(['OpsStack/Key | user OpsStack/Ops | Active']);
  });

  it('reads props chosen by a conditional whose condition is known, per loop element', () => {
    const result = summary({
      'app.ts':
        HEADER +
        'const TEAM: Record<string, { console: boolean }> = { ana: { console: true }, bob: { console: false } };\n' +
        "const base = { password: cdk.SecretValue.secretsManager('pw') };\n" +
        'export class TeamStack extends cdk.Stack {\n  constructor(scope: cdk.App, id: string, props: { x: boolean }) {\n    super(scope, id);\n' +
        '    for (const [name, cfg] of Object.entries(TEAM)) {\n' +
        '      const user = new iam.User(this, name, cfg.console ? { ...base, userName: name } : { userName: name });\n' +
        '      new iam.AccessKey(this, `${name}Key`, { user });\n    }\n' +
        "    new iam.User(this, 'Maybe', props.x ? { userName: 'carl' } : { userName: 'dan' });\n  }\n}\n",
    });
    expect(result.users).toEqual(['TeamStack/ana | ana', 'TeamStack/bob | bob', 'TeamStack/Maybe | ? props.x is not known statically']);
    // Under an unknown condition the props are unknown, and so is whether there is a password.
    expect(result.profiles).toEqual(['TeamStack/ana.password', 'TeamStack/Maybe.password | password: props.x is not known statically']);
  });

  it('takes an array or object changed in place after its declaration as unknown, never as its empty initializer', () => {
    const result = summary({
      'app.ts':
        HEADER +
        "const stack = new cdk.Stack(new cdk.App(), 'Ops');\n" +
        "const names: string[] = [];\nnames.push('root');\n" +
        'for (const name of names) new iam.CfnAccessKey(stack, `Key-${name}`, { userName: name });\n' +
        "const props = { userName: 'ana' };\nconst alias = props;\nalias.userName = 'root';\n" +
        "new iam.CfnAccessKey(stack, 'Aliased', props);\n" +
        "const config = { users: ['ana'] };\nconst users = config.users;\nusers.splice(0, 1, 'root');\n" +
        "new iam.CfnAccessKey(stack, 'Nested', { userName: config.users[0] });\n" +
        "const merged = { userName: 'ana' };\nObject.assign(merged, { userName: 'root' });\n" +
        "new iam.CfnAccessKey(stack, 'Assigned', merged);\n" +
        "const kept = ['bob'];\nconst copy = [...kept];\ncopy.push('root');\n" +
        'for (const name of kept) new iam.CfnAccessKey(stack, `Kept-${name}`, { userName: name });\n' +
        "const fill = (list: string[], extra: string[]) => { list.push('root'); return extra.length; };\n" +
        "const filled: string[] = [];\nconst read = ['carl'];\nfill(filled, read);\n" +
        'for (const name of filled) new iam.CfnAccessKey(stack, `Filled-${name}`, { userName: name });\n' +
        'for (const name of read) new iam.CfnAccessKey(stack, `Read-${name}`, { userName: name });\n',
    });
    expect(result.diagnostics).toEqual([]);
    expect(result.keys).toEqual([
      // Filled by a push the walk runs before the loop reads it (`filled-objects.ts`): what the push added, never the empty initializer.
      'Ops/Key-root | name root | Active',
      "Ops/Aliased | ? props is changed after it is declared (alias.userName = 'root') | ? props is changed after it is declared (alias.userName = 'root')",
      "Ops/Nested | ? config is changed after it is declared (users.splice(0, 1, 'root')) | Active",
      "Ops/Assigned | ? merged is changed after it is declared (Object.assign(merged, { userName: 'root' })) | ? merged is changed after it is declared (Object.assign(merged, { userName: 'root' }))",
      // A copy is another array: changing it leaves `kept` as declared.
      'Ops/Kept-bob | name bob | Active',
      // A project function changes what its first parameter takes, not its second.
      "Ops/`Filled-${name}` | ? name is not known statically | Active | created once per element of filled: filled is changed after it is declared (fill(filled, read): list.push('root'))",
      'Ops/Read-carl | name carl | Active',
    ]);
  });

  it('takes a class property changed in place through `this` as unknown', () => {
    const result = summary({
      'app.ts':
        HEADER +
        "class Ops extends cdk.Stack {\n  readonly names: string[] = [];\n  readonly kept = { userName: 'bob' };\n" +
        "  constructor(scope: cdk.App) {\n    super(scope, 'Ops');\n    this.names.push('root');\n" +
        '    for (const name of this.names) new iam.CfnAccessKey(this, `Key-${name}`, { userName: name });\n' +
        "    new iam.CfnAccessKey(this, 'Kept', { userName: this.kept.userName });\n  }\n}\nnew Ops(new cdk.App());\n",
    });
    expect(result.keys).toEqual([
      "Ops/`Key-${name}` | ? name is not known statically | Active | created once per element of this.names: this.names is changed after it is set (this.names.push('root'))",
      'Ops/Kept | name bob | Active',
    ]);
  });

  it('does not follow recursion: the recursive body is walked once more on its own, of unknown existence', () => {
    const result = summary({
      'app.ts':
        HEADER +
        'class Tree extends cdk.Stack {\n  constructor(scope: cdk.App, id: string, depth: number) {\n    super(scope, id);\n' +
        "    new iam.CfnAccessKey(this, 'Key', { userName: `u${depth}` });\n    if (depth > 0) new Tree(scope, `${id}-child`, depth - 1);\n  }\n}\n" +
        "new Tree(new cdk.App(), 'Root', 2);\n",
    });
    expect(result.diagnostics).toEqual([]);
    expect(result.keys).toEqual([
      'Root/Key | name u2 | Active',
      'Tree/Key | ? depth is not known statically | Active | created in a recursive call of Tree, which credlint does not follow',
    ]);
  });

  it(`follows at most ${MAX_CALL_EXPANSIONS} calls, then walks the body once on its own, of unknown existence`, () => {
    const result = summary({
      'app.ts':
        HEADER +
        'function addKey(scope: cdk.Stack, name: string) {\n  new iam.CfnAccessKey(scope, `Key-${name}`, { userName: name });\n}\n' +
        "const stack = new cdk.Stack(new cdk.App(), 'Keys');\n" +
        'for (let i = 0; i < 600; i++) addKey(stack, `a${i}`);\nfor (let i = 0; i < 600; i++) addKey(stack, `b${i}`);\n',
    });
    expect(result.keys).toHaveLength(MAX_CALL_EXPANSIONS + 1);
    expect(result.keys[0]).toBe('Keys/Key-a0 | name a0 | Active');
    expect(result.keys[MAX_CALL_EXPANSIONS - 1]).toBe('Keys/Key-b399 | name b399 | Active');
    expect(result.keys[MAX_CALL_EXPANSIONS]).toBe(
      // Walked on its own: the scope and the name are parameters again, unknown.
      'app/`Key-${name}` | ? name is not known statically | Active | created in addKey, whose call sites are more than credlint follows (' +
        `${MAX_CALL_EXPANSIONS} calls)`,
    );
  });
});

describe('CDK source extractor: private methods called through this', () => {
  const app = (members: string, calls: string): Record<string, string> => ({
    'app.ts':
      `${HEADER}import type { Construct } from 'constructs';\n\n` +
      'class KeysStack extends cdk.Stack {\n' +
      '  constructor(scope: Construct, id: string, props: { names: string[] }) {\n' +
      '    super(scope, id);\n' +
      `${calls}\n` +
      '  }\n' +
      `${members}\n` +
      '}\n\n' +
      "new KeysStack(new cdk.App(), 'Keys', { names: ['ana'] });\n",
  });

  it('walks a private method per call with its parameters bound, and takes its return value', () => {
    const members =
      '  private build(names: string[], suffix: string): { user: iam.User } {\n' +
      "    const user = new iam.User(this, `User${suffix}`, { userName: 'deploy' });\n" +
      '    for (const name of names) new iam.AccessKey(this, `Key${name}${suffix}`, { user });\n' +
      '    return { user };\n' +
      '  }';
    const calls = "    const { user } = this.build(props.names, 'A');\n    new iam.AccessKey(this, 'Extra', { user });";
    expect(summary(app(members, calls))).toEqual({
      diagnostics: [],
      users: ['KeysStack/UserA | deploy'],
      profiles: [],
      keys: ['KeysStack/KeyanaA | user KeysStack/UserA | Active', 'KeysStack/Extra | user KeysStack/UserA | Active'],
    });
  });

  it('follows a #private method, and arrow functions inside the class see the same this', () => {
    const members = '  #addKey(user: iam.IUser, id: string): void {\n    new iam.AccessKey(this, id, { user });\n  }';
    const calls =
      "    const user = new iam.User(this, 'User', { userName: 'ci' });\n" +
      "    this.#addKey(user, 'First');\n" +
      '    props.names.forEach((name) => this.#addKey(user, `Key-${name}`));';
    expect(summary(app(members, calls)).keys).toEqual(['KeysStack/First | user KeysStack/User | Active', 'KeysStack/Key-ana | user KeysStack/User | Active']);
  });

  it('follows a private property holding an arrow function, unless the class assigns it again', () => {
    const members = '  private addKey = (user: iam.IUser, id: string) => new iam.AccessKey(this, id, { user });';
    const calls = "    const user = new iam.User(this, 'User', { userName: 'ci' });\n    this.addKey(user, 'First');\n    this.addKey(user, 'Second');";
    expect(summary(app(members, calls)).keys).toEqual(['KeysStack/First | user KeysStack/User | Active', 'KeysStack/Second | user KeysStack/User | Active']);
    const reassigned = `${calls}\n    if (props.names.length > 1) this.addKey = (user: iam.IUser, id: string) => new iam.AccessKey(this, id, { user });`;
    // Assigned again: the calls may run either function; the declared one is walked once on its own.
    expect(summary(app(members, reassigned)).keys).toEqual(['KeysStack/id | ? user is not known statically | Active']);
  });

  // TypeScript lets a constructor assign a `readonly` property, and a write may be spelled without
  // `this.name =`: each stores another function, so the initializer is not what the calls run.
  it.each([
    ['a readonly property assigned in the constructor', 'private readonly', '    this.addKey = () => undefined;'],
    ['an element access', 'private', "    this['addKey'] = () => undefined;"],
    ['a destructuring assignment', 'private', '    [this.addKey] = [() => undefined];'],
    ['a write under a key not known', 'private', '    (this as any)[props.names[0]!] = () => undefined;'],
    ['Object.assign', 'private', '    Object.assign(this, { addKey: () => undefined });'],
    ['Reflect.set', 'private', "    Reflect.set(this, 'addKey', () => undefined);"],
    ['Object.defineProperty', 'private', "    Object.defineProperty(this, 'addKey', { value: () => undefined });"],
  ])('does not follow the arrow function of %s', (_, modifiers, write) => {
    const members = `  ${modifiers} addKey = (user: iam.IUser, id: string): unknown => new iam.AccessKey(this, id, { user });`;
    const calls = `${write}\n    const user = new iam.User(this, 'User', { userName: 'ci' });\n    this.addKey(user, 'First');\n    this.addKey(user, 'Second');`;
    expect(summary(app(members, calls)).keys).toEqual(['KeysStack/id | ? user is not known statically | Active']);
  });

  it('does not follow a public method the instance replaces with Object.assign(this, ...)', () => {
    const members = '  addKey(user: iam.IUser, id: string): void {\n    new iam.AccessKey(this, id, { user });\n  }';
    const calls = `    Object.assign(this, { addKey: () => undefined });\n    const user = new iam.User(this, 'User', { userName: 'ci' });\n    this.addKey(user, 'First');`;
    expect(summary(app(members, calls)).keys.map((key) => key.split(' | ').slice(0, 2).join(' | '))).toEqual(['KeysStack/id | ? user is not known statically']);
  });

  // An own property shadows the prototype's method of the same name.
  it.each([
    ['Object.assign', '    Object.assign(this, { addKey: () => undefined });'],
    ['Reflect.set', "    Reflect.set(this, 'addKey', () => undefined);"],
    ['Object.defineProperty', "    Object.defineProperty(this, 'addKey', { value: () => undefined });"],
  ])('does not follow a private method the instance replaces with %s', (_, write) => {
    const members = '  private addKey(user: iam.IUser, id: string): void {\n    new iam.AccessKey(this, id, { user });\n  }';
    const calls = `${write}\n    const user = new iam.User(this, 'User', { userName: 'ci' });\n    this.addKey(user, 'First');\n    this.addKey(user, 'Second');`;
    expect(summary(app(members, calls)).keys).toEqual(['KeysStack/id | ? user is not known statically | Active']);
  });

  it('takes a private method nothing calls or names as dead code, and walks one that may be reached on its own', () => {
    const members = "  private legacyKey(): void {\n    new iam.CfnAccessKey(this, 'Legacy', { userName: 'ci' });\n  }";
    const current = "    new iam.CfnAccessKey(this, 'Current', { userName: 'ci' });";
    expect(summary(app(members, `${current}\n    // this.legacyKey();`)).keys).toEqual(['KeysStack/Current | name ci | Active']);
    // Named elsewhere (`self['legacyKey']`, a `this.legacyKey()` in a `function` of its own): it may run.
    const reached = ['KeysStack/Current | name ci | Active', 'KeysStack/Legacy | name ci | Active'];
    // Called on a value credlint cannot tell (`self['legacyKey']()`, read as `self.legacyKey()`): it may run any number of times.
    expect(summary(app(members, `${current}\n    const self = this as any;\n    self['legacyKey']();`)).keys.sort()).toEqual([
      'KeysStack/Current | name ci | Active',
      'KeysStack/Legacy | name ci | Active | legacyKey is called on an instance credlint does not follow (x.legacyKey(...)), so it may run any number of times',
    ]);
    expect(summary(app(members, `${current}\n    const later = function (this: KeysStack) { this.legacyKey(); };\n    void later;`)).keys.sort()).toEqual(
      reached,
    );
    // A computed member of this (`this[name]()`): any method may run, under a name no search sees.
    const computed = `${current}\n    const name = ['legacy', 'Key'].join('');\n    (this as unknown as Record<string, () => void>)[name]();`;
    expect(summary(app(members, computed)).keys.sort()).toEqual(reached);
  });

  it('follows a private method per call only when every use of its name is a call: handed on, or with a computed this[...], it is walked on its own', () => {
    const members = '  private addKey(user: iam.IUser, id: string): void {\n    new iam.AccessKey(this, id, { user });\n  }';
    const user = "    const ops = new iam.User(this, 'Ops', { userName: 'ops' });";
    // Two calls followed: two keys of ops.
    expect(summary(app(members, `${user}\n    this.addKey(ops, 'A');\n    this.addKey(ops, 'B');`)).keys.sort()).toEqual([
      'KeysStack/A | user KeysStack/Ops | Active',
      'KeysStack/B | user KeysStack/Ops | Active',
    ]);
    // One call followed, one through a bound copy no call site shows: not the followed call's key alone.
    for (const other of ["    const add = this.addKey.bind(this);\n    add(ops, 'B');", "    (this as any)['add' + 'Key'](ops, 'B');"]) {
      expect(summary(app(members, `${user}\n    this.addKey(ops, 'A');\n${other}`)).keys, other).toEqual([
        'KeysStack/id | ? user is not known statically | Active',
      ]);
    }
  });

  it('follows a protected or public method no project subclass declares again', () => {
    const members = '  protected addKey(user: iam.IUser): void {\n    new iam.AccessKey(this, `Key`, { user });\n  }';
    const calls = "    const user = new iam.User(this, 'User', { userName: 'ci' });\n    this.addKey(user);";
    // `this` is a KeysStack: the call runs KeysStack's addKey.
    expect(summary(app(members, calls)).keys).toEqual(['KeysStack/Key | user KeysStack/User | Active']);
  });

  it("follows an inherited method per instance, and a method a subclass declares again to the instance's class's body", () => {
    const files = (derived: string): Record<string, string> => ({
      'app.ts':
        `${HEADER}import type { Construct } from 'constructs';\n\n` +
        'class Base extends cdk.Stack {\n  constructor(scope: Construct, id: string) {\n    super(scope, id);\n    this.addKey();\n  }\n' +
        "  protected addKey(): void {\n    new iam.CfnAccessKey(this, 'K', { userName: 'ci' });\n  }\n}\n" +
        `class Derived extends Base {\n${derived}}\n\n` +
        "const app = new cdk.App();\nnew Derived(app, 'Blue');\nnew Derived(app, 'Green');\n",
    });
    // Each instance runs Base's addKey: one key per stack.
    expect(summary(files('')).keys).toEqual(['Blue/addKey@8:5/K | name ci | Active', 'Green/addKey@8:5/K | name ci | Active']);
    const overridden = summary(
      files("  protected addKey(): void {\n    new iam.CfnAccessKey(this, 'Other', { userName: 'ci', status: 'Inactive' });\n  }\n"),
    ).keys;
    // Base's constructor calls this.addKey() on a Derived: Derived's override runs, Base's body never does.
    expect(overridden).toEqual(['Blue/addKey@8:5/Other | name ci | Inactive', 'Green/addKey@8:5/Other | name ci | Inactive']);
  });

  it('follows super.name() in an override of name into the base body it replaces, for the instance the override runs for', () => {
    const files = (override: string): Record<string, string> => ({
      'app.ts':
        `${HEADER}import type { Construct } from 'constructs';\n\n` +
        "class Base extends cdk.Stack {\n  protected addKey(): void {\n    new iam.CfnAccessKey(this, 'K', { userName: 'ci' });\n  }\n}\n" +
        'class Derived extends Base {\n  constructor(scope: Construct, id: string) {\n    super(scope, id);\n    this.addKey();\n  }\n' +
        `${override}}\n\nnew Derived(new cdk.App(), 'Blue');\n`,
    });
    // Derived's own addKey runs for its instance (followed), and so does Base's, which its super.addKey() runs.
    const override = "  protected addKey(): void {\n    super.addKey();\n    new iam.CfnAccessKey(this, 'Other', { userName: 'ops' });\n  }\n";
    expect(summary(files(override)).keys).toEqual(['Base/K | name ci | Active', 'Derived/Other | name ops | Active']);
    // Also in an arrow function of the override, and through `super['addKey']()`.
    const arrow = "  protected addKey(): void {\n    [1].forEach(() => super['addKey']());\n  }\n";
    expect(summary(files(arrow)).keys).toEqual(['Base/K | name ci | Active']);
    // Where a call of the name is not followed (`other.addKey()` on an unknown object), either body may run
    // for any instance: Derived's is walked on its own, with Base's through its super.addKey(), and Base's
    // on its own too, as any overridden body.
    const elsewhere = summary({
      ...files(override),
      'more.ts': `${HEADER}export function more(other: { addKey(): void }): void {\n  other.addKey();\n}\n`,
    }).keys;
    const overridden = (first: string, second: string): string =>
      `addKey is declared both in ${first} and in ${second}, so which body runs depends on the instance's class`;
    expect(elsewhere).toEqual([
      `Base/K | name ci | Active | ${overridden('Base', 'Derived')}`,
      `addKey@16:5/K | name ci | Active | ${overridden('Derived', 'Base')}`,
      `Derived/Other | name ops | Active | ${overridden('Derived', 'Base')}`,
    ]);
    // super.addKey() in a member of another name runs Base's body whenever that member runs: still unknown.
    const other = summary(files('  protected extraKey(): void {\n    super.addKey();\n  }\n')).keys;
    expect(other).toEqual([
      'Base/K | name ci | Active | addKey is called on an instance credlint does not follow (x.addKey(...)), so it may run any number of times',
    ]);
  });

  it('does not follow this.method when the name is used elsewhere (stack.addKey(), a reference)', () => {
    const members = '  addKey(user: iam.IUser): void {\n    new iam.AccessKey(this, `Key`, { user });\n  }';
    const calls = "    const user = new iam.User(this, 'User', { userName: 'ci' });\n    this.addKey(user);\n    const f = this.addKey;\n    void f;";
    expect(summary(app(members, calls)).keys).toEqual(['KeysStack/Key | ? user is not known statically | Active']);
    // A `function` has a `this` of its own, which a caller may bind to any instance.
    const bound =
      "    const user = new iam.User(this, 'User', { userName: 'ci' });\n    this.addKey(user);\n    const g = function (this: KeysStack) { this.addKey(user); };\n    void g;";
    expect(summary(app(members, bound)).keys).toEqual(['KeysStack/Key | ? user is not known statically | Active']);
  });
});
