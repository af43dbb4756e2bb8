import { afterAll, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { loadTree, removeTrees, summarise, writeTree } from '../support/terraform-loader-harness.js';

describe('terraform loader: resources, linking and instances', () => {
  it('models users, profiles and keys with literal and reference links, count and for_each', async () => {
    const root = await writeTree({
      'main.tf': [
        'resource "aws_iam_user" "ops" {',
        '  name = "ops"',
        '}',
        'resource "aws_iam_user_login_profile" "ops" {',
        '  user = aws_iam_user.ops.name',
        '}',
        'resource "aws_iam_access_key" "ops" {',
        '  count  = 2',
        '  user   = "${aws_iam_user.ops.id}"',
        '  status = "Inactive"',
        '}',
        'resource "aws_iam_user" "team" {',
        '  for_each = toset(["ana", "bo"])',
        '  name     = each.key',
        '}',
        'resource "aws_iam_access_key" "team" {',
        '  for_each = aws_iam_user.team',
        '  user     = each.value.name',
        '}',
        'resource "aws_iam_access_key" "literal" {',
        '  user = "someone"',
        '}',
        '',
      ].join('\n'),
    });
    const result = await loadTree(root);
    expect(result.diagnostics).toEqual([]);
    expect(result.units.map((u) => [u.id, u.format, u.root])).toEqual([['terraform:.', 'terraform', root]]);
    expect(summarise(result)).toEqual([
      'terraform:. key aws_iam_access_key.literal user=someone status=Active',
      'terraform:. key aws_iam_access_key.ops[0] user=ops status=Inactive',
      'terraform:. key aws_iam_access_key.ops[1] user=ops status=Inactive',
      'terraform:. key aws_iam_access_key.team["ana"] user=ana status=Active',
      'terraform:. key aws_iam_access_key.team["bo"] user=bo status=Active',
      'terraform:. profile aws_iam_user_login_profile.ops user=ops',
      'terraform:. user aws_iam_user.ops name=ops',
      'terraform:. user aws_iam_user.team["ana"] name=ana',
      'terraform:. user aws_iam_user.team["bo"] name=bo',
    ]);
    const unit = result.units[0]!;
    const key = unit.accessKeys.find((k) => k.address === 'aws_iam_access_key.ops[1]')!;
    const file = join(root, 'main.tf');
    expect(key.location).toEqual({
      file,
      range: { start: { line: 7, column: 1 }, end: { line: 7, column: 36 } },
      logicalPath: 'resource.aws_iam_access_key.ops',
    });
    expect(key.status).toEqual({
      known: true,
      value: 'Inactive',
      origin: 'written',
      location: { file, range: { start: { line: 10, column: 3 }, end: { line: 10, column: 22 } }, logicalPath: 'resource.aws_iam_access_key.ops.status' },
    });
    expect(key.user.location.range).toEqual({ start: { line: 9, column: 3 }, end: { line: 9, column: 36 } });
    expect(key.suppressionAnchors).toEqual([key.location]);
    const literal = unit.accessKeys.find((k) => k.address === 'aws_iam_access_key.literal')!;
    expect(literal.status).toEqual({ known: true, value: 'Active', origin: 'defaulted', location: literal.location });
    const user = unit.users.find((u) => u.address === 'aws_iam_user.ops')!;
    expect(user.name?.location.range).toEqual({ start: { line: 2, column: 3 }, end: { line: 2, column: 15 } });
  });

  it('links by reference when the user name is unknown, and leaves other unknowns undecided', async () => {
    const root = await writeTree({
      'main.tf': [
        'variable "name" { type = string }',
        'resource "aws_iam_user" "u" { name = var.name }',
        'resource "aws_iam_access_key" "by_ref" { user = aws_iam_user.u.name }',
        'resource "aws_iam_access_key" "by_var" { user = var.name }',
        'resource "aws_iam_access_key" "dangling" { user = aws_iam_user.lb.name }',
        '',
      ].join('\n'),
    });
    const result = await loadTree(root);
    expect(summarise(result)).toEqual([
      'terraform:. key aws_iam_access_key.by_ref user=@aws_iam_user.u status=Active',
      'terraform:. key aws_iam_access_key.by_var user=unknown(var.name has no value) status=Active',
      'terraform:. key aws_iam_access_key.dangling user=unknown(aws_iam_user.lb is not declared) status=Active',
      'terraform:. user aws_iam_user.u name=unknown(var.name has no value)',
    ]);
  });

  it('keeps an unknown count as one placeholder with the reason', async () => {
    const root = await writeTree({
      'main.tf': [
        'variable "enabled" {}',
        'resource "aws_iam_access_key" "k" {',
        '  count = var.enabled ? 1 : 0',
        '  user  = "ops"',
        '}',
        'resource "aws_iam_access_key" "none" {',
        '  count = 0',
        '  user  = "ops"',
        '}',
        '',
      ].join('\n'),
    });
    const result = await loadTree(root);
    expect(result.units[0]!.accessKeys.map((k) => [k.address, k.existenceUnknown])).toEqual([
      ['aws_iam_access_key.k', 'count is unknown: var.enabled has no value'],
    ]);
  });

  it('reports a file that does not parse and analyses the rest of the module', async () => {
    const root = await writeTree({
      'bad.tf': 'resource "aws_iam_user" "x" {\n  name = \n}\n',
      'good.tf': 'resource "aws_iam_access_key" "k" {\n  user = "root"\n}\n',
    });
    const result = await loadTree(root);
    expect(result.diagnostics.map((d) => [d.kind, d.location.file, d.location.range.start.line])).toEqual([['parse-error', join(root, 'bad.tf'), 2]]);
    expect(summarise(result)).toEqual(['terraform:. key aws_iam_access_key.k user=root status=Active']);
  });

  it('accepts moved, removed, import, check, terraform and provider blocks and unknown resource types, with a note only for what a removed block forgets', async () => {
    const root = await writeTree({
      'main.tf': [
        'terraform {',
        '  required_version = ">= 1.7"',
        '}',
        'provider "aws" {',
        '  region = "eu-west-1"',
        '}',
        'moved {',
        '  from = aws_iam_access_key.old',
        '  to   = aws_iam_access_key.k',
        '}',
        'removed {',
        '  from = aws_iam_user.gone',
        '  lifecycle {',
        '    destroy = false',
        '  }',
        '}',
        'import {',
        '  to = aws_iam_user.u',
        '  id = "u"',
        '}',
        'check "health" {',
        '  assert {',
        '    condition     = 1 == 1',
        '    error_message = "no"',
        '  }',
        '}',
        'resource "weird_provider_thing" "x" {',
        '  anything = whatever.unknown',
        '}',
        'resource "aws_iam_user" "u" {',
        '  name = "u"',
        '}',
        'resource "aws_iam_access_key" "k" {',
        '  user = aws_iam_user.u.name',
        '}',
        '',
      ].join('\n'),
    });
    const result = await loadTree(root);
    // The forgotten user stays in AWS, of a name the configuration no longer says (removed-credentials.ts).
    expect(result.diagnostics).toMatchObject([
      {
        kind: 'note',
        location: { range: { start: { line: 11, column: 1 } } },
        message: expect.stringMatching(/^aws_iam_user\.gone: forgotten by a removed block/),
      },
    ]);
    expect(summarise(result)).toEqual(['terraform:. key aws_iam_access_key.k user=u status=Active', 'terraform:. user aws_iam_user.u name=u']);
  });

  it('loads .tf.json roots as terraform-json with positions from the JSON', async () => {
    const root = await writeTree({
      'iam.tf.json': JSON.stringify(
        {
          resource: {
            aws_iam_user: { u: { name: 'u' } },
            aws_iam_access_key: { k: { user: '${aws_iam_user.u.name}', count: 2 } },
          },
        },
        null,
        2,
      ),
    });
    const result = await loadTree(root);
    expect(result.units.map((u) => u.format)).toEqual(['terraform-json']);
    expect(summarise(result)).toEqual([
      'terraform:. key aws_iam_access_key.k[0] user=u status=Active',
      'terraform:. key aws_iam_access_key.k[1] user=u status=Active',
      'terraform:. user aws_iam_user.u name=u',
    ]);
    expect(result.units[0]!.accessKeys[0]!.user.location.range.start).toEqual({ line: 10, column: 9 });
  });

  it('merges override files into the blocks they override, keeping the original location', async () => {
    const root = await writeTree({
      'main.tf': [
        'resource "aws_iam_access_key" "k" {',
        '  user   = "ops"',
        '  status = "Inactive"',
        '}',
        'locals {',
        '  second = 0',
        '}',
        'resource "aws_iam_access_key" "second" {',
        '  count = local.second',
        '  user  = "ops"',
        '}',
        '',
      ].join('\n'),
      'main_override.tf': ['resource "aws_iam_access_key" "k" {', '  status = "Active"', '}', 'locals {', '  second = 1', '}', ''].join('\n'),
    });
    const result = await loadTree(root);
    expect(summarise(result)).toEqual([
      'terraform:. key aws_iam_access_key.k user=ops status=Active',
      'terraform:. key aws_iam_access_key.second[0] user=ops status=Active',
    ]);
    expect(result.units[0]!.accessKeys[0]!.location).toMatchObject({ file: join(root, 'main.tf'), range: { start: { line: 1, column: 1 } } });
  });

  it('expands a block given count and for_each by an override by its count, as Terraform does, module calls too', async () => {
    const root = await writeTree({
      'modules/key/main.tf': ['resource "aws_iam_access_key" "k" {', '  user = "ops"', '}', ''].join('\n'),
      'main.tf': [
        'resource "aws_iam_access_key" "pair" {',
        '  for_each = toset(["blue", "green"])',
        '  user     = "ci"',
        '}',
        'module "keys" {',
        '  source = "./modules/key"',
        '  count  = 2',
        '}',
        '',
      ].join('\n'),
      'override.tf': ['resource "aws_iam_access_key" "pair" {', '  count = 1', '}', 'module "keys" {', '  for_each = toset(["one"])', '}', ''].join('\n'),
    });
    const result = await loadTree(root);
    expect(summarise(result)).toEqual([
      'terraform:. key aws_iam_access_key.pair[0] user=ci status=Active',
      'terraform:. key module.keys[0].aws_iam_access_key.k user=ops status=Active',
      'terraform:. key module.keys[1].aws_iam_access_key.k user=ops status=Active',
    ]);
  });
});

afterAll(async () => {
  await removeTrees();
});
