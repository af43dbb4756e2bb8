import { describe, expect, it } from 'vitest';
import { DEFAULT_LIMITS } from '../../src/core/limits.js';
import { inlineStackSetTemplates, parseInlineTemplate } from '../../src/cloudformation/inline-stack-set-template.js';
import { parseYamlTemplate } from '../../src/cloudformation/parse-yaml-template.js';
import { child } from '../../src/cloudformation/template-node.js';

function inlineOf(text: string) {
  const document = parseYamlTemplate('org.yaml', text).documents[0];
  if (!document) throw new Error('no document');
  return inlineStackSetTemplates(document, text);
}

const filler = Array.from({ length: 200 }, (_, i) => `  Note${String(i)}: text`).join('\n');

describe('inline stack set templates', () => {
  it('parse the body alone, its nodes and warnings moved to where the file writes them', () => {
    const text = `Metadata:\n${filler}\nResources:\n  Set:\n    Type: AWS::CloudFormation::StackSet\n    Properties:\n      TemplateBody: |+\n        Resources:\n          Key: { Type: AWS::IAM::AccessKey, Properties: { UserName: a, UserName: b } }\n\n`;
    const [inline] = inlineOf(text);
    // Only the body is parsed, however long the file above it (one text per stack set).
    expect(inline?.text.trimEnd()).toBe('Resources:\n  Key: { Type: AWS::IAM::AccessKey, Properties: { UserName: a, UserName: b } }');
    expect(inline?.offset).toEqual({ lines: 206, columns: 8 });
    const parsed = parseInlineTemplate('org.yaml', inline!, DEFAULT_LIMITS);
    const key = child(child(parsed.documents[0]?.root, 'Resources'), 'Key');
    expect(key?.range.start).toEqual({ line: 208, column: 16 });
    expect(parsed.diagnostics.map((d) => [d.location.range.start, d.message])).toEqual([
      [
        { line: 208, column: 72 },
        'duplicate key "UserName" (first written on line 208); CloudFormation keeps the last one, so everything under the first is ignored',
      ],
    ]);
  });

  it('parse a body quoted on one line by its own text, every node and warning at the column the line writes it', () => {
    const line = `      TemplateBody: '{"Resources": {"Key": {"Type": "AWS::IAM::AccessKey", "Properties": {"UserName": "a", "UserName": "b"}}}}'`;
    const [inline] = inlineOf(`Resources:\n  Set:\n    Type: AWS::CloudFormation::StackSet\n    Properties:\n${line}\n`);
    expect(inline?.offset).toBeUndefined();
    const parsed = parseInlineTemplate('org.yaml', inline!, DEFAULT_LIMITS);
    const key = child(child(parsed.documents[0]?.root, 'Resources'), 'Key');
    expect(parsed.documents[0]?.file).toBe('org.yaml');
    expect(key?.range.start).toEqual({ line: 5, column: line.indexOf('{"Type"') + 1 });
    expect(parsed.diagnostics.map((d) => [d.location.file, d.location.range.start, d.message])).toEqual([
      [
        'org.yaml',
        { line: 5, column: line.lastIndexOf('"UserName"') + 1 },
        'duplicate key "UserName" (first written on line 5); CloudFormation keeps the last one, so everything under the first is ignored',
      ],
    ]);
  });

  it("parse a folded body, whose lines are not the file's, with every node and warning at the TemplateBody key", () => {
    const text = `Resources:\n  Set:\n    Type: AWS::CloudFormation::StackSet\n    Properties:\n      TemplateBody: >\n        {"Resources": {"Key": {"Type": "AWS::IAM::AccessKey",\n        "Properties": {"UserName": "a", "UserName": "b"}}}}\n`;
    const [inline] = inlineOf(text);
    expect([inline?.offset, inline?.quoted]).toEqual([undefined, undefined]);
    const parsed = parseInlineTemplate('org.yaml', inline!, DEFAULT_LIMITS);
    const key = child(child(parsed.documents[0]?.root, 'Resources'), 'Key');
    expect(key?.range).toEqual({ start: { line: 5, column: 7 }, end: { line: 5, column: 19 } });
    expect(parsed.diagnostics.map((d) => [d.location.range.start, d.message])).toEqual([
      [
        { line: 5, column: 7 },
        'duplicate key "UserName" (first written on line 1 of the TemplateBody string); CloudFormation keeps the last one, so everything under the first is ignored',
      ],
    ]);
  });

  it('have exact offsets only as literal blocks that hold the value as written, and need the stack set parameter lists written out', () => {
    expect(
      inlineOf(`Resources:
  Folded:
    Type: AWS::CloudFormation::StackSet
    Properties:
      TemplateBody: >
        Resources: {}
  Quoted:
    Type: AWS::CloudFormation::StackSet
    Properties:
      TemplateBody: "Resources: {}"
  Indicator:
    Type: AWS::CloudFormation::StackSet
    Properties:
      TemplateBody: |4
            Resources: {}
  ComputedGroups:
    Type: AWS::CloudFormation::StackSet
    Properties:
      StackInstancesGroup: !Ref Groups
      TemplateBody: |
        Resources: {}
  Plain:
    Type: AWS::CloudFormation::StackSet
    Properties:
      TemplateBody: |
        Resources: {}
`).map((t) => [t.logicalId, t.offset]),
    ).toEqual([
      // Strings whose lines are not the file's are read too, located at the TemplateBody key.
      ['Folded', undefined],
      ['Quoted', undefined],
      ['Indicator', undefined],
      ['Plain', { lines: 25, columns: 8 }],
    ]);
  });
});
