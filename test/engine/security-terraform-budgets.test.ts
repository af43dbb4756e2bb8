/**
 * Terraform evaluation on a stranger's pull request (docs/security.md): inputs of a few lines that would
 * hang the scan, exhaust memory, lose findings or print a secret. Each case runs through `lint()` beside a
 * good module whose finding must survive, ends in seconds under 1 GiB, and reports what it could not
 * analyse as a `parse-error` (exit 2) naming the limit, without a stack trace (through the CLI process:
 * test/process/security-budgets-cli.test.ts). Large inputs are generated here, in a temporary directory,
 * never committed.
 */
import { symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { LintResult } from '../../src/core/finding.js';
import { hostileWorkspaces, parseErrorsOf as parseErrors, scanHostile as scan } from '../support/hostile-workspace.js';

const workspace = hostileWorkspaces('credlint-tf-budget-');

/** The one parse-error of the scan: at `file`, line `line`, naming `limit`. */
function expectLimit(result: LintResult, file: string, line: number, limit: string): void {
  const errors = parseErrors(result);
  expect(errors).toHaveLength(1);
  expect(errors[0]).toMatchObject({ file, line });
  expect(errors[0]?.message).toContain(`limit ${limit} = `);
  expect(errors[0]?.message).toContain(`--limit ${limit}=N`);
}

const KEYS = (count: string) => `resource "aws_iam_access_key" "k" {\n  count = ${count}\n  user  = "bob"\n}\n`;

describe('C. instance counts', () => {
  // A count past Terraform's 64-bit range (1e300) is Terraform's own error, not a budget: terraform-count-conversion.test.ts.
  it.each(['100000000', '1000000', '1e10', '"20000"'])('count = %s is refused before anything is built', async (count) => {
    const root = workspace({ 'bad/main.tf': KEYS(count) });
    const result = await scan(root);
    expectLimit(result, join(root, 'bad/main.tf'), 2, 'instancesPerBlock');
  });

  it('for_each over a 20,000-key map is refused', async () => {
    const root = workspace({
      'bad/main.tf':
        'resource "aws_iam_access_key" "k" {\n  for_each = { for p in setproduct(range(200), range(100)) : "${p[0]}-${p[1]}" => p }\n  user     = "bob"\n}\n',
    });
    expectLimit(await scan(root), join(root, 'bad/main.tf'), 2, 'instancesPerBlock');
  });

  it('instances spread over many blocks count toward one budget per unit', async () => {
    const blocks = Array.from(
      { length: 6 },
      (_, i) => `resource "aws_iam_access_key" "k${i}" {\n  count = 20\n  user  = "u${i}"\n  status = "Inactive"\n}\n`,
    ).join('');
    const root = workspace({ 'bad/main.tf': blocks });
    const result = await scan(root, { limits: { instancesPerUnit: 100 } });
    expectLimit(result, join(root, 'bad/main.tf'), 27, 'instancesPerUnit');
  });
});

describe('C. values that grow', () => {
  it('a list doubled 40 times through locals', async () => {
    const locals = ['a0 = ["x"]', ...Array.from({ length: 40 }, (_, i) => `a${i + 1} = concat(local.a${i}, local.a${i})`)];
    const root = workspace({ 'bad/main.tf': `locals {\n${locals.join('\n')}\n}\n${KEYS('length(local.a40) > 0 ? 2 : 0')}` });
    const result = await scan(root);
    const [error] = parseErrors(result);
    expect(error?.message).toContain('limit valueNodes = ');
    expect(parseErrors(result)).toHaveLength(1);
  });

  it('a DAG of locals each using the previous twice, 40 deep, is evaluated once per local', async () => {
    const strings = ['s0 = "x"', ...Array.from({ length: 40 }, (_, i) => `s${i + 1} = "\${local.s${i}}\${local.s${i}}"`)];
    const objects = ['o0 = { v = "x" }', ...Array.from({ length: 40 }, (_, i) => `o${i + 1} = { a = local.o${i}, b = local.o${i} }`)];
    const root = workspace({
      'bad/main.tf': `locals {\n${strings.join('\n')}\n}\n${KEYS('length(local.s40) > 0 ? 2 : 0')}`,
      'dag/main.tf': `locals {\n${objects.join('\n')}\n}\n${KEYS('length(jsonencode(local.o40)) > 0 ? 2 : 0')}`,
    });
    const errors = parseErrors(await scan(root));
    expect(errors.map((e) => e.file).sort()).toEqual([join(root, 'bad/main.tf'), join(root, 'dag/main.tf')]);
    for (const error of errors) expect(error.message).toContain('limit valueNodes = ');
  });

  // 100,000 strings: a quadratic toset or distinct would take minutes (5e9 comparisons), the linear
  // ones about 3 s on a loaded machine, well inside the 10 s every scan here must end in (200,000 took
  // 10.08 s once, at load 12).
  it('toset and distinct of 100,000 strings take linear time and give the right answer', async () => {
    const names = Array.from({ length: 100_000 }, (_, i) => `user-${i % 99_999}`).join(',');
    const root = workspace({
      'big/main.tf': `locals {\n  names = split(",", "${names}")\n}\n${KEYS('length(toset(local.names)) - length(distinct(local.names)) + length(setsubtract(local.names, local.names)) + 2')}`,
    });
    const result = await scan(root);
    expect(parseErrors(result)).toEqual([]);
    expect(result.findings.filter((f) => f.ruleId === 'multiple-active-access-keys' && f.location.file === join(root, 'big/main.tf'))).toHaveLength(1);
  });

  it.each([
    ['format padding', 'format("%0100000000d", 1)'],
    ['join with a long separator', 'join(local.long, range(1024))'],
    ['replace multiplying a string', 'replace(local.long, "a", local.long)'],
    ['indent by a huge width', 'indent(100000000, "a\\nb")'],
    ['setproduct', 'setproduct(range(1024), range(1024), range(8))'],
    ['a template repeating a string', '"%{for i in range(1024)}%{for j in range(200)}${local.long}%{endfor}%{endfor}"'],
    ['a for expression of for expressions', '[for i in range(1024) : [for j in range(1024) : local.long]]'],
  ])('%s is stopped by a budget', async (_name, expression) => {
    const root = workspace({
      'bad/main.tf': `locals {\n  long = "${'a'.repeat(100_000)}"\n  big  = ${expression}\n}\n${KEYS('length(local.big) > 0 ? 2 : 0')}`,
    });
    // Each limit is reported once per unit, where it ran out; a value can exhaust more than one.
    const errors = parseErrors(await scan(root));
    expect(errors.length).toBeGreaterThan(0);
    for (const error of errors) {
      expect(error).toMatchObject({ file: join(root, 'bad/main.tf'), line: 3 });
      expect(error.message).toMatch(/limit (valueNodes|expressionSteps) = /);
    }
  });

  it('regular expressions run in linear time (RE2) in regex, regexall, replace and can()', async () => {
    const text = `${'a'.repeat(50_000)}!`;
    const root = workspace({
      'bad/main.tf': `locals {\n  s = "${text}"\n  a = can(regex("(a+)+$", local.s))\n  b = length(regexall("(a|aa)+$", local.s))\n  c = replace(local.s, "/(a*)*$/", "x")\n  d = regex("^(?P<head>a{3})", local.s)\n}\n${KEYS('local.a ? 0 : local.b == 0 && length(local.c) > 0 && local.d.head == "aaa" ? 2 : 0')}`,
    });
    const result = await scan(root);
    expect(parseErrors(result)).toEqual([]);
    expect(result.findings.filter((f) => f.ruleId === 'multiple-active-access-keys' && f.location.file === join(root, 'bad/main.tf'))).toHaveLength(1);
  });
});

describe('C. module fan-out', () => {
  it('32 module directories each calling the next twice', async () => {
    const files: Record<string, string> = {};
    for (let i = 0; i < 32; i += 1) files[`m${i}/main.tf`] = `module "a" {\n  source = "../m${i + 1}"\n}\nmodule "b" {\n  source = "../m${i + 1}"\n}\n`;
    files['m32/main.tf'] = KEYS('1');
    const root = workspace(files);
    const errors = parseErrors(await scan(root));
    expect(errors).toHaveLength(1);
    expect(errors[0]?.message).toContain('limit moduleInstances = ');
  });

  it('count on nested module calls is bounded by moduleInstances', async () => {
    const files: Record<string, string> = { 'root/main.tf': 'module "m" {\n  source = "../m0"\n  count  = 100\n}\n' };
    for (let i = 0; i < 4; i += 1) files[`m${i}/main.tf`] = `module "m" {\n  source = "../m${i + 1}"\n  count  = 100\n}\n`;
    files['m4/main.tf'] = KEYS('1');
    const root = workspace(files);
    const errors = parseErrors(await scan(root));
    expect(errors).toHaveLength(1);
    expect(errors[0]?.message).toContain('limit moduleInstances = ');
  });

  it('a module directory symlinked to itself is a cycle, reported at the call', async () => {
    const root = workspace({ 'self/main.tf': `module "again" {\n  source = "./loop"\n}\n${KEYS('2')}` });
    symlinkSync('.', join(root, 'self/loop'));
    const result = await scan(root);
    // (The directory walk also notes the symlink loop at the link itself.)
    const errors = parseErrors(result).filter((error) => error.file !== join(root, 'self/loop'));
    expect(errors).toEqual([{ file: join(root, 'self/main.tf'), line: 1, message: expect.stringContaining('cycle (self -> self)') }]);
    expect(result.findings.filter((f) => f.ruleId === 'multiple-active-access-keys' && f.location.file === join(root, 'self/main.tf'))).toHaveLength(1);
  });
});

describe('D. nothing lost without a word', () => {
  it.each([
    ['"x" * 1e10', '"x" * 1e10'],
    ['substr with huge lengths', 'length(substr("abc", 1e300, 1e300))'],
    ['chunklist by 0', 'length(chunklist(range(3), 0))'],
    ['pow overflow', 'pow(10, 400)'],
    ['a huge range', 'length(range(1e9))'],
  ])('%s never throws out of the evaluation', async (_name, expression) => {
    const root = workspace({ 'bad/main.tf': `locals {\n  v = ${expression}\n}\n${KEYS('local.v == 1 ? 2 : 0')}` });
    const result = await scan(root);
    expect(parseErrors(result)).toEqual([]);
  });

  it('two module directories calling each other: the cycle is reported and their findings kept', async () => {
    const root = workspace({
      'a/main.tf': `module "b" {\n  source = "../b"\n}\n${KEYS('2')}`,
      'b/main.tf': 'module "a" {\n  source = "../a"\n}\nresource "aws_iam_access_key" "b" {\n  count = 2\n  user  = "carl"\n}\n',
    });
    const result = await scan(root);
    expect(parseErrors(result)).toEqual([{ file: join(root, 'b/main.tf'), line: 1, message: expect.stringContaining('cycle (a -> b -> a)') }]);
    const multiple = result.findings.filter((f) => f.ruleId === 'multiple-active-access-keys').map((f) => f.location.file);
    expect(multiple).toEqual(expect.arrayContaining([join(root, 'a/main.tf'), join(root, 'b/main.tf')]));
  });
});

describe('D. yamldecode of YAML with aliases', () => {
  it('a ten-fold alias chain 30 levels deep is a parse-error at the expression naming yamlAliasNodes, never an unknown nobody sees', async () => {
    // The yaml package threw on it, and yamldecode's failure was "internal error", a plain unknown: no
    // finding, exit 0.
    const levels = Array.from(
      { length: 29 },
      (_, i) => `l${String(i + 1)}: &l${String(i + 1)} [${Array.from({ length: 10 }, () => `*l${String(i)}`).join(', ')}]`,
    );
    const root = workspace({
      'bad/aliases.yaml.txt': `l0: &l0 [x, x, x, x, x, x, x, x, x, x]\n${levels.join('\n')}\n`,
      'bad/main.tf': `locals {\n  d = yamldecode(file("aliases.yaml.txt"))\n}\n${KEYS('length(local.d) > 0 ? 2 : 0')}`,
    });
    expectLimit(await scan(root), join(root, 'bad/main.tf'), 2, 'yamlAliasNodes');
  });

  it('one scalar anchor used 300 times decodes, as Terraform decodes it', async () => {
    // Refused past the yaml package's default of 100 alias uses, as an unknown: the two keys were no finding.
    const root = workspace({
      'ok/users.yaml.txt': `admin: &admin bob\nall:\n${'  - *admin\n'.repeat(300)}`,
      'ok/main.tf':
        'locals {\n  d = yamldecode(file("users.yaml.txt"))\n}\nresource "aws_iam_access_key" "a" {\n  user = local.d.all[299]\n}\nresource "aws_iam_access_key" "b" {\n  user = local.d.admin\n}\n',
    });
    const result = await scan(root);
    expect(parseErrors(result)).toEqual([]);
    expect(result.findings.filter((f) => f.ruleId === 'multiple-active-access-keys').map((f) => f.message)).toEqual([
      expect.stringContaining('IAM user "bob" has 2 active access keys') as string,
    ]);
  });
});

describe('E. secret values never appear in messages', () => {
  const SECRET = 's3cr3t-Pa55w0rd';
  it.each([
    ['a sensitive default', `variable "token" {\n  type      = string\n  sensitive = true\n  default   = "${SECRET}"\n}\n`, {}],
    ['TF_VAR_', 'variable "token" {\n  type = string\n}\n', { TF_VAR_token: SECRET }],
  ])('%s used where a number or key is needed', async (_name, variable, env) => {
    const root = workspace({
      'bad/main.tf': `${variable}${KEYS('var.token')}resource "aws_iam_access_key" "j" {\n  for_each = { (var.token) = 1, (var.token) = 2 }\n  user     = "x"\n}\nresource "aws_iam_access_key" "r" {\n  user   = "y"\n  status = regex(var.token, "(")\n}\nresource "aws_iam_access_key" "l" {\n  user   = "z"\n  status = [for k in [var.token, var.token] : k][tonumber(var.token)]\n}\n`,
    });
    const result = await scan(root, { env });
    const unknowns = result.findings.filter((f) => f.location.file === join(root, 'bad/main.tf'));
    expect(unknowns.length).toBeGreaterThan(0);
    expect(JSON.stringify(result)).not.toContain(SECRET);
    expect(unknowns.map((f) => f.message).join('\n')).toContain('count must be a whole number, got a string');
  });
});

describe('F. messages quote at most a line of a large input', () => {
  it('a 120 KB template nested too deep, and a 1 MB file read as a number or a key: each message stays short and says why', async () => {
    const big = 'x'.repeat(1_000_000);
    const root = workspace({
      'bad/deep.tpl': `${'%{ if true }'.repeat(5_500)}root${'%{ endif }'.repeat(5_500)}`,
      'bad/big.txt': big,
      'bad/main.tf':
        'resource "aws_iam_access_key" "t" {\n  user = templatefile("${path.module}/deep.tpl", {})\n}\n' +
        'resource "aws_iam_access_key" "n" {\n  user = "u${tonumber(file("${path.module}/big.txt"))}"\n}\n' +
        'resource "aws_iam_access_key" "m" {\n  user = { a = "b" }[file("${path.module}/big.txt")]\n}\n' +
        'resource "aws_iam_access_key" "p" {\n  user = "u${parseint(file("${path.module}/big.txt"), 10)}"\n}\n',
    });
    const result = await scan(root);
    const messages = result.findings.filter((f) => f.location.file === join(root, 'bad/main.tf')).map((f) => f.message);
    expect(messages.length).toBe(8);
    for (const message of messages) expect(message.length).toBeLessThan(600);
    expect(messages.join('\n')).toContain('… (121004 characters): expression nested more than 256 levels deep');
    expect(messages.join('\n')).toContain('… (1000000 characters)');
  });
});
