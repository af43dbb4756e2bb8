import { mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadTree, loadOptions } from '../support/cloudformation-harness.js';
import { loadCloudFormation } from '../../src/formats/cloudformation/load-templates.js';

const rootKey = 'Resources:\n  Key: { Type: AWS::IAM::AccessKey, Properties: { UserName: root } }\n';

/** Found on the perf corpus: nested stacks whose TemplateURL names a file that is not there. */
describe('nested stack templates that are missing, broken or outside the repository', () => {
  it('notes a missing template at the TemplateURL, relative to the parent, without a parse-error', async () => {
    const parent = 'Resources:\n  Child:\n    Type: AWS::CloudFormation::Stack\n    Properties:\n      TemplateURL: stacks/gone.yaml\n';
    const { diagnostics } = await loadTree({ 'main.yaml': parent });
    expect(diagnostics.map((d) => [d.kind, path.basename(d.location.file), d.location.range.start.line, d.location.range.start.column, d.message])).toEqual([
      ['note', 'main.yaml', 5, 7, 'nested stack Child: template "stacks/gone.yaml" does not exist; not analysed'],
    ]);
  });

  /** Seen in cfn-lint's fixtures (good/functions/sub.yaml, good/resources/cloudformation/nested_stack_dynamic.yaml). */
  it('quotes a template path written as a bare word, and takes a dynamic reference for what CloudFormation resolves at deploy time', async () => {
    const parent = `Resources:
  Word: { Type: AWS::CloudFormation::Stack, Properties: { TemplateURL: String } }
  FromSsm: { Type: AWS::CloudFormation::Stack, Properties: { TemplateURL: "{{resolve:ssm:/pipeline/main:1}}" } }
  Accounts: { Type: AWS::CloudFormation::StackSet, Properties: { TemplateURL: "{{resolve:ssm:/pipeline/member:1}}" } }
`;
    const { diagnostics } = await loadTree({ 'main.yaml': parent });
    expect(diagnostics.map((d) => [d.kind, d.location.range.start.line, d.message])).toEqual([
      ['note', 2, 'nested stack Word: template "String" does not exist; not analysed'],
      [
        'note',
        3,
        'nested stack FromSsm: its template ({{resolve:ssm:/pipeline/main:1}}, a dynamic reference resolved at deploy time) is not a local file; not analysed',
      ],
      [
        'note',
        4,
        'stack set Accounts: its template ({{resolve:ssm:/pipeline/member:1}}, a dynamic reference resolved at deploy time) is deployed as stacks of their own, in the accounts the stack set targets; not analysed',
      ],
    ]);
  });

  it('still reports an existing template that cannot be parsed as a parse-error at that file', async () => {
    const parent = 'Resources:\n  Child: { Type: AWS::CloudFormation::Stack, Properties: { TemplateURL: child.yaml } }\n';
    const { diagnostics } = await loadTree({ 'main.yaml': parent, 'child.yaml': 'Resources: [unclosed\n' }, ['main.yaml']);
    expect(diagnostics.map((d) => [d.kind, path.basename(d.location.file)])).toEqual([
      ['parse-error', 'child.yaml'],
      ['note', 'main.yaml'],
    ]);
    expect(diagnostics[1]?.message).toBe('nested stack Child: template "child.yaml" cannot be parsed; not analysed');
  });

  it('does not follow a symlink inside the repository to a template outside it', async () => {
    const outside = mkdtempSync(path.join(tmpdir(), 'credlint-outside-'));
    writeFileSync(path.join(outside, 'keys.yaml'), rootKey);
    const repo = mkdtempSync(path.join(tmpdir(), 'credlint-repo-'));
    mkdirSync(path.join(repo, 'infra'));
    writeFileSync(path.join(repo, 'infra', 'main.yaml'), 'Resources:\n  Child: { Type: AWS::CloudFormation::Stack, Properties: { TemplateURL: keys.yaml } }\n');
    symlinkSync(path.join(outside, 'keys.yaml'), path.join(repo, 'infra', 'keys.yaml'));
    const result = await loadCloudFormation([path.join(repo, 'infra', 'main.yaml')], loadOptions(repo));
    expect(result.units.flatMap((u) => u.accessKeys)).toEqual([]);
    expect(result.diagnostics.map((d) => d.message)).toEqual([
      'nested stack Child: template "keys.yaml" is outside the repository being scanned; not analysed',
    ]);
  });

  it('says the same of a TemplateURL leading out whether its target exists or not, through a symlink (file or directory) or ..', async () => {
    const root = mkdtempSync(path.join(tmpdir(), 'credlint-probe-'));
    const outside = path.join(root, 'out');
    const repo = path.join(root, 'repo');
    mkdirSync(outside);
    mkdirSync(repo);
    writeFileSync(path.join(outside, 'present.yaml'), rootKey);
    symlinkSync(path.join(outside, 'present.yaml'), path.join(repo, 'present.yaml'));
    symlinkSync(path.join(outside, 'absent.yaml'), path.join(repo, 'absent.yaml'));
    symlinkSync(path.join(outside, 'absent-dir'), path.join(repo, 'absent-dir'));
    const urls = ['present.yaml', 'absent.yaml', 'absent-dir/keys.yaml', '../out/present.yaml', '../out/absent.yaml', '../nowhere/keys.yaml'];
    const resources = urls.map((url, i) => `  C${i}: { Type: AWS::CloudFormation::Stack, Properties: { TemplateURL: ${url} } }\n`).join('');
    writeFileSync(path.join(repo, 'main.yaml'), `Resources:\n${resources}`);
    const result = await loadCloudFormation([path.join(repo, 'main.yaml')], loadOptions(repo));
    expect(result.units.flatMap((u) => u.accessKeys)).toEqual([]);
    expect(result.diagnostics.map((d) => d.message)).toEqual(
      urls.map((url, i) => `nested stack C${i}: template "${url}" is outside the repository being scanned; not analysed`),
    );
  });

  it('names a TemplateURL leading out as written, never by a path that tells how deep the checkout lies', async () => {
    // `/etc/hostname` was named `../../../../etc/hostname` from a template four levels below the root, and
    // twenty `..` reaching the root the same: the number of `..` was the checkout's depth on the CI machine.
    const repo = mkdtempSync(path.join(tmpdir(), 'credlint-probe-'));
    mkdirSync(path.join(repo, 'stacks'));
    const urls = ['/etc/hostname', `${'../'.repeat(20)}etc/hostname`, '/nowhere/keys.yaml', './../../x.yaml'];
    const resources = urls.map((url, i) => `  C${i}: { Type: AWS::CloudFormation::Stack, Properties: { TemplateURL: "${url}" } }\n`).join('');
    writeFileSync(path.join(repo, 'stacks', 'main.yaml'), `Resources:\n${resources}`);
    const result = await loadCloudFormation([path.join(repo, 'stacks', 'main.yaml')], loadOptions(repo));
    expect(result.diagnostics.map((d) => d.message)).toEqual(
      urls.map((url, i) => `nested stack C${i}: template "${url}" is outside the repository being scanned; not analysed`),
    );
  });
});
