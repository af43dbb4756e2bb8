import type * as ts from 'typescript';
import type { Declaration } from './resolve-declaration.js';
import type { ExpressionEvaluator } from './evaluate-expression.js';
import type { FunctionCalls } from './function-calls.js';
import { parentOf } from './parent-of.js';
import { unwrapExpression } from './unwrap-expression.js';

/** Helper functions followed through their calls (`prepare(stack)` calling `harden(stack)`) before giving up. */
const MAX_DEPTH = 20;

/**
 * Whether `Aspects.of(scope).add(...)` certainly runs for the construct its scope names: a statement of
 * a file's top level, or of a constructor's body with no `return` or `throw` before it, whose scope is
 * `this` (in the constructor: each instance) or a `const` holding a `new` declared in the same
 * statement list (each construct that `new` creates, in a loop each iteration's own); for such a
 * `const`, also a statement of any other block (a loop's body), nothing between the two that may leave
 * the block, and no `try` around it; or a parameter of a function whose every call certainly runs with
 * such a construct (`surelyPassed`). `call` is the add, or a call of a helper that adds to its parameter.
 */
export function surelyAdded(
  t: typeof import('typescript'),
  evaluator: ExpressionEvaluator,
  calls: FunctionCalls,
  call: ts.CallExpression | ts.NewExpression,
  scope: ts.Expression,
  depth = 0,
): boolean {
  const statement = parentOf(call);
  const body = statement && parentOf(statement);
  if (!statement || !body || !t.isExpressionStatement(statement) || !(t.isSourceFile(body) || t.isBlock(body))) return false;
  const constructorBody = t.isBlock(body) && t.isConstructorDeclaration(parentOf(body) ?? body);
  const statements = body.statements;
  if (constructorBody && statements.slice(0, statements.indexOf(statement)).some((s) => /\b(?:return|throw)\b/.test(s.getText()))) return false;
  const expression = unwrapExpression(t, scope);
  if (expression.kind === t.SyntaxKind.ThisKeyword) return constructorBody;
  if (!t.isIdentifier(expression)) return false;
  const declaration = evaluator.host.index.find(expression);
  if (declaration?.kind === 'parameter') return surelyPassed(t, evaluator, calls, statement, body, declaration, depth);
  if (declaration?.kind !== 'variable' || declaration.leaf !== declaration.node || !declaration.node.initializer) return false;
  const list = declaration.node.parent;
  if (!t.isVariableDeclarationList(list) || (list.flags & t.NodeFlags.Const) === 0) return false;
  const declared = parentOf(list);
  if (!t.isNewExpression(unwrapExpression(t, declaration.node.initializer)) || !declared || parentOf(declared) !== body) return false;
  if (t.isSourceFile(body) || constructorBody) return true;
  // Any other statement list (a loop's body, a callback's, a branch's): the add runs whenever the \`new\`
  // before it does — each iteration's add for that iteration's construct — unless something between
  // them may leave the list, or an exception between them may be caught and the app carry on.
  const between = statements.slice(statements.indexOf(declared as ts.Statement) + 1, statements.indexOf(statement));
  return !between.some((s) => /\b(?:return|throw|break|continue|await|yield)\b/.test(s.getText())) && !insideTry(t, body);
}

/**
 * An add to a parameter of a function (`function harden(stack) { Aspects.of(stack).add(...) }`), a
 * statement of the function's own body with nothing before it that may leave it: each call runs it
 * for the construct it passes (a generator's call does not run its body, nor an async function's past
 * an \`await\`, so neither counts). Certain when every use of the function is a call (\`FunctionCalls\`)
 * that itself certainly runs with a construct certainly its argument (\`surelyAdded\` of the call).
 */
function surelyPassed(
  t: typeof import('typescript'),
  evaluator: ExpressionEvaluator,
  calls: FunctionCalls,
  statement: ts.Statement,
  body: ts.SourceFile | ts.Block,
  declaration: Extract<Declaration, { kind: 'parameter' }>,
  depth: number,
): boolean {
  const owner = declaration.node.parent;
  if (depth >= MAX_DEPTH || !(t.isFunctionDeclaration(owner) || t.isFunctionExpression(owner) || t.isArrowFunction(owner)) || owner.body !== body) return false;
  if (owner.asteriskToken || (t.getModifiers(owner) ?? []).some((m) => m.kind === t.SyntaxKind.AsyncKeyword)) return false;
  const before = body.statements.slice(0, body.statements.indexOf(statement));
  if (before.some((s) => /\b(?:return|throw|await|yield)\b/.test(s.getText()))) return false;
  const passed = calls.argumentsFor(declaration.node, declaration.leaf);
  if (!passed || passed.length === 0) return false;
  return passed.every((argument) => {
    const site = parentOf(argument);
    return site !== undefined && (t.isCallExpression(site) || t.isNewExpression(site)) && surelyAdded(t, evaluator, calls, site, argument, depth + 1);
  });
}

/** Whether a node is inside a \`try\` of its own function (or of the file's top level). */
function insideTry(t: typeof import('typescript'), node: ts.Node): boolean {
  for (let parent = parentOf(node); parent && !t.isFunctionLike(parent) && !t.isSourceFile(parent); parent = parentOf(parent))
    if (t.isTryStatement(parent)) return true;
  return false;
}
