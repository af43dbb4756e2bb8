/**
 * Values Terraform evaluates without an evaluation context: variables files and `-var`/`TF_VAR_`
 * values of non-primitive types (README, "Terraform evaluation"). A `.tfvars.json` string is taken as
 * written; a reference or a call in a `.tfvars` file or an HCL `-var` value is refused by Terraform,
 * which credlint reports as a `parse-error` where it is, leaving that variable unknown.
 */
import { basename, join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { lint } from '../../src/engine.js';
import type { Finding } from '../../src/core/finding.js';
import { loadTree, removeTrees, summarise, writeTree } from '../support/terraform-loader-harness.js';

afterAll(removeTrees);

/** A root whose key's user name shows the value `var.who` got. */
const WHO = ['variable "who" {', '  type    = string', '  default = "default"', '}', 'resource "aws_iam_access_key" "k" {', '  user = var.who', '}', ''].join(
  '\n',
);

const userOf = (lines: readonly string[]): string[] => lines.map((line) => line.replace(/^.* user=(.+) status=.*$/, '$1'));

/** `[file, line, column, endLine, endColumn, message]` of each parse-error. */
function parseErrors(findings: readonly Finding[]): (string | number)[][] {
  return findings
    .filter((f) => f.ruleId === 'parse-error')
    .map((f) => [
      basename(f.location.file),
      f.location.range.start.line,
      f.location.range.start.column,
      f.location.range.end.line,
      f.location.range.end.column,
      f.message,
    ]);
}

describe('.tfvars.json values are taken as written', () => {
  const TEMPLATE_TEXT = '{\n  "who": "${lower(\\"ROOT\\")}-$${x}"\n}\n';

  it('in terraform.tfvars.json, *.auto.tfvars.json and a --var-file', async () => {
    for (const name of ['terraform.tfvars.json', 'a.auto.tfvars.json']) {
      const result = await loadTree(await writeTree({ 'main.tf': WHO, [name]: TEMPLATE_TEXT }));
      expect(result.diagnostics).toEqual([]);
      expect(userOf(summarise(result))).toEqual(['${lower("ROOT")}-$${x}']);
    }
    const root = await writeTree({ 'main.tf': WHO, 'extra.tfvars.json': TEMPLATE_TEXT });
    expect(userOf(summarise(await loadTree(root, { varFiles: [join(root, 'extra.tfvars.json')] })))).toEqual(['${lower("ROOT")}-$${x}']);
  });

  it('object keys and nested strings too, a reference included, and a "//" key is a comment', async () => {
    const main = [
      'variable "users" {',
      '  type = map(string)',
      '}',
      'resource "aws_iam_access_key" "k" {',
      '  for_each = var.users',
      '  user     = "${each.key}/${each.value}"',
      '}',
      '',
    ].join('\n');
    const json = '{\n  "//": "generated",\n  "users": { "${var.team}": "${var.name}" }\n}\n';
    const result = await loadTree(await writeTree({ 'main.tf': main, 'terraform.tfvars.json': json }));
    expect(result.diagnostics).toEqual([]);
    expect(userOf(summarise(result))).toEqual(['${var.team}/${var.name}']);
  });

  it('refuses a file that is not an object and a variable set twice, at their positions', async () => {
    const root = await writeTree({ 'main.tf': WHO, 'terraform.tfvars.json': '["who"]\n', 'b.auto.tfvars.json': '{\n  "who": "a",\n  "who": "b"\n}\n' });
    const result = await loadTree(root);
    expect(result.diagnostics.map((d) => [basename(d.location.file), d.location.range.start.line, d.location.range.start.column, d.message])).toEqual([
      ['terraform.tfvars.json', 1, 1, 'a JSON variables file must be an object of variable names and values; Terraform refuses this file'],
      ['b.auto.tfvars.json', 3, 3, 'variable "who" is set more than once in this file; Terraform refuses the file'],
    ]);
    expect(userOf(summarise(result))).toEqual(['unknown(b.auto.tfvars.json sets variable "who" more than once)']);
  });
});

describe('.tfvars values are constants', () => {
  it('evaluates operators, templates, conditionals and for expressions over constants', async () => {
    const tfvars = 'who = "${upper("x") == "X" ? "a" : "b"}"\n';
    const refused = await loadTree(await writeTree({ 'main.tf': WHO, 'terraform.tfvars': tfvars }));
    expect(refused.diagnostics.map((d) => d.message)).toEqual([
      'Function calls not allowed in the value of variable "who": a variables file holds constant values only (functions may not be called here); Terraform refuses it',
    ]);
    const constant = 'who = "${1 + 1 == 2 ? "a" : "b"}-${join("", [])}"\n'.replace('${join("", [])}', '%{for c in ["x", "y"]}${c}%{endfor}');
    const result = await loadTree(await writeTree({ 'main.tf': WHO, 'terraform.tfvars': constant }));
    expect(result.diagnostics).toEqual([]);
    expect(userOf(summarise(result))).toEqual(['a-xy']);
  });

  it('counts the values of a JSON variables file before building its tree, as JSON templates and plans are counted', async () => {
    const values = Array.from({ length: 60 }, () => '"x"').join(', ');
    const root = await writeTree({ 'main.tf': WHO, 'terraform.tfvars.json': `{\n  "who": "ops",\n  "pad": [${values}]\n}\n` });
    const result = await lint({ cwd: root, paths: ['.'], limits: { parseNodes: 50 } });
    const limit = result.findings.filter((f) => f.ruleId === 'parse-error' && basename(f.location.file) === 'terraform.tfvars.json');
    expect(limit.map((f) => [f.location.range.start.line, f.location.range.start.column, f.message])).toEqual([
      [
        3,
        234,
        'analysis limit reached: the file has too many JSON values to parse; it is not analysed (limit parseNodes = 50; raise it with --limit parseNodes=N)',
      ],
    ]);
    // The file is not read, so `who` keeps its default: the key is for user "default", and no finding.
    expect(result.findings.filter((f) => f.ruleId !== 'parse-error')).toEqual([]);
    expect((await lint({ cwd: root, paths: ['.'] })).findings.filter((f) => f.ruleId === 'parse-error')).toEqual([]);
  });

  it('bounds the nodes a .tfvars or .tf file may build (parseNodes), where the parse crosses the limit', async () => {
    const values = Array.from({ length: 60 }, () => '"x"').join(', ');
    const root = await writeTree({ 'main.tf': WHO, 'terraform.tfvars': `who = "ops"\npad = [${values}]\n` });
    const result = await lint({ cwd: root, paths: ['.'], limits: { parseNodes: 50 } });
    expect(parseErrors(result.findings)).toEqual([
      [
        'terraform.tfvars',
        2,
        118,
        2,
        119,
        'analysis limit reached: the file has too many blocks, attributes and expressions to parse; it is not analysed (limit parseNodes = 50; raise it with --limit parseNodes=N)',
      ],
    ]);
    // The file is not read, so `who` keeps its default: the key is for user "default", and no finding.
    expect(result.findings.filter((f) => f.ruleId !== 'parse-error')).toEqual([]);
    expect((await lint({ cwd: root, paths: ['.'] })).findings.filter((f) => f.ruleId === 'parse-error')).toEqual([]);

    // Blocks and attributes count as well as expressions: 60 one-attribute blocks in a module file.
    const blocks = Array.from({ length: 60 }, (_, i) => `locals {\n  l${i} = 1\n}\n`).join('');
    const module = await writeTree({ 'main.tf': WHO, 'pad.tf': blocks });
    expect(parseErrors((await lint({ cwd: module, paths: ['.'], limits: { parseNodes: 50 } })).findings)).toEqual([
      [
        'pad.tf',
        38,
        9,
        38,
        10,
        'analysis limit reached: the file has too many blocks, attributes and expressions to parse; it is not analysed (limit parseNodes = 50; raise it with --limit parseNodes=N)',
      ],
    ]);
  });

  it('reports a reference or a call where it is, leaves that variable unknown and reads the rest of the file', async () => {
    const main = `${WHO}variable "other" {\n  type    = string\n  default = "default"\n}\nresource "aws_iam_access_key" "o" {\n  user = var.other\n}\n`;
    const cases: [string, (string | number)[]][] = [
      [
        'who = var.name\n',
        [
          1,
          7,
          1,
          10,
          'Variables not allowed in the value of variable "who": a variables file holds constant values only (variables may not be used here); Terraform refuses it',
        ],
      ],
      [
        'who = "ops-${local.env}"\n',
        [
          1,
          14,
          1,
          19,
          'Variables not allowed in the value of variable "who": a variables file holds constant values only (variables may not be used here); Terraform refuses it',
        ],
      ],
      [
        'who = lower("ROOT")\n',
        [
          1,
          7,
          1,
          20,
          'Function calls not allowed in the value of variable "who": a variables file holds constant values only (functions may not be called here); Terraform refuses it',
        ],
      ],
      [
        'who = [for c in ["a"] : "${c}${var.x}"][0]\n',
        [
          1,
          32,
          1,
          35,
          'Unknown variable in the value of variable "who": a variables file holds constant values only (there is no variable named "var"); Terraform refuses it',
        ],
      ],
    ];
    for (const [tfvars, expected] of cases) {
      const root = await writeTree({ 'main.tf': main, 'terraform.tfvars': `other = "set"\n${tfvars}` });
      const result = await lint({ cwd: root, paths: ['.'], reportUnknown: true });
      // The file's first line sets "other": the refused value is on its second.
      const [line = 0, column, endLine = 0, ...rest] = expected;
      expect(parseErrors(result.findings)).toEqual([['terraform.tfvars', Number(line) + 1, column, Number(endLine) + 1, ...rest]]);
      const loaded = summarise(await loadTree(root));
      expect(userOf(loaded)).toEqual([
        expect.stringMatching(
          /^unknown\(terraform\.tfvars: the value of "who" is not a constant \((Variables|Function calls) not allowed|Unknown variable\)\)$/,
        ),
        'set',
      ]);
    }
  });

  it('refuses blocks: a variable declaration and any other', async () => {
    const root = await writeTree({ 'main.tf': WHO, 'terraform.tfvars': 'variable "who" {\n  default = "x"\n}\nlocals {\n}\nwho = "set"\n' });
    const result = await lint({ cwd: root, paths: ['.'] });
    expect(parseErrors(result.findings)).toEqual([
      [
        'terraform.tfvars',
        1,
        1,
        1,
        9,
        'a variable declaration in a variables file: declare the variable in a .tf file and set its value here as name = value; Terraform refuses this file',
      ],
      ['terraform.tfvars', 4, 1, 4, 7, 'unexpected "locals" block: a variables file holds only name = value arguments; Terraform refuses this file'],
    ]);
    expect(userOf(summarise(await loadTree(root)))).toEqual(['set']);
  });
});

describe('-var and TF_VAR_ values', () => {
  const ANY = ['variable "who" {', '  type = any', '}', 'resource "aws_iam_access_key" "k" {', '  user = var.who', '}', ''].join('\n');

  it('are HCL for type any: a quoted string is the string, a bare word a refused reference', async () => {
    const root = await writeTree({ 'main.tf': ANY });
    expect(userOf(summarise(await loadTree(root, { vars: [['who', '"ops"']] })))).toEqual(['ops']);
    expect(userOf(summarise(await loadTree(root, { env: { TF_VAR_who: '"ops"' } })))).toEqual(['ops']);
    expect(userOf(summarise(await loadTree(root, { vars: [['who', 'ops']] })))).toEqual([
      'unknown(Variables not allowed in the value read as an HCL expression: variables may not be used here)',
    ]);
    const result = await lint({ cwd: root, paths: ['.'], vars: [['who', 'ops']] });
    expect(parseErrors(result.findings)).toEqual([
      [
        'main.tf',
        1,
        1,
        1,
        15,
        `--var who: Terraform reads the value given as a constant HCL expression for the variable's type any (Variables not allowed in the value read as an HCL expression: variables may not be used here); give a value of that type, strings quoted (--var or the configuration's "vars")`,
      ],
    ]);
  });

  it('refuse a function call in a collection value, and are taken as written for a string', async () => {
    const root = await writeTree({
      'main.tf': `${WHO}variable "names" {\n  type = list(string)\n}\nresource "aws_iam_access_key" "n" {\n  for_each = toset(var.names)\n  user     = each.key\n}\n`,
    });
    const vars: [string, string][] = [
      ['names', '[lower("ROOT")]'],
      ['who', '${lower("ROOT")}'],
    ];
    expect(userOf(summarise(await loadTree(root, { vars })))).toEqual([
      '${lower("ROOT")}',
      'unknown(for_each is unknown: Function calls not allowed in the value read as an HCL expression: functions may not be called here)',
    ]);
    const result = await lint({ cwd: root, paths: ['.'], vars });
    expect(result.findings.filter((f) => f.ruleId === 'root-user-access-key')).toEqual([]);
    expect(parseErrors(result.findings).map((e) => e.slice(0, 3))).toEqual([['main.tf', 8, 1]]);
  });
});

describe('variable defaults are constants too', () => {
  const KEYS = 'resource "aws_iam_access_key" "a" {\n  user = var.a\n}\n';

  it('refuses a call or a reference in a .tf default, at the default, and leaves the variable unknown', async () => {
    const main = `variable "a" {\n  default = { x = "ops-\${path.module}" }.x\n}\n${KEYS}`;
    const root = await writeTree({ 'main.tf': main.replace('{ x = "ops-${path.module}" }.x', 'lower("ROOT")') });
    const result = await lint({ cwd: root, paths: ['.'], reportUnknown: true });
    expect(parseErrors(result.findings)).toEqual([
      [
        'main.tf',
        2,
        13,
        2,
        26,
        'Function calls not allowed in the default of variable "a": a default is a constant value (functions may not be called here); Terraform refuses it',
      ],
    ]);
    expect(result.findings.filter((f) => f.ruleId === 'root-user-access-key').map((f) => [f.unknown, f.message])).toEqual([
      [true, expect.stringContaining('var.a has no usable default: Function calls not allowed there') as unknown],
    ]);
    const reference = await loadTree(await writeTree({ 'main.tf': main }));
    expect(reference.diagnostics.map((d) => d.message)).toEqual([
      'Variables not allowed in the default of variable "a": a default is a constant value (variables may not be used here); Terraform refuses it',
    ]);
  });

  it('takes a .tf.json default as written, and a .tf default of constants as Terraform evaluates it', async () => {
    const json = JSON.stringify({ variable: { a: { default: '${lower("ROOT")}' } } });
    const result = await loadTree(await writeTree({ 'variables.tf.json': json, 'main.tf': KEYS }));
    expect(result.diagnostics).toEqual([]);
    expect(userOf(summarise(result))).toEqual(['${lower("ROOT")}']);
    const constant = await loadTree(await writeTree({ 'main.tf': `variable "a" {\n  default = "\${1 + 1}-\${true ? "x" : "y"}"\n}\n${KEYS}` }));
    expect(userOf(summarise(constant))).toEqual(['2-x']);
  });
});
