import type * as ts from 'typescript';
import { unwrapExpression } from './unwrap-expression.js';

/**
 * `x.synth(...)` (also `x?.synth(...)`, `(x as App).synth()`): the call that synthesizes an App or a
 * Stage (https://docs.aws.amazon.com/cdk/api/v2/docs/aws-cdk-lib.Stage.html#synthoptions). Told by its
 * name alone; what `x` is, the walk decides (`explicit-synth.ts`).
 */
export function isSynthCall(t: typeof import('typescript'), call: ts.CallExpression): boolean {
  return synthReceiver(t, call) !== undefined;
}

/** The `x` of `x.synth(...)` (wrappers looked through), or undefined for another call. */
export function synthReceiver(t: typeof import('typescript'), call: ts.CallExpression): ts.Expression | undefined {
  const callee = unwrapExpression(t, call.expression);
  return t.isPropertyAccessExpression(callee) && callee.name.text === 'synth' ? unwrapExpression(t, callee.expression) : undefined;
}
