/**
 * A key's status becomes the Status of its AWS::IAM::AccessKey in the synthesized template, so it is
 * read as the CloudFormation loader reads that template: anything but Active, Inactive or Expired
 * (`'inactive'`, `'ACTIVE'`) is unknown, not inactive (the CLI on the source and on `cdk.out` agree).
 */
import { describe, expect, it } from 'vitest';
import { HEADER, summarise } from '../support/cdk-source-harness.js';

function statuses(keys: string): string[] {
  const app = `${HEADER}const stack = new cdk.Stack(new cdk.App(), 'Ops');\nconst user = new iam.User(stack, 'User', { userName: 'ops' });\n${keys}`;
  return summarise({ 'app.ts': app }).keys.map((k) => k.split(' | ')[2] ?? '');
}

const UNDOCUMENTED = (written: string) =>
  `? Status "${written}" is not Active or Inactive, the values CloudFormation documents (case matters), so what it deploys is not known`;

describe('a key status CloudFormation does not document', () => {
  it('is unknown, written on the L1 key, set by an escape hatch, or cast onto the L2 key', () => {
    expect(statuses("new iam.CfnAccessKey(stack, 'Key', { userName: user.userName, status: 'inactive' });\n")).toEqual([UNDOCUMENTED('inactive')]);
    expect(statuses("const key = new iam.CfnAccessKey(stack, 'Key', { userName: user.userName });\nkey.status = 'ACTIVE';\n")).toEqual([
      UNDOCUMENTED('ACTIVE'),
    ]);
    expect(statuses("new iam.AccessKey(stack, 'Key', { user, status: 'disabled' as iam.AccessKeyStatus });\n")).toEqual([UNDOCUMENTED('disabled')]);
  });

  it('leaves the documented statuses as they are', () => {
    expect(
      statuses(
        "new iam.CfnAccessKey(stack, 'A', { userName: user.userName, status: 'Inactive' });\nnew iam.AccessKey(stack, 'B', { user, status: iam.AccessKeyStatus.ACTIVE });\nnew iam.AccessKey(stack, 'C', { user });\n",
      ),
    ).toEqual(['Inactive', 'Active', 'Active']);
  });
});
