/**
 * A template that may nest another is parsed to find which templates start a unit, and its units are
 * built afterwards. Within a text budget the first parse serves the second: a repository of large
 * nested-stack templates spent about half its scan parsing each of them twice.
 */
import path from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import * as parseTemplate from '../../src/cloudformation/parse-template.js';
import { loadCloudFormation } from '../../src/formats/cloudformation/load-templates.js';
import { keysOf, loadOptions, writeTree } from '../support/cloudformation-harness.js';

vi.mock('../../src/cloudformation/parse-template.js', async (importOriginal) => {
  const original = await importOriginal<typeof parseTemplate>();
  return { ...original, parseTemplateText: vi.fn(original.parseTemplateText) };
});

const PARENT = `Resources:
  Ops: { Type: AWS::IAM::User, Properties: { UserName: ops, LoginProfile: { Password: x } } }
  Child:
    Type: AWS::CloudFormation::Stack
    Properties:
      TemplateURL: ./child.yaml
      Parameters: { Who: !Ref Ops }
  Remote:
    Type: AWS::CloudFormation::Stack
    Properties:
      TemplateURL: !Sub https://\${Bucket}.s3.amazonaws.com/remote.yaml
`;
const CHILD = `Parameters: { Who: { Type: String } }
Resources:
  Key: { Type: AWS::IAM::AccessKey, Properties: { UserName: !Ref Who } }
`;

describe('templates that may nest another', () => {
  it('are parsed once, and their units are what they were', async () => {
    const dir = writeTree({ 'parent.yaml': PARENT, 'child.yaml': CHILD });
    const parse = vi.mocked(parseTemplate.parseTemplateText);
    parse.mockClear();
    const { units } = await loadCloudFormation(
      ['parent.yaml', 'child.yaml'].map((f) => path.join(dir, f)),
      loadOptions(dir),
    );
    expect(units.map((u) => u.id)).toEqual(['cloudformation:parent.yaml']);
    expect(keysOf(units[0]!)).toEqual(['Child/Key ops Active']);
    const parsedFiles = parse.mock.calls.map(([file]) => path.basename(file));
    // The parent once for both passes. The child (it names no nested stack) for the parent's unit, and
    // on its own turn for its syntax diagnostics, as before.
    expect(parsedFiles.filter((f) => f === 'parent.yaml')).toEqual(['parent.yaml']);
    expect(parsedFiles.filter((f) => f === 'child.yaml')).toEqual(['child.yaml', 'child.yaml']);
  });
});
