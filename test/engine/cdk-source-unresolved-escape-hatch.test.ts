/**
 * An escape hatch written on a receiver credlint cannot evaluate (`this.node.findChild('OldKey')`, a
 * child of `this.node.children`) may change any construct of the code around it: the property it
 * writes is unknown there (a `--report-unknown` warning naming it), never taken as unchanged, which
 * turned a retired key or a deleted login profile into an error that `cdk synth` does not give. A
 * write of the value the property already has, and a plain `x.status = …` that is no escape hatch,
 * change nothing.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { lint } from '../../src/engine.js';
import { removeTempTrees, tempTree } from '../support/temp-tree.js';

afterAll(removeTempTrees);

async function findings(body: string): Promise<string[]> {
  const source = `import * as cdk from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import { Construct } from 'constructs';

class OpsStack extends cdk.Stack {
  constructor(scope: Construct, id: string) {
    super(scope, id);
    const user = new iam.User(this, 'Ci', { userName: 'ci' });
    new iam.AccessKey(this, 'OldKey', { user });
    new iam.AccessKey(this, 'NewKey', { user, serial: 1 });
${body}
  }
}
new OpsStack(new cdk.App(), 'Ops');
`;
  const root = tempTree({ 'app/cdk.json': '{}', 'app/app.ts': source }, 'credlint-cdk-unresolved-hatch-');
  const result = await lint({ paths: [root], cwd: root, reportUnknown: true });
  return result.findings.map((f) => `${f.severity} ${f.ruleId} ${f.message}`);
}

const ERROR = 'error multiple-active-access-keys IAM user "ci" has 2 active access keys (OpsStack/OldKey, OpsStack/NewKey); at most one may be active.';

describe('an escape hatch on a receiver credlint cannot evaluate', () => {
  it('leaves the Status it writes unknown (an error before; synth: one active key)', async () => {
    expect(await findings("    const old = this.node.findChild('OldKey');\n    (old.node.defaultChild as iam.CfnAccessKey).status = 'Inactive';")).toEqual([
      'warning multiple-active-access-keys IAM user "ci" may have 2 active access keys (OpsStack/OldKey, OpsStack/NewKey): ' +
        "(old.node.defaultChild as iam.CfnAccessKey).status = 'Inact…, on a construct credlint cannot tell (old.node.defaultChild is not known statically), may change its Status.",
    ]);
  });

  it('leaves it unknown through an override in a loop over ids credlint cannot list (an error before)', async () => {
    const result = await findings(
      "    const retired: string[] = this.node.tryGetContext('retired') ?? [];\n" +
        "    for (const id of retired) (this.node.findChild(id).node.defaultChild as cdk.CfnResource).addPropertyOverride('Status', 'Inactive');",
    );
    expect(result.map((f) => f.split(':')[0])).toEqual([
      'warning multiple-active-access-keys IAM user "ci" may have 2 active access keys (OpsStack/OldKey, OpsStack/NewKey)',
    ]);
  });

  it('leaves it unknown in a loop credlint lists, where each run finds a child by its id', async () => {
    const result = await findings(
      "    ['OldKey'].forEach((id) => {\n      (this.node.findChild(id).node.defaultChild as iam.CfnAccessKey).status = 'Inactive';\n    });",
    );
    expect(result.map((f) => f.split(':')[0])).toEqual([
      'warning multiple-active-access-keys IAM user "ci" may have 2 active access keys (OpsStack/OldKey, OpsStack/NewKey)',
    ]);
  });

  it('leaves a login profile it deletes unknown (an error before; synth: no console password)', async () => {
    const result = await findings(
      "    const profile = new iam.User(this, 'Ana', { userName: 'ana', password: cdk.SecretValue.unsafePlainText('x') });\n" +
        "    new iam.AccessKey(this, 'AnaKey', { user: profile });\n" +
        "    (this.node.findChild('Ana').node.defaultChild as iam.CfnUser).addPropertyDeletionOverride('LoginProfile');",
    );
    expect(result.filter((f) => f.includes('console-user'))).toEqual([
      'warning console-user-with-access-key Cannot tell whether OpsStack/Ana.password belongs to a console user with an active access key: ' +
        "(this.node.findChild('Ana').node.defaultChild as iam.CfnUse…, on a construct credlint cannot tell " +
        "(this.node.findChild('Ana').node.defaultChild is not known statically), may remove it.",
    ]);
  });

  it('changes nothing where it writes the value the property has', async () => {
    expect(await findings("    (this.node.findChild('OldKey').node.defaultChild as iam.CfnAccessKey).status = 'Active';")).toEqual([ERROR]);
  });

  it('is told from a write to something else, which changes nothing', async () => {
    expect(await findings("    const report = JSON.parse(process.env.REPORT ?? '{}');\n    report.status = 'Inactive';")).toEqual([ERROR]);
  });
});
