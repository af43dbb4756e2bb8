/**
 * Terraform's sensitive values on a stranger's pull request (docs/security.md): a value from a variable
 * declared `sensitive = true` (default, tfvars, `--var`), from `sensitive()` or from a sensitive module
 * output is marked, the mark follows it through templates, functions, `for`, conditionals and
 * `for_each` keys, and output never shows it — while the finding it leads to is still reported (a
 * sensitive `for_each`, which Terraform refuses, leaves its block undecided). Each
 * case sits beside a good module whose finding must survive; every case is checked through `lint()`
 * and, for every format, through the real CLI.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LintResult } from '../../src/core/finding.js';
import { lint } from '../../src/engine.js';
import { evaluate, type EvalScope } from '../../src/terraform/expr/evaluate.js';
import { parseExpression } from '../../src/terraform/expr/parse-expression.js';
import { Sensitive, TfSet, Unknown, holdsMark, unmarkDeep, type TfValue } from '../../src/terraform/expr/value.js';

const MARKER = 'S3CR3T-7f3a';
/** Every secret of the workspace contains the marker (in either case, as `upper()` may change it). */
const LEAK = /s3cr3t-7f3a/i;

const GOOD =
  'resource "aws_iam_user" "ana" {\n  name = "ana"\n}\n\nresource "aws_iam_user_login_profile" "ana" {\n  user = aws_iam_user.ana.name\n}\n\nresource "aws_iam_access_key" "ana" {\n  user = aws_iam_user.ana.name\n}\n';

/** A user with a console password and an access key, named by `name`, linked by name (not by reference). */
function consoleUser(name: string, extra = ''): string {
  return `${extra}
resource "aws_iam_user" "u" {
  name = ${name}
}

resource "aws_iam_user_login_profile" "u" {
  user = ${name}
}

resource "aws_iam_access_key" "u" {
  user = ${name}
}
`;
}

const FILES: Record<string, string> = {
  'good/main.tf': GOOD,
  // The default of a sensitive variable.
  'default/main.tf': consoleUser(
    'var.secret_user',
    `variable "secret_user" {\n  type      = string\n  sensitive = true\n  default   = "${MARKER}-default"\n}\n`,
  ),
  // A sensitive variable given by terraform.tfvars and one given by --var.
  'tfvars/main.tf': consoleUser('var.secret_user', 'variable "secret_user" {\n  sensitive = true\n}\n'),
  'tfvars/terraform.tfvars': `secret_user = "${MARKER}-tfvars"\n`,
  'cli-var/main.tf': consoleUser('var.cli_secret_user', 'variable "cli_secret_user" {\n  type      = string\n  sensitive = true\n}\n'),
  // sensitive() in a local, used through a template and a conditional.
  'function/main.tf': consoleUser(
    'local.name',
    `locals {\n  secret = sensitive("${MARKER}-function")\n  name   = length(local.secret) > 3 ? "\${local.secret}-ops" : "x"\n}\n`,
  ),
  // A sensitive module output; the user, its profile and key live in the root.
  'module-output/main.tf': consoleUser('module.names.user', 'module "names" {\n  source = "./names"\n}\n'),
  'module-output/names/main.tf': `output "user" {\n  value     = "${MARKER}-output"\n  sensitive = true\n}\n`,
  // A sensitive prefix inside a template, concat, a for expression and upper().
  'template/main.tf': consoleUser(
    'local.names[0]',
    `variable "prefix" {\n  sensitive = true\n  default   = "${MARKER}-prefix"\n}\n\nlocals {\n  names = [for n in concat(["\${var.prefix}-ops"], ["b"]) : upper(n)]\n}\n`,
  ),
  // for_each keys from a sensitive list, which Terraform refuses: undecided, and the keys never shown.
  'for-each/main.tf': `variable "names" {
  type      = list(string)
  sensitive = true
  default   = ["${MARKER}-one", "${MARKER}-two"]
}

resource "aws_iam_user" "u" {
  for_each = toset(var.names)
  name     = each.key
}

resource "aws_iam_user_login_profile" "u" {
  for_each = toset(var.names)
  user     = aws_iam_user.u[each.key].name
}

resource "aws_iam_access_key" "u" {
  for_each = aws_iam_user.u
  user     = each.value.name
}
`,
  // Module instances keyed by sensitive names, which Terraform refuses: undecided, the keys never shown.
  'module-for-each/main.tf': `variable "members" {
  type      = set(string)
  sensitive = true
  default   = ["${MARKER}-ana", "${MARKER}-bo"]
}

module "member" {
  source   = "./member"
  for_each = var.members
  name     = each.key
}
`,
  'module-for-each/member/main.tf': consoleUser('var.name', 'variable "name" {\n  type = string\n}\n'),
  // CDKTF: a TerraformVariable with sensitive: true, synthesized to JSON, through the same evaluator.
  'cdktf/cdktf.out/manifest.json': JSON.stringify({
    version: '0.20.11',
    stacks: {
      people: {
        name: 'people',
        constructPath: 'people',
        workingDirectory: 'stacks/people',
        synthesizedStackPath: 'stacks/people/cdk.tf.json',
        annotations: [],
        dependencies: [],
      },
    },
  }),
  'cdktf/cdktf.out/stacks/people/cdk.tf.json': JSON.stringify({
    variable: { secretName: { type: 'string', sensitive: true, default: `${MARKER}-cdktf` } },
    resource: {
      aws_iam_user: { u: { name: '${var.secretName}' } },
      aws_iam_user_login_profile: { u: { user: '${aws_iam_user.u.name}' } },
      aws_iam_access_key: { u: { user: '${upper(var.secretName)}' } },
    },
  }),
  // A key for a user whose sensitive name is "root": found, never named.
  'root-name/main.tf': `variable "account" {\n  sensitive = true\n  default   = "root"\n}\n\nresource "aws_iam_access_key" "k" {\n  user = var.account\n}\n`,
  // A sensitive key that fails an index: the reason does not quote it.
  'bad-index/main.tf': `variable "key" {\n  sensitive = true\n  default   = "${MARKER}-index"\n}\n\nlocals {\n  users = { ana = "ana" }\n}\n\nresource "aws_iam_access_key" "k" {\n  user = local.users[var.key]\n}\n\nresource "aws_iam_access_key" "k2" {\n  user = "ana-bad"\n}\n`,
  // Failures computed from sensitive values (an operator, a conversion, a condition) do not quote them.
  'bad-operations/main.tf': `variable "n" {\n  type      = number\n  sensitive = true\n}\n\nvariable "s" {\n  sensitive = true\n  default   = "${MARKER}-operand"\n}\n\nresource "aws_iam_access_key" "a" {\n  count = var.n\n  user  = "ana"\n}\n\nresource "aws_iam_access_key" "b" {\n  user = var.s * 2\n}\n\nresource "aws_iam_access_key" "c" {\n  user = var.s ? "x" : "y"\n}\n\nresource "aws_iam_access_key" "d" {\n  user = [for x in [1] : x if var.s][0]\n}\n\nresource "aws_iam_access_key" "e" {\n  user = regex("^[0-9]+$", var.s)\n}\n`,
  'bad-operations/terraform.tfvars': `n = "${MARKER}-number"\n`,
  // A whole resource object read through functions: marks inside it still follow (and keys still link).
  'resource-object/main.tf': `variable "secret_user" {\n  sensitive = true\n  default   = "${MARKER}-object"\n}\n\nresource "aws_iam_user" "u" {\n  name = var.secret_user\n}\n\nresource "aws_iam_user_login_profile" "u" {\n  user = lookup(aws_iam_user.u, "name")\n}\n\nresource "aws_iam_access_key" "u" {\n  user = values({ only = aws_iam_user.u })[0].name\n}\n`,
  // nonsensitive() removes the mark: the name may be shown.
  'nonsensitive/main.tf': consoleUser('nonsensitive(var.shown)', 'variable "shown" {\n  sensitive = true\n  default   = "shown-7f3a"\n}\n'),
  // Non-sensitive values are shown as before.
  'plain/main.tf': consoleUser('var.plain', 'variable "plain" {\n  default = "plain-7f3a"\n}\n'),
};

const CLI_VARS: [string, string][] = [['cli_secret_user', `${MARKER}-cli`]];

let root = '';
let result: LintResult;

beforeAll(async () => {
  root = realpathSync(mkdtempSync(join(tmpdir(), 'credlint-tf-sensitive-')));
  for (const [path, content] of Object.entries(FILES)) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), content);
  }
  const started = Date.now();
  result = await lint({ paths: [root], cwd: root, reportUnknown: true, env: {}, vars: CLI_VARS });
  expect(Date.now() - started, 'ends within 10 s').toBeLessThan(10_000);
}, 30_000);

afterAll(async () => {
  if (root !== '') rmSync(root, { recursive: true, force: true });
});

function findingsIn(dir: string, ruleId = 'console-user-with-access-key') {
  return result.findings.filter((f) => f.ruleId === ruleId && f.location.file.startsWith(join(root, dir) + '/'));
}

describe('sensitive Terraform values through lint()', () => {
  it('never shows a sensitive value anywhere in the result', () => {
    expect(JSON.stringify(result)).not.toMatch(LEAK);
    expect(findingsIn('good')).toHaveLength(1);
  });

  it.each(['default', 'tfvars', 'cli-var', 'function', 'module-output', 'template', 'resource-object'])(
    'still finds the console user whose name is sensitive (%s)',
    (dir) => {
      const findings = findingsIn(dir);
      expect(findings).toHaveLength(1);
      expect(findings[0]?.message).toBe(
        'IAM user aws_iam_user.u (its name is a sensitive value) has a console password (aws_iam_user_login_profile.u) and an active access key (aws_iam_access_key.u).',
      );
    },
  );

  it('hides a sensitive CDKTF variable, linked case-insensitively through upper()', () => {
    const findings = findingsIn('cdktf');
    expect(findings).toHaveLength(1);
    expect(findings[0]?.message).toContain('(its name is a sensitive value)');
  });

  // Terraform refuses a for_each derived from a sensitive value ("Sensitive values, or values derived
  // from sensitive values, cannot be used as for_each arguments"): no instance, no key to show.
  it.each([
    ['for-each', 'aws_iam_access_key.u'],
    ['module-for-each', 'module.member.aws_iam_access_key.u'],
  ])('leaves a block whose for_each is sensitive undecided, naming no key (%s)', (dir, address) => {
    const findings = findingsIn(dir);
    expect(findings.map((f) => [f.unknown, f.address])).toEqual([[true, address]]);
    expect(findings[0]?.message).toContain('for_each is derived from a sensitive value, which Terraform refuses');
  });

  it('finds a root access key by a sensitive name without naming it', () => {
    const findings = findingsIn('root-name', 'root-user-access-key');
    expect(findings).toHaveLength(1);
    expect(findings[0]?.message).toContain('"(sensitive value)"');
    expect(findings[0]?.message).not.toContain('"root"');
  });

  it.each(['bad-index', 'bad-operations'])('does not quote a sensitive value in an unknown reason (%s)', (dir) => {
    const unknown = result.findings.filter((f) => f.location.file.startsWith(join(root, dir) + '/'));
    expect(unknown.length).toBeGreaterThan(0);
    expect(JSON.stringify(unknown)).not.toMatch(LEAK);
    expect(unknown.some((f) => f.message.includes('sensitive value'))).toBe(true);
  });

  it('follows marks inside a whole resource object passed to functions', () => {
    const findings = findingsIn('resource-object');
    expect(findings).toHaveLength(1);
    expect(findings[0]?.message).toContain('(its name is a sensitive value)');
  });

  it('shows a value made nonsensitive, and plain values as before', () => {
    expect(findingsIn('nonsensitive')[0]?.message).toContain('IAM user "shown-7f3a"');
    expect(findingsIn('plain')[0]?.message).toContain('IAM user "plain-7f3a"');
  });
});

/** `var.secret` is marked ("S3CR3T"), `var.names` a marked list, `var.plain` is not, `var.later` unknown. */
const MARKED_SCOPE: EvalScope = {
  resolve(ref) {
    if (ref.kind !== 'var') return new Unknown(`${ref.kind} is not declared`);
    const values: Record<string, TfValue> = {
      secret: new Sensitive('S3CR3T'),
      names: new Sensitive(['a', 'b']),
      plain: 'ops',
      later: new Unknown('var.later has no value'),
      mixed: { public: 'p', hidden: new Sensitive('h') },
    };
    return values[ref.name] ?? new Unknown(`var.${ref.name} is not declared`);
  },
};

function evalMarked(source: string): TfValue {
  const parsed = parseExpression(source);
  if (!parsed.ok) throw new Error(parsed.message);
  return evaluate(parsed.expr, MARKED_SCOPE);
}

describe('the sensitive mark follows every construct', () => {
  it.each([
    ['"${var.secret}-ops"', 'S3CR3T-ops'],
    ['upper(var.secret)', 'S3CR3T'],
    ['var.secret == "S3CR3T"', true],
    ['length(var.secret) + 1', 7],
    ['!(var.secret == "x")', true],
    ['var.secret != "" ? "yes" : "no"', 'yes'],
    ['[for n in var.names : n][0]', 'a'],
    ['{ for n in var.names : n => 1 }', { a: 1, b: 1 }],
    ['var.names[1]', 'b'],
    ['var.names[*]', ['a', 'b']],
    ['{ (var.secret) = 1 }', { S3CR3T: 1 }],
    ['{ a = 1 }[var.secret == "S3CR3T" ? "a" : "b"]', 1],
    ['concat(var.names, ["c"])', ['a', 'b', 'c']],
    ['toset(var.names)', new TfSet(['a', 'b'])],
    ['"%{ for n in var.names }${n}%{ endfor }"', 'ab'],
    ['"%{ if var.secret == "x" }x%{ else }y%{ endif }"', 'y'],
    ['format("%s", var.mixed.hidden)', 'h'],
    ['jsonencode(var.mixed)', '{"hidden":"h","public":"p"}'],
    ['try(var.secret, "x")', 'S3CR3T'],
    ['sensitive("plain")', 'plain'],
  ])('%s is marked and evaluates as the plain value', (source, expected) => {
    const value = evalMarked(source);
    expect(value).toBeInstanceOf(Sensitive);
    expect(unmarkDeep(value).value).toEqual(expected);
  });

  it.each([
    ['var.plain', 'ops'],
    ['nonsensitive(var.secret)', 'S3CR3T'],
    ['nonsensitive(var.mixed)', { public: 'p', hidden: 'h' }],
    ['var.mixed.public', 'p'],
    ['issensitive(var.secret)', true],
    ['issensitive(var.plain)', false],
    ['can(var.secret)', true],
  ])('%s is not marked', (source, expected) => {
    const value = evalMarked(source);
    expect(holdsMark(value)).toBe(false);
    expect(value).toEqual(expected);
  });

  it('keeps a mark on an element, not on the collection holding it', () => {
    const value = evalMarked('[var.plain, var.secret]');
    expect(value).toEqual(['ops', new Sensitive('S3CR3T')]);
  });

  it('keeps the reason of an unknown operand, which names no value', () => {
    expect(evalMarked('"${var.secret}-${var.later}"')).toEqual(new Unknown('var.later has no value'));
  });
});

const CLI = resolve('dist/src/cli.cjs');

describe.skipIf(!existsSync(CLI))('sensitive Terraform values through the CLI', () => {
  it.each(['stylish', 'json', 'sarif', 'github'])('never prints a sensitive value in %s output', (format) => {
    const run = spawnSync(
      process.execPath,
      [CLI, root, '--format', format, '--report-unknown', ...CLI_VARS.flatMap(([name, value]) => ['--var', `${name}=${value}`])],
      {
        cwd: root,
        encoding: 'utf8',
        env: { PATH: process.env['PATH'] ?? '' },
        timeout: 20_000,
      },
    );
    expect(run.status).toBe(1);
    expect(run.stdout + run.stderr).not.toMatch(LEAK);
    expect(run.stdout + run.stderr).not.toMatch(/\n\s+at /);
    expect(run.stdout).toContain('sensitive value');
    expect(run.stdout).toContain('shown-7f3a');
  });
});
