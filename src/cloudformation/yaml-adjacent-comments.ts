import type { ReindentedText } from './yaml-quoted-continuations.js';
import { withInsertions } from './yaml-quoted-continuations.js';

/** A parse error as the `yaml` package reports it: a code and the offsets it covers. */
export interface YamlParseError {
  readonly code: string;
  readonly pos: readonly [number, number];
}

/**
 * Real templates (an AWS sample among them) write a comment right after a quoted scalar or a closing
 * bracket, with no space before it:
 *
 *     ServiceToken: !Sub 'arn:aws:lambda:${AWS::Region}:${AWS::AccountId}:function:check'#
 *
 * YAML 1.2 requires white space before a comment (spec 6.6, `s-b-comment`), so the `yaml` package
 * reports "Comments must be separated from other tokens by white space characters"; PyYAML and
 * SnakeYAML, whose scanners skip to the next token and take any `#` found there as a comment, read it
 * (so the AWS CLI, cfn-lint and CloudFormation do). This puts one space before each such `#`, where the
 * parser reported it after a closing quote or bracket (inside a plain scalar `a#b` is text, and no error).
 * Returns undefined when no error is of that kind.
 */
export function separateAdjacentComments(text: string, errors: readonly YamlParseError[]): ReindentedText | undefined {
  const at = new Set<number>();
  for (const error of errors) {
    const offset = error.pos[0];
    if (error.code === 'MISSING_CHAR' && text[offset] === '#' && CLOSERS.has(text[offset - 1] ?? '')) at.add(offset);
  }
  return withInsertions(
    text,
    [...at].sort((a, b) => a - b).map((offset) => ({ at: offset, count: 1 })),
  );
}

const CLOSERS = new Set(["'", '"', ']', '}']);
