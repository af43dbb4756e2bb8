import type { YamlParseError } from './yaml-adjacent-comments.js';
import type { ReindentedText } from './yaml-quoted-continuations.js';
import { withInsertions } from './yaml-quoted-continuations.js';

/**
 * Real templates write a lone dash as an entry of a flow collection, most often as `Fn::Join`'s
 * delimiter:
 *
 *     Value: !Join [-, [private-az1, !Ref AWS::StackName]]
 *
 * YAML lets a plain scalar start with `-` only where the next character may continue it, and in a flow
 * collection `,`, `]` and `}` may not (YAML 1.2 spec 7.3.3, `ns-plain-first(c)`), so the `yaml` package
 * takes the dash for a block sequence entry and reports "Block collections are not allowed within flow
 * collections". PyYAML's scanner, which cfn-lint and the AWS CLI use, and SnakeYAML's, its port, start a
 * plain scalar at a `-` followed by any character that is not white space, and end it at the flow
 * indicator: they read the string `-`. This quotes each such dash where the parser reported it
 * (`"-"` is that string in every YAML reader). Returns undefined when no error is of that kind.
 */
export function quoteFlowDashes(text: string, errors: readonly YamlParseError[]): ReindentedText | undefined {
  const at = new Set<number>();
  for (const error of errors) {
    const offset = error.pos[0];
    if (error.code === 'BLOCK_IN_FLOW' && text[offset] === '-' && FLOW_ENDS.has(text[offset + 1] ?? '')) at.add(offset);
  }
  return withInsertions(
    text,
    [...at]
      .sort((a, b) => a - b)
      .flatMap((offset) => [
        { at: offset, count: 1, fill: '"' },
        { at: offset + 1, count: 1, fill: '"' },
      ]),
  );
}

/** The flow indicators that end an entry: after a dash, PyYAML ends the scalar `-` there. */
const FLOW_ENDS = new Set([',', ']', '}']);
