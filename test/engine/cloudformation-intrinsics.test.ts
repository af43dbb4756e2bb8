import { describe, expect, it } from 'vitest';
import { range } from '../../src/core/location.js';
import { keysOf, loadOne, loadTree } from '../support/cloudformation-harness.js';

/** A template whose keys' UserName / Status are the given YAML snippets (one key per entry). */
function keysTemplate(header: string, keys: Readonly<Record<string, string>>): string {
  const resources = Object.entries(keys)
    .map(([id, props]) => `  ${id}:\n    Type: AWS::IAM::AccessKey\n    Properties:\n${props.replace(/^/gm, '      ')}\n`)
    .join('');
  return `${header}\nResources:\n  Builder:\n    Type: AWS::IAM::User\n    Properties:\n      UserName: builder\n${resources}`;
}

describe('intrinsic functions in key user names', () => {
  it('evaluates Ref of parameters (Default, --parameter), pseudo parameters and AWS::NoValue', async () => {
    const header = `Parameters:
  Name: { Type: String, Default: root }
  Required: { Type: String }
  FromSsm: { Type: 'AWS::SSM::Parameter::Value<String>', Default: /iam/user }`;
    const text = keysTemplate(header, {
      A: 'UserName: !Ref Name',
      B: 'UserName: !Ref Required',
      C: 'UserName: !Ref FromSsm',
      D: 'UserName: !Ref AWS::AccountId',
      E: "UserName: builder\nStatus: !Ref 'AWS::NoValue'",
      F: 'UserName: !Ref Builder',
    });
    expect(keysOf(await loadOne('t.yaml', text))).toEqual([
      'A root Active',
      'B ?parameter Required has no value (no Default, not given by --parameter) Active',
      'C ?parameter FromSsm is read from SSM parameter /iam/user at deploy time Active',
      'D ?pseudo parameter AWS::AccountId has no value before deployment Active',
      'E builder Active',
      'F builder Active',
    ]);
    // A --parameter named like a resource does not replace the resource's Ref.
    expect(keysOf(await loadOne('t.yaml', text, { Name: 'ana', Required: 'bo', 'AWS::AccountId': '123', Builder: 'x' }))).toEqual([
      'A ana Active',
      'B bo Active',
      'C ?parameter FromSsm is read from SSM parameter /iam/user at deploy time Active',
      'D 123 Active',
      'E builder Active',
      'F builder Active',
    ]);
  });

  it('evaluates Fn::Sub (both forms), Fn::Join, Fn::Select, Fn::Split and Fn::FindInMap', async () => {
    const header = `Parameters:
  Team: { Type: String, Default: data }
  Names: { Type: CommaDelimitedList, Default: "ana,bo" }
Mappings:
  Users:
    prod: { admin: root }`;
    const text = keysTemplate(header, {
      Sub: 'UserName: !Sub "${Team}-ci"',
      SubList: 'UserName: !Sub ["${Prefix}-${Team}", { Prefix: svc }]',
      SubUser: "UserName: !Sub '${Builder}'",
      SubLiteral: "UserName: !Sub '${!Team}'",
      SubRegion: "UserName: !Sub '${AWS::Region}-ci'",
      Join: 'UserName: !Join ["-", [!Ref Team, ops]]',
      Select: 'UserName: !Select [1, !Ref Names]',
      Split: 'UserName: !Select [0, !Split [",", "x,y"]]',
      Find: 'UserName: !FindInMap [Users, prod, admin]',
      FindLong: "UserName:\n  Fn::FindInMap: [Users, !Ref 'AWS::Region', admin]",
    });
    expect(keysOf(await loadOne('t.yaml', text))).toEqual([
      'Sub data-ci Active',
      'SubList svc-data Active',
      'SubUser builder Active',
      'SubLiteral ${Team} Active',
      'SubRegion ?pseudo parameter AWS::Region has no value before deployment Active',
      'Join data-ops Active',
      'Select bo Active',
      'Split x Active',
      'Find root Active',
      // Users has one region key: any other region fails the deployment, so the value found is root.
      'FindLong root Active',
    ]);
  });

  it('trims the spaces around each member of a list parameter, from its Default or --parameter', async () => {
    // Parameters reference: a CommaDelimitedList's "member string is space trimmed". Fn::Split keeps spaces.
    const header = `Parameters:
  Names: { Type: CommaDelimitedList, Default: "ana , root,\\tbo" }
  Typed: { Type: 'List<String>', Default: " cy, dee " }`;
    const text = keysTemplate(header, {
      Second: 'UserName: !Select [1, !Ref Names]',
      Third: 'UserName: !Select [2, !Ref Names]',
      TypedFirst: 'UserName: !Select [0, !Ref Typed]',
      SplitKeepsSpace: 'UserName: !Select [1, !Split [",", "x, y"]]',
    });
    expect(keysOf(await loadOne('t.yaml', text))).toEqual(['Second root Active', 'Third bo Active', 'TypedFirst cy Active', 'SplitKeepsSpace  y Active']);
    expect(keysOf(await loadOne('t.yaml', text, { Names: 'a, b,  root ' }))).toEqual([
      'Second b Active',
      'Third root Active',
      'TypedFirst cy Active',
      'SplitKeepsSpace  y Active',
    ]);
  });

  it('treats Fn::ImportValue, Fn::GetAtt of resources and dynamic references as unknown', async () => {
    const text = keysTemplate('', {
      Import: 'UserName: !ImportValue shared-user',
      Arn: 'UserName: !GetAtt Builder.Arn',
      Dynamic: "UserName: '{{resolve:ssm:/iam/user}}'",
      Status: 'UserName: builder\nStatus: !ImportValue key-status',
    });
    expect(keysOf(await loadOne('t.yaml', text))).toEqual([
      'Import ?Fn::ImportValue shared-user is only known at deploy time Active',
      'Arn ?Fn::GetAtt Builder.Arn is only known at deploy time Active',
      'Dynamic ?dynamic reference {{resolve:ssm:/iam/user}} is resolved at deploy time Active',
      'Status builder ?Fn::ImportValue key-status is only known at deploy time',
    ]);
  });
});

describe('conditions', () => {
  const header = `Parameters:
  Env: { Type: String, Default: prod }
  Unset: { Type: String }
Conditions:
  IsProd: !Equals [!Ref Env, prod]
  IsDev: !Not [!Condition IsProd]
  Maybe: !Equals [!Ref Unset, yes]
  ProdOrMaybe: !Or [!Condition IsProd, !Condition Maybe]
  DevAndMaybe: !And [!Condition IsDev, !Condition Maybe]
  ProdAndMaybe:
    Fn::And: [{ Condition: IsProd }, { Condition: Maybe }]`;

  it('drops resources whose Condition is false and marks unknown ones', async () => {
    const text = `${header}
Resources:
  ProdKey: { Type: AWS::IAM::AccessKey, Condition: IsProd, Properties: { UserName: builder } }
  DevKey: { Type: AWS::IAM::AccessKey, Condition: IsDev, Properties: { UserName: builder } }
  OrKey: { Type: AWS::IAM::AccessKey, Condition: ProdOrMaybe, Properties: { UserName: builder } }
  AndKey: { Type: AWS::IAM::AccessKey, Condition: DevAndMaybe, Properties: { UserName: builder } }
  MaybeKey: { Type: AWS::IAM::AccessKey, Condition: ProdAndMaybe, Properties: { UserName: builder } }
`;
    expect(keysOf(await loadOne('t.yaml', text))).toEqual([
      'ProdKey builder Active',
      'OrKey builder Active',
      'MaybeKey builder Active (exists? condition ProdAndMaybe is unknown: condition Maybe is unknown: parameter Unset has no value (no Default, not given by --parameter))',
    ]);
    expect(keysOf(await loadOne('t.yaml', text, { Env: 'dev', Unset: 'no' }))).toEqual(['DevKey builder Active']);
  });

  it('decides Fn::Equals where the AllowedValues of a parameter without a value, or known text, rule the other value out', async () => {
    const text = `Parameters:
  Env: { Type: String, AllowedValues: [dev, prod] }
  Tier: { Type: String, AllowedValues: [web, api] }
  Only: { Type: String, AllowedValues: [blue] }
  Count: { Type: Number, AllowedValues: [1, 2] }
  Secret: { Type: String, NoEcho: true, AllowedValues: [a, b] }
Conditions:
  IsStaging: !Equals [!Ref Env, staging]
  IsProd: !Equals [prod, !Ref Env]
  EnvIsTier: !Equals [!Ref Env, !Ref Tier]
  IsBlue: !Equals [!Ref Only, blue]
  RegionalProd: !Equals [!Sub '\${AWS::Region}-prod', prod]
  ThreeOfCount: !Equals [!Ref Count, 3]
  SecretC: !Equals [!Ref Secret, c]
Resources:
  StagingKey: { Type: AWS::IAM::AccessKey, Condition: IsStaging, Properties: { UserName: builder } }
  ProdKey: { Type: AWS::IAM::AccessKey, Condition: IsProd, Properties: { UserName: builder } }
  TierKey: { Type: AWS::IAM::AccessKey, Condition: EnvIsTier, Properties: { UserName: builder } }
  BlueKey: { Type: AWS::IAM::AccessKey, Condition: IsBlue, Properties: { UserName: !Ref Only } }
  RegionalKey: { Type: AWS::IAM::AccessKey, Condition: RegionalProd, Properties: { UserName: builder } }
  CountKey: { Type: AWS::IAM::AccessKey, Condition: ThreeOfCount, Properties: { UserName: builder } }
  SecretKey: { Type: AWS::IAM::AccessKey, Condition: SecretC, Properties: { UserName: builder } }
`;
    const unset = (name: string) => `parameter ${name} has no value (no Default, not given by --parameter)`;
    expect(keysOf(await loadOne('t.yaml', text))).toEqual([
      `ProdKey builder Active (exists? condition IsProd is unknown: ${unset('Env')}, and it may be any of its AllowedValues)`,
      'BlueKey blue Active',
      // Number and NoEcho parameters keep their AllowedValues to themselves.
      `CountKey builder Active (exists? condition ThreeOfCount is unknown: ${unset('Count')})`,
      `SecretKey builder Active (exists? condition SecretC is unknown: ${unset('Secret')})`,
    ]);
  });

  it('takes a value given that is not one of the AllowedValues as refused by CloudFormation, not as that value', async () => {
    // YAML booleans in AllowedValues are the strings "true" and "false"; a value is compared case-sensitively.
    const text = `Parameters:
  Console: { Type: String, AllowedValues: [True, False], Default: False }
  Stage: { Type: String, AllowedValues: [dev, prod], Default: qa }
  Hidden: { Type: String, NoEcho: true, AllowedValues: [a, b], Default: c }
  Team: { Type: String, AllowedPattern: '[a-z]+', Default: Ops }
Conditions:
  HasConsole: !Equals [!Ref Console, true]
  IsQa: !Equals [!Ref Stage, qa]
  IsC: !Equals [!Ref Hidden, c]
  IsOps: !Equals [!Ref Team, Ops]
Resources:
  ConsoleKey: { Type: AWS::IAM::AccessKey, Condition: HasConsole, Properties: { UserName: builder } }
  QaKey: { Type: AWS::IAM::AccessKey, Condition: IsQa, Properties: { UserName: builder } }
  HiddenKey: { Type: AWS::IAM::AccessKey, Condition: IsC, Properties: { UserName: builder } }
  OpsKey: { Type: AWS::IAM::AccessKey, Condition: IsOps, Properties: { UserName: builder } }
`;
    expect(keysOf(await loadOne('t.yaml', text, { Console: 'True', Stage: 'qa', Hidden: 'c', Team: 'Ops' }))).toEqual([
      'ConsoleKey builder Active (exists? condition HasConsole is unknown: parameter Console is "True", not one of its AllowedValues (true, false), so CloudFormation refuses it)',
      'QaKey builder Active (exists? condition IsQa is unknown: parameter Stage is "qa", not one of its AllowedValues (dev, prod), so CloudFormation refuses it)',
      'HiddenKey builder Active (exists? condition IsC is unknown: parameter Hidden (NoEcho) is not one of its AllowedValues, so CloudFormation refuses it)',
      'OpsKey builder Active (exists? condition IsOps is unknown: parameter Team is "Ops", not one of the values its AllowedPattern matches ([a-z]+), so CloudFormation refuses it)',
    ]);
    expect(keysOf(await loadOne('t.yaml', text, { Console: 'true', Stage: 'dev', Hidden: 'a', Team: 'ops' }))).toEqual(['ConsoleKey builder Active']);
  });

  // CloudFormation refuses to create a stack with a Default its own constraints refuse; a root stack can be given
  // another value at deployment (`--parameter-overrides`), so a stack that is created has a value they accept.
  // A nested stack's parameter can only come from its parent: not given there, the refused Default stays refused.
  it("takes a root stack's Default its constraints refuse for a value still to come, and a nested stack's as refused", async () => {
    const text = `Parameters:
  Stage: { Type: String, AllowedValues: [dev, prod], Default: qa }
  Team: { Type: String, AllowedPattern: '[a-z]+', Default: Ops }
Conditions:
  IsQa: !Equals [!Ref Stage, qa]
Resources:
  QaKey: { Type: AWS::IAM::AccessKey, Condition: IsQa, Properties: { UserName: builder } }
  TeamKey: { Type: AWS::IAM::AccessKey, Properties: { UserName: !Ref Team } }
`;
    const refusedDefault =
      'parameter Team has no value its constraints accept (its Default is refused; not given by --parameter), and its AllowedPattern does not decide it';
    expect(keysOf(await loadOne('t.yaml', text))).toEqual([`TeamKey ?${refusedDefault} Active`]);
    const parent = 'Resources:\n  Child:\n    Type: AWS::CloudFormation::Stack\n    Properties: { TemplateURL: ./child.yaml }\n';
    const { units } = await loadTree({ 'parent.yaml': parent, 'child.yaml': text }, ['parent.yaml']);
    expect(units.flatMap((unit) => keysOf(unit))).toEqual([
      'Child/QaKey builder Active (exists? condition IsQa is unknown: parameter Stage is "qa" (its Default), not one of its AllowedValues (dev, prod), so CloudFormation refuses it)',
      'Child/TeamKey ?parameter Team is "Ops" (its Default), not one of the values its AllowedPattern matches ([a-z]+), so CloudFormation refuses it Active',
    ]);
  });

  // CloudFormation creates no stack where an assertion of a rule whose RuleCondition holds is false
  // (https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/rules-section-structure.html); the rule may
  // read several parameters, and which of them is wrong is not known.
  it("reads a template's Rules: the Defaults a failing assertion reads are still to be given, given values refused together", async () => {
    const text = `Parameters:
  Rotating: { Type: String, AllowedValues: ['true', 'false'], Default: 'false' }
  Owner: { Type: String, Default: root }
Rules:
  NoRootKey:
    RuleCondition: !Equals [!Ref Rotating, 'false']
    Assertions:
      - Assert: !Not [!Equals [!Ref Owner, root]]
        AssertDescription: no key for root
Conditions:
  IsRotating: !Equals [!Ref Rotating, 'true']
Resources:
  OwnerKey: { Type: AWS::IAM::AccessKey, Properties: { UserName: !Ref Owner } }
  SpareKey: { Type: AWS::IAM::AccessKey, Condition: IsRotating, Properties: { UserName: builder } }
`;
    const both = 'rule NoRootKey fails with the Default of Rotating and Owner, so a stack that is created is given a value for one of them';
    expect(keysOf(await loadOne('t.yaml', text))).toEqual([
      `OwnerKey ?parameter Owner: ${both} Active`,
      `SpareKey builder Active (exists? condition IsRotating is unknown: parameter Rotating: ${both}, and it may be any of its AllowedValues)`,
    ]);
    expect(keysOf(await loadOne('t.yaml', text, { Owner: 'ci' }))).toEqual(['OwnerKey ci Active']);
    // A given value stays; only the Default the rule reads beside it is in doubt.
    expect(keysOf(await loadOne('t.yaml', text, { Owner: 'root' }))).toEqual([
      'OwnerKey root Active',
      'SpareKey builder Active (exists? condition IsRotating is unknown: parameter Rotating: rule NoRootKey fails with the Default of Rotating, so a stack that is created is given another value for it, and it may be any of its AllowedValues)',
    ]);
    const parent = 'Resources:\n  Child:\n    Type: AWS::CloudFormation::Stack\n    Properties: { TemplateURL: ./child.yaml }\n';
    const { units } = await loadTree({ 'parent.yaml': parent, 'child.yaml': text }, ['parent.yaml']);
    const refused = 'rule NoRootKey fails with the value of Rotating and Owner, so CloudFormation refuses the stack';
    expect(units.flatMap((unit) => keysOf(unit))).toEqual([
      `Child/OwnerKey ?parameter Owner: ${refused} Active`,
      `Child/SpareKey builder Active (exists? condition IsRotating is unknown: parameter Rotating: ${refused})`,
    ]);
  });

  it('takes a value shorter than the MinLength or longer than the MaxLength as refused by CloudFormation', async () => {
    const text = `Parameters:
  Stage: { Type: String, MaxLength: 4, Default: staging }
  Team: { Type: String, MinLength: 3, Default: qa }
  Unit: { Type: String, MinLength: 2, MaxLength: 3, Default: x }
  Name: { Type: String, MaxLength: 2, Default: "é" }
Conditions:
  IsStaging: !Equals [!Ref Stage, staging]
  IsQa: !Equals [!Ref Team, qa]
  IsX: !Equals [!Ref Unit, x]
  IsE: !Equals [!Ref Name, "é"]
Resources:
  StagingKey: { Type: AWS::IAM::AccessKey, Condition: IsStaging, Properties: { UserName: builder } }
  QaKey: { Type: AWS::IAM::AccessKey, Condition: IsQa, Properties: { UserName: builder } }
  XKey: { Type: AWS::IAM::AccessKey, Condition: IsX, Properties: { UserName: builder } }
  EKey: { Type: AWS::IAM::AccessKey, Condition: IsE, Properties: { UserName: builder } }
`;
    expect(keysOf(await loadOne('t.yaml', text, { Stage: 'staging', Team: 'qa', Unit: 'x', Name: 'é' }))).toEqual([
      'StagingKey builder Active (exists? condition IsStaging is unknown: parameter Stage is "staging", not one of the values its MaxLength allows (at most 4 characters), so CloudFormation refuses it)',
      'QaKey builder Active (exists? condition IsQa is unknown: parameter Team is "qa", not one of the values its MinLength allows (at least 3 characters), so CloudFormation refuses it)',
      'XKey builder Active (exists? condition IsX is unknown: parameter Unit is "x", not one of the values its MinLength and MaxLength allow (2 to 3 characters), so CloudFormation refuses it)',
      // Not ASCII, but within 2 characters however they are counted (1 code point, 2 UTF-8 bytes).
      'EKey builder Active',
    ]);
    expect(keysOf(await loadOne('t.yaml', text, { Stage: 'prod', Team: 'ops', Unit: 'xy' }))).toEqual(['EKey builder Active']);
  });

  it('takes a non-ASCII value as refused or allowed by MinLength and MaxLength where every way of counting agrees, else as unknown', async () => {
    // "é" is 1 code point, 1 UTF-16 code unit, 2 UTF-8 bytes; "😀" 1 code point, 2 code units, 4 bytes.
    const text = `Parameters:
  Name: { Type: String, MaxLength: 2, Default: "é" }
  Long: { Type: String, MaxLength: 3, Default: "éééé" }
  Face: { Type: String, MaxLength: 1, Default: "😀" }
  Short: { Type: String, MinLength: 2, Default: "é" }
Conditions:
  IsE: !Equals [!Ref Name, "é"]
  IsLong: !Equals [!Ref Long, "éééé"]
  IsFace: !Equals [!Ref Face, "😀"]
  IsShort: !Equals [!Ref Short, "é"]
Resources:
  EKey: { Type: AWS::IAM::AccessKey, Condition: IsE, Properties: { UserName: builder } }
  LongKey: { Type: AWS::IAM::AccessKey, Condition: IsLong, Properties: { UserName: builder } }
  FaceKey: { Type: AWS::IAM::AccessKey, Condition: IsFace, Properties: { UserName: builder } }
  ShortKey: { Type: AWS::IAM::AccessKey, Condition: IsShort, Properties: { UserName: builder } }
`;
    expect(keysOf(await loadOne('t.yaml', text, { Name: 'é', Long: 'éééé', Face: '😀', Short: 'é' }))).toEqual([
      'EKey builder Active',
      'LongKey builder Active (exists? condition IsLong is unknown: parameter Long is "éééé", not one of the values its MaxLength allows (at most 3 characters), so CloudFormation refuses it)',
      'FaceKey builder Active (exists? condition IsFace is unknown: parameter Face is "😀", which CloudFormation may refuse: 1 character as code points, 2 as UTF-16 code units, 4 as UTF-8 bytes, and its MaxLength allows at most 1 character)',
      'ShortKey builder Active (exists? condition IsShort is unknown: parameter Short is "é", which CloudFormation may refuse: 1 character as code points, 1 as UTF-16 code units, 2 as UTF-8 bytes, and its MinLength allows at least 2 characters)',
    ]);
  });

  it('takes a Number value outside its AllowedValues, MinValue or MaxValue as refused by CloudFormation', async () => {
    const text = `Parameters:
  Keys: { Type: Number, AllowedValues: [1, 2], Default: 3 }
  Low: { Type: Number, MinValue: 2, Default: 1 }
  High: { Type: Number, MaxValue: "5", Default: "6.5" }
  Within: { Type: Number, MinValue: 0, MaxValue: 2, AllowedValues: [0, 2], Default: 2 }
  Written: { Type: Number, AllowedValues: [1, 2], Default: "1.0" }
  Plain: { Type: Number, Default: 7 }
Conditions:
  IsThree: !Equals [!Ref Keys, 3]
  IsOne: !Equals [!Ref Low, 1]
  IsHigh: !Equals [!Ref High, "6.5"]
  IsTwo: !Equals [!Ref Within, 2]
  IsWritten: !Equals [!Ref Written, "1.0"]
  IsSeven: !Equals [!Ref Plain, 7]
Resources:
  ThreeKey: { Type: AWS::IAM::AccessKey, Condition: IsThree, Properties: { UserName: builder } }
  OneKey: { Type: AWS::IAM::AccessKey, Condition: IsOne, Properties: { UserName: builder } }
  HighKey: { Type: AWS::IAM::AccessKey, Condition: IsHigh, Properties: { UserName: builder } }
  TwoKey: { Type: AWS::IAM::AccessKey, Condition: IsTwo, Properties: { UserName: builder } }
  WrittenKey: { Type: AWS::IAM::AccessKey, Condition: IsWritten, Properties: { UserName: builder } }
  SevenKey: { Type: AWS::IAM::AccessKey, Condition: IsSeven, Properties: { UserName: builder } }
`;
    expect(keysOf(await loadOne('t.yaml', text, { Keys: '3', Low: '1', High: '6.5', Within: '2', Written: '1.0', Plain: '7' }))).toEqual([
      'ThreeKey builder Active (exists? condition IsThree is unknown: parameter Keys is "3", not one of its AllowedValues (1, 2), so CloudFormation refuses it)',
      'OneKey builder Active (exists? condition IsOne is unknown: parameter Low is "1", not one of the values its MinValue allows (at least 2), so CloudFormation refuses it)',
      'HighKey builder Active (exists? condition IsHigh is unknown: parameter High is "6.5", not one of the values its MaxValue allows (at most 5), so CloudFormation refuses it)',
      'TwoKey builder Active',
      // Equal to 1 as a number, not as text: CloudFormation does not document which it compares.
      'WrittenKey builder Active (exists? condition IsWritten is unknown: parameter Written is "1.0", which CloudFormation may refuse: it equals one of its AllowedValues (1, 2) as a number, not as written)',
      'SevenKey builder Active',
    ]);
    expect(keysOf(await loadOne('t.yaml', text, { Keys: '1', Low: '2', High: '5', Written: '1' }))).toEqual([
      'TwoKey builder Active',
      'SevenKey builder Active',
    ]);
  });

  it('shows neither the value nor its lengths of a NoEcho parameter CloudFormation refuses or may refuse', async () => {
    const text = `Parameters:
  Pin: { Type: Number, NoEcho: true, MaxValue: 9, Default: 12 }
  Word: { Type: String, NoEcho: true, MaxLength: 1, Default: "😀" }
Conditions:
  IsPin: !Equals [!Ref Pin, 12]
  IsWord: !Equals [!Ref Word, "😀"]
Resources:
  PinKey: { Type: AWS::IAM::AccessKey, Condition: IsPin, Properties: { UserName: builder } }
  WordKey: { Type: AWS::IAM::AccessKey, Condition: IsWord, Properties: { UserName: builder } }
`;
    expect(keysOf(await loadOne('t.yaml', text, { Pin: '12', Word: '😀' }))).toEqual([
      'PinKey builder Active (exists? condition IsPin is unknown: parameter Pin (NoEcho) is not one of the values its MaxValue allows, so CloudFormation refuses it)',
      'WordKey builder Active (exists? condition IsWord is unknown: parameter Word (NoEcho) is a value which CloudFormation may refuse)',
    ]);
  });

  it('takes a list member outside its AllowedValues as refused (CommaDelimitedList) or maybe refused (List<Number>)', async () => {
    const text = `Parameters:
  Teams: { Type: CommaDelimitedList, AllowedValues: [ops, dev], Default: "ops,qa" }
  Good: { Type: CommaDelimitedList, AllowedValues: [ops, dev], Default: "ops,dev" }
  Sizes: { Type: "List<Number>", AllowedValues: [1, 2], Default: "1,3" }
Conditions:
  HasQa: !Equals [!Select [1, !Ref Teams], qa]
  HasDev: !Equals [!Select [1, !Ref Good], dev]
  HasThree: !Equals [!Select [1, !Ref Sizes], "3"]
Resources:
  QaKey: { Type: AWS::IAM::AccessKey, Condition: HasQa, Properties: { UserName: builder } }
  DevKey: { Type: AWS::IAM::AccessKey, Condition: HasDev, Properties: { UserName: builder } }
  ThreeKey: { Type: AWS::IAM::AccessKey, Condition: HasThree, Properties: { UserName: builder } }
`;
    expect(keysOf(await loadOne('t.yaml', text, { Teams: 'ops,qa', Good: 'ops,dev', Sizes: '1,3' }))).toEqual([
      'QaKey builder Active (exists? condition HasQa is unknown: parameter Teams is "ops,qa", whose member "qa" is not one of its AllowedValues (ops, dev), so CloudFormation refuses it)',
      'DevKey builder Active',
      'ThreeKey builder Active (exists? condition HasThree is unknown: parameter Sizes is "1,3", which CloudFormation may refuse: a member is not one of its AllowedValues (1, 2), and CloudFormation does not document whether it checks them for each member of a List<Number>)',
    ]);
  });

  it('knows Fn::If under an unknown condition as one of its two values', async () => {
    const text = keysTemplate(
      'Parameters:\n  Env: { Type: String, AllowedValues: [dev, prod] }\nConditions:\n  East: !Equals [!Ref "AWS::Region", us-east-1]',
      {
        Same: 'UserName: !If [East, builder, builder]',
        Either: 'UserName: !If [East, prod-ci, dev-ci]',
        Nested: 'UserName: !If [East, !Ref Env, stage]',
        Other: 'UserName: !If [East, !Ref Builder, dev-ci]',
      },
    );
    const unknown = 'condition East is unknown: pseudo parameter AWS::Region has no value before deployment';
    expect(keysOf(await loadOne('t.yaml', text))).toEqual([
      'Same builder Active',
      `Either ?${unknown} Active`,
      `Nested ?${unknown} Active`,
      `Other ?${unknown} Active`,
    ]);
    const equalsText = `Parameters:
  Env: { Type: String, AllowedValues: [dev, prod] }
Conditions:
  East: !Equals [!Ref "AWS::Region", us-east-1]
  IsQa: !Equals [!If [East, !Ref Env, stage], qa]
  IsDev: !Equals [!If [East, !Ref Env, stage], dev]
Resources:
  QaKey: { Type: AWS::IAM::AccessKey, Condition: IsQa, Properties: { UserName: builder } }
  DevKey: { Type: AWS::IAM::AccessKey, Condition: IsDev, Properties: { UserName: builder } }
`;
    expect(keysOf(await loadOne('t.yaml', equalsText))).toEqual([`DevKey builder Active (exists? condition IsDev is unknown: ${unknown})`]);
  });

  it('reads a resource Condition computed by a function (AWS::LanguageExtensions), AWS::NoValue being none', async () => {
    const text = `${header}
Mappings:
  Slots:
    Condition: { Green: IsDev, Blue: IsProd, Gray: Maybe }
Resources:
  Fn::ForEach::Slots:
    - Slot
    - [Green, Blue, Gray, Red]
    - Key\${Slot}:
        Type: AWS::IAM::AccessKey
        Condition: !FindInMap [Slots, Condition, !Ref Slot, { DefaultValue: !Ref AWS::NoValue }]
        Properties: { UserName: builder }
  SubKey: { Type: AWS::IAM::AccessKey, Condition: !Sub 'Is\${Env}', Properties: { UserName: builder } }
  UnsetKey: { Type: AWS::IAM::AccessKey, Condition: !Ref Unset, Properties: { UserName: builder } }
  ListKey: { Type: AWS::IAM::AccessKey, Condition: [IsProd], Properties: { UserName: builder } }
`;
    expect(keysOf(await loadOne('t.yaml', text))).toEqual([
      'KeyBlue builder Active',
      'KeyGray builder Active (exists? condition Maybe is unknown: parameter Unset has no value (no Default, not given by --parameter))',
      'KeyRed builder Active',
      'SubKey builder Active (exists? condition Isprod is not declared)',
      'UnsetKey builder Active (exists? parameter Unset has no value (no Default, not given by --parameter))',
      'ListKey builder Active (exists? a resource Condition is not a condition name)',
    ]);
    expect(keysOf(await loadOne('t.yaml', text, { Env: 'Dev', Unset: 'IsDev' }))).toEqual([
      'KeyGreen builder Active',
      'KeyRed builder Active',
      'SubKey builder Active',
      'UnsetKey builder Active',
      'ListKey builder Active (exists? a resource Condition is not a condition name)',
    ]);
  });

  it('evaluates Fn::If in properties, including AWS::NoValue and an unknown condition', async () => {
    const text = `${header}
Resources:
  User:
    Type: AWS::IAM::User
    Properties:
      LoginProfile: !If [IsDev, { Password: x }, !Ref AWS::NoValue]
  MaybeUser:
    Type: AWS::IAM::User
    Properties:
      LoginProfile: !If [Maybe, { Password: x }, !Ref AWS::NoValue]
  Key:
    Type: AWS::IAM::AccessKey
    Properties:
      UserName: !If [IsProd, !Ref User, other]
      Status: !If [IsProd, Inactive, !Ref AWS::NoValue]
`;
    const unit = await loadOne('t.yaml', text);
    expect(keysOf(unit)).toEqual(['Key #Resources.User Inactive']);
    expect(unit.loginProfiles.map((p) => [p.address, p.existenceUnknown])).toEqual([
      ['MaybeUser.LoginProfile', 'LoginProfile: condition Maybe is unknown: parameter Unset has no value (no Default, not given by --parameter)'],
    ]);
    const dev = await loadOne('t.yaml', text, { Env: 'dev' });
    expect(keysOf(dev)).toEqual(['Key other Active']);
    expect(dev.accessKeys[0]?.status.origin).toBe('defaulted');
    expect(dev.loginProfiles.map((p) => p.address)).toEqual(['User.LoginProfile', 'MaybeUser.LoginProfile']);
  });
});

describe('Fn::ForEach', () => {
  it('expands loops (nested too), replacing Ref of the identifier, ${Identifier} and &{Identifier}', async () => {
    const unit = await loadOne(
      't.yaml',
      `Transform: AWS::LanguageExtensions
Resources:
  Fn::ForEach::Users:
    - Name
    - [ana, bo.b]
    - Fn::ForEach::Slots:
        - Slot
        - [Active, Inactive]
        - Key&{Name}\${Slot}:
            Type: AWS::IAM::AccessKey
            Properties:
              UserName: !Ref Name
              Status: !Sub "\${Slot}"
`,
    );
    expect(
      unit.accessKeys.map(
        (k) => `${k.address} ${k.user.known && k.user.value.kind === 'name' ? k.user.value.name : '?'} ${k.status.known ? k.status.value : '?'}`,
      ),
    ).toEqual(['KeyanaActive ana Active', 'KeyanaInactive ana Inactive', 'KeybobActive bo.b Active', 'KeybobInactive bo.b Inactive']);
    expect(unit.accessKeys[0]?.location.range).toEqual(range(9, 11, 9, 28));
  });
});

describe('Fn::Length (AWS::LanguageExtensions)', () => {
  it('counts the elements of a list parameter, a written list or a computed one, in long and short form', async () => {
    const text = `Transform: AWS::LanguageExtensions
Parameters:
  Rotating: { Type: CommaDelimitedList, Default: 'blue, green' }
  Unset: { Type: CommaDelimitedList }
Conditions:
  BothSlots: !Equals [!Length { Ref: Rotating }, 2]
  ThreeParts: !Equals [{ Fn::Length: !Split [',', 'a,b,c'] }, '3']
  OneWritten: !Equals [!Length [!Ref Rotating], 1]
  Unknown: !Equals [!Length { Ref: Unset }, 2]
Resources:
  Both: { Type: AWS::IAM::AccessKey, Condition: BothSlots, Properties: { UserName: builder } }
  Three: { Type: AWS::IAM::AccessKey, Condition: ThreeParts, Properties: { UserName: builder } }
  One: { Type: AWS::IAM::AccessKey, Condition: OneWritten, Properties: { UserName: builder } }
  Maybe: { Type: AWS::IAM::AccessKey, Condition: Unknown, Properties: { UserName: builder } }
`;
    expect(keysOf(await loadOne('t.yaml', text))).toEqual([
      'Both builder Active',
      'Three builder Active',
      'One builder Active',
      'Maybe builder Active (exists? condition Unknown is unknown: parameter Unset has no value (no Default, not given by --parameter))',
    ]);
    expect(keysOf(await loadOne('t.yaml', text, { Rotating: 'blue', Unset: 'a,b' }))).toEqual([
      'Three builder Active',
      'One builder Active',
      'Maybe builder Active',
    ]);
  });
});

describe('Fn::ForEach in Conditions and Outputs', () => {
  const conditionsText = `Transform: AWS::LanguageExtensions
Parameters:
  Stage: { Type: String, Default: dev }
  Region: { Type: String }
Conditions:
  Fn::ForEach::Stages:
    - Name
    - [dev, prod]
    - Is\${Name}: !Equals [!Ref Stage, !Ref Name]
      Fn::ForEach::Regions:
        - Area
        - [eu, us]
        - In\${Name}&{Area}: !And [!Condition 'Is\${Name}', !Equals [!Ref Region, !Sub '\${Area}-1']]
  Unexpanded: !Equals [!Ref Stage, dev]
  Fn::ForEach::Unknown:
    - Name
    - !Ref Region
    - Never\${Name}: true
Resources:
  DevKey: { Type: AWS::IAM::AccessKey, Condition: Isdev, Properties: { UserName: builder } }
  ProdKey: { Type: AWS::IAM::AccessKey, Condition: Isprod, Properties: { UserName: builder } }
  EuKey: { Type: AWS::IAM::AccessKey, Condition: Indeveu, Properties: { UserName: builder } }
  PlainKey: { Type: AWS::IAM::AccessKey, Condition: Unexpanded, Properties: { UserName: builder } }
  LostKey: { Type: AWS::IAM::AccessKey, Condition: Neverx, Properties: { UserName: builder } }
`;

  it('reads conditions that a loop generates, nested loops too, beside conditions written outside loops', async () => {
    expect(keysOf(await loadOne('t.yaml', conditionsText))).toEqual([
      'DevKey builder Active',
      'EuKey builder Active (exists? condition Indeveu is unknown: parameter Region has no value (no Default, not given by --parameter))',
      'PlainKey builder Active',
      'LostKey builder Active (exists? condition Neverx is not declared)',
    ]);
    expect(keysOf(await loadOne('t.yaml', conditionsText, { Stage: 'prod', Region: 'eu-1' }))).toEqual([
      'ProdKey builder Active',
      'LostKey builder Active (exists? condition Neverx is not declared)',
    ]);
  });

  it('notes a Conditions loop it cannot expand, and tells conditions a loop generates apart when they exclude each other', async () => {
    const { units, diagnostics } = await loadTree({ 't.yaml': conditionsText.replace('Default: dev', '') });
    expect(keysOf(units[0]!)).toEqual([
      'DevKey builder Active (exists? condition Isdev is unknown: parameter Stage has no value (no Default, not given by --parameter))',
      'ProdKey builder Active (exists? condition Isprod is unknown: parameter Stage has no value (no Default, not given by --parameter))',
      'EuKey builder Active (exists? condition Indeveu is unknown: condition Isdev is unknown: parameter Stage has no value (no Default, not given by --parameter))',
      'PlainKey builder Active (exists? condition Unexpanded is unknown: parameter Stage has no value (no Default, not given by --parameter))',
      'LostKey builder Active (exists? condition Neverx is not declared)',
    ]);
    const [dev, prod] = units[0]!.accessKeys;
    expect(dev?.neverWith).toContain(prod?.id);
    expect(diagnostics.map((d) => `${d.location.range.start.line}:${d.location.range.start.column} ${d.message}`)).toEqual([
      '15:3 Fn::ForEach::Unknown is not expanded (parameter Region has no value (no Default, not given by --parameter)); the conditions it generates are unknown',
    ]);
  });

  it('reads outputs that a loop generates, through a nested stack and through exports', async () => {
    const { units } = await loadTree(
      {
        'parent.yaml': `Resources:
  Child: { Type: AWS::CloudFormation::Stack, Properties: { TemplateURL: ./child.yaml } }
  ByGetAtt: { Type: AWS::IAM::AccessKey, Properties: { UserName: !GetAtt Child.Outputs.NameOfops } }
  ByImport: { Type: AWS::IAM::AccessKey, Properties: { UserName: !ImportValue export-dev } }
  Missing: { Type: AWS::IAM::AccessKey, Properties: { UserName: !GetAtt Child.Outputs.NameOfqa } }
`,
        'child.yaml': `Transform: AWS::LanguageExtensions
Resources:
  Topic: { Type: AWS::SNS::Topic }
Outputs:
  Fn::ForEach::Names:
    - N
    - [ops, dev]
    - NameOf\${N}:
        Value: !Ref N
        Export: { Name: !Sub 'export-\${N}' }
`,
      },
      ['parent.yaml'],
    );
    // The output that is not there is named by its nested stack, never by an absolute path.
    expect(keysOf(units[0]!)).toEqual(['ByGetAtt ops Active', 'ByImport dev Active', 'Missing ?nested stack Child declares no output NameOfqa Active']);
  });
});

describe('Ref and Fn::GetAtt of a name computed by a function (AWS::LanguageExtensions)', () => {
  it('name the resource or parameter the function evaluates to, and nothing else', async () => {
    const header = `Transform: AWS::LanguageExtensions
Parameters:
  Suffix: { Type: String, Default: er }
  Missing: { Type: String }
  Hidden: { Type: String, Default: Builder, NoEcho: true }
  Naer: { Type: String, Default: ops }`;
    const text = keysTemplate(header, {
      Sub: "UserName: !Ref { 'Fn::Sub': 'Build${Suffix}' }",
      Join: 'UserName: !Ref { Fn::Join: ["", [Buil, der]] }',
      Parameter: "UserName: !Ref { 'Fn::Sub': 'Nam${Missing}' }",
      ToParameter: "UserName: !Ref { 'Fn::Sub': 'Na${Suffix}' }",
      NoEcho: 'UserName: !Ref { Ref: Hidden }',
      NotAFunction: 'UserName: { Ref: { Name: Builder } }',
      Undeclared: "UserName: !Ref { 'Fn::Sub': 'Nobody${Suffix}' }",
      GetAtt: "UserName: !GetAtt [!Sub 'Build${Suffix}', Arn]",
    });
    expect(keysOf(await loadOne('t.yaml', text))).toEqual([
      'Sub builder Active',
      'Join builder Active',
      'Parameter ?parameter Missing has no value (no Default, not given by --parameter) Active',
      'ToParameter ops Active',
      'NoEcho ?the NoEcho parameter Hidden (a String) is not shown Active',
      'NotAFunction ?Ref needs a name Active',
      'Undeclared ?Ref Nobodyer names nothing declared in the template Active',
      'GetAtt ?Fn::GetAtt Builder.Arn is only known at deploy time Active',
    ]);
  });
});
