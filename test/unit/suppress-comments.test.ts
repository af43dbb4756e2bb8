import { describe, expect, it } from 'vitest';
import { directivesAbove, directivesOfFile, parseDirectiveLine } from '../../src/suppress/suppression-comments.js';

describe('credlint-ignore comments', () => {
  it('parses rule ids, expiry and reason with exact ranges', () => {
    const directive = parseDirectiveLine(
      '  # credlint-ignore root-user-access-key,multiple-active-access-keys until=2030-01-31 -- break-glass user',
      'a.tf',
      7,
    );
    expect(directive).toEqual({
      kind: 'inline',
      rules: ['root-user-access-key', 'multiple-active-access-keys'],
      until: '2030-01-31',
      reason: 'break-glass user',
      location: { file: 'a.tf', range: { start: { line: 7, column: 3 }, end: { line: 7, column: 106 } } },
    });
  });

  it('accepts // comments and no expiry', () => {
    expect(parseDirectiveLine('// credlint-ignore console-user-with-access-key -- legacy', 'a.tf', 1)).toMatchObject({
      rules: ['console-user-with-access-key'],
      until: undefined,
      reason: 'legacy',
    });
  });

  it('keeps a directive without reason so it can be reported', () => {
    expect(parseDirectiveLine('# credlint-ignore root-user-access-key', 'a.tf', 1)).toMatchObject({ reason: undefined });
    expect(parseDirectiveLine('# credlint-ignore root-user-access-key --   ', 'a.tf', 1)).toMatchObject({ reason: undefined });
  });

  it('ignores ordinary comments and code', () => {
    expect(parseDirectiveLine('# ignore this', 'a.tf', 1)).toBeUndefined();
    expect(parseDirectiveLine('name = "credlint-ignore"', 'a.tf', 1)).toBeUndefined();
  });

  it('finds directives in the comment run directly above a line, not across code', () => {
    const text = [
      '# credlint-ignore root-user-access-key -- far away', // 1
      'locals {}', // 2
      '# credlint-ignore multiple-active-access-keys -- rotation until Friday', // 3
      '# The deploy key.', // 4
      'resource "aws_iam_access_key" "k" {', // 5
      '}',
    ].join('\n');
    const directives = directivesOfFile('a.tf', text);
    expect([...directives.keys()]).toEqual([1, 3]);
    const above = directivesAbove(text.split('\n'), directives, 5);
    expect(above.map((d) => d.rules)).toEqual([['multiple-active-access-keys']]);
  });

  it("reads a stack set's inline template (TemplateBody: |) as YAML: its comments are directives, its own block strings are not", () => {
    const text = [
      'Resources:', // 1
      '  Users:', // 2
      '    Type: AWS::CloudFormation::StackSet', // 3
      '    Properties:', // 4
      '      TemplateBody: |', // 5
      '        Resources:', // 6
      '          # credlint-ignore multiple-active-access-keys -- rotation until Friday', // 7
      '          OpsKey2:', // 8
      '            Type: AWS::IAM::AccessKey', // 9
      '          Box:', // 10
      '            Type: AWS::EC2::Instance', // 11
      '            Properties:', // 12
      '              UserData: |', // 13
      '                # credlint-ignore root-user-access-key -- a shell comment', // 14
      '      Description: |', // 15
      '        # credlint-ignore root-user-access-key -- text of a description', // 16
      '',
    ].join('\n');
    expect([...directivesOfFile('t.yaml', text).keys()]).toEqual([7]);
    expect([...directivesOfFile('t.yaml', text.replace(/\n/g, '\r\n')).keys()]).toEqual([7]);
    // Folded, the body is no template credlint reads: every line of it is text.
    expect([...directivesOfFile('t.yaml', text.replace('TemplateBody: |', 'TemplateBody: >')).keys()]).toEqual([]);
  });
});
