import { describe, expect, it } from 'vitest';
import { parseJsonTemplate } from '../../src/cloudformation/parse-json-template.js';
import { parseYamlTemplate } from '../../src/cloudformation/parse-yaml-template.js';
import { child, type TemplateNode } from '../../src/cloudformation/template-node.js';

const KEEPS_LAST = 'CloudFormation keeps the last one, so everything under the first is ignored';

function typeOf(root: TemplateNode | undefined, logicalId: string): unknown {
  const type = child(child(child(root, 'Resources'), logicalId), 'Type');
  return type?.kind === 'scalar' ? type.value : undefined;
}

/**
 * Found on the perf corpus: "invalid YAML: Map keys must be unique" did not say which key. Since then:
 * CloudFormation accepts a duplicate key and keeps the last one, so the template is analysed that way
 * and the second key is a `duplicate-key` warning at its own span, no longer a `parse-error`.
 */
describe('a duplicate key in a YAML template', () => {
  it('is a warning at the second key, naming the line of the first, and the last value is kept', () => {
    const text =
      'Resources:\n  Topic: { Type: AWS::SNS::Topic }\n  Queue:\n    Type: AWS::SQS::Queue\n    Properties:\n      DelaySeconds: 1\n  Topic:\n    Type: AWS::IAM::AccessKey\n';
    const { documents, diagnostics } = parseYamlTemplate('t.yaml', text);
    expect(diagnostics.map((d) => [d.kind, d.resultId, d.location.range, d.message])).toEqual([
      [
        'warning',
        'duplicate-key',
        { start: { line: 7, column: 3 }, end: { line: 7, column: 8 } },
        `duplicate key "Topic" (first written on line 2); ${KEEPS_LAST}`,
      ],
    ]);
    expect(documents).toHaveLength(1);
    expect(typeOf(documents[0]?.root, 'Topic')).toBe('AWS::IAM::AccessKey');
    expect(typeOf(documents[0]?.root, 'Queue')).toBe('AWS::SQS::Queue');
  });

  it('is found inside nested maps and sequences', () => {
    const text = 'Resources:\n  A:\n    Type: X\n    Properties:\n      List:\n        - { Name: a, Value: 1, Name: b }\n';
    const { diagnostics, documents } = parseYamlTemplate('t.yaml', text);
    expect(diagnostics.map((d) => [d.kind, d.location.range.start, d.message])).toEqual([
      ['warning', { line: 6, column: 32 }, `duplicate key "Name" (first written on line 6); ${KEEPS_LAST}`],
    ]);
    expect(documents).toHaveLength(1);
  });

  it('inside an anchor is warned once, not again where it is aliased', () => {
    const text = 'Base: &b { K: 1, K: 2 }\nResources:\n  A: { Type: X, Properties: *b }\n  B: { Type: X, Properties: *b }\n';
    expect(parseYamlTemplate('t.yaml', text).diagnostics.map((d) => d.location.range.start)).toEqual([{ line: 1, column: 18 }]);
  });
});

describe('a duplicate key in a JSON template', () => {
  it('is a warning at the second key (its quotes included), and the last value is kept', () => {
    const text = '{\n  "Resources": {\n    "K": { "Type": "AWS::SNS::Topic" },\n    "K": { "Type": "AWS::IAM::AccessKey" }\n  }\n}\n';
    const { documents, diagnostics } = parseJsonTemplate('t.json', text);
    expect(diagnostics.map((d) => [d.kind, d.resultId, d.location.range, d.message])).toEqual([
      [
        'warning',
        'duplicate-key',
        { start: { line: 4, column: 5 }, end: { line: 4, column: 8 } },
        `duplicate key "K" (first written on line 3); ${KEEPS_LAST}`,
      ],
    ]);
    expect(typeOf(documents[0]?.root, 'K')).toBe('AWS::IAM::AccessKey');
  });

  it('written three times warns twice, each naming the first', () => {
    const text = '{"Resources": {}, "A": 1, "A": 2, "A": 3}';
    const { documents, diagnostics } = parseJsonTemplate('t.json', text);
    expect(diagnostics.map((d) => [d.location.range.start.column, d.message.slice(0, 42)])).toEqual([
      [27, 'duplicate key "A" (first written on line 1'],
      [35, 'duplicate key "A" (first written on line 1'],
    ]);
    expect(child(documents[0]?.root, 'A')).toMatchObject({ kind: 'scalar', value: 3 });
  });
});

/** yaml's `uniqueKeys` compares every pair of keys: 60,000 resources took minutes (a pull request could stall CI). */
describe('a YAML template with very many keys', () => {
  it('parses in linear time, and still finds a duplicate at the end', () => {
    const body = Array.from({ length: 60_000 }, (_, i) => `  R${i}: {Type: AWS::SNS::Topic}\n`).join('');
    const started = Date.now();
    const parsed = parseYamlTemplate('t.yaml', `Resources:\n${body}  R7: {Type: AWS::SNS::Topic}\n`);
    expect(Date.now() - started).toBeLessThan(20_000);
    expect(parsed.diagnostics.map((d) => [d.location.range.start.line, d.message])).toEqual([
      [60_002, `duplicate key "R7" (first written on line 9); ${KEEPS_LAST}`],
    ]);
  }, 60_000);
});
