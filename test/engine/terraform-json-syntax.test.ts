import { afterAll, describe, expect, it } from 'vitest';
import { loadTree, removeTrees, summarise, writeTree } from '../support/terraform-loader-harness.js';

afterAll(removeTrees);

/** Each diagnostic as `file:line:column kind message`. */
function diagnostics(result: Awaited<ReturnType<typeof loadTree>>, root: string): string[] {
  return result.diagnostics.map(
    (d) => `${d.location.file.slice(root.length + 1)}:${d.location.range.start.line}:${d.location.range.start.column} ${d.kind} ${d.message}`,
  );
}

// Terraform 1.11.4's reading of each configuration was checked with `terraform plan` on `terraform_data`
// resources of the same shape (their `input` carrying `user` and `status`).
describe('terraform loader: .tf.json read as HCL reads JSON', () => {
  it('reads "resource" written twice, a block type written twice and a JSON array root as more blocks', async () => {
    const root = await writeTree({
      'twice.tf.json': [
        '{',
        '  "resource": { "aws_iam_access_key": { "a": { "user": "ana" } } },',
        '  "resource": { "aws_iam_access_key": { "b": { "user": "ana" } }, "aws_iam_access_key": { "c": { "user": "bo" } } },',
        '  "locals": { "first": "bo" },',
        '  "locals": { "second": "${local.first}" }',
        '}',
      ].join('\n'),
      'array.tf.json': '[{ "resource": { "aws_iam_access_key": { "d": { "user": "${local.second}" } } } }]\n',
    });
    const result = await loadTree(root);
    expect(diagnostics(result, root)).toEqual([]);
    expect(summarise(result)).toEqual([
      'terraform:. key aws_iam_access_key.a user=ana status=Active',
      'terraform:. key aws_iam_access_key.b user=ana status=Active',
      'terraform:. key aws_iam_access_key.c user=bo status=Active',
      'terraform:. key aws_iam_access_key.d user=bo status=Active',
    ]);
    const located = result.units[0]?.accessKeys.map((key) => [key.address, key.location.range.start.line, key.location.range.start.column]);
    expect(located).toEqual([
      ['aws_iam_access_key.d', 1, 42],
      ['aws_iam_access_key.a', 2, 41],
      ['aws_iam_access_key.b', 3, 41],
      ['aws_iam_access_key.c', 3, 91],
    ]);
  });

  it('refuses a file that sets an argument twice, where Terraform refuses the configuration', async () => {
    const root = await writeTree({
      'main.tf.json': [
        '{',
        '  "resource": {',
        '    "aws_iam_access_key": {',
        '      "a": { "user": "ana", "status": "Inactive", "status": "Active" },',
        '      "b": { "user": "ana" }',
        '    }',
        '  }',
        '}',
      ].join('\n'),
      'locals.tf.json': '{ "locals": { "n": "bo", "n": "ana" } }\n',
      'types.tf.json': '{ "variable": { "count": { "type": "${number}", "default": 2 } } }\n',
    });
    const result = await loadTree(root);
    expect(diagnostics(result, root)).toEqual([
      'locals.tf.json:1:26 parse-error the argument "n" is written twice in this block; Terraform refuses a repeated argument',
      'main.tf.json:4:51 parse-error the argument "status" is written twice in this block; Terraform refuses a repeated argument',
      'types.tf.json:1:36 parse-error a variable\'s "type" (a type expression) is read without templates in JSON syntax: write it without "${ }"',
    ]);
    expect(summarise(result)).toEqual([]);
  });

  it('reads an overridden default in the syntax of the file that wrote it', async () => {
    const keys = '{ "resource": { "aws_iam_access_key": { "k": { "user": "${var.n}" } } } }\n';
    // A `.tf.json` override of a `.tf` variable: its default is literal JSON, `$${b}` stays as written.
    const jsonOverride = await writeTree({
      'main.tf': 'variable "n" {\n  default = "x"\n}\n',
      'override.tf.json': '{ "variable": { "n": { "default": "a$${b}" } } }\n',
      'keys.tf.json': keys,
    });
    expect(summarise(await loadTree(jsonOverride))).toEqual(['terraform:. key aws_iam_access_key.k user=a$${b} status=Active']);
    // A `.tf` override of a `.tf.json` variable: its default is native syntax, where `$${` escapes `${`.
    const nativeOverride = await writeTree({
      'main.tf.json': '{ "variable": { "n": { "default": "x" } } }\n',
      'override.tf': 'variable "n" {\n  default = "a$${b}"\n}\n',
      'keys.tf.json': keys,
    });
    expect(summarise(await loadTree(nativeOverride))).toEqual(['terraform:. key aws_iam_access_key.k user=a${b} status=Active']);
  });

  it('analyses neither declaration of a resource declared twice, which Terraform refuses, and says so at the later one', async () => {
    const root = await writeTree({
      // Two bodies under one name are two blocks of one address ("Duplicate resource configuration").
      'keys.tf.json': '{ "resource": { "aws_iam_access_key": { "k": [{ "user": "ana" }, { "user": "bo" }] } } }\n',
      'main.tf': ['resource "aws_iam_access_key" "other" {', '  user = "ana"', '}', 'resource "aws_iam_access_key" "other" {', '  user = "bo"', '}', ''].join(
        '\n',
      ),
      'users.tf': 'resource "aws_iam_access_key" "third" {\n  user = "ana"\n}\n',
    });
    const result = await loadTree(root);
    expect(diagnostics(result, root)).toEqual([
      'keys.tf.json:1:41 parse-error aws_iam_access_key.k is declared twice; Terraform refuses the configuration, so neither declaration is analysed',
      'main.tf:4:1 parse-error aws_iam_access_key.other is declared twice; Terraform refuses the configuration, so neither declaration is analysed',
    ]);
    expect(summarise(result)).toEqual(['terraform:. key aws_iam_access_key.third user=ana status=Active']);
  });

  it('gives a number or bool written for a user its string, as Terraform converts it to the string argument', async () => {
    const root = await writeTree({
      'main.tf.json': JSON.stringify({
        resource: { aws_iam_access_key: { a: { user: 5 }, b: { user: '5' }, c: { user: 1e21 }, d: { user: true }, e: { user: '${1 == 1}' } } },
      }),
    });
    expect(summarise(await loadTree(root))).toEqual([
      'terraform:. key aws_iam_access_key.a user=5 status=Active',
      'terraform:. key aws_iam_access_key.b user=5 status=Active',
      'terraform:. key aws_iam_access_key.c user=1000000000000000000000 status=Active',
      'terraform:. key aws_iam_access_key.d user=true status=Active',
      'terraform:. key aws_iam_access_key.e user=true status=Active',
    ]);
  });
});
