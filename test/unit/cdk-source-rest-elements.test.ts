/**
 * A rest element of a destructuring collects what is left of a known value (README, "CDK TypeScript
 * source"): of an object, its properties but those the other elements name (`const { secretName,
 * ...userProps } = props`, the way construct libraries strip their own props before `super(...)`); of
 * an array, the items from its position on. It was unknown, so a password passed on in the rest was
 * only a `--report-unknown` warning.
 */
import { describe, expect, it } from 'vitest';
import { HEADER, summarise } from '../support/cdk-source-harness.js';

const PASSWORD = "cdk.SecretValue.unsafePlainText('Initial-Passw0rd!')";

describe('a rest element of a known value', () => {
  it('collects the properties the other elements do not name, in a declaration and in a parameter', () => {
    const declared = `${HEADER}const stack = new cdk.Stack(new cdk.App(), 'Ops');
const props = { userName: 'ana', secretName: 'ana-key', password: ${PASSWORD} };
const { secretName, ...userProps } = props;
new iam.User(stack, 'Ana', userProps);
const { password, ...others } = { ...props, userName: 'bob' };
new iam.User(stack, 'Bob', others);
`;
    expect(summarise({ 'app.ts': declared })).toMatchObject({ users: ['Ops/Ana | ana', 'Ops/Bob | bob'], profiles: ['Ops/Ana.password'] });
    const parameter = `${HEADER}const stack = new cdk.Stack(new cdk.App(), 'Ops');
function make({ id, ...props }: { id: string; userName: string; password?: cdk.SecretValue }) {
  return new iam.User(stack, id, props);
}
make({ id: 'Ana', userName: 'ana', password: ${PASSWORD} });
make({ id: 'Bob', userName: 'bob' });
`;
    expect(summarise({ 'app.ts': parameter })).toMatchObject({ users: ['Ops/Ana | ana', 'Ops/Bob | bob'], profiles: ['Ops/Ana.password'] });
  });

  it('keeps a key a spread of an unknown value may define unknown, and names with a computed key the way they are known', () => {
    const app = `${HEADER}const stack = new cdk.Stack(new cdk.App(), 'Ops');
const base = { ...(process.env.EXTRA as object), userName: 'ana' };
const { userName, ...rest } = base;
new iam.User(stack, 'Ana', { ...rest, userName });
const key = 'userName';
const { [key]: taken, ...left } = { userName: 'bob', path: '/' };
new iam.User(stack, 'Bob', { userName: 'bob', ...left });
`;
    const { users, profiles } = summarise({ 'app.ts': app });
    expect(users).toEqual(['Ops/Ana | ana', 'Ops/Bob | bob']);
    expect(profiles).toEqual([expect.stringMatching(/^Ops\/Ana\.password \| password: password may come from \.\.\.\(process\.env\.EXTRA as object\)/)]);
  });

  it('collects the items of an array from its position on', () => {
    const app = `${HEADER}const stack = new cdk.Stack(new cdk.App(), 'Ops');
const [first, ...others] = ['ana', 'bob', 'cy'];
for (const name of others) new iam.CfnAccessKey(stack, \`Key\${name}\`, { userName: name });
const [, ...[second]] = ['dan', 'eve'];
new iam.CfnAccessKey(stack, 'KeyEve', { userName: second });
`;
    expect(summarise({ 'app.ts': app }).keys).toEqual(['Ops/Keybob | name bob | Active', 'Ops/Keycy | name cy | Active', 'Ops/KeyEve | name eve | Active']);
  });

  it('stays unknown when the value is not known', () => {
    const app = `${HEADER}const stack = new cdk.Stack(new cdk.App(), 'Ops');
const { secretName, ...userProps } = JSON.parse(process.env.USER ?? '{}');
new iam.User(stack, 'Ana', userProps);
new iam.CfnAccessKey(stack, 'Key', { userName: 'ana' });
`;
    expect(summarise({ 'app.ts': app }).profiles).toEqual([
      expect.stringMatching(/^Ops\/Ana\.password \| password: userProps collects the rest of a destructured value/),
    ]);
  });
});
