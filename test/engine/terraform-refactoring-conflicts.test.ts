// Terraform refuses a configuration whose `removed` block names a resource or module call still declared
// ("Removed resource still exists", "Removed module still exists"), or whose `moved` block moves from one
// still declared ("Moved object still exists"), whatever its count (unless the move is to an instance of
// it, which moves its keyless instance): a parse-error where Terraform reports it, and what the block
// names is undecided (README, "Terraform"). Checked with terraform 1.11.4 plan.
import { afterEach, describe, expect, it } from 'vitest';
import { lint } from '../../src/engine.js';
import { removeTempTrees, tempTree } from '../support/temp-tree.js';

afterEach(removeTempTrees);

async function scan(files: Readonly<Record<string, string>>): Promise<string[]> {
  const root = tempTree(files, 'credlint-refactoring-');
  let first: string[] | undefined;
  for (const prefilter of [true, false]) {
    const result = await lint({ paths: [root], cwd: root, prefilter, reportUnknown: true });
    const lines = result.findings.map(
      (f) =>
        `${f.location.file.slice(root.length + 1)}:${f.location.range.start.line}:${f.location.range.start.column} ${f.unknown === true ? 'undecided ' : ''}${f.ruleId}${f.ruleId === 'parse-error' ? ` ${f.message}` : ''}`,
    );
    if (first === undefined) first = lines;
    else expect(lines).toEqual(first);
  }
  return first ?? [];
}

const KEY = (name: string, meta = '') => `resource "aws_iam_access_key" "${name}" {\n${meta}  user = "ci"\n}\n`;
const MOVED = (from: string, to: string) => `moved {\n  from = ${from}\n  to   = ${to}\n}\n`;
const REMOVED = (from: string) => `removed {\n  from = ${from}\n}\n`;
const REFUSED = 'Terraform refuses the configuration (what it names is undecided)';

describe('removed and moved blocks naming what is still declared', () => {
  it('makes a removed block beside its resource or module call a parse-error at that resource or call', async () => {
    expect(await scan({ 'main.tf': `${KEY('current')}\n${KEY('old', '  count = 0\n')}\n${REMOVED('aws_iam_access_key.old')}` })).toEqual([
      `main.tf:5:1 parse-error Removed resource still exists: a removed block declares that aws_iam_access_key.old was removed, but it is still declared; ${REFUSED}`,
    ]);
    expect(await scan({ 'main.tf': `${KEY('current')}\n${KEY('old')}\n${REMOVED('aws_iam_access_key.old')}` })).toEqual([
      'main.tf:5:1 undecided multiple-active-access-keys',
      `main.tf:5:1 parse-error Removed resource still exists: a removed block declares that aws_iam_access_key.old was removed, but it is still declared; ${REFUSED}`,
    ]);
    const module = 'module "keys" {\n  source = "./keys"\n}\n';
    const keys = { 'keys/main.tf': `${KEY('a')}\n${KEY('b')}` };
    expect(await scan({ 'main.tf': `${module}\n${REMOVED('module.keys.aws_iam_access_key.b')}`, ...keys })).toEqual([
      'keys/main.tf:5:1 undecided multiple-active-access-keys',
      `keys/main.tf:5:1 parse-error Removed resource still exists: a removed block declares that module.keys.aws_iam_access_key.b was removed, but it is still declared; ${REFUSED}`,
    ]);
    expect(await scan({ 'main.tf': `${module}\n${REMOVED('module.keys')}`, ...keys })).toEqual([
      'keys/main.tf:1:1 undecided multiple-active-access-keys',
      'keys/main.tf:5:1 undecided multiple-active-access-keys',
      `main.tf:1:1 parse-error Removed module still exists: a removed block declares that module.keys was removed, but it is still declared; ${REFUSED}`,
    ]);
  });

  it('makes a moved block from what is still declared a parse-error at the moved block, in any module and along a chain', async () => {
    expect(await scan({ 'main.tf': `${KEY('current')}\n${KEY('old')}\n${MOVED('aws_iam_access_key.old', 'aws_iam_access_key.current')}` })).toEqual([
      'main.tf:5:1 undecided multiple-active-access-keys',
      `main.tf:9:1 parse-error Moved object still exists: a moved block declares a move from aws_iam_access_key.old, but that resource is still declared; ${REFUSED}`,
    ]);
    // a -> b -> c with b still declared: the second statement is refused.
    expect(
      await scan({
        'main.tf': `${KEY('b')}\n${KEY('c')}\n${MOVED('aws_iam_access_key.a', 'aws_iam_access_key.b')}\n${MOVED('aws_iam_access_key.b', 'aws_iam_access_key.c')}`,
      }),
    ).toEqual([
      'main.tf:1:1 undecided multiple-active-access-keys',
      `main.tf:14:1 parse-error Moved object still exists: a moved block declares a move from aws_iam_access_key.b, but that resource is still declared; ${REFUSED}`,
    ]);
    const calls = 'module "old" {\n  source = "./keys"\n  count  = 0\n}\n\nmodule "new" {\n  source = "./keys"\n}\n';
    expect(await scan({ 'main.tf': `${calls}\n${KEY('root')}\n${MOVED('module.old', 'module.new')}`, 'keys/main.tf': KEY('k') })).toEqual([
      // module.new and the root's key exist whichever the author deletes, the block or module.old.
      'main.tf:10:1 multiple-active-access-keys',
      `main.tf:14:1 parse-error Moved object still exists: a moved block declares a move from module.old, but that module call is still declared; ${REFUSED}`,
    ]);
    expect(
      await scan({
        'main.tf': 'module "keys" {\n  source = "./keys"\n}\n',
        'keys/main.tf': `${KEY('a')}\n${KEY('b')}\n${MOVED('aws_iam_access_key.a', 'aws_iam_access_key.b')}`,
      }),
    ).toEqual([
      'keys/main.tf:1:1 undecided multiple-active-access-keys',
      `keys/main.tf:9:1 parse-error Moved object still exists: a moved block declares a move from aws_iam_access_key.a, but that resource is still declared; ${REFUSED}`,
    ]);
  });

  it('keeps counting where the blocks name what is gone, a data source, or one instance', async () => {
    // A chain a -> b -> c of which only c is declared, a removed module no longer called, a removed
    // resource of another module's: Terraform plans them, and both keys are created.
    const files = {
      'main.tf': `${KEY('c')}\n${KEY('d', '  count = 1\n')}\n${MOVED('aws_iam_access_key.a', 'aws_iam_access_key.b')}\n${MOVED('aws_iam_access_key.b', 'aws_iam_access_key.c')}\n${REMOVED('module.gone')}\n${REMOVED('module.gone.aws_iam_access_key.k')}\n${MOVED('aws_iam_access_key.d[1]', 'aws_iam_access_key.c')}`,
    };
    expect(await scan(files)).toEqual(['main.tf:5:1 multiple-active-access-keys']);
  });

  it('reads a move to an instance from the same object without a key as its keyless instance, there only without count or for_each', async () => {
    // `from = k`, `to = k[0]`: Terraform unifies both ends to instances (hashicorp/terraform
    // internal/addrs/move_endpoint.go, UnifyMoveEndpoints), so `from` is the keyless instance, which a
    // block with count or for_each never declares: the documented way to add count to a resource.
    const user = 'resource "aws_iam_user" "ci" {\n  name = "ci"\n}\n';
    const login = 'resource "aws_iam_user_login_profile" "ci" {\n  count = 1\n  user  = aws_iam_user.ci.name\n}\n';
    const key = 'resource "aws_iam_access_key" "ci" {\n  count = 1\n  user  = aws_iam_user.ci.name\n}\n';
    const moves = `${MOVED('aws_iam_user_login_profile.ci', 'aws_iam_user_login_profile.ci[0]')}\n${MOVED('aws_iam_access_key.ci', 'aws_iam_access_key.ci[0]')}`;
    expect(await scan({ 'main.tf': `${user}\n${login}\n${key}\n${moves}` })).toEqual(['main.tf:10:1 console-user-with-access-key']);
    const keyed = `${KEY('e', '  for_each = toset(["a"])\n')}\n${KEY('c')}\n${MOVED('aws_iam_access_key.e', 'aws_iam_access_key.e["a"]')}`;
    expect(await scan({ 'main.tf': keyed })).toEqual(['main.tf:6:1 multiple-active-access-keys']);
    const call = 'module "keys" {\n  source = "./keys"\n  count  = 2\n}\n';
    expect(await scan({ 'main.tf': `${call}\n${MOVED('module.keys', 'module.keys[0]')}`, 'keys/main.tf': KEY('k') })).toEqual([
      'keys/main.tf:1:1 multiple-active-access-keys',
    ]);
    // Without count or for_each the keyless instance is declared: refused, as terraform plan says.
    expect(await scan({ 'main.tf': `${KEY('c')}\n${KEY('d')}\n${MOVED('aws_iam_access_key.d', 'aws_iam_access_key.d[0]')}` })).toEqual([
      'main.tf:5:1 undecided multiple-active-access-keys',
      `main.tf:9:1 parse-error Moved object still exists: a moved block declares a move from aws_iam_access_key.d, but that resource instance is still declared; ${REFUSED}`,
    ]);
  });

  it('makes a moved block from one instance a parse-error where that instance exists, of a resource or a module call', async () => {
    const keys = `${KEY('c')}\n${KEY('d', '  count = 2\n')}\n${KEY('e', '  for_each = toset(["a", "b"])\n')}`;
    expect(await scan({ 'main.tf': `${keys}\n${MOVED('aws_iam_access_key.d[1]', 'aws_iam_access_key.c')}` })).toEqual([
      'main.tf:5:1 undecided multiple-active-access-keys',
      'main.tf:5:1 undecided multiple-active-access-keys',
      'main.tf:10:1 multiple-active-access-keys',
      `main.tf:15:1 parse-error Moved object still exists: a moved block declares a move from aws_iam_access_key.d[1], but that resource instance is still declared; ${REFUSED}`,
    ]);
    expect(await scan({ 'main.tf': `${keys}\n${MOVED('aws_iam_access_key.e["b"]', 'aws_iam_access_key.c')}` })).toEqual([
      'main.tf:5:1 multiple-active-access-keys',
      'main.tf:10:1 undecided multiple-active-access-keys',
      'main.tf:10:1 undecided multiple-active-access-keys',
      `main.tf:15:1 parse-error Moved object still exists: a moved block declares a move from aws_iam_access_key.e["b"], but that resource instance is still declared; ${REFUSED}`,
    ]);
    const calls = 'module "keys" {\n  source = "./keys"\n  count  = 2\n}\n';
    expect(await scan({ 'main.tf': `${calls}\n${MOVED('module.keys[0]', 'module.other')}`, 'keys/main.tf': KEY('k') })).toEqual([
      'keys/main.tf:1:1 undecided multiple-active-access-keys',
      'keys/main.tf:1:1 undecided multiple-active-access-keys',
      `main.tf:6:1 parse-error Moved object still exists: a moved block declares a move from module.keys[0], but that module call instance is still declared; ${REFUSED}`,
    ]);
  });

  // terraform plan 1.11.4, bo's flag var.x: a move from p["ana"] is refused for x true and false; from p["bo"] only for x true.
  it('makes a moved block from a certain instance of a partly filtered for_each a parse-error, of a resource or a module call', async () => {
    const users = 'variable "x" {\n  type = bool\n}\n\nlocals {\n  users = { ana = true, bo = var.x }\n}\n';
    const forEach = '  for_each = { for k, v in local.users : k => v if v }\n';
    expect(await scan({ 'main.tf': `${users}\n${KEY('e', forEach)}\n${MOVED('aws_iam_access_key.e["ana"]', 'aws_iam_access_key.c')}` })).toEqual([
      'main.tf:9:1 undecided multiple-active-access-keys',
      'main.tf:9:1 undecided multiple-active-access-keys',
      `main.tf:14:1 parse-error Moved object still exists: a moved block declares a move from aws_iam_access_key.e["ana"], but that resource instance is still declared; ${REFUSED}`,
    ]);
    const calls = `${users}\nmodule "keys" {\n  source = "./keys"\n${forEach}}\n`;
    expect(await scan({ 'main.tf': `${calls}\n${MOVED('module.keys["ana"]', 'module.other')}`, 'keys/main.tf': KEY('k') })).toEqual([
      'keys/main.tf:1:1 undecided multiple-active-access-keys',
      'keys/main.tf:1:1 undecided multiple-active-access-keys',
      `main.tf:14:1 parse-error Moved object still exists: a moved block declares a move from module.keys["ana"], but that module call instance is still declared; ${REFUSED}`,
    ]);
    // bo's instance is already in doubt; the move from it is refused only where bo is kept.
    expect(await scan({ 'main.tf': `${calls}\n${MOVED('module.keys["bo"]', 'module.other')}`, 'keys/main.tf': KEY('k') })).toEqual([
      'keys/main.tf:1:1 undecided multiple-active-access-keys',
    ]);
  });
});
