/**
 * Escape hatches reach an L2 user's or key's L1 resource not only through `node.defaultChild` but also
 * through the child it creates with the id `Resource` (`node.findChild('Resource')`,
 * `node.tryFindChild('Resource')`, the form of CDK releases before `defaultChild`), and a project class
 * extending `User` or `AccessKey` may change its own resource in its constructor, through `this`
 * (README, "CDK TypeScript source"). Before, both kinds of change were ignored: a key set Inactive that
 * way was a second active key, and a login profile added or removed that way was not seen. Each case
 * was checked against the template a synthesis with aws-cdk-lib 2.276 writes.
 */
import { describe, expect, it } from 'vitest';
import { HEADER, summarise } from '../support/cdk-source-harness.js';

const APP = `${HEADER}import type { Construct } from 'constructs';\nconst s = new cdk.Stack(new cdk.App(), 'S');\n`;

describe("an L2 construct's child 'Resource'", () => {
  it('is the resource its Status is written on, however the child is found and written', () => {
    const app = `${APP}const u = iam.User.fromUserName(s, 'U', 'u');
const a = new iam.AccessKey(s, 'A', { user: u });
(a.node.findChild('Resource') as iam.CfnAccessKey).addPropertyOverride('Status', 'Inactive');
const b = new iam.AccessKey(s, 'B', { user: u });
const bResource = b.node.tryFindChild('Resource') as iam.CfnAccessKey;
bResource.status = 'Inactive';
const c = new iam.AccessKey(s, 'C', { user: u });
(c.node.findChild('Resource') as cdk.CfnResource).addOverride('Properties.Status', 'Inactive');
const d = new iam.AccessKey(s, 'D', { user: u, status: iam.AccessKeyStatus.INACTIVE });
(d.node.tryFindChild('Resource') as iam.CfnAccessKey)?.addPropertyDeletionOverride('Status');
`;
    expect(summarise({ 'app.ts': app }).keys).toEqual([
      'S/A | name u | Inactive',
      'S/B | name u | Inactive',
      'S/C | name u | Inactive',
      'S/D | name u | Active',
    ]);
  });

  it('is another child under any other id, and no child of an L1 resource', () => {
    const app = `${APP}const u = iam.User.fromUserName(s, 'U', 'u');
const a = new iam.AccessKey(s, 'A', { user: u });
(a.node.tryFindChild('Default') as iam.CfnAccessKey)?.addPropertyOverride('Status', 'Inactive');
const b = new iam.CfnAccessKey(s, 'B', { userName: 'u' });
(b.node.tryFindChild('Resource') as iam.CfnAccessKey)?.addPropertyOverride('Status', 'Inactive');
`;
    expect(summarise({ 'app.ts': app }).keys).toEqual(['S/A | name u | Active', 'S/B | name u | Active']);
  });

  it("is the resource a user's login profile is added to or removed from", () => {
    const app = `${APP}const a = new iam.User(s, 'A', { userName: 'a' });
(a.node.findChild('Resource') as iam.CfnUser).loginProfile = { password: 'x' };
const b = new iam.User(s, 'B', { userName: 'b', password: cdk.SecretValue.unsafePlainText('x') });
(b.node.tryFindChild('Resource') as iam.CfnUser).addPropertyDeletionOverride('LoginProfile');
`;
    expect(summarise({ 'app.ts': app }).profiles).toEqual(['S/A.password']);
  });
});

describe('a change an IAM subclass makes to its own resource in its constructor', () => {
  it('changes each instance, base classes first, then the code that creates it', () => {
    const app = `${APP}class Standby extends iam.AccessKey {
  constructor(scope: Construct, id: string, props: iam.AccessKeyProps) {
    super(scope, id, props);
    (this.node.defaultChild as iam.CfnAccessKey).status = 'Inactive';
  }
}
class Revived extends Standby {
  constructor(scope: Construct, id: string, props: iam.AccessKeyProps) {
    super(scope, id, props);
    const resource = this.node.findChild('Resource') as iam.CfnAccessKey;
    resource.addPropertyOverride('Status', 'Active');
  }
}
class Legacy extends iam.CfnAccessKey {
  constructor(scope: Construct, id: string, props: iam.CfnAccessKeyProps) {
    super(scope, id, props);
    this.status = 'Inactive';
  }
}
const u = iam.User.fromUserName(s, 'U', 'u');
new Standby(s, 'A', { user: u });
new Revived(s, 'B', { user: u });
const c = new Revived(s, 'C', { user: u });
(c.node.defaultChild as iam.CfnAccessKey).status = 'Inactive';
new Legacy(s, 'D', { userName: 'u' });
`;
    expect(summarise({ 'app.ts': app }).keys).toEqual([
      'S/A | name u | Inactive',
      'S/B | name u | Active',
      'S/C | name u | Inactive',
      'S/D | name u | Inactive',
    ]);
  });

  it('adds or removes the login profile of each instance', () => {
    const app = `${APP}class Operator extends iam.User {
  constructor(scope: Construct, id: string, props: iam.UserProps) {
    super(scope, id, props);
    (this.node.findChild('Resource') as iam.CfnUser).loginProfile = { password: 'x' };
  }
}
class ApiOnly extends iam.User {
  constructor(scope: Construct, id: string, props: iam.UserProps) {
    super(scope, id, props);
    (this.node.defaultChild as iam.CfnUser).addPropertyDeletionOverride('LoginProfile');
  }
}
new Operator(s, 'A', { userName: 'a' });
new ApiOnly(s, 'B', { userName: 'b', password: cdk.SecretValue.unsafePlainText('x') });
`;
    expect(summarise({ 'app.ts': app }).profiles).toEqual(['S/A.password']);
  });

  it('leaves the Status unknown where the change may not run, and ignores changes of other constructs', () => {
    const app = `${APP}class MaybeStandby extends iam.AccessKey {
  constructor(scope: Construct, id: string, props: iam.AccessKeyProps & { standby?: boolean }) {
    super(scope, id, props);
    if (props.standby) (this.node.tryFindChild('Resource') as iam.CfnAccessKey).status = 'Inactive';
  }
}
class KeyedUser extends iam.User {
  constructor(scope: Construct, id: string, props: iam.UserProps) {
    super(scope, id, props);
    const key = new iam.AccessKey(this, 'Key', { user: this });
    (key.node.defaultChild as iam.CfnAccessKey).status = 'Inactive';
    (this.node.defaultChild as iam.CfnUser).addPropertyOverride('Path', '/ci/');
  }
}
const u = iam.User.fromUserName(s, 'U', 'u');
new MaybeStandby(s, 'A', { user: u, standby: process.env.STANDBY === 'yes' });
new KeyedUser(s, 'B', { userName: 'b' });
`;
    expect(summarise({ 'app.ts': app }).keys).toEqual([
      "S/A | name u | ? (this.node.tryFindChild('Resource') as iam.CfnAccessKey).st… may change its Status",
      'KeyedUser/Key | user S/B | Inactive',
    ]);
  });
});

describe('an Aspect that picks the L2 construct and changes its resource', () => {
  it('may change the Status of every key, or the login profile of every user, of its scopes', () => {
    const app = `${HEADER}import type { IConstruct } from 'constructs';
const app = new cdk.App();
const s = new cdk.Stack(app, 'S');
const u = new iam.User(s, 'U', { userName: 'u', password: cdk.SecretValue.unsafePlainText('x') });
new iam.AccessKey(s, 'K', { user: u });
cdk.Aspects.of(app).add({
  visit: (node: IConstruct) => {
    if (node instanceof iam.AccessKey) (node.node.defaultChild as cdk.CfnResource).addPropertyOverride('Status', 'Inactive');
    if (node instanceof iam.User) (node.node.findChild('Resource') as cdk.CfnResource).addPropertyDeletionOverride('LoginProfile');
  },
});
`;
    const { keys, profiles } = summarise({ 'app.ts': app });
    expect(keys).toEqual([
      'S/K | user S/U | ? the Aspect passed to Aspects.of(...).add ((node.node.defaultChild as cdk.CfnResource).addPropertyOver…) may change its Status',
    ]);
    expect(profiles).toEqual([
      "S/U.password | the Aspect passed to Aspects.of(...).add ((node.node.findChild('Resource') as cdk.CfnResource).addPro…) may remove it",
    ]);
  });

  it('is not an Aspect of users when it names another class that starts with User', () => {
    const app = `${HEADER}import type { IConstruct } from 'constructs';
const app = new cdk.App();
const s = new cdk.Stack(app, 'S');
new iam.User(s, 'U', { userName: 'u' });
const isProd = new cdk.CfnCondition(s, 'IsProd', { expression: cdk.Fn.conditionEquals(cdk.Aws.ACCOUNT_ID, '1') });
cdk.Aspects.of(app).add({ visit: (node: IConstruct) => { if (node.constructor.name === 'UserPool') (node.node.defaultChild as cdk.CfnResource).cfnOptions.condition = isProd; } });
`;
    expect(summarise({ 'app.ts': app }).users).toEqual(['S/U | u']);
  });
});
