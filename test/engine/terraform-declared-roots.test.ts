import { afterAll, describe, expect, it } from 'vitest';
import { loadTree, removeTrees, summarise, writeTree } from '../support/terraform-loader-harness.js';

/** A root module deployed on its own: a user and one key. */
const PROD = ['resource "aws_iam_user" "u" {', '  name = "alice"', '}', 'resource "aws_iam_access_key" "k" {', '  user = aws_iam_user.u.name', '}', ''].join(
  '\n',
);
/** A directory a pull request adds elsewhere, calling the root module with no instance. */
const WRAP_NONE = ['module "prod" {', '  source = "../prod"', '  count  = 0', '}', ''].join('\n');
/** The same with a `source` that cannot be computed before init (a variable without a value). */
const WRAP_UNKNOWN = ['variable "w" {}', 'module "prod" {', '  source = var.w ? "../prod" : "../prod"', '}', ''].join('\n');

async function keysOf(files: Record<string, string>): Promise<string[]> {
  const root = await writeTree(files);
  return summarise(await loadTree(root)).filter((line) => line.includes(' key '));
}

afterAll(removeTrees);

describe('terraform: a root module that another directory calls', () => {
  it('stays a root when it holds a dependency lock file: a caller with count = 0 does not take its place', async () => {
    const keys = await keysOf({ 'prod/main.tf': PROD, 'prod/.terraform.lock.hcl': '# lock\n', 'wrap/main.tf': WRAP_NONE });
    expect(keys).toEqual(['terraform:prod key aws_iam_access_key.k user=alice status=Active']);
  });

  it('stays a root when it configures a backend: a caller whose source cannot be computed does not take its place', async () => {
    const backend = 'terraform {\n  backend "s3" {\n    bucket = "state"\n  }\n}\n';
    const keys = await keysOf({ 'prod/main.tf': PROD, 'prod/backend.tf': backend, 'wrap/main.tf': WRAP_UNKNOWN });
    expect(keys).toEqual(['terraform:prod key aws_iam_access_key.k user=alice status=Active']);
  });

  it('stays a root with a cloud block in a .tf.json file', async () => {
    const cloud = JSON.stringify({ terraform: { cloud: { organization: 'org' } } });
    const keys = await keysOf({ 'prod/main.tf': PROD, 'prod/cloud.tf.json': cloud, 'wrap/main.tf': WRAP_NONE });
    expect(keys).toEqual(['terraform:prod key aws_iam_access_key.k user=alice status=Active']);
  });

  it('is analysed both as a root and as part of a caller that creates an instance of it', async () => {
    const wrapOne = WRAP_NONE.replace('count  = 0', 'count  = 1');
    const keys = await keysOf({ 'prod/main.tf': PROD, 'prod/.terraform.lock.hcl': '# lock\n', 'wrap/main.tf': wrapOne });
    expect(keys).toEqual([
      'terraform:prod key aws_iam_access_key.k user=alice status=Active',
      'terraform:wrap key module.prod[0].aws_iam_access_key.k user=alice status=Active',
    ]);
  });

  it('without either sign, is analysed as part of its caller only (a module, with the inputs its callers give)', async () => {
    expect(await keysOf({ 'prod/main.tf': PROD, 'wrap/main.tf': WRAP_NONE })).toEqual([]);
  });
});
