import path from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { buildTemplateUnit } from '../../src/cloudformation/build-template-unit.js';
import { parseJsonTemplate } from '../../src/cloudformation/parse-json-template.js';
import { parseYamlTemplate } from '../../src/cloudformation/parse-yaml-template.js';
import { loadOptions } from '../support/cloudformation-harness.js';

const dir = path.join(path.sep, 'virtual');
const names = fc.constantFrom('User', 'Key', 'P', 'C', 'AWS::Region', 'AWS::NoValue', 'Missing', 'Stack');

/** Random intrinsic expressions, including ill-formed ones and references that loop. */
const expression: fc.Arbitrary<unknown> = fc.letrec((tie) => ({
  expr: fc.oneof(
    { depthSize: 'small' },
    fc.constantFrom('root', 'ops', '', 'Active', 'Inactive', '{{resolve:ssm:x}}', '${User}', 1, true, null),
    names.map((n) => ({ Ref: n })),
    fc.constantFrom(['a', 'b'], ['root']),
    fc
      .tuple(
        fc.constantFrom(
          'Fn::Sub',
          'Fn::Join',
          'Fn::Select',
          'Fn::Split',
          'Fn::FindInMap',
          'Fn::If',
          'Fn::GetAtt',
          'Fn::Equals',
          'Fn::And',
          'Fn::Not',
          'Fn::ImportValue',
          'Condition',
          'Fn::Base64',
        ),
        fc.array(tie('expr'), { maxLength: 4 }),
      )
      .map(([fn, args]) => ({ [fn]: args })),
    fc
      .tuple(fc.constantFrom('Fn::Sub', 'Fn::GetAtt', 'Condition'), fc.constantFrom('${User.Arn}-${!x}-${P}', 'User.Arn', 'C', 'Stack.Outputs.O'))
      .map(([fn, arg]) => ({ [fn]: arg })),
    fc.array(tie('expr'), { maxLength: 3 }),
  ),
})).expr;

const template = fc.record({
  Parameters: fc.constant({ P: { Type: 'String', Default: 'root' } }),
  Conditions: fc.record({ C: expression, D: fc.constant({ Condition: 'C' }) }),
  Mappings: fc.constant({ M: { a: { b: 'root' } } }),
  Resources: fc.record({
    User: fc.record(
      {
        Type: fc.constant('AWS::IAM::User'),
        Condition: fc.constantFrom('C', 'D', 'Nope'),
        Properties: fc.record({ UserName: expression, LoginProfile: expression }),
      },
      { requiredKeys: ['Type'] },
    ),
    Key: fc.record(
      { Type: fc.constant('AWS::IAM::AccessKey'), Condition: fc.constantFrom('C', 'D'), Properties: fc.record({ UserName: expression, Status: expression }) },
      { requiredKeys: ['Type'] },
    ),
    'Fn::ForEach::L': fc.tuple(
      fc.constantFrom('X', 'P'),
      expression,
      fc.constant({
        'K${X}': { Type: 'AWS::IAM::AccessKey', Properties: { UserName: { Ref: 'X' } } },
        'Fn::ForEach::M': ['Y', { Ref: 'X' }, { 'U&{Y}': { Type: 'AWS::IAM::User' } }],
      }),
    ),
    Stack: fc.record({
      Type: fc.constant('AWS::CloudFormation::Stack'),
      Properties: fc.record({ TemplateURL: fc.constantFrom('t.json', 'other.json', 'https://x/y'), Parameters: fc.record({ P: expression }) }),
    }),
  }),
  Outputs: fc.record({ O: fc.record({ Value: expression, Export: fc.record({ Name: fc.oneof(expression, fc.constant({ 'Fn::ImportValue': 'root' })) }) }) }),
});

describe('robustness', () => {
  it('parses any text without throwing, as JSON and as YAML', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 300 }), (text) => {
        parseJsonTemplate('/t.json', text);
        parseYamlTemplate('/t.yaml', text);
      }),
      { numRuns: 150 },
    );
  });

  it('evaluates random intrinsics (loops, self-nesting stacks, bad arguments) without throwing', () => {
    fc.assert(
      fc.property(template, (value) => {
        const text = JSON.stringify(value, null, 1);
        const file = path.join(dir, 't.json');
        const { unit } = buildTemplateUnit({ unitId: 'u', format: 'cloudformation', options: loadOptions(dir), templates: [{ file, text }] });
        for (const key of unit.accessKeys) {
          expect(key.location.file).toBe(file);
          expect(key.status.known ? typeof key.status.value : key.status.unknownReason.length > 0).toBeTruthy();
        }
      }),
      { numRuns: 300 },
    );
  });

  it('reports absurd nesting as a parse error', () => {
    const deep = `${'['.repeat(5000)}${']'.repeat(5000)}`;
    expect(parseJsonTemplate('/t.json', `{"Resources": ${deep}}`).diagnostics.map((d) => d.kind)).toEqual(['parse-error']);
    expect(parseYamlTemplate('/t.yaml', `Resources: ${deep}`).diagnostics.map((d) => d.kind)).toEqual(['parse-error']);
  });
});
