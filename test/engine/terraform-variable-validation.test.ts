/**
 * A variable whose `validation` requires `contains([...], var.x)` is one of those strings where its
 * value is not known, and one that requires `startswith`, `endswith` or `strcontains` has that text
 * (README, "Rules"): a key of such a user is not "possibly root" unless what is known allows root,
 * and keys of users from disjoint lists are not one user's.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { lint } from '../../src/engine.js';
import { removeTempTrees, tempTree } from '../support/temp-tree.js';

afterAll(removeTempTrees);

async function findings(files: Readonly<Record<string, string>>): Promise<string[]> {
  const root = tempTree(files, 'credlint-validation-');
  const result = await lint({ paths: [root], cwd: root, reportUnknown: true });
  return result.findings.map((finding) => `${finding.ruleId} ${finding.severity}`);
}

/** A variable `role` with the given validation conditions, a user named by it and one key of that user. */
const keyOfValidatedUser = (conditions: readonly string[], extra = '', type = 'string') =>
  `variable "role" {\n  type = ${type}\n${conditions.map((condition) => `  validation {\n    condition     = ${condition}\n    error_message = "no"\n  }\n`).join('')}}\n${extra}` +
  'resource "aws_iam_user" "u" {\n  name = var.role\n}\nresource "aws_iam_access_key" "k" {\n  user = aws_iam_user.u.name\n}\n';

describe('variables validated by contains()', () => {
  it.each([
    ['a literal list', ['contains(["ci", "deploy"], var.role)'], ''],
    ['a list from a local', ['contains(local.roles, var.role)'], 'locals {\n  roles = ["ci", "deploy"]\n}\n'],
    ['core::contains, in parentheses', ['(core::contains(["ci", "deploy"], (var.role)))'], ''],
    ['two blocks: what both allow', ['contains(["ci", "root"], var.role)', 'contains(["ci", "deploy"], var.role)'], ''],
    ['startswith', ['startswith(var.role, "svc-")'], ''],
    ['endswith, of a local', ['endswith(var.role, local.suffix)'], 'locals {\n  suffix = "-ci"\n}\n'],
    ['strcontains', ['strcontains(var.role, "_")'], ''],
    ['a list narrowed by startswith', ['contains(["root", "svc-a"], var.role)', 'startswith(var.role, "svc-")'], ''],
    ['two nested prefixes', ['startswith(var.role, "s")', 'startswith(var.role, "svc")'], ''],
  ])('%s: never root', async (_, conditions, extra) => {
    expect(await findings({ 'main.tf': keyOfValidatedUser(conditions, extra) })).toEqual([]);
  });

  it.each([
    ['a list that allows root', ['contains(["ci", "root"], var.role)'], '', 'string'],
    ['another form of condition', ['length(var.role) > 3'], '', 'string'],
    ['a list that reads the variable itself', ['contains(concat(["ci"], [var.role]), var.role)'], '', 'string'],
    ['a list credlint cannot evaluate', ['contains(data.x.y.names, var.role)'], '', 'string'],
    ['a variable of another type', ['contains(["ci"], var.role)'], '', 'any'],
    ['a prefix root has', ['startswith(var.role, "ro")'], '', 'string'],
    ['two prefixes no value has', ['startswith(var.role, "a")', 'startswith(var.role, "b")'], '', 'string'],
    ['a text credlint cannot evaluate', ['startswith(var.role, data.x.y.prefix)'], '', 'string'],
  ])('%s: still possibly root', async (_, conditions, extra, type) => {
    expect(await findings({ 'main.tf': keyOfValidatedUser(conditions, extra, type) })).toEqual(['root-user-access-key warning']);
  });

  it('a module input its caller does not know is one of the values too', async () => {
    const files = {
      'main.tf': 'variable "who" {}\nmodule "m" {\n  source = "./m"\n  role   = var.who\n}\n',
      'm/main.tf': keyOfValidatedUser(['contains(["ci", "deploy"], var.role)']),
    };
    expect(await findings(files)).toEqual([]);
  });

  it('keys of users from disjoint validated lists are two users', async () => {
    const text =
      'variable "a" {\n  validation {\n    condition     = contains(["ci", "packer"], var.a)\n    error_message = "no"\n  }\n}\n' +
      'variable "b" {\n  validation {\n    condition     = contains(["deploy", "publisher"], var.b)\n    error_message = "no"\n  }\n}\n' +
      'resource "aws_iam_access_key" "a" {\n  user = var.a\n}\nresource "aws_iam_access_key" "b" {\n  user = var.b\n}\n';
    expect(await findings({ 'main.tf': text })).toEqual([]);
  });
});
