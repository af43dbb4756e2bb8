/**
 * A Terraform variable without a value is one value in its module instance: arguments written alike
 * from variables and literal text name one user, whatever the value turns out to be (README, "An
 * unknown name written alike is one name"). What functions compute from it, and the same variable of
 * another module instance, are not linked.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { lint } from '../../src/engine.js';
import { removeTempTrees, tempTree } from '../support/temp-tree.js';

afterEach(removeTempTrees);

async function errors(files: Readonly<Record<string, string>>): Promise<string[]> {
  const root = tempTree(files, 'credlint-unset-var-');
  const result = await lint({ paths: [root], cwd: root });
  return result.findings
    .filter((f) => f.severity === 'error')
    .map((f) => `${f.location.file.slice(root.length + 1)}:${f.location.range.start.line} ${f.message}`);
}

const KEYS_OF = (argument: string) => `variable "name" {
  type = string
}

resource "aws_iam_access_key" "first" {
  user = ${argument}
}

resource "aws_iam_access_key" "second" {
  user = ${argument}
}
`;

describe('a variable without a value names one user in its module instance', () => {
  it('links two keys written as the variable, in HCL and in 0.11-style interpolation alike', async () => {
    const mixed =
      'variable "name" {}\n\nresource "aws_iam_access_key" "first" {\n  user = var.name\n}\n\nresource "aws_iam_access_key" "second" {\n  user = "${var.name}"\n}\n';
    expect(await errors({ 'main.tf': mixed })).toEqual([
      'main.tf:7 IAM user "${var.name}" has 2 active access keys (aws_iam_access_key.first, aws_iam_access_key.second); at most one may be active.',
    ]);
  });

  it('links two keys written as the same template of literal text and variables', async () => {
    expect(await errors({ 'main.tf': KEYS_OF('"ci-${var.name}"') })).toEqual([
      'main.tf:9 IAM user "ci-${var.name}" has 2 active access keys (aws_iam_access_key.first, aws_iam_access_key.second); at most one may be active.',
    ]);
  });

  it('does not link what a function computes from the variable, a directive, or an escaped "${"', async () => {
    expect(await errors({ 'main.tf': KEYS_OF('lower(var.name)') })).toEqual([]);
    expect(await errors({ 'main.tf': KEYS_OF('"%{ if true }${var.name}%{ endif }"') })).toEqual([]);
    const escaped =
      'variable "name" {}\n\nresource "aws_iam_access_key" "first" {\n  user = "${var.name}-ci"\n}\n\nresource "aws_iam_access_key" "second" {\n  user = "$${var.name}-ci"\n}\n';
    expect(await errors({ 'main.tf': escaped })).toEqual([]);
  });

  it('does not link the variable of two calls of one module, which may be given different values', async () => {
    const module = `variable "name" {
  type = string
}

resource "aws_iam_access_key" "only" {
  user = var.name
}
`;
    expect(
      await errors({
        'modules/key/main.tf': module,
        'main.tf': `variable "first" {
  type = string
}

variable "second" {
  type = string
}

module "a" {
  source = "./modules/key"
  name   = var.first
}

module "b" {
  source = "./modules/key"
  name   = var.second
}
`,
      }),
    ).toEqual([]);
  });
});
