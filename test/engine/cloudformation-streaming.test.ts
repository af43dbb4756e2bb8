/**
 * docs/architecture.md, "Streaming": the CloudFormation loader first parses only the templates that may
 * nest another (those naming a nested-stack type, or holding an escape that could spell one), to find
 * the templates that start a unit; then it builds the units file by file. A nested-stack type spelled
 * with escapes must still make its template a nested stack, not a unit of its own.
 */
import { describe, expect, it } from 'vitest';
import { loadTree } from '../support/cloudformation-harness.js';

const rootKey = (name: string) => `Resources:\n  ${name}:\n    Type: AWS::IAM::AccessKey\n    Properties:\n      UserName: root\n`;

/** Each unit's id and the names of its access keys. */
async function unitsOf(files: Readonly<Record<string, string>>): Promise<string[][]> {
  const { units } = await loadTree(files);
  return units.map((u) => [u.id, ...u.accessKeys.map((k) => k.address)]);
}

describe('CloudFormation units are found before any is built', () => {
  it('takes a JSON nested-stack type spelled with \\u escapes, its child listed first', async () => {
    const parent = JSON.stringify({ Resources: { Child: { Type: 'AWS::CloudFormation::Stack', Properties: { TemplateURL: 'a-child.yaml' } } } }).replace(
      'Stack',
      '\\u0053tack',
    );
    expect(await unitsOf({ 'a-child.yaml': rootKey('ChildKey'), 'b-parent.json': parent })).toEqual([['cloudformation:b-parent.json', 'Child/ChildKey']]);
  });

  it('takes a YAML nested-stack type spelled with \\x escapes or an escaped line break', async () => {
    const escaped = 'Resources:\n  Child:\n    Type: "AWS::CloudFormation::St\\x61ck"\n    Properties:\n      TemplateURL: a-child.yaml\n';
    const broken = 'Resources:\n  Child:\n    Type: "AWS::Serverless::\\\n      Application"\n    Properties:\n      Location: a-child.yaml\n';
    expect(await unitsOf({ 'a-child.yaml': rootKey('ChildKey'), 'b-parent.yaml': escaped })).toEqual([['cloudformation:b-parent.yaml', 'Child/ChildKey']]);
    expect(await unitsOf({ 'a-child.yaml': rootKey('ChildKey'), 'b-parent.yaml': broken })).toEqual([['cloudformation:b-parent.yaml', 'Child/ChildKey']]);
  });

  it('starts one unit at the first of templates that only nest each other', async () => {
    const nests = (other: string, key: string) =>
      `Resources:\n  Other:\n    Type: AWS::CloudFormation::Stack\n    Properties:\n      TemplateURL: ${other}\n  ${key}:\n    Type: AWS::IAM::AccessKey\n    Properties:\n      UserName: root\n`;
    const units = await unitsOf({ 'a.yaml': nests('b.yaml', 'KeyA'), 'b.yaml': nests('a.yaml', 'KeyB'), 'c.yaml': rootKey('KeyC') });
    expect(units.map(([id]) => id)).toEqual(['cloudformation:a.yaml', 'cloudformation:c.yaml']);
    expect(units[0]).toContain('KeyA');
    expect(units[0]).toContain('Other/KeyB');
  });

  it('gives each template document of a multi-document file its unit, the one that nests included', async () => {
    const file = `${rootKey('FirstKey')}---\nResources:\n  Child:\n    Type: AWS::CloudFormation::Stack\n    Properties:\n      TemplateURL: child.yaml\n`;
    expect(await unitsOf({ 'child.yaml': rootKey('ChildKey'), 'stacks.yaml': file })).toEqual([
      ['cloudformation:stacks.yaml#1', 'FirstKey'],
      ['cloudformation:stacks.yaml#2', 'Child/ChildKey'],
    ]);
  });
});
