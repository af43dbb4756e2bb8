/**
 * Hostile inputs through the whole engine (`lint()`), each beside a good module whose finding must
 * survive: every case ends in seconds with a `parse-error` naming the bad file (which makes the CLI
 * exit 2), no stack trace in any message, and the test process (workers included) under 1 GiB.
 * Large inputs are generated here, in a temporary directory, never committed.
 */
import { execFileSync } from 'node:child_process';
import { symlinkSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { LintResult } from '../../src/core/finding.js';
import { lint } from '../../src/engine.js';
import { GOOD, hostileWorkspaces } from '../support/hostile-workspace.js';

const workspace = hostileWorkspaces('credlint-hostile-');

/** Deterministic bytes (xorshift), with a NUL guaranteed. */
function randomBytes(length: number, seed: number): Buffer {
  const bytes = Buffer.alloc(length);
  let x = seed >>> 0 || 1;
  for (let k = 0; k < length; k += 1) {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    bytes[k] = x & 0xff;
  }
  bytes[length >> 1] = 0;
  return bytes;
}

/** A JSON template that the prefilter keeps (it declares a user), with `body` as its metadata. */
const templateHeader = (body: string) =>
  `{\n  "AWSTemplateFormatVersion": "2010-09-09",\n  "Resources": { "U": { "Type": "AWS::IAM::AccessKey", "Properties": { "UserName": "ana" } } },\n  "Metadata": ${body}\n}\n`;

/** Scans with and without the prefilter (hostile files sit where both parse them) and checks they agree. */
async function scan(root: string): Promise<LintResult> {
  const results: LintResult[] = [];
  for (const prefilter of [true, false]) {
    const started = Date.now();
    const result = await lint({ paths: [root], cwd: root, prefilter });
    expect(Date.now() - started, 'ends in seconds').toBeLessThan(30_000);
    expect(process.resourceUsage().maxRSS, 'peak memory under 1 GiB').toBeLessThan(1024 * 1024);
    for (const finding of result.findings) expect(finding.message).not.toMatch(/\n\s+at /);
    results.push(result);
  }
  expect(results[1]?.findings).toEqual(results[0]?.findings);
  return results[0] as LintResult;
}

function expectGoodSurvives(root: string, result: LintResult): void {
  expect(result.findings.filter((f) => f.ruleId === 'console-user-with-access-key').map((f) => f.location.file)).toEqual([join(root, 'good/main.tf')]);
}

function parseErrorsFor(result: LintResult, file: string) {
  return result.findings.filter((f) => f.ruleId === 'parse-error' && f.location.file === file);
}

describe('hostile inputs through lint()', () => {
  it('blocks nested 5,000 deep in a .tf beside good files of the same module', async () => {
    const root = workspace({ 'good/deep.tf': 'a {\n'.repeat(5000) + '}\n'.repeat(5000) });
    const result = await scan(root);
    expectGoodSurvives(root, result);
    const errors = parseErrorsFor(result, join(root, 'good/deep.tf'));
    expect(errors.map((f) => [f.location.range.start, f.message])).toEqual([
      [{ line: 501, column: 3 }, 'nesting deeper than 500 levels; the file is not parsed'],
    ]);
  });

  it('objects nested 10,000 deep in a .tf', async () => {
    const root = workspace({ 'good/deep.tf': 'x = ' + '{a = '.repeat(10_000) + '1' + '}'.repeat(10_000) + '\n' });
    const result = await scan(root);
    expectGoodSurvives(root, result);
    // The expression parser's limit (256 levels, an object counting two: the object and its value).
    expect(parseErrorsFor(result, join(root, 'good/deep.tf')).map((f) => [f.location.range.start, f.message])).toEqual([
      [{ line: 1, column: 641 }, 'expression nested more than 256 levels deep'],
    ]);
  });

  it('template directives nested 100,000 deep in a .tf string: refused at the directive that crossed 256', async () => {
    const name = `"${'%{ if true }'.repeat(100_000)}x${'%{ endif }'.repeat(100_000)}"`;
    const root = workspace({ 'good/deep.tf': `locals {\n  x = ${name}\n}\n` });
    const result = await scan(root);
    expectGoodSurvives(root, result);
    // The string is one level and each directive another: the 256th directive (column 8 + 12 × 255 of
    // its line) is the 257th level. Before: just past the closing quote (column 2,200,010), where the
    // whole template had been read before its directives were nested.
    expect(parseErrorsFor(result, join(root, 'good/deep.tf')).map((f) => [f.location.range.start, f.message])).toEqual([
      [{ line: 2, column: 8 + 12 * 255 }, 'expression nested more than 256 levels deep'],
    ]);
  });

  it('objects nested 100,000 deep in every kind of JSON file: refused at the level that crossed 200', async () => {
    // Each had failed at line 1 with the parser's stack overflow; the variables file and the plan took their whole unit with them.
    const deep = '{"a": '.repeat(100_000) + '1' + '}'.repeat(100_000);
    const twoKeys = 'resource "aws_iam_access_key" "k" {\n  count = 2\n  user = "bob"\n}\n';
    const key = '{"address": "aws_iam_access_key.k", "mode": "managed", "type": "aws_iam_access_key", "name": "k", "values": {"user": "bob"}}';
    const plan = `{"format_version": "1.2", "planned_values": {"root_module": {"resources": [${key}]}}, "x": ${deep}}`;
    const files = {
      'good/deep.tf.json': `{"locals": ${deep}}`,
      'cfn/deep.json': templateHeader(deep),
      'vars/main.tf': `variable "v" {}\n${twoKeys}`,
      'vars/terraform.tfvars.json': `{"v": ${deep}}`,
      'plan/plan.json': plan,
    };
    const root = workspace(files);
    const result = await scan(root);
    expectGoodSurvives(root, result);
    const errors = (file: keyof typeof files) => parseErrorsFor(result, join(root, file)).map((f) => [f.location.range.start, f.message]);
    // The document itself is level 1, so the 200th brace of `deep` opens level 201.
    const crossed = (file: keyof typeof files) => {
      const lines = files[file].split('\n');
      const line = lines.findIndex((text) => text.includes('{"a": '));
      return { line: line + 1, column: (lines[line] ?? '').indexOf('{"a": ') + 6 * 199 + 1 };
    };
    expect(errors('good/deep.tf.json')).toEqual([[crossed('good/deep.tf.json'), 'invalid JSON: nesting deeper than 200 levels']]);
    expect(errors('cfn/deep.json')).toEqual([[crossed('cfn/deep.json'), 'invalid JSON: nesting deeper than 200 levels']]);
    expect(errors('vars/terraform.tfvars.json')).toEqual([
      [crossed('vars/terraform.tfvars.json'), 'invalid JSON in variables file: nesting deeper than 200 levels'],
    ]);
    expect(errors('plan/plan.json')).toEqual([[crossed('plan/plan.json'), 'invalid JSON: nesting deeper than 200 levels']]);
    // The module whose variables file was refused is still analysed.
    expect(result.findings.filter((f) => f.ruleId === 'multiple-active-access-keys').map((f) => relative(root, f.location.file))).toEqual(['vars/main.tf']);
  });

  it('YAML nested 1,500 levels by indentation, in templates, SAM and through aliases: refused at the node that crossed 200', async () => {
    // Indented block mappings and sequences had exhausted the yaml package's stack near level 880:
    // 'invalid YAML: Maximum call stack size exceeded' at a line nowhere near the bound.
    const levels = 1_500;
    const keys = 'Resources:\n  K:\n    Type: AWS::IAM::AccessKey\n    Properties:\n      UserName: bob\n';
    const mappings = Array.from({ length: levels }, (_, i) => `${' '.repeat(2 + 2 * i)}a:`).join('\n');
    const sequences = Array.from({ length: levels }, (_, i) => `${' '.repeat(2 + 2 * i)}-`).join('\n');
    const compact = Array.from({ length: levels }, (_, i) => `${' '.repeat(2 + 2 * i)}- a:`).join('\n');
    // Each anchor holds the one before it 150 flow levels down: 20 of them expand 3,000 levels deep.
    const anchors = Array.from({ length: 20 }, (_, k) => `  a${k}: &a${k} ${'[x, '.repeat(150)}${k === 0 ? 'y' : `*a${k - 1}`}${']'.repeat(150)}`);
    const files = {
      'cfn/mappings.yaml': `AWSTemplateFormatVersion: '2010-09-09'\n${keys}Metadata:\n${mappings} x\n`,
      'cfn/sequences.yml': `${keys}Metadata:\n${sequences} x\n`,
      'cfn/compact.template': `${keys}Metadata:\n${compact} x\n`,
      'cfn/crlf.yaml': `${keys}Metadata:\n${mappings} x\n`.replaceAll('\n', '\r\n'),
      'sam/template.yaml': `Transform: AWS::Serverless-2016-10-31\n${keys}Metadata:\n${mappings} x\n`,
      'cfn/aliases.yaml': `${keys}Metadata:\n${anchors.join('\n')}\n`,
    };
    const root = workspace(files);
    const result = await scan(root);
    expectGoodSurvives(root, result);
    const errors = (file: keyof typeof files) => parseErrorsFor(result, join(root, file)).map((f) => [f.location.range.start, f.message]);
    // The document is level 1 and Metadata's mapping level 2: the 200th line of the nesting opens level 201.
    const crossed = (file: keyof typeof files, column: number) => ({
      line: files[file].split('\n').indexOf('Metadata:' + (file === 'cfn/crlf.yaml' ? '\r' : '')) + 1 + 200,
      column,
    });
    const tooDeep = 'invalid YAML: nesting deeper than 200 levels';
    expect(errors('cfn/mappings.yaml')).toEqual([[crossed('cfn/mappings.yaml', 2 + 2 * 199 + 1), tooDeep]]);
    expect(errors('cfn/sequences.yml')).toEqual([[crossed('cfn/sequences.yml', 2 + 2 * 199 + 1), tooDeep]]);
    expect(errors('cfn/crlf.yaml')).toEqual([[crossed('cfn/crlf.yaml', 2 + 2 * 199 + 1), tooDeep]]);
    expect(errors('sam/template.yaml')).toEqual([[crossed('sam/template.yaml', 2 + 2 * 199 + 1), tooDeep]]);
    // `- a:` opens two levels a line, a sequence and a mapping: the mapping of line 100 is level 201.
    expect(errors('cfn/compact.template')).toEqual([[{ line: 6 + 100, column: 2 + 2 * 99 + 3 }, tooDeep]]);
    // Flow levels of a1 (150) under Metadata (2 levels) reach *a0 at level 152, whose own 150 cross 200.
    expect(errors('cfn/aliases.yaml')).toEqual([
      [{ line: 6 + 2, column: 10 + 4 * 150 + 1 }, 'invalid YAML: nesting deeper than 200 levels where this alias is expanded'],
    ]);
    // Each of them still declares the key: a unit of its own that is reported as incomplete, not as clean.
    expect(result.findings.filter((f) => f.ruleId !== 'parse-error' && f.location.file.includes('/cfn/'))).toEqual([]);
  });

  it('CDK source nested 10,000 levels: a parse-error where the TypeScript parser ran out of stack, not at 1:1', async () => {
    // Where the stack runs out depends on the thread's stack size and on how far V8 has optimised the
    // parser's code: the test checks that the position lies inside the nesting, not its exact column,
    // and scans once (with and without the prefilter the two positions may differ).
    const header = [
      "import { App, Stack } from 'aws-cdk-lib';",
      "import * as iam from 'aws-cdk-lib/aws-iam';",
      "const stack = new Stack(new App(), 'S');",
      "new iam.CfnAccessKey(stack, 'K', { userName: 'bob' });",
      "new iam.CfnAccessKey(stack, 'J', { userName: 'bob' });",
      '',
    ].join('\n');
    const n = 10_000;
    const files = {
      'parentheses/bin/app.ts': `${header}const x = ${'('.repeat(n)}1${')'.repeat(n)};\n`,
      'arrays/bin/app.ts': `${header}const x = ${'['.repeat(n)}1${']'.repeat(n)};\n`,
      'arrows/bin/app.ts': `${header}const x = ${'() => '.repeat(n)}1;\n`,
      'blocks/bin/app.ts': `${header}${'if (x) {\n'.repeat(n)}${'}\n'.repeat(n)}`,
    };
    const root = workspace(files);
    const started = Date.now();
    const result = await lint({ paths: [root], cwd: root });
    expect(Date.now() - started, 'ends in seconds').toBeLessThan(30_000);
    expectGoodSurvives(root, result);
    for (const [file, text] of Object.entries(files)) {
      const errors = parseErrorsFor(result, join(root, file));
      expect(errors.map((f) => f.message)).toEqual(['the TypeScript parser gave up here: the code is nested too deeply']);
      const { line, column } = errors[0]?.location.range.start ?? { line: 0, column: 0 };
      const lineText = text.split('\n')[line - 1] ?? '';
      expect(line, file).toBeGreaterThan(5);
      if (file.startsWith('blocks/')) expect(lineText, file).toBe('if (x) {');
      else expect(lineText.slice(column - 1, column + 4), file).toMatch(/^(?:\(\(\(\(\(|\[\[\[\[\[|[() =>]{5})$/);
      expect(column, file).toBeGreaterThan(file.startsWith('blocks/') ? 0 : 100);
    }
  });

  it('a chain of 2,000 `new new ... X` in a CDK app: linear, and the keys beside it still make their finding', async () => {
    // Each `new` evaluated the chain below it (150 levels deep) for its callee, and made a snippet of
    // each: 1,000 of them (4 KB) took 46 s and ran out of walk steps, losing the finding.
    const app = [
      "import { App, Stack } from 'aws-cdk-lib';",
      "import * as iam from 'aws-cdk-lib/aws-iam';",
      "const stack = new Stack(new App(), 'S');",
      `const chain = ${'new '.repeat(2_000)}X;`,
      "new iam.CfnAccessKey(stack, 'K', { userName: 'bob' });",
      "new iam.CfnAccessKey(stack, 'J', { userName: 'bob' });",
      '',
    ].join('\n');
    const root = workspace({ 'cdk/bin/app.ts': app });
    const result = await scan(root);
    expectGoodSurvives(root, result);
    expect(result.findings.filter((f) => f.ruleId === 'multiple-active-access-keys').map((f) => relative(root, f.location.file))).toEqual(['cdk/bin/app.ts']);
    expect(parseErrorsFor(result, join(root, 'cdk/bin/app.ts')).map((f) => f.message)).toEqual([
      'expression nested too deeply to analyse: the code inside it is skipped',
    ]);
  });

  it('150,000 of what credlint had spread into one call: duplicate keys, header comments, named imports, a list expanded into max()', async () => {
    // Each had overflowed the call stack (`push(...items)`): the template and the .tf failed with an
    // internal error, the CDK app was not analysed, and max(local.l...) became a silent unknown.
    const count = 150_000;
    const twoKeys = (header: string) => `resource ${header}"aws_iam_access_key" "k" {\n  count = 2\n  user = "bob"\n}\n`;
    const app = [
      "import { App, Stack } from 'aws-cdk-lib';",
      "import * as iam from 'aws-cdk-lib/aws-iam';",
      `import { ${Array.from({ length: count }, (_, i) => `x${i}`).join(', ')} } from './lib';`,
      "const stack = new Stack(new App(), 'S');",
      "new iam.CfnAccessKey(stack, 'K', { userName: 'bob' });",
      "new iam.CfnAccessKey(stack, 'J', { userName: 'bob' });",
      '',
    ].join('\n');
    const list = `[${Array(count).fill('1').join(',')}]`;
    const root = workspace({
      'cfn/keys.json': `{"AWSTemplateFormatVersion": "2010-09-09", "Resources": {"K": {"Type": "AWS::IAM::AccessKey", "Properties": {"UserName": "bob"}}}, ${Array.from({ length: count }, (_, i) => `"D": ${i}`).join(', ')}}`,
      'comments/main.tf': twoKeys('/**/ '.repeat(count)),
      'cdk/bin/app.ts': app,
      'cdk/bin/lib.ts': 'export const x0 = 1;\n',
      'spread/main.tf': `locals {\n  l = ${list}\n}\n${twoKeys('').replace('count = 2', 'count = max(local.l...) + 1')}`,
    });
    const result = await scan(root);
    expectGoodSurvives(root, result);
    expect(result.findings.filter((f) => f.ruleId === 'parse-error')).toEqual([]);
    // The first 100 of one file are listed, and one more result counts the rest (`diagnostics-per-file.ts`).
    const duplicates = result.findings.filter((f) => f.ruleId === 'duplicate-key');
    expect(duplicates).toHaveLength(101);
    expect(duplicates.map((f) => f.message)).toContain(
      `${String(count - 1 - 100)} more duplicate-key warnings of this file, from here on, are not listed (credlint lists the first 100 of each kind in a file)`,
    );
    expect(result.findings.filter((f) => f.ruleId === 'multiple-active-access-keys').map((f) => relative(root, f.location.file))).toEqual([
      'cdk/bin/app.ts',
      'comments/main.tf',
      'spread/main.tf',
    ]);
  });

  it('a .tf.json string that is not a valid template is a parse-error at its attribute, as Terraform rejects it', async () => {
    // Both were unknown values alone (exit 1, the key not counted): the 256-level bound and any other
    // syntax error in a .tf.json string are errors of the configuration, as in a .tf file.
    const key = (user: string) => JSON.stringify({ resource: { aws_iam_access_key: { k: { count: 2, user } } } });
    const root = workspace({
      'open/main.tf.json': key('${'),
      'deep/main.tf.json': key('${' + '('.repeat(1000) + '"bob"' + ')'.repeat(1000) + '}'),
      'escaped/main.tf.json': key('$${not an expression'),
    });
    const result = await scan(root);
    expectGoodSurvives(root, result);
    const errors = (file: string) => parseErrorsFor(result, join(root, file)).map((f) => [f.location.range.start, f.message]);
    expect(errors('open/main.tf.json')).toEqual([
      [
        { line: 1, column: 51 },
        'invalid expression in resource.aws_iam_access_key.k.user: cannot parse "${": expected an expression but the input ended (at offset 2)',
      ],
    ]);
    expect(errors('deep/main.tf.json')).toEqual([
      [
        { line: 1, column: 51 },
        `invalid expression in resource.aws_iam_access_key.k.user: cannot parse "\${${'('.repeat(198)}"… (2008 characters): expression nested more than 256 levels deep (at offset 258)`,
      ],
    ]);
    expect(errors('escaped/main.tf.json')).toEqual([]);
    expect(result.findings.filter((f) => f.ruleId === 'multiple-active-access-keys').map((f) => relative(root, f.location.file))).toEqual([
      'escaped/main.tf.json',
    ]);
  });

  it('a value beyond what JavaScript can build is a parse-error naming it, not a silent unknown', async () => {
    // jsondecode of 100,000 nested arrays overflows the stack where Terraform has no such limit: the
    // count was unknown with exit 1, nothing saying the scan was incomplete.
    const open = 'join("", [for i in range(1000): "["])';
    const close = 'join("", [for i in range(1000): "]"])';
    const root = workspace({
      'deep/main.tf': `locals {\n  o = ${open}\n  c = ${close}\n  d = jsondecode("\${join("", [for i in range(100): local.o])}\${join("", [for i in range(100): local.c])}")\n}\nresource "aws_iam_access_key" "k" {\n  count = length(local.d) > 0 ? 2 : 0\n  user = "bob"\n}\n`,
    });
    const result = await scan(root);
    expectGoodSurvives(root, result);
    expect(parseErrorsFor(result, join(root, 'deep/main.tf')).map((f) => [f.location.range.start, f.message])).toEqual([
      [{ line: 4, column: 3 }, 'cannot evaluate local.d: jsondecode(): the value is too large for credlint'],
    ]);
  });

  it('yamldecode of YAML nested past 200 levels is a parse-error at the expression, not a silent unknown', async () => {
    // It was an unknown alone (exit 0, nothing said without --report-unknown); 3,000 indented levels
    // had also exhausted the YAML parser's stack.
    const indented = Array.from({ length: 3_000 }, (_, i) => `${' '.repeat(i)}a:`).join('\n');
    const flow = '{a: '.repeat(300) + '1' + '}'.repeat(300);
    const key = (count: string) => `resource "aws_iam_access_key" "k" {\n  count = ${count}\n  user = "bob"\n}\n`;
    const root = workspace({
      'indented/main.tf': `locals {\n  d = yamldecode(<<EOT\n${indented} 1\nEOT\n  )\n}\n${key('length(local.d) + 1')}`,
      'flow/main.tf': `locals {\n  d = yamldecode("${flow}")\n}\n${key('length(local.d) + 1')}`,
      'shallow/main.tf': `locals {\n  d = yamldecode("a:\\n  b:\\n    c: 1\\n")\n}\n${key('length(local.d.a) + 1')}`,
    });
    const result = await scan(root);
    expectGoodSurvives(root, result);
    const tooDeep = [[{ line: 2, column: 3 }, 'cannot evaluate local.d: yamldecode(): YAML nested deeper than 200 levels is not decoded']];
    expect(parseErrorsFor(result, join(root, 'indented/main.tf')).map((f) => [f.location.range.start, f.message])).toEqual(tooDeep);
    expect(parseErrorsFor(result, join(root, 'flow/main.tf')).map((f) => [f.location.range.start, f.message])).toEqual(tooDeep);
    expect(result.findings.filter((f) => f.ruleId === 'multiple-active-access-keys').map((f) => relative(root, f.location.file))).toEqual(['shallow/main.tf']);
  });

  it('yamldecode of a file of more YAML nodes than parseNodes is a parse-error at the expression, counted before parsing', async () => {
    // The yaml package builds some kilobyte per node: `[1,1,…]` of 4.9 million ran out of a 4 GB heap.
    const key = (count: string) => `resource "aws_iam_access_key" "k" {\n  count = ${count}\n  user = "bob"\n}\n`;
    const root = workspace({
      'many/main.tf': `locals {\n  d = yamldecode(file("\${path.module}/many.yaml"))\n}\n${key('length(local.d) > 0 ? 2 : 0')}`,
      'many/many.yaml': `[${'1,'.repeat(600_000)}1]\n`,
    });
    const result = await scan(root);
    expectGoodSurvives(root, result);
    expect(parseErrorsFor(result, join(root, 'many/main.tf')).map((f) => [f.location.range.start, f.message])).toEqual([
      [
        { line: 2, column: 3 },
        'analysis limit reached: yamldecode(): YAML of more than 500000 nodes is not decoded in local.d (limit parseNodes = 500000; raise it with --limit parseNodes=N)',
      ],
    ]);
    expect(result.findings.filter((f) => f.ruleId === 'multiple-active-access-keys')).toEqual([]);
  });

  it('a templatefile template or .tf.json string of more expression nodes than parseNodes is a parse-error at the expression', async () => {
    // Ten megabytes of `${1}` built 2.4 million template nodes: 640 MB and up to 23 s before any budget applied.
    const key = (count: string) => `resource "aws_iam_access_key" "k" {\n  count = ${count}\n  user = "bob"\n}\n`;
    const root = workspace({
      'tpl/main.tf': `locals {\n  t = templatefile("\${path.module}/t.tpl", {})\n}\n${key('length(local.t) > 0 ? 2 : 0')}`,
      'tpl/t.tpl': '${1}'.repeat(600_000),
      'json/main.tf.json': JSON.stringify({
        locals: { t: '${1}'.repeat(600_000) },
        resource: { aws_iam_access_key: { k: { count: '${length(local.t) > 0 ? 2 : 0}', user: 'bob' } } },
      }),
    });
    const result = await scan(root);
    expectGoodSurvives(root, result);
    const limit = 'a template of more than 500000 expression nodes is not parsed';
    expect(parseErrorsFor(result, join(root, 'tpl/main.tf')).map((f) => [f.location.range.start, f.message])).toEqual([
      [{ line: 2, column: 3 }, `analysis limit reached: ${limit} in local.t (limit parseNodes = 500000; raise it with --limit parseNodes=N)`],
    ]);
    expect(parseErrorsFor(result, join(root, 'json/main.tf.json')).map((f) => f.message)).toEqual([
      `analysis limit reached: ${limit} in local.t (limit parseNodes = 500000; raise it with --limit parseNodes=N)`,
    ]);
    expect(result.findings.filter((f) => f.ruleId === 'multiple-active-access-keys')).toEqual([]);
  });

  it('random binary in a .tf and in a .json template', async () => {
    const binary = randomBytes(64 * 1024, 7);
    const root = workspace({ 'good/junk.tf': binary, 'cfn/junk.json': binary });
    const result = await scan(root);
    expectGoodSurvives(root, result);
    expect(parseErrorsFor(result, join(root, 'good/junk.tf'))).toHaveLength(1);
    expect(parseErrorsFor(result, join(root, 'cfn/junk.json'))).toHaveLength(1);
  });

  it('data files encrypted by git-crypt are named in a note, not a parse-error', async () => {
    // git-crypt writes a NUL, GITCRYPT and a NUL, then the ciphertext, in place of a file of a locked checkout.
    const encrypted = (seed: number) => Buffer.concat([Buffer.from('\0GITCRYPT\0', 'latin1'), randomBytes(4096, seed)]);
    const root = workspace({ 'k8s/db-secret.yaml': encrypted(11), 'cfn/users-secret.json': encrypted(13), 'cfn/junk.json': randomBytes(4096, 17) });
    const result = await scan(root);
    expectGoodSurvives(root, result);
    expect(parseErrorsFor(result, join(root, 'k8s/db-secret.yaml'))).toEqual([]);
    expect(parseErrorsFor(result, join(root, 'cfn/users-secret.json'))).toEqual([]);
    // Binary junk without the header is still refused.
    expect(parseErrorsFor(result, join(root, 'cfn/junk.json'))).toHaveLength(1);
    expect(
      result.notes
        .filter((n) => /git-crypt/.test(n.message))
        .map((n) => [relative(root, n.location.file), n.message])
        .sort(),
    ).toEqual([
      [join('cfn', 'users-secret.json'), 'encrypted with git-crypt (locked in this checkout); not analysed'],
      [join('k8s', 'db-secret.yaml'), 'encrypted with git-crypt (locked in this checkout); not analysed'],
    ]);
  });

  it('a template behind the git-crypt header is a parse-error, not an encrypted file', async () => {
    const disguised = (text: string) => Buffer.concat([Buffer.from('\0GITCRYPT\0', 'latin1'), Buffer.from(text)]);
    const root = workspace({
      'cfn/keys.yaml': disguised('Resources:\n  K:\n    Type: AWS::IAM::AccessKey\n    Properties:\n      UserName: root\n'),
      'cfn/keys.json': disguised(templateHeader('{}')),
    });
    const result = await scan(root);
    expectGoodSurvives(root, result);
    expect(parseErrorsFor(result, join(root, 'cfn/keys.yaml'))).toHaveLength(1);
    expect(parseErrorsFor(result, join(root, 'cfn/keys.json'))).toHaveLength(1);
    expect(result.notes.filter((n) => /git-crypt/.test(n.message))).toEqual([]);
  });

  it('a YAML alias bomb in a template', async () => {
    let bomb =
      'AWSTemplateFormatVersion: "2010-09-09"\nResources:\n  U:\n    Type: AWS::IAM::AccessKey\n    Properties:\n      UserName: ana\nMetadata:\n  l0: &l0 [lol, lol, lol, lol, lol, lol, lol, lol, lol, lol]\n';
    for (let k = 1; k < 12; k += 1) bomb += `  l${k}: &l${k} [${Array.from({ length: 10 }, () => `*l${k - 1}`).join(', ')}]\n`;
    const root = workspace({ 'cfn/bomb.yaml': bomb });
    const result = await scan(root);
    expectGoodSurvives(root, result);
    expect(parseErrorsFor(result, join(root, 'cfn/bomb.yaml')).map((f) => f.message)).toEqual([
      'analysis limit reached: YAML aliases expand to too many nodes (CloudFormation does not support aliases); the document is not analysed (limit yamlAliasNodes = 50000; raise it with --limit yamlAliasNodes=N)',
    ]);
  });

  it('invalid UTF-8 in a .tf (Terraform rejects it)', async () => {
    const root = workspace({ 'good/latin1.tf': Buffer.concat([Buffer.from('locals {\n  x = "caf'), Buffer.from([0xe9]), Buffer.from('"\n}\n')]) });
    const result = await scan(root);
    expectGoodSurvives(root, result);
    expect(parseErrorsFor(result, join(root, 'good/latin1.tf')).map((f) => [f.location.range.start, f.message])).toEqual([
      [{ line: 2, column: 11 }, 'invalid UTF-8 byte sequence'],
    ]);
  });

  it('invalid UTF-8 in data files: a template is a parse-error with the prefilter as without, whether it declares an access key or not', async () => {
    const latin1 = (text: string) => Buffer.from(text, 'latin1');
    const root = workspace({
      'templates/keys.yaml': latin1('Resources:\n  Key:\n    Type: AWS::IAM::AccessKey\n    Properties:\n      UserName: jos\u00e9\n'),
      'templates/lambda.yaml': latin1(
        'AWSTemplateFormatVersion: "2010-09-09"\nResources:\n  Fn:\n    Type: AWS::Lambda::Function\n    Properties:\n      Description: caf\u00e9\n',
      ),
      'locale.yml': latin1('greeting: caf\u00e9\n'),
    });
    const parseErrors = (result: LintResult) =>
      result.findings.filter((f) => f.ruleId === 'parse-error').map((f) => [relative(root, f.location.file), f.location.range.start, f.message]);
    const result = await lint({ paths: [root], cwd: root });
    expectGoodSurvives(root, result);
    // The prefilter does not rule out a file that is not UTF-8 text by its words (README, "Exit codes"):
    // the locale file, which looks like no template, is passed over either way.
    const both = [
      ['templates/keys.yaml', { line: 5, column: 20 }, 'invalid UTF-8 byte sequence'],
      ['templates/lambda.yaml', { line: 6, column: 23 }, 'invalid UTF-8 byte sequence'],
    ];
    expect(parseErrors(result)).toEqual(both);
    const unfiltered = await lint({ paths: [root], cwd: root, prefilter: false });
    expect(parseErrors(unfiltered)).toEqual(both);
  });

  it('a 20 MB .tf, over the size limit', async () => {
    const line = 'locals {\n  padding = "' + 'x'.repeat(1000) + '"\n}\n';
    const root = workspace({ 'good/big.tf': line.repeat(Math.ceil((20 * 1024 * 1024) / line.length)) });
    const result = await scan(root);
    expectGoodSurvives(root, result);
    const errors = parseErrorsFor(result, join(root, 'good/big.tf'));
    expect(errors).toHaveLength(1);
    expect(errors[0]?.message).toMatch(/over the 10485760-byte limit \(--max-file-size\)$/);
  });

  it('a symlink loop', async () => {
    const root = workspace({});
    symlinkSync(join(root, 'good'), join(root, 'good/loop'));
    const result = await scan(root);
    expectGoodSurvives(root, result);
    expect(parseErrorsFor(result, join(root, 'good/loop'))).toHaveLength(1);
  });

  it('directories named like files are walked, not read', async () => {
    const root = workspace({ 'x.tf/inner.tf': GOOD.replaceAll('ana', 'bo'), 't.template.json/readme.md': 'not a template' });
    const result = await scan(root);
    expect(result.findings.filter((f) => f.ruleId === 'console-user-with-access-key').map((f) => f.location.file)).toEqual([
      join(root, 'good/main.tf'),
      join(root, 'x.tf/inner.tf'),
    ]);
    expect(result.findings.filter((f) => f.ruleId === 'parse-error')).toEqual([]);
  });

  // Tests run as root here and chmod does not stop root, so the unreadable file is a FIFO given
  // explicitly (a path that cannot be read as a file by anyone); chmod 000 is checked for other users.
  // It names its module, whose other files are scanned; it is never read, and is one note, as in the
  // walk (docs/security.md; one naming nothing else is a parse-error: security-non-regular-arguments).
  it('an unreadable path given explicitly (a FIFO)', async () => {
    const root = workspace({});
    execFileSync('mkfifo', [join(root, 'good/pipe.tf')]);
    const result = await lint({ paths: [join(root, 'good/pipe.tf'), join(root, 'good')], cwd: root });
    expectGoodSurvives(root, result);
    expect(parseErrorsFor(result, join(root, 'good/pipe.tf'))).toEqual([]);
    expect(result.notes.filter((n) => n.location.file === join(root, 'good/pipe.tf')).map((n) => n.message)).toEqual([
      expect.stringContaining('is not a regular file') as string,
    ]);
  });
});
