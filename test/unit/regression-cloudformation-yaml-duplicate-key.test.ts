import { describe, expect, it } from 'vitest';
import { parseYamlTemplate } from '../../src/cloudformation/parse-yaml-template.js';

/** Found on the perf corpus: "invalid YAML: Map keys must be unique" did not say which key. */
describe('a duplicate key in a YAML template', () => {
  it('is named, with the line it was first written on, like a duplicate JSON key', () => {
    const text =
      'Resources:\n  Topic: { Type: AWS::SNS::Topic }\n  Queue:\n    Type: AWS::SQS::Queue\n    Properties:\n      DelaySeconds: 1\n  Topic:\n    Type: AWS::SNS::Topic\n';
    const { diagnostics } = parseYamlTemplate('t.yaml', text);
    expect(diagnostics.map((d) => [d.kind, d.location.range.start, d.message])).toEqual([
      ['parse-error', { line: 7, column: 3 }, 'duplicate key "Topic" (first written on line 2)'],
    ]);
  });

  it('is found inside nested maps and sequences', () => {
    const text = 'Resources:\n  A:\n    Type: X\n    Properties:\n      List:\n        - { Name: a, Value: 1, Name: b }\n';
    const { diagnostics } = parseYamlTemplate('t.yaml', text);
    expect(diagnostics.map((d) => [d.location.range.start, d.message])).toEqual([[{ line: 6, column: 32 }, 'duplicate key "Name" (first written on line 6)']]);
  });
});

/** yaml's `uniqueKeys` compares every pair of keys: 60,000 resources took minutes (a pull request could stall CI). */
describe('a YAML template with very many keys', () => {
  it('parses in linear time, and still finds a duplicate at the end', () => {
    const body = Array.from({ length: 60_000 }, (_, i) => `  R${i}: {Type: AWS::SNS::Topic}\n`).join('');
    const started = Date.now();
    const parsed = parseYamlTemplate('t.yaml', `Resources:\n${body}  R7: {Type: AWS::SNS::Topic}\n`);
    expect(Date.now() - started).toBeLessThan(20_000);
    expect(parsed.diagnostics.map((d) => [d.location.range.start.line, d.message])).toEqual([[60_002, 'duplicate key "R7" (first written on line 9)']]);
  }, 60_000);
});
