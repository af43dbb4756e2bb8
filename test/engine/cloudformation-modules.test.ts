import { describe, expect, it } from 'vitest';
import { lint } from '../../src/engine.js';
import { writeTree } from '../support/cloudformation-harness.js';

async function run(files: Readonly<Record<string, string>>, prefilter = true) {
  const dir = writeTree(files);
  const result = await lint({ paths: ['.'], cwd: dir, env: {}, reportUnknown: true, prefilter });
  return {
    findings: result.findings.map((f) => `${f.location.file.slice(dir.length + 1)}:${f.location.range.start.line} ${f.ruleId}: ${f.message}`),
    notes: result.notes.map((n) => `${n.location.file.slice(dir.length + 1)}:${n.location.range.start.line}: ${n.message}`),
  };
}

/**
 * A module adds the resources of another template fragment to the stack before it is created: a
 * registry module (a type ending in `::MODULE`) when CloudFormation creates the stack, a Rain module
 * (a `Modules` section entry, or a resource typed `!Rain::Module`) when `rain pkg` packages the
 * template. credlint expands none of them, so each is named in a note, never passed over in silence.
 */
describe('modules', () => {
  const parent = `AWSTemplateFormatVersion: "2010-09-09"
Modules:
  Team:
    Source: ./team.yaml
    Properties: { Name: ops }
Conditions:
  Never: !Equals [a, b]
Resources:
  Bucket:
    Type: AWS::S3::Bucket
  Shared:
    Type: MyOrg::IAM::ServiceUsers::MODULE
    Properties: { Names: ops }
  Retired:
    Type: MyOrg::IAM::ServiceUsers::MODULE
    Condition: Never
  Legacy:
    Type: !Rain::Module "./team.yaml"
    Properties: { Name: ops }
`;
  const expectedNotes = [
    'template.yaml:3: Modules: module Team (./team.yaml) is replaced by its resources when the template is packaged (rain pkg); they are not analysed',
    'template.yaml:11: resource Shared: registry module MyOrg::IAM::ServiceUsers::MODULE, whose resources CloudFormation adds when it creates the stack; not analysed',
    "template.yaml:17: resource Legacy: Rain module ./team.yaml, which rain pkg replaces with the module's resources; not analysed",
  ];

  it('notes a Modules section entry, a registry module and a !Rain::Module resource that may exist, with and without the prefilter', async () => {
    expect(await run({ 'template.yaml': parent })).toEqual({ findings: [], notes: expectedNotes });
    expect(await run({ 'template.yaml': parent }, false)).toEqual({ findings: [], notes: expectedNotes });
  });

  it('notes a registry module in JSON and one in a nested stack', async () => {
    const json = `{
  "Resources": {
    "Child": { "Type": "AWS::CloudFormation::Stack", "Properties": { "TemplateURL": "./child.json" } }
  }
}
`;
    const child = `{
  "Resources": {
    "Bucket": { "Type": "AWS::S3::Bucket" },
    "Users": { "Type": "Acme::IAM::Users::MODULE", "Properties": { "Names": "ci" } }
  }
}
`;
    expect((await run({ 'template.json': json, 'child.json': child })).notes).toEqual([
      'child.json:4: resource Users: registry module Acme::IAM::Users::MODULE, whose resources CloudFormation adds when it creates the stack; not analysed',
    ]);
  });

  it('still analyses the template around the modules, and a module file as a template of its own', async () => {
    const team = `Parameters:
  Name: { Type: String, Default: ops }
Resources:
  User:
    Type: AWS::IAM::User
    Properties: { UserName: !Ref Name }
  Key:
    Type: AWS::IAM::AccessKey
    Properties: { UserName: !Ref User }
  Key2:
    Type: AWS::IAM::AccessKey
    Properties: { UserName: !Ref User }
`;
    const result = await run({ 'template.yaml': parent, 'team.yaml': team });
    expect(result.findings).toEqual([
      'team.yaml:10 multiple-active-access-keys: IAM user "ops" has 2 active access keys (Key, Key2); at most one may be active.',
    ]);
    expect(result.notes).toEqual(expectedNotes);
  });
});

describe('a template made only of modules', () => {
  it('is a template: each module is noted (YAML with a Rain module, JSON with a registry module)', async () => {
    const yaml = `Parameters:
  Policy: { Type: String }
Resources:
  Team:
    Type: !Rain::Module "file://../modules/team-users.yaml"
    Properties: { RetentionPolicy: !Ref Policy }
`;
    const json = `{ "Resources": { "Users": { "Type": "Acme::IAM::Users::MODULE", "Properties": { "Names": "ci" } } } }
`;
    expect((await run({ 'rain.yaml': yaml, 'registry.json': json })).notes).toEqual([
      "rain.yaml:4: resource Team: Rain module file://../modules/team-users.yaml, which rain pkg replaces with the module's resources; not analysed",
      'registry.json:1: resource Users: registry module Acme::IAM::Users::MODULE, whose resources CloudFormation adds when it creates the stack; not analysed',
    ]);
  });
});
