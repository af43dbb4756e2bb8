import type * as ts from 'typescript';
import type { DeclarationIndex } from './resolve-declaration.js';
import type { Context, StaticValue } from './static-value.js';
import { unwrapExpression } from './unwrap-expression.js';

/**
 * An optional construct: `const user = isProd ? null : new iam.User(...)`, then code that runs only
 * where `user` is truthy (`if (user)`, `user && ...`, `!user ? null : new iam.CfnAccessKey(..., {
 * userName: user.userName })`). There `user` cannot be the `null` (or `undefined`) branch, so it is the
 * construct, whatever decided which branch the `const` took: a key created there is that user's.
 * Without this, `user` is unknown where its condition is, and the key's user with it.
 */
export function narrowTruthy(
  t: typeof import('typescript'),
  index: DeclarationIndex,
  evaluate: (expression: ts.Expression, context: Context) => StaticValue,
  context: Context,
  condition: ts.Expression,
  when: boolean,
): Context {
  let node = unwrapExpression(t, condition);
  let truthy = when;
  while (t.isPrefixUnaryExpression(node) && node.operator === t.SyntaxKind.ExclamationToken) {
    truthy = !truthy;
    node = unwrapExpression(t, node.operand);
  }
  if (!truthy || !t.isIdentifier(node)) return context;
  const declaration = index.find(node);
  if (declaration?.kind !== 'variable' || declaration.path.length > 0 || context.bindings.has(declaration.leaf)) return context;
  const variable = declaration.node;
  // Only a `const`: a `let` may hold something else by the time the condition is tested.
  if (!t.isVariableDeclarationList(variable.parent) || (variable.parent.flags & t.NodeFlags.Const) === 0 || !variable.initializer) return context;
  const initializer = unwrapExpression(t, variable.initializer);
  if (!t.isConditionalExpression(initializer)) return context;
  const [whenTrue, whenFalse] = [unwrapExpression(t, initializer.whenTrue), unwrapExpression(t, initializer.whenFalse)];
  const construct = isNullish(t, index, whenTrue) ? whenFalse : isNullish(t, index, whenFalse) ? whenTrue : undefined;
  if (construct === undefined || !t.isNewExpression(construct)) return context;
  const value = evaluate(construct, context);
  if (value.kind !== 'construct') return context;
  return { ...context, bindings: new Map([...context.bindings, [declaration.leaf, value]]) };
}

/** `null`, `undefined` (the global, not a name the project declares) or `void 0`. */
function isNullish(t: typeof import('typescript'), index: DeclarationIndex, node: ts.Expression): boolean {
  if (t.isIdentifier(node)) return node.text === 'undefined' && index.find(node) === undefined;
  return node.kind === t.SyntaxKind.NullKeyword || t.isVoidExpression(node);
}
