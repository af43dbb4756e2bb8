/**
 * `file(path)` reads a file of the repository (`fileexists(path)` looks for one, `templatefile` renders one), so that the common layout of a users list kept in YAML
 * or JSON beside the module (`yamldecode(file("${path.module}/users.yaml"))`) is evaluated as
 * `terraform plan` evaluates it. Files outside the repository are never read; a missing file is an
 * error, as in Terraform, which `try` can catch.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { lint } from '../../src/engine.js';
import { removeTempTrees, tempTree } from '../support/temp-tree.js';

afterEach(removeTempTrees);

const tree = (files: Readonly<Record<string, string>>): string => tempTree(files, 'credlint-file-fn-');

async function findings(scanRoot: string, reportUnknown = false): Promise<string[]> {
  const out: string[] = [];
  for (const prefilter of [true, false]) {
    const result = await lint({ paths: [scanRoot], cwd: scanRoot, prefilter, reportUnknown });
    const lines = result.findings.map((f) => `${f.location.file.slice(scanRoot.length + 1)}:${f.location.range.start.line} ${f.ruleId} ${f.message}`).sort();
    if (prefilter) out.push(...lines);
    else expect(lines).toEqual(out);
  }
  return out;
}

const USERS_MODULE = `locals {
  people = yamldecode(file("\${path.module}/people.yaml")).people
  keys   = flatten([for p in local.people : [for n in range(p.keys) : { user = p.name, n = n }]])
}

resource "aws_iam_user" "person" {
  for_each = toset([for p in local.people : p.name])
  name     = each.value
}

resource "aws_iam_user_login_profile" "person" {
  for_each = { for p in local.people : p.name => p if p.console }
  user     = aws_iam_user.person[each.key].name
}

resource "aws_iam_access_key" "person" {
  for_each = { for k in local.keys : "\${k.user}/\${k.n}" => k }
  user     = aws_iam_user.person[each.value.user].name
}
`;

describe('file() in Terraform', () => {
  it('reads a YAML list beside a called module, relative to the root module through path.module', async () => {
    const root = tree({
      'live/main.tf': 'module "people" {\n  source = "../modules/people"\n}\n',
      'modules/people/main.tf': USERS_MODULE,
      'modules/people/people.yaml':
        'people:\n  - name: iris\n    console: true\n    keys: 1\n  - name: jon\n    console: false\n    keys: 2\n  - name: kim\n    console: true\n    keys: 0\n',
    });
    expect(await findings(root)).toEqual([
      'modules/people/main.tf:16 console-user-with-access-key IAM user "iris" has a console password (module.people.aws_iam_user_login_profile.person["iris"]) and an active access key (module.people.aws_iam_access_key.person["iris/0"]).',
      'modules/people/main.tf:16 multiple-active-access-keys IAM user "jon" has 2 active access keys (module.people.aws_iam_access_key.person["jon/0"], module.people.aws_iam_access_key.person["jon/1"]); at most one may be active.',
    ]);
  });

  it('reads a path relative to the root module, and jsondecode of it', async () => {
    const root = tree({
      'main.tf':
        'locals {\n  names = jsondecode(file("config/names.json"))\n}\n\nresource "aws_iam_access_key" "k" {\n  for_each = toset(local.names)\n  user     = each.value\n}\n',
      'config/names.json': '["Root", "deployer"]\n',
    });
    expect(await findings(root)).toEqual([
      'main.tf:5 root-user-access-key Access key aws_iam_access_key.k["Root"] is for user "Root": root access keys must not exist, and infrastructure code cannot create one for the real root user, so this is a mistake or an IAM user literally named "Root".',
    ]);
  });

  it('reads a CSV user list with csvdecode, its cells strings that conditions convert', async () => {
    const root = tree({
      'main.tf': `locals {
  users = { for u in csvdecode(file("\${path.module}/users.csv")) : u.name => u }
}

resource "aws_iam_user" "u" {
  for_each = local.users
  name     = each.key
}

resource "aws_iam_user_login_profile" "p" {
  for_each = { for name, u in local.users : name => u if u.console == "yes" }
  user     = aws_iam_user.u[each.key].name
}

resource "aws_iam_access_key" "k" {
  for_each = { for name, u in local.users : name => u if tobool(u.key) }
  user     = aws_iam_user.u[each.key].name
}
`,
      'users.csv': 'name,console,key\r\nana,yes,true\r\nbob,no,true\r\n"carl",yes,false\r\n',
    });
    expect(await findings(root, true)).toEqual([
      'main.tf:15 console-user-with-access-key IAM user "ana" has a console password (aws_iam_user_login_profile.p["ana"]) and an active access key (aws_iam_access_key.k["ana"]).',
    ]);
  });

  it('treats a missing file as an error that try() catches, as Terraform does', async () => {
    const root = tree({
      'main.tf':
        'locals {\n  extra = try(file("${path.module}/absent.txt"), "lee")\n  other = file("${path.module}/absent.txt")\n}\n\nresource "aws_iam_access_key" "a" {\n  user = local.extra\n}\n\nresource "aws_iam_access_key" "b" {\n  user = "lee"\n}\n\nresource "aws_iam_access_key" "c" {\n  user = local.other\n}\n',
    });
    const found = await findings(root, true);
    expect(found.filter((f) => f.includes(' multiple-active-access-keys IAM user "lee" has 2 active access keys'))).toHaveLength(1);
    expect(found.filter((f) => f.includes('no file exists at "absent.txt"'))).not.toHaveLength(0);
  });

  it('filebase64() reads any bytes, so a PGP key read with it decides the counts that test pgp_key', async () => {
    // The iam-user module shape of terraform-aws-modules/iam 5.x: one key block with a PGP key, one without.
    const module = `variable "pgp_key" {
  type    = string
  default = ""
}

resource "aws_iam_user" "this" {
  name = "ana"
}

resource "aws_iam_user_login_profile" "this" {
  user = aws_iam_user.this.name
}

resource "aws_iam_access_key" "this" {
  count = var.pgp_key != "" ? 1 : 0
  user  = aws_iam_user.this.name
}

resource "aws_iam_access_key" "this_no_pgp" {
  count = var.pgp_key == "" ? 1 : 0
  user  = aws_iam_user.this.name
}
`;
    const root = tree({
      'user/main.tf': module,
      'main.tf': 'module "ana" {\n  source  = "./user"\n  pgp_key = filebase64("${path.module}/keys/ana.gpg")\n}\n',
    });
    mkdirSync(join(root, 'keys'));
    writeFileSync(join(root, 'keys/ana.gpg'), Buffer.from([0x99, 0x01, 0x0d, 0x04, 0xff, 0x00, 0xc3]));
    expect(await findings(root, true)).toEqual([
      'user/main.tf:14 console-user-with-access-key IAM user "ana" has a console password (module.ana.aws_iam_user_login_profile.this) and an active access key (module.ana.aws_iam_access_key.this[0]).',
    ]);
    const names = tree({
      'main.tf':
        'resource "aws_iam_access_key" "a" {\n  user = filebase64("${path.module}/name.bin")\n}\n\nresource "aws_iam_access_key" "b" {\n  user = "AP8="\n}\n\nresource "aws_iam_access_key" "c" {\n  user = try(filebase64("${path.module}/absent.bin"), "AP8=")\n}\n',
    });
    writeFileSync(join(names, 'name.bin'), Buffer.from([0x00, 0xff]));
    expect(await findings(names)).toEqual([
      'main.tf:5 multiple-active-access-keys IAM user "AP8=" has 3 active access keys (aws_iam_access_key.a, aws_iam_access_key.b, aws_iam_access_key.c); at most one may be active.',
    ]);
  });

  it('fileexists() chooses between a file and a default, as in Terraform', async () => {
    const root = tree({
      'main.tf': `locals {
  present = fileexists("\${path.module}/ops.json") ? jsondecode(file("\${path.module}/ops.json")) : []
  absent  = fileexists("\${path.module}/dev.json") ? jsondecode(file("\${path.module}/dev.json")) : ["dev-default"]
  folder  = fileexists("\${path.module}/config")
}

resource "aws_iam_access_key" "ops" {
  for_each = toset(local.present)
  user     = "ops"
}

resource "aws_iam_access_key" "dev" {
  for_each = toset(concat(local.absent, local.absent))
  user     = "dev"
}

resource "aws_iam_access_key" "folder" {
  count = local.folder ? 2 : 0
  user  = "folder"
}
`,
      'ops.json': '["first", "second"]\n',
      'config/keep.txt': 'x\n',
    });
    const found = await findings(root, true);
    expect(found.filter((f) => f.includes('error') || f.includes('IAM user'))).toEqual([
      'main.tf:7 multiple-active-access-keys IAM user "ops" has 2 active access keys (aws_iam_access_key.ops["first"], aws_iam_access_key.ops["second"]); at most one may be active.',
    ]);
    expect(found.some((f) => f.includes('fileexists(): "config" is not a regular file'))).toBe(true);
    // file() of a directory is an error, which try() catches.
    const dir = tree({ 'main.tf': 'resource "aws_iam_access_key" "k" {\n  count = 2\n  user  = try(file("conf"), "vic")\n}\n', 'conf/x.txt': 'x\n' });
    expect(await findings(dir)).toEqual([
      'main.tf:1 multiple-active-access-keys IAM user "vic" has 2 active access keys (aws_iam_access_key.k[0], aws_iam_access_key.k[1]); at most one may be active.',
    ]);
  });

  it('templatefile() renders a file with only its variables, as in Terraform', async () => {
    const root = tree({
      'team.yaml.tftpl': 'members:\n%{ for n in names ~}\n  - ${team}-${n}\n%{ endfor ~}\n',
      'leak.tftpl': '${var.team}',
      'nested.tftpl': '${templatefile("team.yaml.tftpl", { team = "x", names = [] })}',
      'main.tf': `variable "team" {
  default = "web"
}

locals {
  members = yamldecode(templatefile("team.yaml.tftpl", { team = var.team, names = ["ann", "ann"] })).members
  leak    = try(templatefile("leak.tftpl", {}), "leak-refused")
  nested  = try(templatefile("nested.tftpl", {}), "nested-refused")
}

resource "aws_iam_access_key" "member" {
  count = length(local.members)
  user  = local.members[count.index]
}

resource "aws_iam_access_key" "refused" {
  for_each = toset([local.leak, local.nested])
  user     = "\${each.value}-user"
}

resource "aws_iam_access_key" "refused_again" {
  for_each = toset([local.leak, local.nested])
  user     = "\${each.value}-user"
}
`,
    });
    expect(await findings(root)).toEqual([
      'main.tf:11 multiple-active-access-keys IAM user "web-ann" has 2 active access keys (aws_iam_access_key.member[0], aws_iam_access_key.member[1]); at most one may be active.',
      'main.tf:21 multiple-active-access-keys IAM user "leak-refused-user" has 2 active access keys (aws_iam_access_key.refused["leak-refused"], aws_iam_access_key.refused_again["leak-refused"]); at most one may be active.',
      'main.tf:21 multiple-active-access-keys IAM user "nested-refused-user" has 2 active access keys (aws_iam_access_key.refused["nested-refused"], aws_iam_access_key.refused_again["nested-refused"]); at most one may be active.',
    ]);
  });

  it('never reads a file outside the repository: the value stays unknown', async () => {
    const outer = tree({ 'secret/users.json': '["root"]\n' });
    const root = join(outer, 'repo');
    mkdirSync(root);
    writeFileSync(
      join(root, 'main.tf'),
      'resource "aws_iam_access_key" "k" {\n  for_each = toset(jsondecode(file("../secret/users.json")))\n  user     = each.value\n}\n',
    );
    expect(await findings(root)).toEqual([]);
    const unknown = await findings(root, true);
    expect(unknown).not.toHaveLength(0);
    for (const finding of unknown) expect(finding).toContain('file(): "../secret/users.json" is outside the repository and is not read');
  });

  it('never opens a named pipe: the value stays unknown, and the reason names the path as written', async () => {
    const root = tree({
      'main.tf': 'resource "aws_iam_access_key" "k" {\n  for_each = toset(jsondecode(file("${path.module}/users.json")))\n  user     = each.value\n}\n',
    });
    // Opening a FIFO for reading would wait for a writer forever.
    execFileSync('mkfifo', [join(root, 'users.json')]);
    expect(await findings(root)).toEqual([]);
    const unknown = await findings(root, true);
    expect(unknown).not.toHaveLength(0);
    for (const finding of unknown) {
      expect(finding).toContain('file(): "users.json" is not read: it is not a regular file');
      expect(finding).not.toContain(root);
    }
  });
});

// The same module, its people listed one YAML file each with fileset() instead of one file.
const FILESET_MODULE = USERS_MODULE.replace(
  /^ {2}people = .*$/m,
  '  people = [for f in fileset(path.module, "users/*.yaml") : yamldecode(file("${path.module}/${f}"))]',
);

describe('fileset() in Terraform', () => {
  it('lists one YAML file per user beside a called module, each read with file()', async () => {
    const root = tree({
      'live/main.tf': 'module "people" {\n  source = "../modules/people"\n}\n',
      'modules/people/main.tf': FILESET_MODULE,
      'modules/people/users/iris.yaml': 'name: iris\nconsole: true\nkeys: 1\n',
      'modules/people/users/jon.yaml': 'name: jon\nconsole: false\nkeys: 2\n',
      'modules/people/users/kim.yaml': 'name: kim\nconsole: true\nkeys: 0\n',
      'modules/people/users/README.md': 'name: lou\nconsole: true\nkeys: 1\n',
    });
    expect(await findings(root)).toEqual([
      'modules/people/main.tf:16 console-user-with-access-key IAM user "iris" has a console password (module.people.aws_iam_user_login_profile.person["iris"]) and an active access key (module.people.aws_iam_access_key.person["iris/0"]).',
      'modules/people/main.tf:16 multiple-active-access-keys IAM user "jon" has 2 active access keys (module.people.aws_iam_access_key.person["jon/0"], module.people.aws_iam_access_key.person["jon/1"]); at most one may be active.',
    ]);
  });

  it('never lists a symlink leading out of the repository: the users stay undecided', async () => {
    const outside = tree({ 'lou.yaml': 'name: lou\nconsole: true\nkeys: 1\n' });
    const root = tree({
      'main.tf': FILESET_MODULE,
      'users/iris.yaml': 'name: iris\nconsole: true\nkeys: 1\n',
    });
    symlinkSync(join(outside, 'lou.yaml'), join(root, 'users/lou.yaml'));
    expect(await findings(root)).toEqual([]);
    const undecided = await findings(root, true);
    expect(undecided.length).toBeGreaterThan(0);
    for (const line of undecided) {
      expect(line).toContain('fileset(): "users/lou.yaml" is outside the repository and is not read');
      expect(line).not.toContain(outside);
    }
  });

  it('converts a number or bool argument to its string, as Terraform converts any string parameter', async () => {
    // Checked with terraform 1.11.4: fileset(path.module, 1) lists the file "1", file(2) reads "2".
    const root = tree({
      'main.tf': [
        'resource "aws_iam_access_key" "listed" {',
        '  for_each = fileset(path.module, 1)',
        '  user     = "ana"',
        '}',
        'resource "aws_iam_access_key" "read" {',
        '  user = trimspace(file(2))',
        '}',
        '',
      ].join('\n'),
      '1': 'listed\n',
      '2': 'ana\n',
    });
    expect(await findings(root)).toEqual([
      'main.tf:5 multiple-active-access-keys IAM user "ana" has 2 active access keys (aws_iam_access_key.listed["1"], aws_iam_access_key.read); at most one may be active.',
    ]);
  });
});
