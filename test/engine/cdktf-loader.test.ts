import { loadOptionsFor } from '../support/load-options.js';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadCdktf } from '../../src/formats/cdktf/load-cdktf.js';
import type { LoadOptions } from '../../src/formats/load-options.js';
import { linkCredentials } from '../../src/model/link-credentials.js';
import { FileReader } from '../../src/io/file-reader.js';

const repo = path.resolve(import.meta.dirname, '..', '..');
// Stacks from fixtures and temporary directories: the file boundary is tested in security-file-boundary.test.ts.
const options: LoadOptions = loadOptionsFor(repo, { reader: new FileReader(['/'], 10 * 1024 * 1024), prefilter: true });
const scratch = mkdtempSync(path.join(tmpdir(), 'credlint-cdktf-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

function stackFile(rule: string, polarity: string, name: string, stack: string): string {
  return path.join(repo, 'fixtures', rule, 'cdktf', polarity, name, 'cdktf.out', 'stacks', stack, 'cdk.tf.json');
}

describe('loadCdktf', () => {
  it('loads a stack as Terraform JSON with the construct path of each resource', async () => {
    const file = stackFile('console-user-with-access-key', 'positive', 'user-with-login-profile-and-key', 'people');
    const result = await loadCdktf([file], options);
    expect(result.diagnostics).toEqual([]);
    expect(result.units).toHaveLength(1);
    const unit = result.units[0]!;
    expect(unit).toMatchObject({
      id: 'cdktf:fixtures/console-user-with-access-key/cdktf/positive/user-with-login-profile-and-key/cdktf.out/stacks/people',
      format: 'cdktf',
      root: path.dirname(file),
    });
    expect([...unit.users, ...unit.loginProfiles, ...unit.accessKeys].map((r) => [r.address, r.constructPath])).toEqual([
      ['aws_iam_user.ana', 'people/ana'],
      ['aws_iam_user_login_profile.ana_login', 'people/ana_login'],
      ['aws_iam_access_key.ana_key', 'people/ana_key'],
    ]);
    expect(unit.accessKeys[0]?.location.file).toBe(file);
    expect(unit.accessKeys[0]?.location.range.start).toEqual({ line: 42, column: 7 });
    const linked = linkCredentials(unit);
    expect(linked.identities.map((i) => [i.identity, i.loginProfiles.length, i.accessKeys.length])).toEqual([['name:ana', 1, 1]]);
  });

  it('makes one unit per stack and reads Inactive and omitted statuses', async () => {
    const result = await loadCdktf(
      [stackFile('multiple-active-access-keys', 'negative', 'second-key-inactive', 'ci'), stackFile('root-user-access-key', 'positive', 'root-key', 'account')],
      options,
    );
    expect(result.units.map((u) => u.id.split('/').pop())).toEqual(['ci', 'account']);
    expect(result.units[0]?.accessKeys.map((k) => [k.constructPath, k.status.known && k.status.value, k.status.origin])).toEqual([
      ['ci/ci_key_old', 'Inactive', 'written'],
      ['ci/ci_key', 'Active', 'defaulted'],
    ]);
    expect(result.units[1]?.accessKeys.map((k) => [k.constructPath, k.user.known && k.user.value])).toEqual([
      ['account/break_glass', { kind: 'name', name: 'root' }],
    ]);
  });

  it('gives every count instance the construct path of its block', async () => {
    const dir = path.join(scratch, 'cdktf.out', 'stacks', 'keys');
    mkdirSync(dir, { recursive: true });
    const file = path.join(dir, 'cdk.tf.json');
    writeFileSync(
      file,
      JSON.stringify({
        resource: {
          aws_iam_access_key: { k: { '//': { metadata: { path: 'keys/team/k', uniqueId: 'team_k_1A2B3C4D' } }, count: 2, user: 'ops' } },
        },
      }),
    );
    const result = await loadCdktf([file], { ...options, cwd: scratch, repoRoot: scratch });
    expect(result.units[0]?.id).toBe('cdktf:cdktf.out/stacks/keys');
    expect(result.units[0]?.accessKeys.map((k) => [k.address, k.constructPath])).toEqual([
      ['aws_iam_access_key.k[0]', 'keys/team/k'],
      ['aws_iam_access_key.k[1]', 'keys/team/k'],
    ]);
  });

  it('passes parse errors through without a unit', async () => {
    const dir = path.join(scratch, 'broken', 'cdktf.out', 'stacks', 'bad');
    mkdirSync(dir, { recursive: true });
    const file = path.join(dir, 'cdk.tf.json');
    writeFileSync(file, '{ "resource": { "aws_iam_user": ');
    const result = await loadCdktf([file], { ...options, cwd: scratch, repoRoot: scratch });
    expect(result.units.flatMap((u) => u.accessKeys)).toEqual([]);
    expect(result.diagnostics.map((d) => [d.kind, d.location.file])).toEqual([['parse-error', file]]);
  });
});

describe('loadCdktf with a TerraformHclModule', () => {
  it('gives the resources of a module the construct path of the module construct', async () => {
    const stack = path.join(scratch, 'hcl-module', 'cdktf.out', 'stacks', 'team');
    const moduleDir = path.join(stack, 'assets', 'team-module');
    mkdirSync(moduleDir, { recursive: true });
    writeFileSync(path.join(moduleDir, 'main.tf'), 'variable "name" {}\nresource "aws_iam_access_key" "k" {\n  user = var.name\n}\n');
    const file = path.join(stack, 'cdk.tf.json');
    writeFileSync(
      file,
      JSON.stringify({
        module: { team: { '//': { metadata: { path: 'team/team', uniqueId: 'team' } }, source: './assets/team-module', name: 'root' } },
      }),
    );
    const result = await loadCdktf([file], { ...options, cwd: scratch, repoRoot: scratch });
    expect(result.units[0]?.accessKeys.map((k) => [k.address, k.constructPath, k.user.known && k.user.value])).toEqual([
      ['module.team.aws_iam_access_key.k', 'team/team', { kind: 'name', name: 'root' }],
    ]);
  });
});

describe('what --verbose says of the files in cdktf.out', () => {
  it('lists the stacks as analysed and the rest of the output as skipped, with the reason', async () => {
    const out = path.join(scratch, 'verbose', 'cdktf.out');
    mkdirSync(path.join(out, 'stacks', 'ops'), { recursive: true });
    writeFileSync(path.join(out, 'manifest.json'), JSON.stringify({ version: '0.20.0', stacks: { ops: { workingDirectory: 'stacks/ops' } } }));
    writeFileSync(path.join(out, 'stacks', 'ops', 'cdk.tf.json'), JSON.stringify({ resource: { aws_iam_user: { ops: { name: 'ops' } } } }));
    // A module asset's Terraform file is read through the stack's module call.
    mkdirSync(path.join(out, 'stacks', 'ops', 'assets', 'keys'), { recursive: true });
    writeFileSync(path.join(out, 'stacks', 'ops', 'assets', 'keys', 'main.tf'), 'variable "user" {}\n');
    const decided: { file: string; analysed: boolean; reason?: string }[] = [];
    const { lint } = await import('../../src/engine.js');
    await lint({ paths: [out], cwd: out, observer: { filesDecided: (decisions) => decided.push(...decisions) } });
    expect(decided.map((d) => [path.relative(out, d.file), d.analysed, d.reason])).toEqual([
      ['manifest.json', false, "CDKTF output other than a stack's cdk.tf.json: nothing in it declares a resource"],
      [path.join('stacks', 'ops', 'assets', 'keys', 'main.tf'), true, undefined],
      [path.join('stacks', 'ops', 'cdk.tf.json'), true, undefined],
    ]);
  });
});
