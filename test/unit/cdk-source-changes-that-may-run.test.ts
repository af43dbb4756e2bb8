/**
 * An escape hatch under an `if`, or an Aspect (which may visit any construct), may or may not change
 * a user's login profile or a key's Status. It leaves the fact uncertain only where it would change it
 * (README, "CDK TypeScript source"): removing a login profile the user does not have, or writing the
 * Status the key already has, changes nothing; a later change that certainly runs decides over it.
 * Before, a user without a password was "maybe a console user" beside any removal that might run, an
 * Aspect setting `loginProfile = undefined` was said to "add" one, and an Inactive key an Aspect may
 * set Inactive was a possible second active key.
 */
import { describe, expect, it } from 'vitest';
import { HEADER, summarise } from '../support/cdk-source-harness.js';

const ASPECT_HEADER = `${HEADER}import { IConstruct } from 'constructs';\nconst app = new cdk.App();\nconst s = new cdk.Stack(app, 'S');\n`;

describe('a login profile change that may run', () => {
  it('leaves a user without a password without one when it removes the profile', () => {
    const app = `${ASPECT_HEADER}const u = new iam.User(s, 'U', { userName: 'u' });
if (process.env.HARDEN) (u.node.defaultChild as iam.CfnUser).loginProfile = undefined;
const c = new iam.CfnUser(s, 'C', { userName: 'c' });
if (process.env.HARDEN) c.addPropertyDeletionOverride('LoginProfile');
cdk.Aspects.of(app).add({ visit: (node: IConstruct) => { if (node instanceof iam.CfnUser) node.loginProfile = undefined; } });
`;
    expect(summarise({ 'app.ts': app }).profiles).toEqual([]);
  });

  it('says an Aspect writing undefined may remove a profile, not add one', () => {
    const app = `${ASPECT_HEADER}new iam.User(s, 'U', { userName: 'u', password: cdk.SecretValue.unsafePlainText('x') });
cdk.Aspects.of(app).add({ visit: (node: IConstruct) => { if (node instanceof iam.CfnUser && node.node.id !== 'Kept') node.loginProfile = undefined; } });
`;
    expect(summarise({ 'app.ts': app }).profiles).toEqual([
      'S/U.password | the Aspect passed to Aspects.of(...).add (node.loginProfile = undefined) may remove it',
    ]);
  });

  it('takes changes in source order: a later change that certainly runs decides', () => {
    const app = `${ASPECT_HEADER}const a = new iam.CfnUser(s, 'A', { userName: 'a' });
if (process.env.CONSOLE) a.loginProfile = { password: 'x' };
a.loginProfile = undefined;
const b = new iam.CfnUser(s, 'B', { userName: 'b', loginProfile: { password: 'x' } });
if (process.env.HARDEN) b.loginProfile = undefined;
b.loginProfile = { password: 'y' };
const c = new iam.CfnUser(s, 'C', { userName: 'c' });
if (process.env.CONSOLE) c.loginProfile = { password: 'x' };
`;
    expect(summarise({ 'app.ts': app }).profiles).toEqual(['S/B.loginProfile', 'S/C.loginProfile | c.loginProfile = { password:… }; may add it']);
  });
});

describe('a Status change that may run', () => {
  it('leaves a key whose Status it would not change as it is', () => {
    const app = `${ASPECT_HEADER}const u = iam.User.fromUserName(s, 'U', 'u');
new iam.AccessKey(s, 'Old', { user: u, status: iam.AccessKeyStatus.INACTIVE });
new iam.AccessKey(s, 'New', { user: u });
const k = new iam.CfnAccessKey(s, 'Cfn', { userName: 'u' });
if (process.env.RESET) k.addPropertyDeletionOverride('Status');
cdk.Aspects.of(app).add({ visit: (node: IConstruct) => { if (node instanceof iam.CfnAccessKey && node.node.id !== 'Kept') node.status = 'Inactive'; } });
`;
    expect(summarise({ 'app.ts': app }).keys).toEqual([
      'S/Old | name u | Inactive',
      "S/New | name u | ? the Aspect passed to Aspects.of(...).add (node.status = 'Inactive') may change its Status",
      "S/Cfn | name u | ? the Aspect passed to Aspects.of(...).add (node.status = 'Inactive') may change its Status",
    ]);
    const reset = `${ASPECT_HEADER}const k = new iam.CfnAccessKey(s, 'Cfn', { userName: 'u' });\nif (process.env.RESET) k.addPropertyDeletionOverride('Status');\n`;
    expect(summarise({ 'app.ts': reset }).keys).toEqual(['S/Cfn | name u | Active']);
  });
});
