/**
 * A `Fn::ForEach` loop of `Resources` whose collection is not known (a `CommaDelimitedList` or
 * `List<String>` parameter without a value, `Fn::Split` of such a string, `Fn::GetAZs`, `Fn::FindInMap`
 * of an unknown key) makes none, one or several copies of its body: each resource of the body is
 * analysed once, of unknown existence and number, at the position of the body, so that what every copy
 * would be is a warning under --report-unknown (and nothing without it).
 */
import { afterAll, describe, expect, it } from 'vitest';
import { lint } from '../../src/engine.js';
import { removeTempTrees, tempTree } from '../support/temp-tree.js';

afterAll(removeTempTrees);

const header = `AWSTemplateFormatVersion: "2010-09-09"
Transform: AWS::LanguageExtensions
Parameters:
  People:
    Type: CommaDelimitedList
  Names:
    Type: String
  Env:
    Type: String
Mappings:
  Teams:
    dev: {Names: [a]}
    prod: {Names: [a, b]}
Resources:
`;

const loop = (collection: string, body: string) => `  Fn::ForEach::Loop:\n    - Person\n    - ${collection}\n    - ${body.trimStart()}`;
const key = (id: string, user: string, status?: string) =>
  `      ${id}:\n        Type: AWS::IAM::AccessKey\n        Properties:\n          UserName: ${user}\n${status === undefined ? '' : `          Status: ${status}\n`}`;
const consoleUser = (id: string, name: string) =>
  `      ${id}:\n        Type: AWS::IAM::User\n        Properties:\n          UserName: ${name}\n          LoginProfile:\n            Password: "{{resolve:secretsmanager:pw}}"\n`;

async function findings(resources: string, reportUnknown = true): Promise<string[]> {
  const root = tempTree({ 'template.yaml': header + resources }, 'credlint-foreach-unknown-');
  const result = await lint({ paths: [root], cwd: root, reportUnknown });
  return result.findings.map(
    (f) => `${f.ruleId} ${f.severity} ${f.location.logicalPath ?? ''} ${f.location.range.start.line}:${f.location.range.start.column}`,
  );
}

describe('Fn::ForEach over a collection that is not known', () => {
  it('warns of a key in the body, at the body, which may be several keys of one user', async () => {
    expect(await findings(loop('!Ref People', key('Key${Person}', 'ops')))).toEqual(['multiple-active-access-keys warning Resources.Key${Person} 18:7']);
    expect(await findings(loop('!Ref People', key('Key${Person}', 'ops')), false)).toEqual([]);
  });

  it('warns of a console user with a key of its own in every copy', async () => {
    const body = consoleUser('User${Person}', '!Ref Person') + key('Key${Person}', '!Ref {"Fn::Sub": "User${Person}"}');
    expect(await findings(loop('!Ref People', body))).toEqual([
      'console-user-with-access-key warning Resources.User${Person}.Properties.LoginProfile 22:11',
      'root-user-access-key warning Resources.Key${Person} 24:7',
    ]);
  });

  it('counts a key naming the user of its own copy once per copy, and warns of two keys of that user', async () => {
    const user = `      User\${Person}:\n        Type: AWS::IAM::User\n        Properties:\n          UserName: !Sub svc-\${Person}\n`;
    expect(await findings(loop('!Ref People', user + key('Key${Person}', '!Ref User${Person}')))).toEqual([]);
    expect(await findings(loop('!Ref People', user + key('Key${Person}', '!Ref {"Fn::Sub": "User${Person}"}')))).toEqual([]);
    expect(await findings(loop('!Ref People', user + key('Key${Person}', '!Ref User${Person}') + key('Spare${Person}', '!Ref User${Person}')))).toEqual([
      'multiple-active-access-keys warning Resources.Key${Person} 22:7',
      'multiple-active-access-keys warning Resources.Spare${Person} 26:7',
    ]);
  });

  it('warns of two keys of one user per copy, and of a root key', async () => {
    const two = key('First${Person}', '!Sub svc-${Person}') + key('Second${Person}', '!Sub svc-${Person}');
    expect(await findings(loop('!Ref People', two))).toEqual([
      'multiple-active-access-keys warning Resources.First${Person} 18:7',
      'multiple-active-access-keys warning Resources.Second${Person} 22:7',
    ]);
    expect(await findings(loop('!Ref People', key('Root&{Person}', 'root')))).toEqual([
      'multiple-active-access-keys warning Resources.Root&{Person} 18:7',
      'root-user-access-key warning Resources.Root&{Person} 18:7',
    ]);
  });

  it('covers Fn::Split of an unknown string, Fn::GetAZs and Fn::FindInMap of an unknown key', async () => {
    for (const collection of ['!Split [",", !Ref Names]', '!GetAZs ""', '!FindInMap [Teams, !Ref Env, Names]']) {
      expect(await findings(loop(collection, key('Root&{Person}', 'root')))).toEqual([
        'multiple-active-access-keys warning Resources.Root&{Person} 18:7',
        'root-user-access-key warning Resources.Root&{Person} 18:7',
      ]);
    }
  });

  it('makes placeholders of the copies of a known loop nested in an unknown one', async () => {
    const inner = `Fn::ForEach::Slots:\n        - Slot\n        - [A, B]\n        - Key\${Person}\${Slot}:\n            Type: AWS::IAM::AccessKey\n            Properties:\n              UserName: ops\n`;
    expect(await findings(loop('!Ref People', inner))).toEqual([
      'multiple-active-access-keys warning Resources.Key${Person}A 21:11',
      'multiple-active-access-keys warning Resources.Key${Person}B 21:11',
    ]);
  });

  it('gives nothing where no copy could be a finding', async () => {
    const plain = `      User\${Person}:\n        Type: AWS::IAM::User\n        Properties:\n          UserName: !Ref Person\n`;
    expect(await findings(loop('!Ref People', plain))).toEqual([]);
    expect(await findings(loop('!Ref People', key('Key${Person}', 'ops', 'Inactive')))).toEqual([]);
  });

  it('still expands a loop whose collection is known', async () => {
    expect(await findings(loop('[a, b]', key('Key${Person}', 'ops')))).toEqual(['multiple-active-access-keys error Resources.Keyb 18:7']);
  });
});

describe('Fn::ForEach over a written list with an item that is not known', () => {
  it('makes the copies of the known items in every deployment, and one placeholder for the unknown item', async () => {
    const body = consoleUser('User${Person}', '!Ref Person') + key('Key${Person}', '!Ref {"Fn::Sub": "User${Person}"}');
    expect(await findings(loop('[alice, !Ref Names, bob]', body))).toEqual([
      'console-user-with-access-key warning Resources.User${Person}.Properties.LoginProfile 22:11',
      'console-user-with-access-key error Resources.Keyalice 24:7',
      'console-user-with-access-key error Resources.Keybob 24:7',
      'root-user-access-key warning Resources.Key${Person} 24:7',
    ]);
    expect(await findings(loop('[alice, !Ref Names, bob]', body), false)).toEqual([
      'console-user-with-access-key error Resources.Keyalice 24:7',
      'console-user-with-access-key error Resources.Keybob 24:7',
    ]);
  });

  it('makes one placeholder for several unknown items', async () => {
    expect(await findings(loop('[!Ref Names, ops, !Ref Env]', key('Key${Person}', 'ops')))).toEqual([
      'multiple-active-access-keys warning Resources.Key${Person} 18:7',
    ]);
  });

  it('keeps the generated conditions of the known items', async () => {
    const conditions = `Conditions:\n  Fn::ForEach::On:\n    - Person\n    - [alice, !Ref Names]\n    - On\${Person}: !Equals [a, a]\n`;
    const topKey = (id: string, condition: string) => `  ${id}:\n    Type: AWS::IAM::AccessKey\n${condition}    Properties:\n      UserName: alice\n`;
    const template = header.replace('Resources:\n', `${conditions}Resources:\n`) + topKey('First', '') + topKey('Second', '    Condition: Onalice\n');
    const root = tempTree({ 'template.yaml': template }, 'credlint-foreach-partial-');
    const result = await lint({ paths: [root], cwd: root, reportUnknown: true });
    expect(result.findings.map((f) => `${f.ruleId} ${f.severity} ${f.location.logicalPath ?? ''}`)).toEqual([
      'multiple-active-access-keys error Resources.Second',
    ]);
  });
});
