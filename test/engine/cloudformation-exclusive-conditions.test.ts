/**
 * Resources created under CloudFormation conditions that cannot both hold never both exist, whatever
 * the parameters they depend on turn out to be (`src/cloudformation/condition-formulas.ts`): a key
 * under `HasKey` and one under `!Not [!Condition HasKey]`, or under `Env = prod` and `Env = dev`, are
 * never two keys of one user, and a login profile present only where the key is not is no console
 * user's. Conditions that may both hold stay undecided, and conditions a known value makes true give
 * the finding.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { lint } from '../../src/engine.js';
import { removeTempTrees, tempTree } from '../support/temp-tree.js';

afterEach(removeTempTrees);

async function findings(files: Readonly<Record<string, string>>): Promise<string[]> {
  const root = tempTree(files, 'credlint-exclusive-conditions-');
  const result = await lint({ paths: [root], cwd: root, reportUnknown: true });
  return result.findings.map((f) => `${f.severity} ${f.ruleId} ${f.location.file.slice(root.length + 1)}:${f.location.range.start.line} ${f.message}`);
}

const PARAMETERS = `Parameters:
  Mode: { Type: String }
  Env: { Type: String }
  PgpKey: { Type: String }
  Create: { Type: String }
`;

/** Two keys of user `deploy`, each created under its condition (`a`, `b`), with more conditions around. */
const keys = (a: string, b: string, more = '') => `${PARAMETERS}Mappings:
  Regions:
    us-east-1: { Tier: gold }
    eu-west-1: { Tier: silver }
Conditions:
  A: ${a}
  B: ${b}
${more}Resources:
  User: { Type: AWS::IAM::User, Properties: { UserName: deploy } }
  KeyA: { Type: AWS::IAM::AccessKey, Condition: A, Properties: { UserName: !Ref User } }
  KeyB: { Type: AWS::IAM::AccessKey, Condition: B, Properties: { UserName: !Ref User } }
`;

const secondKey = async (files: Readonly<Record<string, string>>) => (await findings(files)).filter((f) => f.includes('multiple-active-access-keys'));
const consoleUser = async (files: Readonly<Record<string, string>>) => (await findings(files)).filter((f) => f.includes('console-user-with-access-key'));

describe('keys created under conditions that cannot both hold', () => {
  it('are never two keys of one user', async () => {
    for (const [a, b, more] of [
      ['!Equals [!Ref Mode, key]', '!Not [!Condition HasKey]', '  HasKey: !Equals [!Ref Mode, key]\n'],
      ['!Equals [!Ref PgpKey, ""]', '!Not [!Equals [!Ref PgpKey, ""]]'],
      ['!Equals [!Ref Env, prod]', '!Equals [dev, !Ref Env]'],
      ['!Equals [!Ref Env, prod]', '!Or [!Equals [!Ref Env, dev], !Equals [!Ref Env, test]]'],
      [
        '!And [!Equals [!Ref Create, "true"], !Equals [!Ref PgpKey, ""]]',
        '!And [!Condition Creating, !Not [!Equals [!Ref PgpKey, ""]]]',
        '  Creating: !Equals [!Ref Create, "true"]\n',
      ],
      ['!Equals [!Ref "AWS::Region", us-east-1]', '!Equals [!Sub "${AWS::Region}", eu-west-1]'],
      ['!Equals [!FindInMap [Regions, !Ref "AWS::Region", Tier], gold]', '!Equals [!FindInMap [Regions, !Ref "AWS::Region", Tier], silver]'],
      // Compared as written when nothing else names the value: one Fn::GetAtt has one value in a stack.
      ['!Equals [!GetAtt User.Arn, x]', '!Not [!Equals [!GetAtt User.Arn, x]]'],
      ['!Equals [!Ref Env, !Ref Mode]', '!Not [!Equals [!Ref Mode, !Ref Env]]'],
    ] as [string, string, string?][]) {
      expect(await secondKey({ 't.yaml': keys(a, b, more) }), `${a} / ${b}`).toEqual([]);
    }
  });

  it('stay undecided where both conditions may hold', async () => {
    for (const [a, b] of [
      ['!Equals [!Ref Mode, key]', '!Equals [!Ref "AWS::Region", us-east-1]'],
      ['!Or [!Equals [!Ref Env, prod], !Equals [!Ref Env, staging]]', '!Or [!Equals [!Ref Env, dev], !Equals [!Ref Env, staging]]'],
      ['!Equals [!Ref Env, prod]', '!Not [!Equals [!Ref Env, dev]]'],
      ['!Equals [!Ref Env, !Ref Mode]', '!Equals [!Ref Env, prod]'],
      ['!Equals [!Ref Mode, key]', '!Equals [!Ref Mode, key]'],
    ] as [string, string][]) {
      expect(await secondKey({ 't.yaml': keys(a, b) }), `${a} / ${b}`).toHaveLength(2);
    }
  });

  it('are one active key, a second beside a third that always exists, where one of the conditions always holds', async () => {
    const third = `${keys('!Equals [!Ref Mode, key]', '!Not [!Equals [!Ref Mode, key]]')}  KeyC: { Type: AWS::IAM::AccessKey, Properties: { UserName: deploy } }
`;
    expect(await secondKey({ 't.yaml': third })).toEqual([
      'error multiple-active-access-keys t.yaml:15 IAM user "deploy" has 2 active access keys (KeyC, either KeyA or KeyB); at most one may be active.',
    ]);
  });

  it('are each a second key beside a third where the conditions read a mapping, whose entry may be missing', async () => {
    const tier = '!Equals [!FindInMap [Regions, !Ref "AWS::Region", Tier], gold]';
    const third = `${keys(tier, `!Not [${tier}]`)}  KeyC: { Type: AWS::IAM::AccessKey, Properties: { UserName: deploy } }
`;
    expect(await secondKey({ 't.yaml': third })).toEqual([
      'warning multiple-active-access-keys t.yaml:15 Cannot tell whether KeyA is a second active access key of a user: condition A is unknown: pseudo parameter AWS::Region has no value before deployment; Fn::FindInMap Regions finds one of 2 values.',
      'warning multiple-active-access-keys t.yaml:16 Cannot tell whether KeyB is a second active access key of a user: condition B is unknown: pseudo parameter AWS::Region has no value before deployment; Fn::FindInMap Regions finds one of 2 values.',
    ]);
  });

  it('stay undecided, without exploring every combination, under conditions that name each other exponentially often', async () => {
    const levels = Array.from({ length: 60 }, (_, i) => `  L${i + 1}: !And [!Condition L${i}, !Condition L${i}]\n`).join('');
    const template = keys('!Condition L60', '!Not [!Condition L0]', `  L0: !Equals [!Ref Mode, key]\n${levels}`);
    expect(await secondKey({ 't.yaml': template })).toHaveLength(2);
  });

  it('are read alike in JSON', async () => {
    const template = {
      Parameters: { Env: { Type: 'String' } },
      Conditions: { Prod: { 'Fn::Equals': [{ Ref: 'Env' }, 'prod'] }, Dev: { 'Fn::Equals': [{ Ref: 'Env' }, 'dev'] } },
      Resources: {
        KeyA: { Type: 'AWS::IAM::AccessKey', Condition: 'Prod', Properties: { UserName: 'deploy' } },
        KeyB: { Type: 'AWS::IAM::AccessKey', Condition: 'Dev', Properties: { UserName: 'deploy' } },
      },
    };
    expect(await secondKey({ 't.json': JSON.stringify(template, null, 2) })).toEqual([]);
    template.Conditions.Dev = { 'Fn::Equals': [{ Ref: 'AWS::Region' }, 'eu-west-1'] };
    expect(await secondKey({ 't.json': JSON.stringify(template, null, 2) })).toHaveLength(2);
  });

  it('give the finding where a known value makes both true', async () => {
    const both = keys('!Or [!Equals [!Ref Mode, key], !Equals [!Ref Mode, both]]', '!Equals [!Ref Mode, both]').replace(
      'Mode: { Type: String }',
      'Mode: { Type: String, Default: both }',
    );
    expect(await secondKey({ 't.yaml': both })).toEqual([
      'error multiple-active-access-keys t.yaml:16 IAM user "deploy" has 2 active access keys (KeyA, KeyB); at most one may be active.',
    ]);
  });
});

describe('a login profile and a key under conditions that cannot both hold', () => {
  const CONSOLE = `${PARAMETERS}Conditions:
  HasKey: !Equals [!Ref Mode, key]
  HasConsole: !Not [!Condition HasKey]
Resources:
`;

  it('are no console user with a key, whether the profile is switched by Fn::If, by Properties or by the user', async () => {
    for (const user of [
      'User:\n    Type: AWS::IAM::User\n    Properties:\n      UserName: deploy\n      LoginProfile: !If [HasConsole, { Password: x }, !Ref AWS::NoValue]\n',
      'User:\n    Type: AWS::IAM::User\n    Properties: !If [HasKey, { UserName: deploy }, { UserName: deploy, LoginProfile: { Password: x } }]\n',
      'User:\n    Type: AWS::IAM::User\n    Condition: HasConsole\n    Properties: { UserName: deploy, LoginProfile: { Password: x } }\n',
    ]) {
      const template = `${CONSOLE}  ${user}  Key: { Type: AWS::IAM::AccessKey, Condition: HasKey, Properties: { UserName: deploy } }\n`;
      expect(await consoleUser({ 't.yaml': template }), user).toEqual([]);
    }
  });

  it('stay undecided where the key may exist beside the profile', async () => {
    const template = `${CONSOLE}  User:
    Type: AWS::IAM::User
    Properties:
      UserName: deploy
      LoginProfile: !If [HasConsole, { Password: x }, !Ref AWS::NoValue]
  Key: { Type: AWS::IAM::AccessKey, Condition: HasKey, Properties: { UserName: deploy } }
  Spare: { Type: AWS::IAM::AccessKey, Condition: HasConsole, Properties: { UserName: deploy } }
`;
    expect(await consoleUser({ 't.yaml': template })).toEqual([
      'warning console-user-with-access-key t.yaml:14 Cannot tell whether User.LoginProfile belongs to a console user with an active access key: LoginProfile: condition HasConsole is unknown: condition HasKey is unknown: parameter Mode has no value (no Default, not given by --parameter).',
    ]);
  });
});

describe('a console user with keys under conditions one of which always holds', () => {
  const pgp = (more = '', under = '') => `${PARAMETERS}Conditions:
  HasPgp: !Not [!Equals [!Ref PgpKey, ""]]
  NoPgp: !Not [!Condition HasPgp]
${more}Resources:
  User: { Type: AWS::IAM::User, Properties: { UserName: deploy, LoginProfile: { Password: x } } }
  Sealed: { Type: AWS::IAM::AccessKey, Condition: HasPgp${under}, Properties: { UserName: !Ref User } }
  Plain: { Type: AWS::IAM::AccessKey, Condition: NoPgp${under}, Properties: { UserName: !Ref User } }
`;

  it('has one of the keys, whatever the parameter turns out to be', async () => {
    expect(await consoleUser({ 't.yaml': pgp() })).toEqual([
      'error console-user-with-access-key t.yaml:11 IAM user "deploy" has a console password (User.LoginProfile) and an active access key: Sealed or Plain, one of which always exists.',
    ]);
  });

  it('stays undecided where both keys sit in a nested stack that may not exist', async () => {
    const child = pgp()
      .replace(/^ {2}User: .*\n/m, '')
      .replaceAll('!Ref User', 'deploy')
      .replace('Parameters:', 'AWSTemplateFormatVersion: "2010-09-09"\nParameters:');
    const parent = `${PARAMETERS}Conditions:
  Nested: !Equals [!Ref Create, "true"]
Resources:
  User: { Type: AWS::IAM::User, Properties: { UserName: deploy, LoginProfile: { Password: x } } }
  Keys:
    Type: AWS::CloudFormation::Stack
    Condition: Nested
    Properties: { TemplateURL: child.yaml, Parameters: { PgpKey: !Ref PgpKey } }
`;
    expect(await consoleUser({ 't.yaml': parent, 'child.yaml': child })).toHaveLength(2);
  });

  it('stays undecided where a condition also reads a mapping entry, which may be missing', async () => {
    const template = pgp('  Gold: !Equals [!FindInMap [Tiers, !Ref Env, Name], gold]\n')
      .replace('Conditions:', 'Mappings:\n  Tiers:\n    prod: { Name: gold }\n    dev: { Name: silver }\nConditions:')
      .replace('HasPgp: !Not [!Equals [!Ref PgpKey, ""]]', 'HasPgp: !And [!Condition Gold, !Not [!Equals [!Ref PgpKey, ""]]]');
    expect((await consoleUser({ 't.yaml': template })).map((f) => f.split(' ')[0])).toEqual(['warning', 'warning']);
  });
});

describe('conditions on a parameter restricted by AllowedValues', () => {
  const allowed = (values: string, a: string, b: string) =>
    keys(a, b).replace('Env: { Type: String }', `Env: { Type: String, AllowedValues: [${values}] }`) +
    '  KeyC: { Type: AWS::IAM::AccessKey, Properties: { UserName: deploy } }\n';

  it('hold for one of the values it may take, one of them always where they cover them all', async () => {
    expect(await secondKey({ 't.yaml': allowed('dev, prod', '!Equals [!Ref Env, prod]', '!Equals [dev, !Ref Env]') })).toEqual([
      'error multiple-active-access-keys t.yaml:15 IAM user "deploy" has 2 active access keys (KeyC, either KeyA or KeyB); at most one may be active.',
    ]);
    expect(await secondKey({ 't.yaml': allowed('dev, prod, test', '!Equals [!Ref Env, prod]', '!Equals [dev, !Ref Env]') })).toHaveLength(2);
  });

  it('never both hold where each excludes one of two values', async () => {
    const template = allowed('dev, prod', '!Not [!Equals [!Ref Env, prod]]', '!Not [!Equals [!Ref Env, dev]]').replace(/ {2}KeyC: .*\n/, '');
    expect(await secondKey({ 't.yaml': template })).toEqual([]);
    expect(await secondKey({ 't.yaml': template.replace('[dev, prod]', '[dev, prod, test]') })).toHaveLength(2);
  });
});

describe('conditions across nested stacks', () => {
  const parent = (child: string) => `Parameters:
  Mode: { Type: String }
Conditions:
  HasKey: !Equals [!Ref Mode, key]
Resources:
  Key: { Type: AWS::IAM::AccessKey, Condition: HasKey, Properties: { UserName: deploy } }
  Child:
    Type: AWS::CloudFormation::Stack
${child}`;
  const CHILD_KEY = `AWSTemplateFormatVersion: "2010-09-09"
Parameters:
  ChildMode: { Type: String }
Conditions:
  Keyed: !Equals [!Ref ChildMode, other]
Resources:
  Key: { Type: AWS::IAM::AccessKey, Condition: Keyed, Properties: { UserName: deploy } }
`;

  it('compare a parameter the parent passes as the parent value', async () => {
    const files = { 't.yaml': parent('    Properties:\n      TemplateURL: child.yaml\n      Parameters: { ChildMode: !Ref Mode }\n'), 'child.yaml': CHILD_KEY };
    expect(await secondKey(files)).toEqual([]);
  });

  it('keep a child stack under its parent condition', async () => {
    const child = 'AWSTemplateFormatVersion: "2010-09-09"\nResources:\n  Key: { Type: AWS::IAM::AccessKey, Properties: { UserName: deploy } }\n';
    const files = {
      't.yaml': parent('    Condition: NoKey\n    Properties: { TemplateURL: child.yaml }\n').replace(
        'Resources:',
        '  NoKey: !Not [!Condition HasKey]\nResources:',
      ),
      'child.yaml': child,
    };
    expect(await secondKey(files)).toEqual([]);
  });

  it('compare it alike through a SAM application', async () => {
    const sam = parent('    Properties:\n      Location: child.yaml\n      Parameters: { ChildMode: !Ref Mode }\n')
      .replace('Type: AWS::CloudFormation::Stack', 'Type: AWS::Serverless::Application')
      .replace('Parameters:\n  Mode', 'Transform: AWS::Serverless-2016-10-31\nParameters:\n  Mode');
    expect(await secondKey({ 't.yaml': sam, 'child.yaml': CHILD_KEY })).toEqual([]);
    // The application's key is read: under a condition that may hold with the parent's, both stay undecided.
    expect(
      await secondKey({ 't.yaml': sam, 'child.yaml': CHILD_KEY.replace('!Equals [!Ref ChildMode, other]', '!Equals [!Ref ChildMode, key]') }),
    ).toHaveLength(2);
  });

  it('stay undecided for a child parameter of another value', async () => {
    const files = {
      // A stack name may be "other"; a Region, which holds a dash, may not (cloudformation-pseudo-parameter-shapes).
      't.yaml': parent('    Properties:\n      TemplateURL: child.yaml\n      Parameters: { ChildMode: !Ref "AWS::StackName" }\n'),
      'child.yaml': CHILD_KEY,
    };
    expect(await secondKey(files)).toHaveLength(2);
  });
});

describe('keys whose Status is chosen by conditions that cannot both make them active', () => {
  const rotation = (old: string, next: string, more = '') => `Parameters:
  UseNewKey: { Type: String }
  KeyStatus: { Type: String }
Conditions:
  New: !Equals [!Ref UseNewKey, "true"]
${more}Resources:
  Old: { Type: AWS::IAM::AccessKey, Properties: { UserName: ops, Status: ${old} } }
  Next: { Type: AWS::IAM::AccessKey, Properties: { UserName: ops, Status: ${next} } }
`;

  it('are never two active keys', async () => {
    for (const [old, next, more] of [
      ['!If [New, Inactive, Active]', '!If [New, Active, Inactive]'],
      ['!If [New, Inactive, !Ref AWS::NoValue]', '!If [New, !Ref AWS::NoValue, Expired]'],
      ['!Ref KeyStatus', '!If [Retired, Active, Inactive]', '  Retired: !Equals [!Ref KeyStatus, Inactive]\n'],
    ] as [string, string, string?][]) {
      expect(await secondKey({ 't.yaml': rotation(old, next, more) }), `${old} / ${next}`).toEqual([]);
    }
  });

  it('stay undecided where both may be active', async () => {
    for (const [old, next] of [
      ['!If [New, Inactive, Active]', '!If [New, Active, !Ref KeyStatus]'],
      ['!Ref KeyStatus', '!If [New, Active, Inactive]'],
      ['!If [New, Active, Inactive]', '!If [New, Active, Inactive]'],
    ] as [string, string][]) {
      expect(await secondKey({ 't.yaml': rotation(old, next) }), `${old} / ${next}`).toHaveLength(1);
    }
  });

  it("are one active key where one of them always is: a second beside a third key, and a console user's key", async () => {
    for (const [old, next] of [
      ['!If [New, Inactive, Active]', '!If [New, Active, Inactive]'],
      ['!If [New, Inactive, !Ref AWS::NoValue]', '!If [New, !Ref AWS::NoValue, Expired]'],
    ] as [string, string][]) {
      const third = `${rotation(old, next)}  Third: { Type: AWS::IAM::AccessKey, Properties: { UserName: ops } }\n`;
      expect(await secondKey({ 't.yaml': third }), `${old} / ${next}`).toEqual([
        'error multiple-active-access-keys t.yaml:7 IAM user "ops" has 2 active access keys (Third, either Old or Next); at most one may be active.',
      ]);
      const console = `${rotation(old, next)}  User: { Type: AWS::IAM::User, Properties: { UserName: ops, LoginProfile: { Password: x } } }\n`;
      expect(await consoleUser({ 't.yaml': console }), `${old} / ${next}`).toEqual([
        'error console-user-with-access-key t.yaml:7 IAM user "ops" has a console password (User.LoginProfile) and an active access key: Old or Next, one of which is always active.',
      ]);
    }
    // Where both may be inactive (KeyStatus Expired), the console user's key stays undecided.
    const maybeNone = `${rotation('!Ref KeyStatus', '!If [Retired, Active, Inactive]', '  Retired: !Equals [!Ref KeyStatus, Inactive]\n')}  User: { Type: AWS::IAM::User, Properties: { UserName: ops, LoginProfile: { Password: x } } }\n`;
    expect((await consoleUser({ 't.yaml': maybeNone })).map((f) => f.split(' ')[0])).toEqual(['warning']);
  });

  it('leave no console user where the key is active only without the login profile', async () => {
    const template = `Parameters:
  Mode: { Type: String }
Conditions:
  Console: !Equals [!Ref Mode, console]
Resources:
  User:
    Type: AWS::IAM::User
    Properties:
      UserName: ops
      LoginProfile: !If [Console, { Password: x }, !Ref AWS::NoValue]
  Key: { Type: AWS::IAM::AccessKey, Properties: { UserName: ops, Status: !If [Console, Inactive, Active] } }
`;
    expect(await consoleUser({ 't.yaml': template })).toEqual([]);
    expect(await consoleUser({ 't.yaml': template.replace('[Console, Inactive, Active]', '[Console, Active, Inactive]') })).toHaveLength(1);
  });

  it('are not a second key beside a key created only where they are inactive', async () => {
    const template = rotation('!If [New, Inactive, Active]', 'Inactive').replace(
      '  Next:',
      '  Spare: { Type: AWS::IAM::AccessKey, Condition: New, Properties: { UserName: ops } }\n  Next:',
    );
    expect(await secondKey({ 't.yaml': template })).toEqual([]);
  });
});

describe('keys whose user is chosen by a condition', () => {
  const chosen = (a: string, b: string, more = '') => `Parameters:
  Env: { Type: String }
Conditions:
  Prod: !Equals [!Ref Env, prod]
Resources:
  A: { Type: AWS::IAM::AccessKey, ${more}Properties: { UserName: ${a} } }
  B: { Type: AWS::IAM::AccessKey, Properties: { UserName: ${b} } }
`;

  it('are never two keys of one user where the conditions give them different users', async () => {
    for (const [a, b, more] of [
      ['!If [Prod, ops, ci]', '!If [Prod, ci, ops]'],
      ['!If [Prod, ops, ci]', '!If [Prod, CI, OPS]'],
      ['ops', '!If [Prod, ci, ops]', 'Condition: Prod, '],
      ['!If [Prod, ops, !If [Staging, ci, deploy]]', '!If [Prod, ci, ops]', ''],
    ] as [string, string, string?][]) {
      const template = chosen(a, b, more).replace('Conditions:', 'Conditions:\n  Staging: !Equals [!Ref Env, staging]');
      expect(await secondKey({ 't.yaml': template }), `${a} / ${b}`).toEqual([]);
    }
  });

  it('stay undecided where they may be of one user', async () => {
    for (const [a, b] of [
      ['!If [Prod, ops, ci]', '!If [Prod, OPS, deploy]'],
      ['ops', '!If [Prod, ci, ops]'],
      ['!If [Prod, ops, ci]', '!If [Prod, ci, !Ref Env]'],
    ] as [string, string][]) {
      expect(await secondKey({ 't.yaml': chosen(a, b) }), `${a} / ${b}`).not.toEqual([]);
    }
  });

  it("leave no console user where the key is the user's only when its login profile is not there", async () => {
    const template = `Parameters:
  Env: { Type: String }
Conditions:
  Prod: !Equals [!Ref Env, prod]
Resources:
  User: { Type: AWS::IAM::User, Condition: Prod, Properties: { UserName: ops, LoginProfile: { Password: x } } }
  Key: { Type: AWS::IAM::AccessKey, Properties: { UserName: !If [Prod, ci, ops] } }
`;
    expect(await consoleUser({ 't.yaml': template })).toEqual([]);
    expect(await consoleUser({ 't.yaml': template.replace('[Prod, ci, ops]', '[Prod, ops, ci]') })).toHaveLength(1);
  });
});
