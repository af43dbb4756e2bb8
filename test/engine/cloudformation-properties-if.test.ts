/**
 * `Properties: !If [Cond, {...}, {...}]` is valid CloudFormation: the resource gets the properties of
 * the branch the condition picks. They were read as no properties at all (a key without UserName, a
 * user without LoginProfile), which missed findings and reported unknowns the condition decides.
 */
import { describe, expect, it } from 'vitest';
import { range } from '../../src/core/location.js';
import { keysOf, loadOne, loadTree } from '../support/cloudformation-harness.js';

const KEYS = (condition: string) => `Parameters:
  Retire: { Type: String, Default: "no", AllowedValues: ["yes", "no"] }
Conditions:
  RetireOld: ${condition}
Resources:
  New: { Type: AWS::IAM::AccessKey, Properties: { UserName: ci } }
  Old:
    Type: AWS::IAM::AccessKey
    Properties: !If
      - RetireOld
      - UserName: ci
        Status: Inactive
      - UserName: ci
`;

describe('Properties chosen by Fn::If', () => {
  it('reads the branch a known condition picks, with the location of the property in it', async () => {
    const unit = await loadOne('t.yaml', KEYS('!Equals [!Ref Retire, "yes"]'));
    expect(keysOf(unit)).toEqual(['New ci Active', 'Old ci Active']);
    const old = unit.accessKeys[1];
    expect(old?.user.location).toMatchObject({ range: range(11, 9, 11, 21), logicalPath: 'Resources.Old.Properties.UserName' });
    // Status is set in the other branch only: here it is omitted, so defaulted at the resource.
    expect(old?.status).toMatchObject({ known: true, value: 'Active', origin: 'defaulted' });
  });

  it('takes the other branch when the condition is true', async () => {
    const unit = await loadOne('t.yaml', KEYS('!Equals [!Ref Retire, "no"]'));
    expect(keysOf(unit)).toEqual(['New ci Active', 'Old ci Inactive']);
    expect(unit.accessKeys[1]?.status.location.range).toEqual(range(12, 9, 12, 25));
  });

  it('keeps a property both branches agree on and leaves one they differ on unknown', async () => {
    const unit = await loadOne('t.yaml', KEYS('!Equals [!Ref AWS::Region, us-east-1]'));
    const old = unit.accessKeys[1];
    expect(old?.user).toMatchObject({ known: true, value: { kind: 'name', name: 'ci' } });
    expect(old?.status).toMatchObject({ known: false, unknownReason: expect.stringContaining('condition RetireOld is unknown') as unknown });
  });

  it('reads a user whose LoginProfile only one branch sets, and a nested Fn::If ending in AWS::NoValue', async () => {
    const unit = await loadOne(
      'u.yaml',
      `Parameters:
  Edition: { Type: String, Default: staffed }
Conditions:
  Staffed: !Equals [!Ref Edition, staffed]
  Headless: !Equals [!Ref Edition, headless]
Resources:
  Operator:
    Type: AWS::IAM::User
    Properties:
      Fn::If:
        - Staffed
        - { UserName: operator, LoginProfile: { Password: x } }
        - Fn::If: [Headless, { UserName: operator }, !Ref AWS::NoValue]
`,
    );
    expect(unit.users[0]?.name).toMatchObject({ known: true, value: 'operator' });
    expect(unit.loginProfiles.map((p) => [p.id, p.existenceUnknown])).toEqual([['Resources.Operator.LoginProfile', undefined]]);
  });

  it('leaves Properties that are some other function as they were', async () => {
    const unit = await loadOne('v.yaml', `Resources:\n  K: { Type: AWS::IAM::AccessKey, Properties: !FindInMap [M, a, b] }\n`);
    expect(keysOf(unit)).toEqual(['K ?the access key has no UserName Active']);
  });

  it('says a nested stack whose TemplateURL a Fn::If picks has a computed TemplateURL', async () => {
    const child = 'Resources:\n  K: { Type: AWS::IAM::AccessKey, Properties: { UserName: ci } }\n';
    const { diagnostics } = await loadTree(
      {
        'parent.yaml': `Conditions:\n  East: !Equals [!Ref AWS::Region, us-east-1]\nResources:\n  Child:\n    Type: AWS::CloudFormation::Stack\n    Properties: !If [East, { TemplateURL: ./a.yaml }, { TemplateURL: ./b.yaml }]\n`,
        'a.yaml': child,
        'b.yaml': child,
      },
      ['parent.yaml'],
    );
    expect(diagnostics.map((d) => [d.message, d.location.range.start.line])).toEqual([
      ['nested stack Child: its template (a computed TemplateURL) is not a local file; not analysed', 6],
    ]);
  });
});
