/**
 * An escape hatch or an Aspect that writes a user's `UserName` (`(user.node.defaultChild as
 * iam.CfnUser).userName = 'root'`, `addPropertyOverride('UserName', …)`, `addOverride('Properties.UserName',
 * …)`), or a key's (`CfnAccessKey.userName`), changes the name the template gets: the root rule and the
 * linking of keys to users by name see the written name when the write certainly runs with a known value,
 * and the user (or key) is undecided where it may run or writes an unknown value — never a verdict on the old name.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { lint } from '../../src/engine.js';
import { removeTempTrees, tempTree } from '../support/temp-tree.js';

afterAll(removeTempTrees);

const HEAD =
  "import * as cdk from 'aws-cdk-lib';\nimport * as iam from 'aws-cdk-lib/aws-iam';\nimport { IConstruct } from 'constructs';\n" +
  "const app = new cdk.App();\nconst stack = new cdk.Stack(app, 'S');\n";

async function findings(body: string): Promise<string[]> {
  const root = tempTree({ 'app/cdk.json': '{}', 'app/app.ts': HEAD + body }, 'credlint-cdk-name-changes-');
  const result = await lint({ paths: [root], cwd: root, reportUnknown: true });
  return result.findings.map((f) => `${f.severity} ${f.ruleId} ${f.message}`).sort();
}

const userWithKey = (name: string, change: string) =>
  `const u = new iam.User(stack, 'U', { userName: '${name}' });\nnew iam.AccessKey(stack, 'K', { user: u });\n${change}\n`;

describe('escape hatches that write a user name', () => {
  it('renames a user to root through the L1 property, a property override and a raw override', async () => {
    for (const change of [
      "(u.node.defaultChild as iam.CfnUser).userName = 'root';",
      "(u.node.defaultChild as iam.CfnUser).addPropertyOverride('UserName', 'root');",
      "(u.node.defaultChild as cdk.CfnResource).addOverride('Properties.UserName', 'root');",
      "(u.node.findChild('Resource') as iam.CfnUser).userName = 'root';",
    ]) {
      const found = await findings(userWithKey('ops', change));
      expect(found, change).toHaveLength(1);
      expect(found[0], change).toMatch(/^error root-user-access-key /);
    }
  });

  it('renames a root user to another name, so it is no root user', async () => {
    for (const change of [
      "(u.node.defaultChild as iam.CfnUser).userName = 'ops';",
      "(u.node.defaultChild as iam.CfnUser).addPropertyOverride('UserName', 'ops');",
      "(u.node.defaultChild as iam.CfnUser).addPropertyDeletionOverride('UserName');",
    ])
      expect(await findings(userWithKey('root', change)), change).toEqual([]);
  });

  it('renames a CfnUser written directly', async () => {
    const body = "const u = new iam.CfnUser(stack, 'U', { userName: 'ops' });\nnew iam.CfnAccessKey(stack, 'K', { userName: u.ref });\nu.userName = 'root';\n";
    const found = await findings(body);
    expect(found).toHaveLength(1);
    expect(found[0]).toMatch(/^error root-user-access-key /);
  });

  it('leaves the user undecided where the rename may run', async () => {
    const found = await findings(userWithKey('ops', "if (app.node.tryGetContext('x')) (u.node.defaultChild as iam.CfnUser).userName = 'root';"));
    expect(found).toHaveLength(1);
    expect(found[0]).toMatch(/^warning root-user-access-key .*may change its name/);
  });

  it('moves a key to the user it names through the CfnAccessKey userName', async () => {
    const body =
      "const u = new iam.User(stack, 'U', { userName: 'ops' });\nconst k = new iam.AccessKey(stack, 'K', { user: u });\n" +
      "(k.node.defaultChild as iam.CfnAccessKey).userName = 'root';\n";
    const found = await findings(body);
    expect(found).toHaveLength(1);
    expect(found[0]).toMatch(/^error root-user-access-key /);
  });
});

describe('Aspects that write a user name', () => {
  it('an Aspect renaming every CfnUser to root gives root users', async () => {
    const aspect = "cdk.Aspects.of(stack).add({ visit(node: IConstruct) { if (node instanceof iam.CfnUser) node.userName = 'root'; } });";
    const found = await findings(userWithKey('ops', aspect));
    expect(found).toHaveLength(1);
    expect(found[0]).toMatch(/^error root-user-access-key /);
  });

  it('a naming-convention Aspect with a known prefix renames root to a name that is not root', async () => {
    const aspect = "cdk.Aspects.of(stack).add({ visit(node: IConstruct) { if (node instanceof iam.CfnUser) node.userName = 'team-' + node.userName; } });";
    expect(await findings(userWithKey('root', aspect))).toEqual([]);
  });

  it('an Aspect writing a name known only at synth leaves the user undecided, naming the Aspect', async () => {
    const aspect =
      "cdk.Aspects.of(stack).add({ visit(node: IConstruct) { if (node instanceof iam.CfnUser) node.userName = app.node.tryGetContext('prefix') + node.userName; } });";
    for (const name of ['ops', 'root']) {
      const found = await findings(userWithKey(name, aspect));
      expect(found, name).toHaveLength(1);
      expect(found[0], name).toMatch(/^warning root-user-access-key .*the Aspect passed to Aspects\.of\(\.\.\.\)\.add/);
    }
  });

  it('a class whose instance is added is an Aspect without `implements IAspect` (TypeScript types structurally)', async () => {
    const rename = "class Rename { visit(node: IConstruct) { if (node instanceof iam.CfnUser) node.userName = 'root'; } }\n";
    const found = await findings(rename + userWithKey('ops', 'cdk.Aspects.of(stack).add(new Rename());'));
    expect(found).toHaveLength(1);
    expect(found[0]).toMatch(/^error root-user-access-key /);
    // The same class never added changes nothing.
    expect(await findings(rename + userWithKey('ops', ''))).toEqual([]);
  });

  it('an Aspect that may run leaves a root rename undecided', async () => {
    const aspect =
      "cdk.Aspects.of(stack).add({ visit(node: IConstruct) { if (node instanceof iam.CfnUser && node.node.id === 'Resource') node.userName = 'root'; } });";
    const found = await findings(userWithKey('ops', aspect));
    expect(found).toHaveLength(1);
    expect(found[0]).toMatch(/^warning root-user-access-key .*may change its name/);
  });
});

describe('Aspects that rename users and change keys', () => {
  it('a rename under a CfnUser test leaves the keys of the Aspect decided', async () => {
    const aspect =
      'cdk.Aspects.of(stack).add({ visit(node: IConstruct) {\n' +
      "  if (node instanceof iam.CfnUser) node.userName = 'root';\n" +
      "  if (node instanceof iam.CfnAccessKey && node.node.id === 'Old') node.status = 'Inactive';\n" +
      '} });';
    const found = await findings(userWithKey('ops', aspect));
    expect(found).toHaveLength(1);
    expect(found[0]).toMatch(/^error root-user-access-key /);
  });
});
