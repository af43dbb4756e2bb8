/**
 * A `String` parameter without a value is matched as a whole by its `AllowedPattern` (README,
 * "Rules"): a pattern that never matches `root` rules it out, one with a fixed start, end or a few
 * alternatives narrows the name, as `AllowedValues` do. Patterns RE2 refuses, or that Java reads
 * otherwise, tell nothing; a pattern too large to match within `regexSteps` is reported.
 */
import { mkdirSync, mkdtempSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { lint } from '../../src/engine.js';
import type { Finding } from '../../src/core/finding.js';
import { keysOf, loadOne } from '../support/cloudformation-harness.js';

const roots: string[] = [];
afterAll(() => {
  for (const root of roots) rmSync(root, { recursive: true, force: true });
});

async function findings(files: Readonly<Record<string, string>>): Promise<readonly Finding[]> {
  const root = realpathSync(mkdtempSync(join(tmpdir(), 'credlint-pattern-')));
  roots.push(root);
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(dirname(join(root, name)), { recursive: true });
    writeFileSync(join(root, name), text);
  }
  return (await lint({ paths: [root], cwd: root, reportUnknown: true })).findings;
}

/** A template whose key's user is the parameter `Who`, declared with these YAML properties. */
const keyOf = (who: string) => ({
  'template.yaml': `Parameters:\n  Who:\n    Type: String\n${who.replace(/^/gm, '    ')}\nResources:\n  Key:\n    Type: AWS::IAM::AccessKey\n    Properties:\n      UserName: !Ref Who\n`,
});

const yamlString = (pattern: string) => `'${pattern.replace(/'/g, "''")}'`;

async function rootResults(who: string): Promise<string[]> {
  const all = await findings(keyOf(who));
  return all.filter((f) => f.ruleId === 'root-user-access-key' || f.ruleId === 'parse-error').map((f) => `${f.ruleId} ${f.severity}`);
}

describe('AllowedPattern of a parameter without a value', () => {
  it.each([
    ['a fixed prefix', 'svc-[a-z0-9]+'],
    ['a fixed suffix, anchored', '^[a-z]+-ci$'],
    ['a separator root does not hold', '[a-z]+[-_.][a-z]+'],
    ['a finite alternation', '(build|deploy)-ci'],
    ['a least length', '[a-z]{5,64}'],
    ['a class of a few characters', 'r[ab]ot'],
    ['a digit root does not hold, whatever the case', '[A-Za-z]+[0-9]+'],
    ['a capital start root lacks in no case mix, but a digit end', '[A-Z][a-z]*\\d'],
    ['an optional part', 'admin(-[a-z]+)?'],
    ['a repetition of a group', '(ab)+'],
    ['quoted text', '\\Qops.\\E[a-z]+'],
  ])('%s never matches root: no warning', async (_, pattern) => {
    expect(await rootResults(`AllowedPattern: ${yamlString(pattern)}`)).toEqual([]);
  });

  it.each([
    ['a class of letters', '[a-z]+'],
    ['case-insensitive text that is root', '(?i)ROOT|admin'],
    ['a class of letters with a capital start', '[A-Z][a-z]+'],
    // RE2 refuses lookaround: the pattern tells nothing.
    ['a negative lookahead', '^(?!root$).*'],
    // Java's class intersection: RE2 reads it as another class, so it tells nothing.
    ['a Java class intersection', '[a-z&&[^r]][a-z]*'],
    // Java's \\v is vertical whitespace, RE2's a vertical tab.
    ['a Java escape RE2 reads otherwise', '[a-z]+\\v?'],
    ['a Java backreference', '(r)oo\\1?t'],
    ['a Java POSIX class', '\\p{Lower}+'],
    ['an invalid pattern', '[a-z'],
  ])('%s may match root: still warns', async (_, pattern) => {
    expect(await rootResults(`AllowedPattern: ${yamlString(pattern)}`)).toEqual(['root-user-access-key warning']);
  });

  it('does not read the pattern of a NoEcho parameter, nor use it over a value given', async () => {
    expect(await rootResults("NoEcho: true\nAllowedPattern: 'svc-.+'")).toEqual(['root-user-access-key warning']);
    // CloudFormation checks a Default against the pattern too; the value is the Default.
    expect(await rootResults("Default: root\nAllowedPattern: '[a-z]+'")).toEqual(['root-user-access-key error']);
  });

  it('makes a pattern matching one string that string, and one of a few strings one of them', async () => {
    expect(await rootResults("AllowedPattern: '^Root$'")).toEqual(['root-user-access-key error']);
    const unit = await loadOne('t.yaml', keyOf("AllowedPattern: '(build|deploy)-ci'")['template.yaml']);
    expect(keysOf(unit)).toEqual([
      'Key ?parameter Who has no value (no Default, not given by --parameter), and it may be any of the values its AllowedPattern matches Active',
    ]);
  });

  it('keeps only the AllowedValues the pattern matches', async () => {
    expect(await rootResults("AllowedValues: [root, ops]\nAllowedPattern: '[a-z]{3}'")).toEqual([]);
    expect(await rootResults("AllowedValues: [root, ops, ci]\nAllowedPattern: '[a-z]{2,3}'")).toEqual([]);
    // A pattern no allowed value passes leaves the AllowedValues as they are.
    expect(await rootResults("AllowedValues: [root, ops]\nAllowedPattern: '[0-9]+'")).toEqual(['root-user-access-key warning']);
  });

  it('decides Fn::Equals and key statuses with it', async () => {
    const text = `Parameters:
  Env: { Type: String, AllowedPattern: 'env-[a-z]+' }
  OldStatus: { Type: String, AllowedPattern: 'Inactive|Expired' }
  Quiet: { Type: String, AllowedPattern: 'In[a-z]+' }
Conditions:
  IsProd: !Equals [!Ref Env, prod]
Resources:
  ProdKey: { Type: AWS::IAM::AccessKey, Condition: IsProd, Properties: { UserName: ci } }
  Old: { Type: AWS::IAM::AccessKey, Properties: { UserName: ci, Status: !Ref OldStatus } }
  QuietKey: { Type: AWS::IAM::AccessKey, Properties: { UserName: ci, Status: !Ref Quiet } }
  New: { Type: AWS::IAM::AccessKey, Properties: { UserName: ci } }
`;
    expect(keysOf(await loadOne('t.yaml', text)).map((k) => k.replace(/ \?.*/, ' ?'))).toEqual(['Old ci ?', 'QuietKey ci ?', 'New ci Active']);
    // Neither Old (Inactive or Expired) nor QuietKey (never exactly Active) may be a second active key.
    const all = await findings({ 'template.yaml': text });
    expect(all.filter((f) => f.ruleId === 'multiple-active-access-keys')).toEqual([]);
  });
});

describe('key statuses produced by intrinsic functions', () => {
  it('are active, inactive or unknown as the deployment would make them', async () => {
    const text = `Parameters:
  Retired: { Type: String, AllowedValues: [Active, Inactive], Default: Inactive }
  Chosen: { Type: String, AllowedValues: [Active, Inactive] }
Conditions:
  East: !Equals [!Ref "AWS::Region", us-east-1]
Resources:
  Current: { Type: AWS::IAM::AccessKey, Properties: { UserName: ci } }
  EitherOff: { Type: AWS::IAM::AccessKey, Properties: { UserName: ci, Status: !If [East, Inactive, Expired] } }
  Defaulted: { Type: AWS::IAM::AccessKey, Properties: { UserName: ci, Status: !Ref Retired } }
  MaybeDefault: { Type: AWS::IAM::AccessKey, Properties: { UserName: ci, Status: !If [East, Inactive, !Ref "AWS::NoValue"] } }
  MaybeChosen: { Type: AWS::IAM::AccessKey, Properties: { UserName: ci, Status: !Ref Chosen } }
`;
    const warned = (await findings({ 'template.yaml': text }))
      .filter((f) => f.ruleId === 'multiple-active-access-keys')
      .map((f) => f.message.replace(/:.*/, ''));
    // EitherOff is Inactive or Expired, Defaulted Inactive; MaybeDefault may keep the default Active, MaybeChosen be Active.
    expect(warned).toEqual(['IAM user "ci" has an active access key and access key MaybeDefault may be active too']);
    expect(keysOf(await loadOne('t.yaml', text)).map((k) => k.replace(/ \?.*/, ' ?'))).toEqual([
      'Current ci Active',
      // Inactive or Expired whichever way East goes: not active in any deployment.
      'EitherOff ci Inactive',
      'Defaulted ci Inactive',
      'MaybeDefault ci ?',
      'MaybeChosen ci ?',
    ]);
  });
});

describe('key statuses CloudFormation does not document', () => {
  it('are unknown, not inactive: only Active, Inactive and Expired are known', async () => {
    const text = `Parameters:
  Lower: { Type: String, AllowedValues: [active, inactive] }
Resources:
  Written: { Type: AWS::IAM::AccessKey, Properties: { UserName: ci, Status: active } }
  Shouted: { Type: AWS::IAM::AccessKey, Properties: { UserName: ops, Status: ACTIVE } }
  Expired: { Type: AWS::IAM::AccessKey, Properties: { UserName: ops, Status: Expired } }
  FromList: { Type: AWS::IAM::AccessKey, Properties: { UserName: dev, Status: !Ref Lower } }
  Current: { Type: AWS::IAM::AccessKey, Properties: { UserName: dev } }
`;
    expect(keysOf(await loadOne('t.yaml', text))).toEqual([
      'Written ci ?Status "active" is not Active or Inactive, the values CloudFormation documents (case matters), so what it deploys is not known',
      'Shouted ops ?Status "ACTIVE" is not Active or Inactive, the values CloudFormation documents (case matters), so what it deploys is not known',
      'Expired ops Expired',
      'FromList dev ?parameter Lower has no value (no Default, not given by --parameter), and it may be any of its AllowedValues',
      'Current dev Active',
    ]);
    const all = await findings({ 'template.yaml': text });
    // No finding is assumed; --report-unknown says FromList may be dev's second active key.
    expect(all.filter((f) => !f.unknown)).toEqual([]);
    expect(all.filter((f) => f.ruleId === 'multiple-active-access-keys').map((f) => f.message.replace(/:.*/, ''))).toEqual([
      'IAM user "dev" has an active access key and access key FromList may be active too',
    ]);
  });
});

describe('constraints of a nested stack parameter on a value its parent does not know', () => {
  const nested = (parentParameter: string, childParameter: string) => ({
    'parent.yaml': `Parameters:\n  Who:\n    Type: String\n${parentParameter.replace(/^/gm, '    ')}\nResources:\n  Child:\n    Type: AWS::CloudFormation::Stack\n    Properties:\n      TemplateURL: ./child.yaml\n      Parameters:\n        KeyUser: !Ref Who\n`,
    'child.yaml': `Parameters:\n  KeyUser:\n    Type: String\n${childParameter.replace(/^/gm, '    ')}\nResources:\n  Key:\n    Type: AWS::IAM::AccessKey\n    Properties:\n      UserName: !Ref KeyUser\n`,
  });
  const rootResultsOf = async (files: Readonly<Record<string, string>>) =>
    (await findings(files)).filter((f) => f.ruleId === 'root-user-access-key' || f.ruleId === 'parse-error').map((f) => `${f.ruleId} ${f.severity}`);

  it("narrows the value the parent passes as CloudFormation checks it against the child stack's constraints", async () => {
    expect(await rootResultsOf(nested('Description: any name', "AllowedPattern: 'svc-[a-z]+'"))).toEqual([]);
    expect(await rootResultsOf(nested('MinLength: 1', 'MinLength: 5'))).toEqual([]);
    // One of the parent's allowed values is left by the child's: that is the value.
    expect(await rootResultsOf(nested('AllowedValues: [root, ops]', 'AllowedValues: [ops, ci]'))).toEqual([]);
    expect(await rootResultsOf(nested('AllowedValues: [root, ops]', "AllowedPattern: 'r.*'"))).toEqual(['root-user-access-key error']);
    expect(await rootResultsOf(nested('Description: any name', "AllowedPattern: '[a-z]+'"))).toEqual(['root-user-access-key warning']);
  });
});

describe('AllowedPattern on hostile input', () => {
  it('reports a pattern too large to match within regexSteps, and keeps other findings', async () => {
    const huge = `(${Array.from({ length: 3000 }, (_, i) => `u${i}`).join('|')})`;
    const results = await findings({
      ...keyOf(`AllowedPattern: '${huge}'`),
      'other/template.yaml': 'Resources:\n  K:\n    Type: AWS::IAM::AccessKey\n    Properties:\n      UserName: root\n',
    });
    expect(results.map((f) => `${f.ruleId} ${f.severity}`).sort()).toEqual(['parse-error error', 'root-user-access-key error', 'root-user-access-key warning']);
    expect(results.find((f) => f.ruleId === 'parse-error')?.message).toMatch(/AllowedPattern is too large/);
  });

  it('reports matching many allowed values against a large pattern past regexSteps, and reads a small one quickly', async () => {
    const values = Array.from({ length: 5000 }, (_, i) => `user${i}`).join(', ');
    const started = Date.now();
    expect(await rootResults(`AllowedValues: [${values}]\nAllowedPattern: '[a-z]+[0-9]+'`)).toEqual([]);
    expect(await rootResults(`AllowedValues: [${values}, root]\nAllowedPattern: '${'[a-z0-9]?'.repeat(1200)}'`)).toEqual([
      'parse-error error',
      'root-user-access-key warning',
    ]);
    expect(Date.now() - started).toBeLessThan(20_000);
  });

  it('reads deep nesting, nested repetition and long alternations in bounded time, telling nothing where RE2 refuses', async () => {
    const started = Date.now();
    expect(await rootResults(`AllowedPattern: '${'('.repeat(5000)}a${')'.repeat(5000)}'`)).toEqual(['root-user-access-key warning']);
    // Nested past what the structure reader follows: matching still rules root out.
    expect(await rootResults(`AllowedPattern: '${'('.repeat(150)}x${')'.repeat(150)}[a-z]*'`)).toEqual([]);
    expect(await rootResults("AllowedPattern: '(a+)+$'")).toEqual([]);
    expect(await rootResults("AllowedPattern: '((a{10}){10}){10}'")).toEqual([]);
    expect(await rootResults(`AllowedPattern: '(${'[a-z]?'.repeat(800)})x'`)).toEqual([]);
    expect(Date.now() - started).toBeLessThan(20_000);
  });
});

describe('Fn::FindInMap under keys not known', () => {
  it('is one of the literal values under the keys they may be', async () => {
    const text = `Parameters:
  Env: { Type: String, AllowedValues: [dev, prod] }
  Any: { Type: String }
Mappings:
  Keys:
    dev: { Status: Inactive, User: dev-ci }
    prod: { Status: Inactive, User: prod-ci }
    test: { Status: Active, User: root }
Resources:
  ByEnv: { Type: AWS::IAM::AccessKey, Properties: { UserName: !FindInMap [Keys, !Ref Env, User], Status: !FindInMap [Keys, !Ref Env, Status] } }
  ByAny: { Type: AWS::IAM::AccessKey, Properties: { UserName: !FindInMap [Keys, !Ref Any, User], Status: !FindInMap [Keys, !Ref Any, Status] } }
  Fallback: { Type: AWS::IAM::AccessKey, Properties: { UserName: ci, Status: !FindInMap [Keys, !Ref Any, Missing, { DefaultValue: Inactive }] } }
`;
    const keys = keysOf(await loadOne('t.yaml', text));
    expect(keys[0]).toMatch(/^ByEnv \?parameter Env .*; Fn::FindInMap Keys finds one of 2 values Inactive$/);
    expect(keys[1]).toMatch(/^ByAny \?parameter Any .*; Fn::FindInMap Keys finds one of 3 values \?parameter Any .*Fn::FindInMap Keys finds one of 2 values$/);
    expect(keys[2]).toBe('Fallback ci Inactive');
  });
});
