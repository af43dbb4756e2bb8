import type * as ts from 'typescript';
import type { ExpressionEvaluator } from './evaluate-expression.js';

import { MAX_BASES } from './class-hierarchy.js';
import { namesCdkClass } from './names-cdk-class.js';

/**
 * The project class (`cls` or one of its project base classes) whose `extends` clause names one of
 * `names` of `aws-cdk-lib` itself (`class Env extends Stage`), or undefined.
 */
export function cdkBaseClass(
  t: typeof import('typescript'),
  evaluator: ExpressionEvaluator,
  cls: ts.ClassLikeDeclaration,
  names: ReadonlySet<string>,
): ts.ClassLikeDeclaration | undefined {
  let current = cls;
  for (let depth = 0; depth < MAX_BASES; depth += 1) {
    const base = evaluator.classes.baseOf(current);
    if (!base) return namesCdkClass(t, evaluator.classes.extendsNode(current), names) ? current : undefined;
    current = base;
  }
  // A hierarchy deeper than credlint follows (or a cycle of `extends`, which TypeScript rejects).
  evaluator.classes.cutAt(current);
  return undefined;
}
