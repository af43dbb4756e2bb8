import type * as ts from 'typescript';

/**
 * The `aws-cdk-lib` class an expression names, as written (`Stack`, `cdk.Stack`, `core.Stage`: aws-cdk-lib
 * and CDK v1 core name them so), when it is one of `names`.
 */
export function namesCdkClass(t: typeof import('typescript'), expression: ts.Node | undefined, names: ReadonlySet<string>): boolean {
  if (!expression) return false;
  const name = t.isIdentifier(expression) ? expression.text : t.isPropertyAccessExpression(expression) ? expression.name.text : undefined;
  return name !== undefined && names.has(name);
}
