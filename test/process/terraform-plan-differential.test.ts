/**
 * How credlint expands Terraform blocks into instances, against `terraform plan` itself, where a
 * `terraform` binary is on the PATH (skipped elsewhere; `terraform init` needs no network for local
 * modules and the built-in `terraform_data` resource). Each case is written once, with `aws_iam_user`,
 * `aws_iam_user_login_profile` and `aws_iam_access_key` blocks, and run twice: by the CLI as written,
 * and by Terraform with every such block turned into a `terraform_data` whose `input` holds the same
 * `name`, `user` and `status` (a reference `aws_iam_user.x.name` becomes `terraform_data.x.input.name`,
 * known at plan time as the user's name is). From the plan's instances the test derives the findings
 * a correct analysis makes (a user with a login profile and an active key; a user with two active
 * keys), and the CLI's definite findings must be exactly those. Where Terraform refuses the plan, the
 * CLI must make no definite finding: it may only warn (`--report-unknown`) or report a `parse-error`. The cases hold the
 * shapes of real modules: `count`/`for_each` over variables, locals and other resources, `for`
 * expressions with filters and grouping, `optional()` defaults, nested module calls with `count` and
 * `for_each`, module outputs feeding other modules, tfvars files, `moved` and `removed` blocks, and the
 * failures a plan refuses (also at init: a name declared twice; a validation or precondition that fails).
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { removeTempTrees, tempTree } from '../support/temp-tree.js';

const CLI = path.resolve(import.meta.dirname, '..', '..', 'dist', 'src', 'cli.cjs');
const HAS_TERRAFORM = spawnSync('terraform', ['version'], { encoding: 'utf8', timeout: 30_000 }).status === 0;

interface Case {
  readonly name: string;
  /** Files of the root module and the modules it calls, in credlint's form (one attribute per line). */
  readonly files: Readonly<Record<string, string>>;
  /** Terraform refuses the plan: the CLI must make no definite finding. */
  readonly planFails?: true;
}

const MEMBER_MODULE = `variable "name" {
  type = string
}

variable "console" {
  type    = bool
  default = false
}

variable "keys" {
  type     = number
  default  = 1
  nullable = false
}

resource "aws_iam_user" "member" {
  name = var.name
}

resource "aws_iam_user_login_profile" "member_login" {
  count = var.console ? 1 : 0
  user = aws_iam_user.member.name
}

resource "aws_iam_access_key" "member_key" {
  count = var.keys
  user = aws_iam_user.member.name
}

output "user_name" {
  value = aws_iam_user.member.name
}

output "console" {
  value = var.console
}
`;

const KEY_MODULE = `variable "user" {
  type     = string
  nullable = false
}

resource "aws_iam_access_key" "current" {
  user = var.user
}

resource "aws_iam_access_key" "next" {
  user = var.user
}
`;

const CASES: readonly Case[] = [
  {
    name: 'map of objects with optional() defaults, keys flattened per user',
    files: {
      'main.tf': `variable "users" {
  type = map(object({
    console = optional(bool, false)
    keys    = optional(number, 1)
    status  = optional(string)
  }))
  default = {
    ana = { console = true }
    bo  = { keys = 2 }
    cy  = { keys = 2, status = "Inactive" }
    dee = { console = true, keys = 0 }
  }
}

resource "aws_iam_user" "users" {
  for_each = var.users
  name = each.key
}

resource "aws_iam_user_login_profile" "users_login" {
  for_each = { for name, user in var.users : name => user if user.console }
  user = aws_iam_user.users[each.key].name
}

locals {
  keys = flatten([for name, user in var.users : [for i in range(user.keys) : { user = name, index = i, status = user.status }]])
}

resource "aws_iam_access_key" "users_key" {
  for_each = { for key in local.keys : "\${key.user}-\${key.index}" => key }
  user = aws_iam_user.users[each.value.user].name
  status = each.value.status
}
`,
    },
  },
  {
    name: 'tfvars files and their order, setproduct keys',
    files: {
      'main.tf': `variable "people" {
  type    = list(string)
  default = []
}

variable "rotations" {
  type    = list(string)
  default = ["a"]
}

resource "aws_iam_user" "people" {
  for_each = toset(var.people)
  name = each.key
}

resource "aws_iam_access_key" "people_key" {
  for_each = { for pair in setproduct(var.people, var.rotations) : join("/", pair) => pair[0] }
  user = aws_iam_user.people[each.value].name
}
`,
      'terraform.tfvars': 'people    = ["ana", "bo"]\nrotations = ["a", "b"]\n',
      'z.auto.tfvars': 'rotations = ["a"]\n',
      'a.auto.tfvars': 'rotations = ["a", "b", "c"]\n',
    },
  },
  {
    name: 'grouping (...) and a key set derived from another block for_each',
    files: {
      'main.tf': `variable "people" {
  type = list(object({ name = string, team = string, console = bool }))
  default = [
    { name = "ana", team = "dev", console = true },
    { name = "bo", team = "ops", console = false },
    { name = "ana", team = "ops", console = false },
  ]
}

locals {
  by_name = { for p in var.people : p.name => p... }
}

resource "aws_iam_user" "people" {
  for_each = local.by_name
  name = each.key
}

resource "aws_iam_user_login_profile" "people_login" {
  for_each = { for name, ps in local.by_name : name => ps if anytrue([for p in ps : p.console]) }
  user = each.key
}

resource "aws_iam_access_key" "people_key" {
  for_each = { for name, ps in local.by_name : name => ps if length(ps) > 1 }
  user = aws_iam_user.people[each.key].name
}

resource "aws_iam_access_key" "team_key" {
  for_each = toset(flatten([for p in var.people : p.name if p.team == "ops"]))
  user = each.key
}
`,
    },
  },
  {
    name: 'module for_each over a map, outputs feeding another module call',
    files: {
      'main.tf': `variable "members" {
  type = map(object({ console = optional(bool), keys = optional(number) }))
  default = {
    ana = { console = true }
    bo  = { keys = 2 }
    cy  = { console = true, keys = 0 }
  }
}

module "team" {
  source   = "./member"
  for_each = var.members
  name     = each.key
  console  = each.value.console == null ? false : each.value.console
  keys     = each.value.keys
}

module "extra" {
  source   = "./keys"
  for_each = { for name, member in module.team : name => member.user_name if member.console }
  user     = each.value
}
`,
      'member/main.tf': MEMBER_MODULE,
      'keys/main.tf': KEY_MODULE,
    },
  },
  {
    name: 'nested module calls with count and for_each',
    files: {
      'main.tf': `variable "enabled" {
  default = true
}

module "outer" {
  source  = "./outer"
  count   = var.enabled ? 1 : 0
  members = toset(["ana", "bo"])
}
`,
      'outer/main.tf': `variable "members" {
  type = set(string)
}

module "member" {
  source   = "../member"
  for_each = var.members
  name     = each.key
  console  = each.key == "ana"
  keys     = each.key == "bo" ? 2 : 1
}
`,
      'member/main.tf': MEMBER_MODULE,
    },
  },
  {
    name: 'nonsensitive() for_each over a sensitive set',
    files: {
      'main.tf': `variable "rotations" {
  type      = set(string)
  sensitive = true
  default   = ["current", "next"]
}

resource "aws_iam_user" "deploy" {
  name = "deploy"
}

resource "aws_iam_access_key" "deploy_key" {
  for_each = nonsensitive(var.rotations)
  user = aws_iam_user.deploy.name
}
`,
    },
  },
  {
    name: 'a sensitive for_each (refused)',
    planFails: true,
    files: {
      'main.tf': `variable "rotations" {
  type      = set(string)
  sensitive = true
  default   = ["current", "next"]
}

resource "aws_iam_user" "deploy" {
  name = "deploy"
}

resource "aws_iam_access_key" "deploy_key" {
  for_each = var.rotations
  user = aws_iam_user.deploy.name
}
`,
    },
  },
  {
    name: 'a module call that does not set a required variable (refused)',
    planFails: true,
    files: { 'main.tf': 'module "keys" {\n  source = "./keys"\n}\n', 'keys/main.tf': KEY_MODULE },
  },
  {
    name: 'a module argument that fails to evaluate (refused)',
    planFails: true,
    files: {
      'main.tf': 'module "keys" {\n  source   = "./keys"\n  for_each = toset(["ci"])\n  user     = each.value.name\n}\n',
      'keys/main.tf': KEY_MODULE,
    },
  },
  {
    name: 'null for a required variable that refuses null (refused)',
    planFails: true,
    files: { 'main.tf': 'module "keys" {\n  source = "./keys"\n  user   = null\n}\n', 'keys/main.tf': KEY_MODULE },
  },
  {
    name: 'users read from YAML, CSV and a template file, names through lower/trimspace/replace',
    files: {
      'main.tf': `locals {
  people   = yamldecode(file("\${path.module}/people.yaml")).users
  rotation = { for row in csvdecode(file("\${path.module}/keys.csv")) : "\${row.user}/\${row.slot}" => row }
  admins   = jsondecode(templatefile("\${path.module}/admins.tftpl", { names = ["Ops ", " dee"] }))
}

resource "aws_iam_user" "people" {
  for_each = local.people
  name = lower(trimspace(each.key))
}

resource "aws_iam_user_login_profile" "people_login" {
  for_each = { for name, p in local.people : name => p if try(p.console, false) }
  user = aws_iam_user.people[each.key].name
}

resource "aws_iam_access_key" "people_key" {
  for_each = local.rotation
  user = replace(each.value.user, "_", "-")
  status = each.value.status == "" ? null : each.value.status
}

resource "aws_iam_access_key" "admin_key" {
  for_each = toset([for n in local.admins : lower(trimspace(n))])
  user = each.key
}
`,
      'people.yaml': 'users:\n  Ana:\n    console: true\n  " bo ":\n    console: false\n  ops:\n    console: true\n',
      'keys.csv': 'user,slot,status\nana,1,\nana,2,Inactive\nbo,1,Active\nbo,2,\nm_x,1,\n',
      'admins.tftpl': '[%{ for i, n in names }%{ if i > 0 },%{ endif }"\${n}"%{ endfor }]\n',
    },
  },
  {
    name: 'set functions, a conditional for_each, one() and a counted module read through splat',
    files: {
      'main.tf': `variable "enabled" {
  type    = bool
  default = true
}

variable "everyone" {
  type    = list(string)
  default = ["ana", "bo", "cy", "root"]
}

variable "service" {
  type    = list(string)
  default = ["cy", "root"]
}

locals {
  humans = setsubtract(var.everyone, var.service)
}

resource "aws_iam_user" "humans" {
  for_each = var.enabled ? toset(local.humans) : []
  name = each.key
}

resource "aws_iam_user_login_profile" "humans_login" {
  for_each = setintersection(local.humans, ["ana", "zed"])
  user = each.key
}

module "service" {
  source = "./keys"
  count  = var.enabled ? length(var.service) : 0
  user   = var.service[count.index]
}

locals {
  service_users = distinct(module.service[*].user)
}

resource "aws_iam_access_key" "humans_key" {
  for_each = zipmap(local.humans, [for h in local.humans : upper(h)])
  user = coalesce(one([for u in local.humans : u if u == each.key]), "nobody")
}

resource "aws_iam_access_key" "service_extra" {
  for_each = toset(setunion(local.service_users, can(var.service[5]) ? ["x"] : []))
  user = each.key
}
`,
      'keys/main.tf': `${KEY_MODULE}
output "user" {
  value = var.user
}
`,
    },
  },
  {
    name: 'removed block beside the key it names (refused)',
    planFails: true,
    files: {
      'main.tf': `resource "aws_iam_user" "ops" {
  name = "ops"
}

resource "aws_iam_user_login_profile" "ops_login" {
  user = aws_iam_user.ops.name
}

resource "aws_iam_access_key" "ops_key" {
  user = aws_iam_user.ops.name
}

removed {
  from = aws_iam_access_key.ops_key
}
`,
    },
  },
  {
    name: 'moved block from a key still declared in a called module (refused)',
    planFails: true,
    files: {
      'main.tf': 'module "keys" {\n  source = "./keys"\n  user   = "ci"\n}\n',
      'keys/main.tf': `${KEY_MODULE}\nmoved {\n  from = aws_iam_access_key.current\n  to   = aws_iam_access_key.next\n}\n`,
    },
  },
  {
    name: 'moved blocks adding count to a login profile and a key, the documented way (accepted)',
    files: {
      'main.tf': `resource "aws_iam_user" "ops" {
  name = "ops"
}

resource "aws_iam_user_login_profile" "ops_login" {
  count = 1
  user = aws_iam_user.ops.name
}

resource "aws_iam_access_key" "ops_key" {
  count = 1
  user = aws_iam_user.ops.name
}

moved {
  from = aws_iam_user_login_profile.ops_login
  to   = aws_iam_user_login_profile.ops_login[0]
}

moved {
  from = aws_iam_access_key.ops_key
  to   = aws_iam_access_key.ops_key[0]
}
`,
    },
  },
  {
    name: 'moved block from a key to an instance of it that has no count (refused)',
    planFails: true,
    files: {
      'main.tf': `resource "aws_iam_access_key" "a" {
  user = "ci"
}

resource "aws_iam_access_key" "b" {
  user = "ci"
}

moved {
  from = aws_iam_access_key.b
  to   = aws_iam_access_key.b[0]
}
`,
    },
  },
  {
    name: 'moved chain ending at a declared key, removed module no longer called',
    files: {
      'main.tf': `module "keys" {
  source = "./keys"
  user   = "ci"
}

moved {
  from = module.old_keys
  to   = module.rotating
}

moved {
  from = module.rotating
  to   = module.keys
}

removed {
  from = module.legacy
}
`,
      'keys/main.tf': KEY_MODULE,
    },
  },
  {
    name: 'a variable declared twice (refused)',
    planFails: true,
    files: {
      'main.tf':
        'variable "user" {\n  default = "ci"\n}\n\nresource "aws_iam_access_key" "current" {\n  user = var.user\n}\n\nresource "aws_iam_access_key" "next" {\n  user = var.user\n}\n',
      'variables.tf': 'variable "user" {\n  type = string\n}\n',
    },
  },
  {
    name: 'moved block from an instance the count still makes (refused)',
    planFails: true,
    files: {
      'main.tf': `resource "aws_iam_access_key" "rotating" {
  count = 2
  user = "ci"
}

moved {
  from = aws_iam_access_key.rotating[1]
  to   = aws_iam_access_key.spare
}
`,
    },
  },
  {
    name: 'a module argument its validation rejects (refused)',
    planFails: true,
    files: {
      'main.tf': 'module "keys" {\n  source = "./keys"\n  user   = "Deploy Bot"\n}\n',
      'keys/main.tf': KEY_MODULE.replace(
        '  nullable = false\n',
        '  nullable = false\n\n  validation {\n    condition     = can(regex("^[a-z-]+$", var.user))\n    error_message = "lower-case"\n  }\n',
      ),
    },
  },
  {
    name: 'a precondition false for one instance of a for_each (refused)',
    planFails: true,
    files: {
      'main.tf': `resource "aws_iam_access_key" "slots" {
  for_each = toset(["a", "b"])
  user = "ci"

  lifecycle {
    precondition {
      condition     = each.key == "a"
      error_message = "one slot only"
    }
  }
}
`,
    },
  },
  {
    name: 'fileset() with a number pattern, converted to its string',
    files: {
      'main.tf': `resource "aws_iam_access_key" "listed" {
  for_each = fileset(path.module, 1)
  user = "ci"
}

resource "aws_iam_access_key" "plain" {
  user = "ci"
}
`,
      '1': 'listed\n',
    },
  },
];

const IAM_BLOCK = /^resource "aws_iam_(?:user|user_login_profile|access_key)" "([\w-]+)" \{$/;
const IAM_REFERENCE = /\baws_iam_(?:user|user_login_profile|access_key)\.([\w-]+)((?:\[[^\]]*\])?)\.(name|user|status)\b/g;
/** `from` and `to` of `moved` and `removed` blocks: the address of an IAM block is its `terraform_data` one. */
const MOVED_ADDRESS = /^( {2}(?:from|to) += .*?)aws_iam_(?:user|user_login_profile|access_key)\./gm;
const INPUT_ATTRIBUTE = /^ {2}(name|user|status) = (.*)$/;

/** The Terraform form of a file: IAM blocks become `terraform_data` with the attributes in `input`. */
function terraformForm(text: string): string {
  const out: string[] = [];
  let input: string[] | undefined;
  const renamed = text.replace(IAM_REFERENCE, 'terraform_data.$1$2.input.$3').replace(MOVED_ADDRESS, '$1terraform_data.');
  for (const line of renamed.split('\n')) {
    const block = IAM_BLOCK.exec(line);
    if (block) {
      out.push(`resource "terraform_data" "${block[1] ?? ''}" {`);
      input = [];
      continue;
    }
    const attribute = input && INPUT_ATTRIBUTE.exec(line);
    if (input && attribute) {
      input.push(`    ${attribute[1] ?? ''} = ${attribute[2] ?? ''}`);
      continue;
    }
    if (input && line === '}') {
      out.push('  input = {', ...input, '  }', '}');
      input = undefined;
      continue;
    }
    out.push(line);
  }
  return out.join('\n');
}

/** Which kind of IAM block each resource name of a case is (names are unique across the three types). */
function blockKinds(files: Readonly<Record<string, string>>): Map<string, string> {
  const kinds = new Map<string, string>();
  for (const text of Object.values(files)) {
    for (const match of text.matchAll(/^resource "aws_iam_(user|user_login_profile|access_key)" "([\w-]+)" \{$/gm)) {
      kinds.set(match[2] ?? '', match[1] ?? '');
    }
  }
  return kinds;
}

interface PlannedChange {
  readonly address: string;
  readonly type: string;
  readonly change: { readonly after?: { readonly input?: Record<string, unknown> } };
}

/** The findings Terraform's plan implies, as `rule user` lines; `undefined` when the plan fails. */
function plannedFindings(dir: string, kinds: Map<string, string>): string[] | undefined {
  const run = (args: string[]) =>
    spawnSync('terraform', args, { cwd: dir, encoding: 'utf8', timeout: 120_000, env: { ...process.env, TF_IN_AUTOMATION: '1', TF_CLI_CONFIG_FILE: '' } });
  const init = run(['init', '-input=false', '-no-color']);
  // A configuration Terraform refuses as it loads it (a name declared twice) fails init itself.
  if (init.status !== 0 && init.stderr.includes('The Terraform configuration must be valid before initialization')) return undefined;
  if (init.status !== 0) throw new Error(`terraform init failed: ${init.stderr}`);
  if (run(['plan', '-input=false', '-no-color', '-refresh=false', '-out', 'tfplan']).status !== 0) return undefined;
  const plan = JSON.parse(run(['show', '-json', 'tfplan']).stdout) as { resource_changes?: PlannedChange[] };
  const profiles = new Set<string>();
  const activeKeys = new Map<string, number>();
  for (const change of plan.resource_changes ?? []) {
    const name = /terraform_data\.([\w-]+)(?:\[[^\]]*\])?$/.exec(change.address)?.[1] ?? '';
    const input = change.change.after?.input ?? {};
    const user = String(input['user']);
    if (kinds.get(name) === 'user_login_profile') profiles.add(user);
    if (kinds.get(name) === 'access_key' && !['Inactive', 'Expired'].includes(String(input['status'] ?? 'Active'))) {
      activeKeys.set(user, (activeKeys.get(user) ?? 0) + 1);
    }
  }
  return [
    ...[...activeKeys].filter(([user]) => profiles.has(user)).map(([user]) => `console-user-with-access-key ${user}`),
    ...[...activeKeys].filter(([, n]) => n > 1).map(([user]) => `multiple-active-access-keys ${user}`),
  ].sort();
}

interface JsonFinding {
  readonly ruleId: string;
  readonly message: string;
  readonly unknown?: boolean;
  readonly location: { readonly file: string };
}

afterAll(removeTempTrees);

describe.skipIf(!HAS_TERRAFORM)('Terraform instance expansion against terraform plan', () => {
  it(`gives the findings the plan implies in each of ${CASES.length} configurations`, () => {
    const base = tempTree({}, 'credlint-plan-');
    const dirs = CASES.map((_, i) => `case-${i}`);
    CASES.forEach((c, i) => {
      for (const [file, text] of Object.entries(c.files)) {
        for (const [form, content] of [
          ['credlint', text],
          ['terraform', terraformForm(text)],
        ] as const) {
          const target = path.join(base, form, dirs[i] ?? '', file);
          mkdirSync(path.dirname(target), { recursive: true });
          writeFileSync(target, content);
        }
      }
    });
    const cli = spawnSync(process.execPath, [CLI, '--format', 'json', '--report-unknown', '.'], {
      cwd: path.join(base, 'credlint'),
      encoding: 'utf8',
      timeout: 120_000,
    });
    const findings = (JSON.parse(cli.stdout) as { findings: JsonFinding[] }).findings;
    let implied = 0;
    const differing = CASES.flatMap((c, i) => {
      const definite = findings
        .filter((f) => f.location.file.startsWith(`${dirs[i] ?? ''}/`) && f.unknown !== true && !['root-user-access-key', 'parse-error'].includes(f.ruleId))
        .map((f) => `${f.ruleId} ${/^IAM user "([^"]*)"/.exec(f.message)?.[1] ?? f.message}`)
        .sort();
      const planned = plannedFindings(path.join(base, 'terraform', dirs[i] ?? ''), blockKinds(c.files));
      const expected = planned ?? [];
      implied += expected.length;
      const planFails = planned === undefined;
      return JSON.stringify(definite) === JSON.stringify(expected) && planFails === (c.planFails ?? false)
        ? []
        : [{ case: c.name, planFails, terraform: expected, credlint: definite }];
    });
    expect(differing).toEqual([]);
    // The cases are not vacuous: the plans imply findings of both rules.
    expect(implied).toBeGreaterThanOrEqual(8);
  });
});
