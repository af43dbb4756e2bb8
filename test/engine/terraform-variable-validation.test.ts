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

/** A variable `name` (of `type`, when given) with one `validation` block per condition. */
const validatedVariable = (name: string, conditions: readonly string[], type?: string) =>
  `variable "${name}" {\n${type === undefined ? '' : `  type = ${type}\n`}${conditions.map((condition) => `  validation {\n    condition     = ${condition}\n    error_message = "no"\n  }\n`).join('')}}\n`;

/** Two variables `a` and `b` validated by `can(regex(...))` with the given patterns, and one key of the user each names. */
const keysOfPatternUsers = (a: string, b: string) =>
  validatedVariable('a', [`can(regex("${a}", var.a))`]) +
  validatedVariable('b', [`can(regex("${b}", var.b))`]) +
  'resource "aws_iam_access_key" "a" {\n  user = var.a\n}\nresource "aws_iam_access_key" "b" {\n  user = var.b\n}\n';

/** A variable `role` with the given validation conditions, a user named by it and one key of that user. */
const keyOfValidatedUser = (conditions: readonly string[], extra = '', type = 'string') =>
  validatedVariable('role', conditions, type) +
  extra +
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
      validatedVariable('a', ['contains(["ci", "packer"], var.a)']) +
      validatedVariable('b', ['contains(["deploy", "publisher"], var.b)']) +
      'resource "aws_iam_access_key" "a" {\n  user = var.a\n}\nresource "aws_iam_access_key" "b" {\n  user = var.b\n}\n';
    expect(await findings({ 'main.tf': text })).toEqual([]);
  });
});

describe('variables validated by regular expressions, exclusions and their combinations', () => {
  it.each([
    ['can(regex()) with an anchored prefix', ['can(regex("^svc-[a-z]+$", var.role))']],
    ['can(regex()) with an anchored suffix', ['can(regex("[a-z]+-ci$", var.role))']],
    ['can(regex()) with anchored alternatives', ['can(regex("^(ci|deploy)-bot$", var.role))']],
    ['can(regex()) whose class leaves out the letter t', ['can(regex("^[a-s]+$", var.role))']],
    ['a pattern of local text', ['can(regex(local.pattern, var.role))']],
    ['an unanchored pattern root does not match', ['can(regex("svc", var.role))']],
    ['length(regexall()) > 0', ['length(regexall("^svc-", var.role)) > 0']],
    ['lowercase only, and not root', ['can(regex("^[a-z0-9-]+$", var.role)) && var.role != "root"']],
    ['not root, in two blocks', ['can(regex("^[a-z]+$", var.role))', '!contains(["root", "admin"], var.role)']],
    ['lower() not root', ['lower(var.role) != "root"']],
    ['not one of the lowercased list', ['!contains(["root"], lower(var.role))']],
    ['either of two prefixes', ['startswith(var.role, "svc-") || startswith(var.role, "ci-")']],
    ['either of two lists', ['contains(["ci"], var.role) || var.role == "deploy"']],
    ['null or one of a list', ['var.role == null || contains(["ci", "deploy"], var.role)']],
    ['longer than root', ['length(var.role) > 4']],
    ['at least six characters, mirrored', ['6 <= length(var.role)']],
    ['shorter than root', ['length(var.role) < 4']],
    ['alltrue of a tuple', ['alltrue([startswith(var.role, "svc-"), length(var.role) < 20])']],
    ['an unreadable part beside a readable one', ['trimspace(var.role) == var.role && var.role != "root" && lower(var.role) == var.role']],
  ])('%s: never root', async (_, conditions) => {
    const extra = 'locals {\n  pattern = "^team-"\n}\n';
    expect(await findings({ 'main.tf': keyOfValidatedUser(conditions, extra) })).toEqual([]);
  });

  it.each([
    ['a pattern root matches', ['can(regex("^[a-z]+$", var.role))']],
    ['an unanchored pattern', ['can(regex("oo", var.role))']],
    ['a pattern too large to run on every name', ['can(regex("^[a-s]{1,900}$", var.role))']],
    ['a pattern RE2 refuses', ['can(regex("(?=x)", var.role))']],
    ['a top-level alternation', ['can(regex("^svc-|ro", var.role))']],
    ['a case-insensitive flag', ['can(regex("(?i)^root$", var.role))']],
    ['not root, exactly: Root passes', ['var.role != "root"']],
    ['not one of a list, exactly', ['!contains(["root", "ROOT"], var.role)']],
    ['either a prefix or something unreadable', ['startswith(var.role, "svc-") || trimspace(var.role) != ""']],
    ['the negation of an unreadable condition', ['!(trimspace(var.role) == "")']],
    ['a length root has', ['length(var.role) == 4']],
    ['more than one match', ['length(regexall("o", var.role)) > 1']],
    ['regex() without can()', ['regex("^svc-", var.role) != ""']],
  ])('%s: still possibly root', async (_, conditions) => {
    expect(await findings({ 'main.tf': keyOfValidatedUser(conditions) })).toEqual(['root-user-access-key warning']);
  });

  it('keys of users whose names match disjoint anchored patterns are two users', async () => {
    expect(await findings({ 'main.tf': keysOfPatternUsers('^ci-[a-z]+$', '^deploy-[a-z]+$') })).toEqual([]);
  });

  it.each([
    ['a repeated group', '^(ci-)+[a-z]*$', '^deploy-'],
    ['a top-level alternation of anchored branches', '^ci-(?:a|b)$|^qa-bot$', '^deploy-'],
    ['a hexadecimal escape', '^\\\\x43I-', '^deploy-'],
  ])('keys of users whose patterns are disjoint through %s are two users', async (_, a, b) => {
    expect(await findings({ 'main.tf': keysOfPatternUsers(a, b) })).toEqual([]);
  });

  it('with the m flag, ^ anchors nothing: the names may still be one', async () => {
    // `(?m)^deploy-` also matches `ci-x` followed by a line break and `deploy-`.
    expect(await findings({ 'main.tf': keysOfPatternUsers('^ci-', '(?m)^deploy-') })).toEqual([
      'multiple-active-access-keys warning',
      'multiple-active-access-keys warning',
    ]);
  });

  it('a hostile pattern costs no more than a scan', async () => {
    const pattern = `^${'(\\\\w*)*'.repeat(50)}$`;
    const started = Date.now();
    expect(await findings({ 'main.tf': keyOfValidatedUser([`can(regex("${pattern}", var.role))`]) })).toEqual(['root-user-access-key warning']);
    expect(Date.now() - started).toBeLessThan(5000);
  });
});

describe('list and set variables validated element by element', () => {
  /** A variable `names` of `type` with the given validation conditions, and a user and a key for each of its elements. */
  const keysOfValidatedList = (conditions: readonly string[], forEach = 'toset(var.names)', type = 'list(string)') =>
    validatedVariable('names', conditions, type) +
    `resource "aws_iam_user" "u" {\n  for_each = ${forEach}\n  name     = each.value\n}\n` +
    'resource "aws_iam_access_key" "k" {\n  for_each = aws_iam_user.u\n  user     = each.value.name\n}\n';

  it.each([
    ['alltrue of contains', ['alltrue([for n in var.names : contains(["ci", "deploy"], n)])'], 'toset(var.names)', 'list(string)'],
    [
      'alltrue of a pattern, beside a length',
      ['length(var.names) > 0 && alltrue([for n in var.names : can(regex("^svc-", n))])'],
      'toset(var.names)',
      'list(string)',
    ],
    ['a set variable, lowercase and not root', ['alltrue([for n in var.names : can(regex("^[a-z]+$", n) ) && n != "root"])'], 'var.names', 'set(string)'],
    ['through distinct', ['alltrue([for n in var.names : startswith(n, "ci-")])'], 'toset(distinct(var.names))', 'list(string)'],
  ])('%s: never root', async (_, conditions, forEach, type) => {
    expect(await findings({ 'main.tf': keysOfValidatedList(conditions, forEach, type) })).toEqual([]);
  });

  /** A user and a key for each index of `names`, the user named by `name`. */
  const keysByCount = (condition: string, name: string) =>
    validatedVariable('names', [condition], 'list(string)') +
    `resource "aws_iam_user" "u" {\n  count = length(var.names)\n  name  = ${name}\n}\n` +
    'resource "aws_iam_access_key" "k" {\n  count = length(var.names)\n  user  = aws_iam_user.u[count.index].name\n}\n';

  it('an element read by index, with count: never root', async () => {
    const condition = 'alltrue([for n in var.names : can(regex("^[a-z0-9-]+$", n)) && n != "root"])';
    expect(await findings({ 'main.tf': keysByCount(condition, 'var.names[count.index]') })).toEqual([]);
  });

  it.each([
    ['an element of what a for builds from the list', '[for n in var.names : upper(n)][count.index]'],
    ['a function of the element', 'trimprefix(var.names[count.index], "ci-")'],
  ])('%s, with count: still possibly root', async (_, name) => {
    const condition = 'alltrue([for n in var.names : startswith(n, "ci-")])';
    expect(await findings({ 'main.tf': keysByCount(condition, name) })).toEqual(['root-user-access-key warning']);
  });

  it.each([
    ['alltrue that allows root', ['alltrue([for n in var.names : contains(["ci", "root"], n)])'], 'toset(var.names)', 'list(string)'],
    ['anytrue: one element says nothing of the others', ['anytrue([for n in var.names : startswith(n, "ci-")])'], 'toset(var.names)', 'list(string)'],
    ['a for with a filter', ['alltrue([for n in var.names : startswith(n, "ci-") if n != ""])'], 'toset(var.names)', 'list(string)'],
    [
      'for_each over what a function builds from the elements',
      ['alltrue([for n in var.names : startswith(n, "ci-")])'],
      'toset([for n in var.names : trimprefix(n, "ci-")])',
      'list(string)',
    ],
    ['a list of another type', ['alltrue([for n in var.names : startswith(n, "ci-")])'], 'toset(var.names)', 'list(any)'],
  ])('%s: still possibly root', async (_, conditions, forEach, type) => {
    expect(await findings({ 'main.tf': keysOfValidatedList(conditions, forEach, type) })).toEqual(['root-user-access-key warning']);
  });
});

describe('object variables validated attribute by attribute', () => {
  /** An object variable `user` with the given validation conditions, a user named by its `name` and one key of that user. */
  const keyOfValidatedObject = (conditions: readonly string[], type = 'object({\n    name              = string\n    create_access_key = bool\n  })') =>
    validatedVariable('user', conditions, type) +
    'resource "aws_iam_user" "u" {\n  name = var.user.name\n}\n' +
    'resource "aws_iam_access_key" "k" {\n  count = var.user.create_access_key ? 1 : 0\n  user  = aws_iam_user.u.name\n}\n';

  it.each([
    ['a prefix and a length', ['length(var.user.name) > 4 && startswith(var.user.name, "iam-")']],
    ['a pattern, in parentheses', ['can(regex("^svc-", (var.user.name)))']],
  ])('%s: never root', async (_, conditions) => {
    expect(await findings({ 'main.tf': keyOfValidatedObject(conditions) })).toEqual([]);
  });

  it.each([
    [
      'a condition on another attribute',
      ['startswith(var.user.path, "/svc/")'],
      'object({\n    name              = string\n    path              = string\n    create_access_key = bool\n  })',
    ],
    ['an attribute that is not a string', ['startswith(var.user.name, "iam-")'], 'object({\n    name              = any\n    create_access_key = bool\n  })'],
    ['a variable that is not an object', ['startswith(var.user.name, "iam-")'], 'any'],
  ])('%s: still possibly root', async (_, conditions, type) => {
    expect(await findings({ 'main.tf': keyOfValidatedObject(conditions, type) })).toEqual(['root-user-access-key warning']);
  });
});

describe('a known value that fails a validation condition', () => {
  // Terraform refuses the plan ("Invalid value for variable"; terraform 1.11.4 on terraform_data
  // stand-ins), so what the value would make is undecided; a value that passes is used as ever.
  const keys = 'resource "aws_iam_access_key" "a" {\n  user = var.role\n}\nresource "aws_iam_access_key" "b" {\n  user = var.role\n}\n';
  const role = (value: string, condition: string) =>
    `variable "role" {\n  type    = string\n  default = "${value}"\n  validation {\n    condition     = ${condition}\n    error_message = "no"\n  }\n}\n`;

  it("makes what the value decides undecided, from a variables file, a module argument or a called module's default", async () => {
    expect(await findings({ 'main.tf': role('ci', 'var.role != "root"') + keys, 'terraform.tfvars': 'role = "root"\n' })).toEqual([
      'multiple-active-access-keys warning',
      'root-user-access-key warning',
      'multiple-active-access-keys warning',
      'root-user-access-key warning',
    ]);
    const call = 'module "keys" {\n  source = "./keys"\n  role   = "Ops"\n}\n';
    expect(await findings({ 'main.tf': call, 'keys/main.tf': role('ci', 'can(regex("^[a-z]+$", var.role))') + keys })).toHaveLength(4);
    // A call that does not set the variable keeps the default, which no other source can replace.
    const bare = 'module "keys" {\n  source = "./keys"\n}\n';
    expect(await findings({ 'main.tf': bare, 'keys/main.tf': role('ops', 'contains(["ci", "deploy"], var.role)') + keys })).toHaveLength(4);
  });

  // Terraform 1.11.4: `plan` with the default stops ("Invalid value for variable"), `plan -var role=...` with
  // a value that passes goes on; so a plan that makes anything has a value given from outside, as if the
  // variable had no default, and its conditions tell what is known of it.
  it('takes a root module default its conditions refuse for a value still to come', async () => {
    expect(await findings({ 'main.tf': role('ops', 'contains(["ci", "deploy"], var.role)') + keys })).toEqual(['multiple-active-access-keys error']);
    expect(await findings({ 'main.tf': role('ci', 'length(var.role) > 2') + keys })).toEqual([
      'root-user-access-key warning',
      'multiple-active-access-keys error',
      'root-user-access-key warning',
    ]);
    const named = 'resource "aws_iam_user" "u" {\n  name = "cg-user-${var.role}"\n}\nresource "aws_iam_access_key" "k" {\n  user = aws_iam_user.u.name\n}\n';
    expect(await findings({ 'main.tf': role('lab', 'can(regex("^[a-z0-9]{6,20}$", var.role))') + named })).toEqual([]);
  });

  // Terraform 1.11.4 on terraform_data stand-ins: with `create_lp` (default true) and `pgp_key` (default "",
  // validated by `var.create_lp != true || var.pgp_key != ""`) the plan stops; `-var create_lp=false` alone
  // lets it go on, with no login profile and the key without PGP. So a condition that reads other variables
  // puts their defaults in doubt too, not only its own variable's.
  it("makes undecided, or a root default in doubt, every value a refusing condition reads, not only its own variable's", async () => {
    const module = (condition: string) =>
      'variable "create_lp" {\n  type    = bool\n  default = true\n}\n' +
      `variable "pgp_key" {\n  type    = string\n  default = ""\n  validation {\n    condition     = ${condition}\n    error_message = "no"\n  }\n}\n` +
      'resource "aws_iam_user" "u" {\n  name = "ci"\n}\n' +
      'resource "aws_iam_user_login_profile" "p" {\n  count = var.create_lp ? 1 : 0\n  user  = aws_iam_user.u.name\n}\n' +
      'resource "aws_iam_access_key" "k" {\n  count = var.pgp_key != "" ? 1 : 0\n  user  = aws_iam_user.u.name\n}\n' +
      'resource "aws_iam_access_key" "plain" {\n  count = var.pgp_key == "" ? 1 : 0\n  user  = aws_iam_user.u.name\n}\n';
    expect(await findings({ 'main.tf': module('var.create_lp != true || var.pgp_key != ""') })).toEqual(['console-user-with-access-key warning']);
    // Given in a variables file, the refused value stays; only the default it is read with is in doubt.
    expect(await findings({ 'main.tf': module('var.create_lp != true || var.pgp_key != ""'), 'terraform.tfvars': 'pgp_key = ""\n' })).toEqual([
      'console-user-with-access-key warning',
    ]);
    // Read through a local (terraform 1.11.4 accepts it, and plans with `-var create_lp=false`), the other default is in doubt too.
    const throughLocal = module('!local.with_lp || var.pgp_key != ""') + 'locals {\n  with_lp = var.create_lp == true\n}\n';
    expect(await findings({ 'main.tf': throughLocal })).toEqual(['console-user-with-access-key warning']);
    // A condition of its own variable alone leaves the others' defaults as they are.
    expect(await findings({ 'main.tf': module('var.pgp_key != ""') })).toEqual(['console-user-with-access-key error']);
    // A called module's values are its call's: refused together, both undecided, whichever the call should change.
    const condition = 'var.create_lp != true || var.pgp_key != ""';
    for (const args of ['', '  pgp_key = ""\n', '  create_lp = true\n'])
      expect(await findings({ 'main.tf': `module "m" {\n  source = "./m"\n${args}}\n`, 'm/main.tf': module(condition) })).toEqual([
        'console-user-with-access-key warning',
      ]);
    expect(await findings({ 'main.tf': 'module "m" {\n  source  = "./m"\n  pgp_key = "k"\n}\n', 'm/main.tf': module(condition) })).toEqual([
      'console-user-with-access-key error',
    ]);
  });

  it('keeps the findings of a value that passes every condition', async () => {
    expect(await findings({ 'main.tf': role('ops', 'contains(["ops", "ci"], var.role)') + keys })).toEqual(['multiple-active-access-keys error']);
    const call = 'module "keys" {\n  source = "./keys"\n  role   = "ops"\n}\n';
    expect(await findings({ 'main.tf': call, 'keys/main.tf': role('ci', 'can(regex("^[a-z]+$", var.role))') + keys })).toEqual([
      'multiple-active-access-keys error',
    ]);
  });
});
