/**
 * What a CDK cloud assembly's directory takes from the other formats: the files `cdk synth` writes
 * there (top level, `asset.*`, `assembly-*`), not a project that happens to hold a manifest.json in
 * its root (aws-samples/serverless-patterns commits one beside cdk.json).
 */
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { lint } from '../../src/engine.js';
import { removeTempTrees, tempTree } from '../support/temp-tree.js';

afterAll(removeTempTrees);

const manifest = (templateFile: string) =>
  JSON.stringify({ version: '36.0.0', artifacts: { App: { type: 'aws:cloudformation:stack', properties: { templateFile } } } }, null, 2);
const twoKeys =
  'Resources:\n  K1:\n    Type: AWS::IAM::AccessKey\n    Properties: { UserName: ops }\n  K2:\n    Type: AWS::IAM::AccessKey\n    Properties: { UserName: ops }\n';
const twoKeysTf = 'resource "aws_iam_access_key" "a" {\n  user = "ops"\n}\n\nresource "aws_iam_access_key" "b" {\n  user = "ops"\n}\n';

async function scan(files: Readonly<Record<string, string>>): Promise<string[]> {
  const root = tempTree(files, 'credlint-assembly-claim-');
  const result = await lint({ paths: [root], cwd: root });
  return result.findings.map((f) => `${f.ruleId} ${path.relative(root, f.location.file)}:${String(f.location.range.start.line)}`).sort();
}

describe('files below a cloud assembly manifest', () => {
  it('leaves the templates (JSON and YAML) and Terraform of subdirectories to their formats', async () => {
    const twoKeysJson = JSON.stringify(
      {
        Resources: { K1: { Type: 'AWS::IAM::AccessKey', Properties: { UserName: 'ci' } }, K2: { Type: 'AWS::IAM::AccessKey', Properties: { UserName: 'ci' } } },
      },
      null,
      2,
    );
    expect(
      await scan({
        'manifest.json': manifest('App.template.json'),
        'infra/keys.yaml': twoKeys,
        'infra/keys.json': twoKeysJson,
        'terraform/main.tf': twoKeysTf,
      }),
    ).toEqual([
      'multiple-active-access-keys infra/keys.json:9',
      'multiple-active-access-keys infra/keys.yaml:5',
      'multiple-active-access-keys terraform/main.tf:5',
    ]);
  });

  it('still takes its own templates, staged assets and Stage assemblies', async () => {
    const template = JSON.stringify({ Resources: { K: { Type: 'AWS::IAM::AccessKey', Properties: { UserName: 'ci' } } } });
    expect(
      await scan({
        'manifest.json': manifest('App.template.json'),
        'App.template.json': template,
        'asset.1234/keys.yaml': twoKeys,
        'assembly-Stage/keys.yaml': twoKeys,
      }),
    ).toEqual([]);
  });
});
