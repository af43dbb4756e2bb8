import { describe, expect, it } from 'vitest';
import { lint } from '../../src/engine.js';
import { writeTree } from '../support/cloudformation-harness.js';

/**
 * A stack set's template written as a literal block (`TemplateBody: |`) is analysed as a template of
 * its own at the lines the block writes it, so a `# credlint-ignore` comment above one of its
 * resources suppresses as it does above a resource of any YAML template (README, "Suppressions").
 */
describe('credlint-ignore inside an inline stack-set template', () => {
  const template = `AWSTemplateFormatVersion: "2010-09-09"
Resources:
  Users:
    Type: AWS::CloudFormation::StackSet
    Properties:
      PermissionModel: SELF_MANAGED
      TemplateBody: |
        Resources:
          Ops:
            Type: AWS::IAM::User
            Properties: { UserName: ops }
          OpsKey:
            Type: AWS::IAM::AccessKey
            Properties: { UserName: !Ref Ops }
          # credlint-ignore multiple-active-access-keys -- rotation window, the old key is retired on Friday
          OpsKey2:
            Type: AWS::IAM::AccessKey
            Properties: { UserName: !Ref Ops }
          Box:
            Type: AWS::EC2::Instance
            Properties:
              UserData: |
                # credlint-ignore root-user-access-key -- a shell comment, not a directive
          # credlint-ignore console-user-with-access-key
          Ci:
            Type: AWS::IAM::User
`;

  it('suppresses with a reason, reports one without, and reads a block string inside the body as text', async () => {
    for (const eol of ['\n', '\r\n']) {
      const dir = writeTree({ 'template.yaml': template.replace(/\n/g, eol) });
      const result = await lint({ paths: ['.'], cwd: dir, env: {}, reportUnusedSuppressions: true });
      expect(
        result.findings.map(
          (f) =>
            `${f.location.range.start.line}:${f.location.range.start.column} ${f.ruleId}${f.suppression ? ` (suppressed: ${f.suppression.justification})` : ''}`,
        ),
      ).toEqual(['16:11 multiple-active-access-keys (suppressed: rotation window, the old key is retired on Friday)', '24:11 invalid-suppression']);
    }
  });
});
