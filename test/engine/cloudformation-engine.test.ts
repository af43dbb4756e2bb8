import { describe, expect, it } from 'vitest';
import { lint } from '../../src/engine.js';
import { writeTree } from '../support/cloudformation-harness.js';

const rootKey = (name: string) => `Parameters:
  Who: { Type: String, Default: ${name} }
Resources:
  Key:
    Type: AWS::IAM::AccessKey
    Properties: { UserName: !Ref Who }
`;

async function run(files: Readonly<Record<string, string>>, parameters: Record<string, string> = {}) {
  const dir = writeTree(files);
  const result = await lint({ paths: ['.'], cwd: dir, env: {}, parameters });
  return {
    messages: result.findings.map((f) => f.message),
    findings: result.findings.map(
      (f) => `${f.location.file.slice(dir.length + 1)}:${f.location.range.start.line} ${f.ruleId}${f.unitId ? ` ${f.unitId}` : ''}`,
    ),
    notes: result.notes.map((n) => n.message),
    filesScanned: result.filesScanned,
  };
}

describe('CloudFormation through the engine', () => {
  it('ignores JSON and YAML files that are not templates, silently', async () => {
    const result = await run({
      'package.json': '{"name": "app", "scripts": {"deploy": "cdk deploy"}, "Resources": {"K": {"Kind": "AWS::IAM::AccessKey"}}}',
      'k8s/deployment.yaml':
        'apiVersion: apps/v1\nkind: Deployment\nspec:\n  template:\n    spec:\n      containers:\n        - name: app\n          resources:\n            limits: { cpu: "1" }\n',
      'config/app.yml': 'Resources:\n  - Type: AWS::IAM::AccessKey\n    UserName: root\n',
      'infra/main.tf.json.bak.json':
        '{"resource": {"aws_cloudformation_stack": {"s": {"template_body": "{\\"Resources\\": {\\"K\\": {\\"Type\\": \\"AWS::IAM::AccessKey\\", \\"Properties\\": {\\"UserName\\": \\"root\\"}}}}"}}}}',
    });
    expect(result).toEqual({ messages: [], findings: [], notes: [], filesScanned: 0 });
  });

  it('applies --parameter values over parameter defaults', async () => {
    expect((await run({ 'key.yaml': rootKey('ops') })).findings).toEqual([]);
    expect((await run({ 'key.yaml': rootKey('ops') }, { Who: 'root' })).findings).toEqual(['key.yaml:4 root-user-access-key cloudformation:key.yaml']);
  });

  it('reports a nested template once, inside its parent unit', async () => {
    const parent = 'Resources:\n  Child: { Type: AWS::CloudFormation::Stack, Properties: { TemplateURL: stacks/child.yaml, Parameters: { Who: root } } }\n';
    const result = await run({ 'parent.yaml': parent, 'stacks/child.yaml': rootKey('ops') });
    expect(result.findings).toEqual(['stacks/child.yaml:4 root-user-access-key cloudformation:parent.yaml']);
    expect(result.filesScanned).toBe(2);
  });

  it('expands Fn::ForEach loops, and notes a loop whose collection is unknown (its body analysed once, undecided)', async () => {
    const result = await run({
      'loop.yaml': `Transform: AWS::LanguageExtensions
Parameters:
  Teams: { Type: CommaDelimitedList, Default: "data,web-ui" }
  Unset: { Type: CommaDelimitedList }
Resources:
  Fn::ForEach::Teams:
    - Team
    - !Ref Teams
    - User&{Team}:
        Type: AWS::IAM::User
        Properties:
          UserName: !Sub \${Team}-ci
          LoginProfile: { Password: "{{resolve:secretsmanager:p}}" }
      Key&{Team}:
        Type: AWS::IAM::AccessKey
        Properties: { UserName: !Ref 'User&{Team}' }
  Fn::ForEach::Unknown:
    - Name
    - !Ref Unset
    - Key\${Name}: { Type: AWS::IAM::AccessKey, Properties: { UserName: root } }
`,
    });
    expect(result.findings).toEqual([
      'loop.yaml:14 console-user-with-access-key cloudformation:loop.yaml',
      'loop.yaml:14 console-user-with-access-key cloudformation:loop.yaml',
    ]);
    expect(result.messages).toEqual([
      'IAM user "data-ci" has a console password (Userdata.LoginProfile) and an active access key (Keydata).',
      'IAM user "web-ui-ci" has a console password (Userwebui.LoginProfile) and an active access key (Keywebui).',
    ]);
    expect(result.notes).toEqual([
      'Fn::ForEach::Unknown is not expanded (parameter Unset has no value (no Default, not given by --parameter)); the resources it generates are analysed once, with Name unknown, and may not exist or exist several times',
    ]);
  });
});
