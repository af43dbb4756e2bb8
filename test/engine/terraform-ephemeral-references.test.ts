import { afterAll, describe, expect, it } from 'vitest';
import { loadTree, removeTrees, summarise, writeTree } from '../support/terraform-loader-harness.js';

describe('terraform loader: values that exist only while Terraform runs', () => {
  afterAll(removeTrees);

  it('reads terraform.applying and ephemeral resources as unknown, saying why, and tofu.workspace as the workspace', async () => {
    const root = await writeTree({
      'main.tf': [
        'ephemeral "aws_secretsmanager_secret_version" "owner" {',
        '  secret_id = "owner"',
        '}',
        'resource "aws_iam_access_key" "phase" {',
        '  user = terraform.applying ? "root" : "ci"',
        '}',
        'resource "aws_iam_access_key" "secret" {',
        '  user = ephemeral.aws_secretsmanager_secret_version.owner.secret_string',
        '}',
        'resource "aws_iam_access_key" "tofu" {',
        '  user = "${tofu.workspace}-ci"',
        '}',
        '',
      ].join('\n'),
    });
    const result = await loadTree(root);
    expect(result.diagnostics).toEqual([]);
    expect(summarise(result)).toEqual([
      'terraform:. key aws_iam_access_key.phase user=unknown(terraform.applying is ephemeral: false while Terraform plans, true while it applies) status=Active',
      'terraform:. key aws_iam_access_key.secret user=unknown(ephemeral.aws_secretsmanager_secret_version.owner is an ephemeral resource, whose value is only known while Terraform runs) status=Active',
      'terraform:. key aws_iam_access_key.tofu user=default-ci status=Active',
    ]);
  });
});
