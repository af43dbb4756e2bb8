/**
 * Text files saved as UTF-16 with a byte order mark (Windows editors and PowerShell's `Out-File`
 * write them) hold NUL bytes, but they are text, not binary. A YAML or JSON file of that kind that is
 * no CloudFormation template or plan (a Kubernetes manifest, say) is ignored like any other data file;
 * one that is a template, a plan or a `.tf` file is a `parse-error` that names its encoding (credlint
 * reads UTF-8 only, as Terraform does). Checked with and without the prefilter.
 */
import { describe, expect, it } from 'vitest';
import type { LintResult } from '../../src/core/finding.js';
import { lint } from '../../src/engine.js';
import { hostileWorkspaces } from '../support/hostile-workspace.js';

const workspace = hostileWorkspaces('credlint-utf16-');

function utf16le(text: string): Buffer {
  return Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]);
}

function utf16be(text: string): Buffer {
  return utf16le(text).swap16();
}

const MANIFEST = 'apiVersion: v1\r\nkind: ServiceAccount\r\nmetadata:\r\n  name: deployer\r\n';
const TEMPLATE = 'AWSTemplateFormatVersion: "2010-09-09"\nResources:\n  Key:\n    Type: AWS::IAM::AccessKey\n    Properties:\n      UserName: ana\n';

async function scan(root: string, prefilter: boolean): Promise<LintResult> {
  return lint({ paths: [root], cwd: root, prefilter });
}

function summary(result: LintResult, root: string): string[] {
  return result.findings
    .map((f) => `${f.location.file.slice(root.length + 1)}:${f.location.range.start.line}:${f.location.range.start.column} ${f.ruleId} ${f.message}`)
    .sort();
}

describe('UTF-16 text files', () => {
  for (const prefilter of [true, false]) {
    it(`ignores UTF-16 YAML and JSON files that are not templates or plans (prefilter ${prefilter ? 'on' : 'off'})`, async () => {
      const root = workspace({
        'k8s/service-account.yaml': utf16le(MANIFEST),
        'k8s/big-endian.yml': utf16be(MANIFEST),
        'settings/launch.json': utf16le('{ "version": "0.2.0", "configurations": [] }\n'),
      });
      expect(summary(await scan(root, prefilter), root)).toEqual([
        'good/main.tf:9:1 console-user-with-access-key IAM user "ana" has a console password (aws_iam_user_login_profile.ana) and an active access key (aws_iam_access_key.ana).',
      ]);
    });

    it(`reports a UTF-16 template and a UTF-16 .tf file by their encoding (prefilter ${prefilter ? 'on' : 'off'})`, async () => {
      const root = workspace({
        'cfn/key.yaml': utf16le(TEMPLATE),
        'cfn/key-be.json': utf16be(JSON.stringify({ Resources: { Key: { Type: 'AWS::IAM::AccessKey', Properties: { UserName: 'ana' } } } })),
        'good/extra.tf': utf16le('resource "aws_iam_access_key" "second" {\n  user = "ana"\n}\n'),
      });
      // Terraform's own requirement is named for its files only: a template is not Terraform's.
      const message = (order: string, terraform = false) =>
        `UTF-16 text (${order} byte order mark): credlint reads UTF-8 only${terraform ? ' (Terraform requires UTF-8)' : ''}; save the file as UTF-8`;
      expect(summary(await scan(root, prefilter), root)).toEqual([
        `cfn/key-be.json:1:1 parse-error ${message('big-endian')}`,
        `cfn/key.yaml:1:1 parse-error ${message('little-endian')}`,
        `good/extra.tf:1:1 parse-error ${message('little-endian', true)}`,
        'good/main.tf:9:1 console-user-with-access-key IAM user "ana" has a console password (aws_iam_user_login_profile.ana) and an active access key (aws_iam_access_key.ana).',
      ]);
    });
  }
});
