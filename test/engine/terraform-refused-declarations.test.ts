// Declarations Terraform refuses before it plans anything: a variable, local, output or module call
// declared twice in one module ("Duplicate variable declaration", "Duplicate local value definition",
// "Duplicate output definition", "Duplicate module call"), and a variable type Terraform does not read
// (Terraform 0.11's quoted `type = "string"`, a keyword that is no type). Each is a parse-error where
// Terraform reports it, what reads the name is undecided, and the rest of the module is analysed (README,
// "Terraform"). Checked with terraform 1.11.4 (`terraform plan` on `terraform_data` of the same shape).
import { afterEach, describe, expect, it } from 'vitest';
import { lint } from '../../src/engine.js';
import { removeTempTrees, tempTree } from '../support/temp-tree.js';

afterEach(removeTempTrees);

async function scan(files: Readonly<Record<string, string>>): Promise<string[]> {
  const root = tempTree(files, 'credlint-refused-');
  let first: string[] | undefined;
  for (const prefilter of [true, false]) {
    const result = await lint({ paths: [root], cwd: root, prefilter, reportUnknown: true });
    const lines = result.findings
      .filter((f) => f.ruleId !== 'root-user-access-key')
      .map(
        (f) =>
          `${f.location.file.slice(root.length + 1)}:${f.location.range.start.line}:${f.location.range.start.column} ${f.unknown === true ? 'undecided ' : ''}${f.ruleId}${f.ruleId === 'parse-error' ? ` ${f.message}` : ''}`,
      )
      .sort();
    if (first === undefined) first = lines;
    else expect(lines).toEqual(first);
  }
  return first ?? [];
}

const KEYS = (user: string) => `resource "aws_iam_access_key" "a" {\n  user = ${user}\n}\n\nresource "aws_iam_access_key" "b" {\n  user = ${user}\n}\n`;
const UNDECIDED = ['main.tf:1:1 undecided multiple-active-access-keys', 'main.tf:5:1 undecided multiple-active-access-keys'];

describe('names declared twice in one module', () => {
  it('makes a variable declared twice a parse-error at the later declaration, in any file, and its value undecided', async () => {
    const twice = 'variable "user" {\n  default = "ana"\n}\n\nvariable "user" {\n  default = "bo"\n}\n';
    expect(await scan({ 'main.tf': KEYS('var.user'), 'variables.tf': twice })).toEqual([
      ...UNDECIDED,
      'variables.tf:5:1 parse-error var.user is declared twice; Terraform refuses the configuration, so its value is undecided',
    ]);
    // The first declaration in one file, the second in another (files are read in name order).
    expect(
      await scan({ 'main.tf': `${KEYS('var.user')}\nvariable "user" {\n  default = "ana"\n}\n`, 'z.tf.json': '{ "variable": { "user": {} } }\n' }),
    ).toEqual([...UNDECIDED, 'z.tf.json:1:17 parse-error var.user is declared twice; Terraform refuses the configuration, so its value is undecided']);
  });

  it('makes a local defined twice a parse-error at the later name, and its value undecided', async () => {
    expect(await scan({ 'main.tf': `${KEYS('local.user')}\nlocals {\n  user = "ana"\n}\n\nlocals {\n  other = 1\n  user  = "bo"\n}\n` })).toEqual([
      'main.tf:15:3 parse-error local.user is declared twice; Terraform refuses the configuration, so its value is undecided',
      ...UNDECIDED,
    ]);
  });

  it('makes an output declared twice a parse-error, and what its caller reads of it undecided', async () => {
    const outputs = 'output "user" {\n  value = "ana"\n}\n\noutput "user" {\n  value = "ana"\n}\n';
    expect(await scan({ 'main.tf': `${KEYS('module.names.user')}\nmodule "names" {\n  source = "./names"\n}\n`, 'names/main.tf': outputs })).toEqual([
      ...UNDECIDED,
      'names/main.tf:5:1 parse-error output.user is declared twice; Terraform refuses the configuration, so its value is undecided',
    ]);
  });

  it('analyses neither call of a module call declared twice, and nothing else changes', async () => {
    const call = 'module "keys" {\n  source = "./keys"\n}\n';
    expect(await scan({ 'main.tf': `${call}\n${call}\n${KEYS('"bo"')}`, 'keys/main.tf': KEYS('"ana"') })).toEqual([
      'main.tf:13:1 multiple-active-access-keys',
      'main.tf:5:1 parse-error module.keys is declared twice; Terraform refuses the configuration, so neither call is analysed',
    ]);
  });
});

describe('variable types Terraform refuses', () => {
  const variable = (type: string) => `variable "user" {\n  type    = ${type}\n  default = "ana"\n}\n`;

  it('makes a quoted type in the native syntax other than Terraform 0.11\'s "string", "list" and "map" a parse-error at the type', async () => {
    expect(await scan({ 'main.tf': KEYS('var.user'), 'variables.tf': variable('"list(string)"') })).toEqual([
      ...UNDECIDED,
      'variables.tf:2:13 parse-error Invalid legacy variable type hint: a type is written without quotes; Terraform refuses a quoted one, so var.user is undecided',
    ]);
    // Terraform 0.11 to 0.14 read these three (0.15 and later refuse them): so does credlint.
    expect(await scan({ 'main.tf': KEYS('var.user'), 'variables.tf': variable('"string"') })).toEqual(['main.tf:5:1 multiple-active-access-keys']);
  });

  it('makes a keyword that is no type a parse-error in either syntax; JSON quotes every type and bare list and map are types', async () => {
    expect(await scan({ 'main.tf': KEYS('var.user'), 'variables.tf': variable('strng') })).toEqual([
      ...UNDECIDED,
      'variables.tf:2:13 parse-error Invalid type specification: the keyword "strng" is not a valid type specification; Terraform refuses it, so var.user is undecided',
    ]);
    expect(await scan({ 'main.tf': KEYS('var.user'), 'variables.tf.json': '{ "variable": { "user": { "type": "set", "default": "ana" } } }\n' })).toEqual([
      ...UNDECIDED,
      'variables.tf.json:1:35 parse-error Invalid type specification: the set type constructor requires an argument; Terraform refuses it, so var.user is undecided',
    ]);
    const accepted = ['main.tf:5:1 multiple-active-access-keys'];
    expect(await scan({ 'main.tf': KEYS('var.user'), 'variables.tf.json': '{ "variable": { "user": { "type": "string", "default": "ana" } } }\n' })).toEqual(
      accepted,
    );
    expect(await scan({ 'main.tf': KEYS('var.users[0]'), 'variables.tf': 'variable "users" {\n  type    = list\n  default = ["ana"]\n}\n' })).toEqual(accepted);
  });
});

describe('references to what the module does not declare', () => {
  it('are refused before evaluation: try() and can() do not catch them, and what reads them is undecided', async () => {
    const keys = (user: string) => `resource "aws_iam_access_key" "a" {\n  user = ${user}\n}\n\nresource "aws_iam_access_key" "b" {\n  user = ${user}\n}\n`;
    for (const user of [
      'try(local.missing.name, "ana")',
      'can(var.nope) ? "bo" : "ana"',
      'try(upper(module.gone.name), "ana")',
      'try("${aws_iam_user.gone.name}-x", "ana")',
    ]) {
      expect(await scan({ 'main.tf': keys(user) })).toEqual(UNDECIDED);
    }
    // An attribute the declared object lacks is an error while evaluating, which try() catches.
    expect(await scan({ 'main.tf': `locals {\n  present = {}\n}\n\n${keys('try(local.present.name, "ana")')}` })).toEqual([
      'main.tf:9:1 multiple-active-access-keys',
    ]);
  });
});
