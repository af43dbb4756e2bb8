import { describe, expect, it } from 'vitest';
import { HEADER, summarise } from '../support/cdk-source-harness.js';

const app = (body: string): Record<string, string> => ({
  'app.ts': `${HEADER}import type { Construct } from 'constructs';\n\n${body}`,
});

describe('CDK source extractor: project classes extending IAM construct classes', () => {
  it('an instance of a User subclass is a user: `this` inside it, the instance outside, props through super(...)', () => {
    const result = summarise(
      app(
        `class SmtpUser extends iam.User {
  constructor(scope: Construct, id: string, props: iam.UserProps) {
    super(scope, id, props);
    new iam.CfnAccessKey(this, 'Own', { userName: this.userName });
    new iam.AccessKey(this, 'Self', { user: this, status: iam.AccessKeyStatus.INACTIVE });
  }
}
const stack = new cdk.Stack(new cdk.App(), 'Mail');
const smtp = new SmtpUser(stack, 'Smtp', { userName: 'smtp', password: cdk.SecretValue.unsafePlainText('x') });
new iam.AccessKey(stack, 'Outside', { user: smtp });
`,
      ),
    );
    expect(result).toEqual({
      diagnostics: [],
      users: ['Mail/Smtp | smtp'],
      profiles: ['Mail/Smtp.password'],
      keys: ['SmtpUser/Own | name smtp | Active', 'SmtpUser/Self | user Mail/Smtp | Inactive', 'Mail/Outside | user Mail/Smtp | Active'],
    });
  });

  it('follows subclasses of subclasses, a class without a constructor passing its arguments on, once per loop element', () => {
    const result = summarise(
      app(
        `class Base extends iam.User {}
class Named extends Base {
  constructor(scope: Construct, id: string, name: string) {
    super(scope, id, { userName: name });
    new iam.AccessKey(this, 'Key', { user: this });
  }
}
class Leaf extends Named {}
const stack = new cdk.Stack(new cdk.App(), 'People');
for (const name of ['ana', 'bob']) new Leaf(stack, name, name);
`,
      ),
    );
    expect(result.users).toEqual(['People/ana | ana', 'People/bob | bob']);
    expect(result.keys).toEqual(['ana/Key | user People/ana | Active', 'bob/Key | user People/bob | Active']);
  });

  it('ends on cycles of `extends` and on classes never instantiated (their `this` stays unknown)', () => {
    const result = summarise(
      app(
        `class A extends B {}
class B extends A {
  constructor(scope: Construct, id: string) {
    super(scope, id);
    new iam.AccessKey(this, 'Cycle', { user: this as unknown as iam.User });
  }
}
new A(new cdk.Stack(new cdk.App(), 'S'), 'Loop');
export class Unused extends iam.User {
  constructor(scope: Construct, id: string) {
    super(scope, id);
    new iam.AccessKey(this, 'Never', { user: this });
  }
}
`,
      ),
    );
    expect(result.users).toEqual([]);
    // `new A(...)` is not an IAM construct (its bases never reach one); B's body runs through the cycle once, then on its own.
    expect(result.keys).toEqual([
      'Loop/Cycle | ? this is not known statically | Active',
      'Unused/Never | ? this (an instance of Unused) is not known statically: no new Unused(...) of the project is followed | Active',
      'B/Cycle | ? this is not known statically | Active | created in a recursive call of A, which credlint does not follow',
    ]);
  });

  it('a subclass of AccessKey or CfnAccessKey is a key; its props are those its super(...) passes', () => {
    const result = summarise(
      app(
        `class Dormant extends iam.AccessKey {
  constructor(scope: Construct, id: string, props: iam.AccessKeyProps) {
    super(scope, id, { ...props, status: iam.AccessKeyStatus.INACTIVE });
  }
}
class Raw extends iam.CfnAccessKey {}
const stack = new cdk.Stack(new cdk.App(), 'Ci');
const user = new iam.User(stack, 'Bot', { userName: 'bot' });
new Dormant(stack, 'Spare', { user });
new Raw(stack, 'Raw', { userName: 'bot' });
`,
      ),
    );
    expect(result.keys).toEqual(['Ci/Spare | user Ci/Bot | Inactive', 'Ci/Raw | name bot | Active']);
  });

  it('a super(...) that is not a statement of the constructor leaves the props unknown, never absent', () => {
    const result = summarise(
      app(
        `class Odd extends iam.User {
  constructor(scope: Construct, id: string, props: iam.UserProps) {
    if (props.userName) { super(scope, id, props); } else { super(scope, id); }
  }
}
new Odd(new cdk.Stack(new cdk.App(), 'S'), 'Odd', { userName: 'odd' });
`,
      ),
    );
    expect(result.users).toEqual(['app/Odd | ? the constructor of Odd calls super(...) where credlint does not follow it']);
    expect(result.profiles).toEqual(['app/Odd.password | password: the constructor of Odd calls super(...) where credlint does not follow it']);
  });
});

describe('CDK source extractor: whole and spread props objects', () => {
  it('a props parameter is the literal at the call site; an object value is read by key', () => {
    const result = summarise(
      app(
        `class People extends cdk.Stack {
  constructor(scope: Construct, id: string, userProps: iam.UserProps) {
    super(scope, id);
    new iam.User(this, 'User', userProps);
  }
}
const make = (userName: string) => ({ userName, password: cdk.SecretValue.unsafePlainText('x') });
const app = new cdk.App();
new People(app, 'A', { userName: 'ana', password: cdk.SecretValue.unsafePlainText('x') });
new People(app, 'B', { userName: 'bob' });
new People(app, 'C', make('cid'));
`,
      ),
    );
    expect(result.users).toEqual(['A/User | ana', 'B/User | bob', 'C/User | cid']);
    expect(result.profiles).toEqual(['A/User.password', 'C/User.password']);
  });

  it('later keys win over a spread; a spread of an unknown value makes the keys it may define unknown, not absent', () => {
    const result = summarise(
      app(
        `declare function loadProps(): iam.UserProps;
const external = loadProps();
const known = { userName: 'k', password: cdk.SecretValue.unsafePlainText('x') };
const stack = new cdk.Stack(new cdk.App(), 'S');
const fromUnknown = { ...external, userName: 'u' };
const overwritten = { userName: 'o', ...external };
new iam.User(stack, 'Known', { ...known, password: undefined });
new iam.User(stack, 'Unknown', fromUnknown);
new iam.User(stack, 'Overwritten', { ...overwritten });
`,
      ),
    );
    expect(result.users).toEqual([
      'S/Known | k',
      'S/Unknown | u',
      'S/Overwritten | ? userName may be overwritten by ...external: loadProps() is not known statically',
    ]);
    expect(result.profiles).toEqual([
      'S/Unknown.password | password: password may come from ...external: loadProps() is not known statically',
      'S/Overwritten.password | password: password may come from ...external: loadProps() is not known statically',
    ]);
  });
});

describe('CDK source extractor: methods called on a local instance', () => {
  it('follows team.addKey(...) per call when team is a const holding new Team(...), with the constructor props through this', () => {
    const result = summarise(
      app(
        `class Team extends cdk.Stack {
  constructor(scope: Construct, id: string, private readonly props: { lead: iam.IUser }) {
    super(scope, id);
  }
  addKey(id: string, user: iam.IUser = this.props.lead) {
    new iam.AccessKey(this, id, { user });
  }
}
const app = new cdk.App();
const ops = new cdk.Stack(app, 'Ops');
const lead = new iam.User(ops, 'Lead', { userName: 'lead' });
const ci = new iam.User(ops, 'Ci', { userName: 'ci' });
const team = new Team(app, 'Team', { lead });
team.addKey('First');
for (const id of ['Second']) team.addKey(id, ci);
`,
      ),
    );
    expect(result.keys).toEqual(['Team/First | user Ops/Lead | Active', 'Team/Second | user Ops/Ci | Active']);
  });

  // The instance's own property runs, not the prototype's method: the calls are not followed.
  it.each([
    ['Object.assign(team, ...)', 'Object.assign(team, { addKey: () => undefined });'],
    ['Object.assign(this, ...) in the constructor', ''],
  ])('does not follow team.addKey(...) when %s gives the instance its own addKey', (_, outside) => {
    const inside = outside === '' ? '\n    Object.assign(this, { addKey: () => undefined });' : '';
    const result = summarise(
      app(
        `class Team extends cdk.Stack {
  constructor(scope: Construct, id: string) {
    super(scope, id);${inside}
  }
  addKey(id: string, user: iam.IUser) {
    new iam.AccessKey(this, id, { user });
  }
}
const app = new cdk.App();
const ops = new cdk.Stack(app, 'Ops');
const ci = new iam.User(ops, 'Ci', { userName: 'ci' });
const team = new Team(app, 'Team');
${outside}
team.addKey('First', ci);
team.addKey('Second', ci);
`,
      ),
    );
    expect(result.keys.map((key) => key.split(' | ').slice(0, 2).join(' | '))).toEqual(['Team/id | ? user is not known statically']);
  });

  it('walks the method on its own, any number of times, when the name is also called on a value it cannot tell', () => {
    const result = summarise(
      app(
        `class Team extends cdk.Stack {
  addKey(id: string, user: iam.IUser) {
    new iam.AccessKey(this, id, { user });
  }
}
const app = new cdk.App();
const ops = new cdk.Stack(app, 'Ops');
const ci = new iam.User(ops, 'Ci', { userName: 'ci' });
const team = new Team(app, 'Team');
team.addKey('First', ci);
new Map([['other', new Team(app, 'Other')]]).get('other')?.addKey('Second', ci);
`,
      ),
    );
    expect(result.keys).toEqual([
      'Team/id | ? user is not known statically | Active | addKey is called on an instance credlint does not follow (x.addKey(...)), so it may run any number of times',
    ]);
  });
});
