/**
 * Two blocks switched on by `count` conditions that cannot both hold never both exist, whatever the
 * unknown values in the conditions turn out to be (a module's key with a PGP key and its key without
 * one): neither is a second key beside the other, and a login profile switched off wherever the key
 * is on is no console user's. Conditions that may both hold, or that call a function whose every call
 * differs, stay undecided, as do copies of a module called an unknown number of times.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { lint } from '../../src/engine.js';
import { removeTempTrees, tempTree } from '../support/temp-tree.js';

afterEach(removeTempTrees);

async function findings(files: Readonly<Record<string, string>>): Promise<string[]> {
  const root = tempTree(files, 'credlint-exclusive-counts-');
  const result = await lint({ paths: [root], cwd: root, reportUnknown: true });
  return result.findings.map((f) => `${f.severity} ${f.ruleId} ${f.location.file.slice(root.length + 1)}:${f.location.range.start.line} ${f.message}`);
}

const VARIABLES = `variable "pgp_key" {
  type = string
}

variable "create" {
  type = bool
}

variable "rotate" {
  type = bool
}
`;

const keys = (a: string, b: string) => `${VARIABLES}
resource "aws_iam_user" "this" {
  name = "deploy"
}

resource "aws_iam_access_key" "a" {
  count = ${a}
  user  = aws_iam_user.this.name
}

resource "aws_iam_access_key" "b" {
  count = ${b}
  user  = aws_iam_user.this.name
}
`;

const secondKey = async (files: Readonly<Record<string, string>>) => (await findings(files)).filter((f) => f.includes('multiple-active-access-keys'));

describe('keys switched on by count conditions that cannot both hold', () => {
  it('are never two keys of one user', async () => {
    for (const [a, b] of [
      ['var.pgp_key != "" ? 1 : 0', 'var.pgp_key == "" ? 1 : 0'],
      ['var.create && var.pgp_key != "" ? 1 : 0', '(var.create && var.pgp_key == "") ? 1 : 0'],
      ['var.rotate ? 1 : 0', 'var.rotate ? 0 : 1'],
      ['var.rotate ? 1 : 0', '!var.rotate ? 1 : 0'],
      ['"${var.pgp_key == "" ? 1 : 0}"', '"${"" != var.pgp_key ? 1 : 0}"'],
      ['var.create && !var.rotate ? 1 : 0', 'var.rotate || !var.create ? 1 : 0'],
      ['length(var.pgp_key) > 0 ? 1 : 0', 'length(var.pgp_key) == 0 ? 1 : 0'],
      ['length(var.pgp_key) >= 1 ? 1 : 0', '0 == length(var.pgp_key) ? 1 : 0'],
      ['var.pgp_key == "a" ? 1 : 0', 'var.pgp_key == "b" ? 1 : 0'],
      ['length(var.pgp_key) < 2 ? 1 : 0', 'length(var.pgp_key) > 3 ? 1 : 0'],
    ] as [string, string][]) {
      expect(await secondKey({ 'main.tf': keys(a, b) }), `${a} / ${b}`).toEqual([]);
    }
  });

  it('stay undecided where both conditions may hold', async () => {
    for (const [a, b] of [
      ['var.create ? 1 : 0', 'var.rotate ? 1 : 0'],
      ['var.create || var.rotate ? 1 : 0', '!var.create ? 1 : 0'],
      ['var.pgp_key != "" ? 1 : 0', 'var.pgp_key != "x" ? 1 : 0'],
      // Every call of uuid() gives another value.
      ['uuid() == var.pgp_key ? 1 : 0', 'uuid() != var.pgp_key ? 1 : 0'],
      ['var.rotate ? 1 : 0', 'var.rotate ? 1 : 1'],
      // A number that is not a count may be 0.5; a string may be "1" (`==` does not convert).
      ['length(var.pgp_key) > 0 ? 1 : 0', 'length(var.pgp_key) < 1 ? 1 : 0'].map((c) => c.replaceAll('length(var.pgp_key)', 'tonumber(var.pgp_key)')) as [
        string,
        string,
      ],
      ['tonumber(var.pgp_key) > 0 ? 1 : 0', 'var.pgp_key == 1 ? 1 : 0'],
      ['length(var.pgp_key) > 0 ? 1 : 0', 'length(var.pgp_key) > 1 ? 1 : 0'],
    ] as [string, string][]) {
      expect(await secondKey({ 'main.tf': keys(a, b) }), `${a} / ${b}`).toHaveLength(2);
    }
  });

  it('are, one of them always existing, a second key beside a third key that always exists', async () => {
    const third = `${keys('var.rotate ? 1 : 0', 'var.rotate ? 0 : 1')}
resource "aws_iam_access_key" "c" {
  user = "deploy"
}
`;
    expect(await secondKey({ 'main.tf': third })).toEqual([
      'error multiple-active-access-keys main.tf:17 IAM user "deploy" has 2 active access keys (aws_iam_access_key.c, either aws_iam_access_key.a or aws_iam_access_key.b); at most one may be active.',
    ]);
    // Where both may be missing, each may be the second key.
    expect(await secondKey({ 'main.tf': third.replace('var.rotate ? 0 : 1', 'var.create ? 0 : 1') })).toEqual([
      'warning multiple-active-access-keys main.tf:17 Cannot tell whether aws_iam_access_key.a is a second active access key of a user: count is unknown: var.rotate has no value.',
      'warning multiple-active-access-keys main.tf:22 Cannot tell whether aws_iam_access_key.b is a second active access key of a user: count is unknown: var.create has no value.',
    ]);
  });

  it('give a console user one key at least where one of the conditions always holds', async () => {
    const consoleFindings = async (a: string, b: string, extra = '') =>
      (
        await findings({
          'main.tf': `${keys(a, b)}
resource "aws_iam_user_login_profile" "console" {
  user = aws_iam_user.this.name
}
${extra}`,
        })
      ).filter((f) => f.includes('console-user-with-access-key'));
    for (const [a, b] of [
      ['var.pgp_key != "" ? 1 : 0', 'var.pgp_key == "" ? 1 : 0'],
      ['length(var.pgp_key) > 0 ? 1 : 0', 'length(var.pgp_key) == 0 ? 1 : 0'],
      ['var.rotate ? 1 : 0', 'var.rotate ? 0 : 1'],
      ['var.rotate ? 1 : 0', '!var.rotate ? 1 : 0'],
      // One of them, or both: still one at least.
      ['var.rotate || var.create ? 1 : 0', '!var.rotate ? 1 : 0'],
      ['var.pgp_key != null ? 1 : 0', 'var.pgp_key == null ? 1 : 0'],
    ] as [string, string][]) {
      expect(await consoleFindings(a, b), `${a} / ${b}`).toEqual([
        'error console-user-with-access-key main.tf:17 IAM user "deploy" has a console password (aws_iam_user_login_profile.console) and an active access key: aws_iam_access_key.a or aws_iam_access_key.b, one of which always exists.',
      ]);
    }
    for (const [a, b] of [
      ['var.pgp_key != "" ? 1 : 0', 'var.pgp_key == "x" ? 1 : 0'],
      ['var.create && var.pgp_key != "" ? 1 : 0', 'var.create && var.pgp_key == "" ? 1 : 0'],
      ['length(var.pgp_key) > 1 ? 1 : 0', 'length(var.pgp_key) == 0 ? 1 : 0'],
    ] as [string, string][]) {
      expect(await consoleFindings(a, b), `${a} / ${b}`).toEqual([
        expect.stringMatching(/^warning .*main\.tf:17 Cannot tell/),
        expect.stringMatching(/^warning .*main\.tf:22 Cannot tell/),
      ]);
    }
    // Terraform plans only with the condition known: one computed at apply, or a failure, may leave both off.
    for (const [a, b] of [
      ['aws_iam_user.this.unique_id != "" ? 1 : 0', 'aws_iam_user.this.unique_id == "" ? 1 : 0'],
      ['filebase64("missing.pub") != "" ? 1 : 0', 'filebase64("missing.pub") == "" ? 1 : 0'],
    ] as [string, string][]) {
      expect(await consoleFindings(a, b), `${a} / ${b}`).not.toContainEqual(expect.stringMatching(/^error/));
    }
    // An Inactive key is not the key this rule reports.
    const inactive = await consoleFindings('var.rotate ? 1 : 0', 'var.rotate ? 0 : 1');
    expect(inactive).toHaveLength(1);
    const retired = keys('var.rotate ? 1 : 0', 'var.rotate ? 0 : 1').replace('count = var.rotate ? 0 : 1', 'count = var.rotate ? 0 : 1\n  status = "Inactive"');
    const retiredFindings = (
      await findings({ 'main.tf': `${retired}\nresource "aws_iam_user_login_profile" "console" {\n  user = aws_iam_user.this.name\n}\n` })
    ).filter((f) => f.includes('console-user-with-access-key'));
    expect(retiredFindings).toEqual([expect.stringMatching(/^warning .*main\.tf:17 Cannot tell/)]);
  });

  it('give a console user one key at least inside a module called once with a variable nothing sets', async () => {
    const child = `variable "pgp_key" {
  type = string
}

resource "aws_iam_user" "this" {
  name = "deploy"
}

resource "aws_iam_user_login_profile" "this" {
  user = aws_iam_user.this.name
}

resource "aws_iam_access_key" "a" {
  count   = var.pgp_key != "" ? 1 : 0
  user    = aws_iam_user.this.name
  pgp_key = var.pgp_key
}

resource "aws_iam_access_key" "b" {
  count = var.pgp_key == "" ? 1 : 0
  user  = aws_iam_user.this.name
}
`;
    const root = (pgp: string) => `variable "pgp_key" {
  type = string
}

module "member" {
  source  = "./member"
  pgp_key = ${pgp}
}
`;
    expect(await findings({ 'main.tf': root('var.pgp_key'), 'member/main.tf': child })).toEqual([
      'error console-user-with-access-key member/main.tf:13 IAM user "deploy" has a console password (module.member.aws_iam_user_login_profile.this) and an active access key: module.member.aws_iam_access_key.a or module.member.aws_iam_access_key.b, one of which always exists.',
    ]);
    // A value known only after apply: Terraform refuses such a count.
    expect(
      (await findings({ 'main.tf': `${root('terraform_data.key.output')}\nresource "terraform_data" "key" {}\n`, 'member/main.tf': child })).filter((f) =>
        f.startsWith('error'),
      ),
    ).toEqual([]);
  });

  it('read operands known in the module instance as their values (a module with create switches and a PGP key)', async () => {
    const child = `variable "create_user" {
  type    = bool
  default = true
}

variable "create_access_key" {
  type    = bool
  default = true
}

variable "pgp_key" {
  type    = string
  default = ""
}

resource "aws_iam_user" "this" {
  count = var.create_user ? 1 : 0
  name  = "deploy"
}

resource "aws_iam_user_login_profile" "this" {
  count = var.create_user ? 1 : 0
  user  = aws_iam_user.this[0].name
}

resource "aws_iam_access_key" "this" {
  count   = var.create_user && var.create_access_key && var.pgp_key != "" ? 1 : 0
  user    = aws_iam_user.this[0].name
  pgp_key = var.pgp_key
}

resource "aws_iam_access_key" "this_no_pgp" {
  count = var.create_user && var.create_access_key && var.pgp_key == "" ? 1 : 0
  user  = aws_iam_user.this[0].name
}
`;
    const root = (flags: string) => `variable "pgp_key" {
  type = string
}

variable "create_access_key" {
  type = bool
}

module "user" {
  source  = "./user"
  pgp_key = var.pgp_key
${flags}}
`;
    expect(await findings({ 'main.tf': root(''), 'user/main.tf': child })).toEqual([
      'error console-user-with-access-key user/main.tf:26 IAM user "deploy" has a console password (module.user.aws_iam_user_login_profile.this[0]) and an active access key: module.user.aws_iam_access_key.this or module.user.aws_iam_access_key.this_no_pgp, one of which always exists.',
    ]);
    // A switch with no value may turn both keys off.
    expect((await findings({ 'main.tf': root('  create_access_key = var.create_access_key\n'), 'user/main.tf': child })).map((f) => f.split(' ')[0])).toEqual([
      'warning',
      'warning',
    ]);
  });

  it('read conditionals nested in a count and local values written for its condition', async () => {
    const withLocals = (a: string, b: string) => `${keys(a, b)}
locals {
  encrypted = var.pgp_key != ""
  plain     = !local.encrypted
  key_count = var.create ? (local.encrypted ? 1 : 0) : 0
}

resource "aws_iam_user_login_profile" "console" {
  user = aws_iam_user.this.name
}
`;
    // The key with a PGP key and the one without, however their counts are written: the user has one.
    for (const [a, b] of [
      ['var.rotate ? (var.pgp_key != "" ? 1 : 0) : 0', 'var.rotate ? (var.pgp_key != "" ? 0 : 1) : 0'],
      ['var.pgp_key != "" ? 1 : (var.rotate ? 0 : 0)', 'var.pgp_key == "" ? 1 : 0'],
      ['local.encrypted ? 1 : 0', 'var.pgp_key == "" ? 1 : 0'],
      ['local.encrypted ? 1 : 0', 'local.plain ? 1 : 0'],
      ['(local.encrypted) ? 1 : 0', '"${local.encrypted ? 0 : 1}"'],
    ] as [string, string][]) {
      const all = await findings({ 'main.tf': withLocals(a, b) });
      expect(
        all.filter((f) => f.includes('multiple-active-access-keys')),
        `${a} / ${b}`,
      ).toEqual([]);
      const certain = a.startsWith('var.rotate') ? [] : [expect.stringMatching(/^error console-user-with-access-key .*one of which always exists\.$/)];
      expect(
        all.filter((f) => f.includes('console-user-with-access-key') && f.startsWith('error')),
        `${a} / ${b}`,
      ).toEqual(certain);
    }
    // A count that is a local value is the expression written for it; var.create may turn both off.
    const viaLocal = await findings({ 'main.tf': withLocals('local.key_count', 'var.create && !local.encrypted ? 1 : 0') });
    expect(viaLocal.filter((f) => f.includes('multiple-active-access-keys'))).toEqual([]);
    expect(viaLocal.filter((f) => f.startsWith('error'))).toEqual([]);
    // Conditions that may both hold stay undecided through local values too.
    const both = await findings({ 'main.tf': withLocals('local.encrypted ? 1 : 0', 'var.pgp_key != "x" ? 1 : 0') });
    expect(both.filter((f) => f.includes('multiple-active-access-keys'))).toHaveLength(2);
  });

  it('follow a bounded number of local values into a count', async () => {
    // Each local names the next twice: inlined without a bound, the condition would double at each step.
    const chain = Array.from({ length: 40 }, (_, i) => `  c${i} = local.c${i + 1} && local.c${i + 1}`).join('\n');
    const source = `${keys('local.c0 ? 1 : 0', 'local.c0 ? 0 : 1')}
locals {
${chain}
  c40 = var.rotate
}
`;
    const started = Date.now();
    // Past the bound a local value is compared as written: local.c0 and !local.c0 exclude each other.
    expect(await secondKey({ 'main.tf': source })).toEqual([]);
    expect(Date.now() - started).toBeLessThan(5_000);
  });

  it('stay undecided in a module called an unknown number of times, whose copies may each have one', async () => {
    const child = `variable "rotate" {
  type = bool
}

resource "aws_iam_access_key" "a" {
  count = var.rotate ? 1 : 0
  user  = "deploy"
}

resource "aws_iam_access_key" "b" {
  count = var.rotate ? 0 : 1
  user  = "deploy"
}
`;
    const root = `variable "teams" {
  type = map(bool)
}

module "team" {
  source   = "./team"
  for_each = var.teams
  rotate   = each.value
}
`;
    expect(await secondKey({ 'main.tf': root, 'team/main.tf': child })).toHaveLength(2);
  });

  it('read a variable declared bool compared with true or false as its truth value, and null only where it may be null', async () => {
    // Checked with terraform console 1.11.4 over rotate = true / false / null: a truth test of null
    // (`var.rotate ? ...`, `!var.rotate`, `var.create && var.rotate`) fails the plan ("Null condition",
    // "argument must not be null"), `var.rotate == false` of null is false.
    const typed = `variable "strict" {
  type     = bool
  nullable = false
}

variable "flag" {}

variable "text" {
  type = string
}
`;
    const consoleUser = (a: string, b: string) => ({
      'main.tf': `${typed}${keys(a, b)}
resource "aws_iam_user_login_profile" "console" {
  user = aws_iam_user.this.name
}
`,
    });
    const verdicts = async (a: string, b: string) => {
      const all = await findings(consoleUser(a, b));
      return {
        console: all.filter((f) => f.includes('console-user-with-access-key')).map((f) => f.split(' ')[0]),
        second: all.filter((f) => f.includes('multiple-active-access-keys')).length,
      };
    };
    // One of the two exists in every plan that succeeds.
    for (const [a, b] of [
      ['var.rotate ? 1 : 0', 'var.rotate == false ? 1 : 0'],
      ['var.rotate == true ? 1 : 0', '!var.rotate ? 1 : 0'],
      ['var.rotate != false ? 1 : 0', 'var.rotate ? 0 : 1'],
      ['false == var.rotate ? 1 : 0', 'var.rotate ? 1 : 0'],
      ['var.create && var.rotate ? 1 : 0', 'var.rotate == false || !var.create ? 1 : 0'],
      ['var.strict == true ? 1 : 0', 'var.strict == false ? 1 : 0'],
      ['var.strict != true ? 1 : 0', 'var.strict != false ? 1 : 0'],
    ] as [string, string][]) {
      expect(await verdicts(a, b), `${a} / ${b}`).toEqual({ console: ['error'], second: 0 });
    }
    // Never both, but a null var.rotate (nullable, no truth test of it) switches both off.
    for (const [a, b] of [
      ['var.rotate == true ? 1 : 0', 'var.rotate == false ? 1 : 0'],
      // The truth test sits in a branch not taken where var.create is false.
      ['var.create ? (var.rotate ? 1 : 0) : (var.rotate == true ? 1 : 0)', 'var.rotate == false ? 1 : 0'],
    ] as [string, string][]) {
      expect(await verdicts(a, b), `${a} / ${b}`).toEqual({ console: ['warning', 'warning'], second: 0 });
    }
    // Not declared bool: -var flag=false gives the string "false", which is no truth value's equal.
    for (const [a, b] of [
      ['var.flag ? 1 : 0', 'var.flag == false ? 1 : 0'],
      ['var.text ? 1 : 0', 'var.text == false ? 1 : 0'],
    ] as [string, string][]) {
      const seen = await verdicts(a, b);
      expect(seen.console, `${a} / ${b}`).toEqual(['warning', 'warning']);
    }
    expect(await verdicts('var.flag ? 1 : 0', 'var.flag == true ? 1 : 0'), 'both may hold').toEqual({ console: ['warning', 'warning'], second: 2 });
  });

  it('leave no console user where the login profile is off wherever the key is on', async () => {
    const profile = `${keys('var.create ? 0 : 1', 'var.rotate && !var.create ? 1 : 0')}
resource "aws_iam_user_login_profile" "console" {
  count = var.create ? 1 : 0
  user  = aws_iam_user.this.name
}
`;
    expect((await findings({ 'main.tf': profile })).filter((f) => f.includes('console-user-with-access-key'))).toEqual([]);
    const maybe = profile.replace('count = var.create ? 1 : 0', 'count = var.rotate ? 1 : 0');
    expect((await findings({ 'main.tf': maybe })).filter((f) => f.includes('console-user-with-access-key'))).toHaveLength(1);
  });
});
