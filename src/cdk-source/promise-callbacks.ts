import type * as ts from 'typescript';
import { isApp } from './construct-app.js';
import type { ExpressionEvaluator } from './evaluate-expression.js';
import { unwrapExpression } from './unwrap-expression.js';

/**
 * Whether `callback` is the fulfilment handler of a promise's `.then(...)` (`load().then((config) =>
 * { const app = new App(); ... })`, also `async`), or the handler of its `.finally(...)`, that makes an
 * `App` in a statement of its own body (not under an `if`, a loop or a nested function). Such a callback
 * runs at most once: a promise settles once and calls each handler once (https://promisesaplus.com/,
 * 2.2.2.3; `finally` calls its handler once, on either outcome:
 * https://tc39.es/ecma262/#sec-promise.prototype.finally). When it does not run (the promise rejects,
 * or never settles), no App exists and nothing of the app is synthesized, so in every synthesis that
 * writes this app's cloud assembly it ran, once, up to where the App was made; what it creates there
 * is as certain as code at the top level of the app.
 *
 * A `.then` or `.finally` that resolves to a project function or method is not taken for a promise's:
 * its body decides how often the callback runs.
 */
export function isAppMakingThenCallback(
  t: typeof import('typescript'),
  evaluator: ExpressionEvaluator,
  call: ts.CallExpression,
  callback: ts.ArrowFunction | ts.FunctionExpression,
  isProjectCall: boolean,
): boolean {
  if (isProjectCall || call.arguments[0] !== callback) return false;
  const callee = call.expression;
  if (!t.isPropertyAccessExpression(callee) || (callee.name.text !== 'then' && callee.name.text !== 'finally') || callee.questionDotToken) return false;
  // `this.then(cb)`: a method of the project's class, dispatched per instance, not a promise's.
  if (callee.expression.kind === t.SyntaxKind.ThisKeyword) return false;
  if (!t.isBlock(callback.body)) return false;
  return callback.body.statements.some((statement) => makesApp(t, evaluator, statement));
}

/**
 * Whether `callback` is the executor of `new Promise(callback)`, JavaScript's own `Promise` (no project
 * declaration of the name): the constructor calls it once, at once, before it returns
 * (https://tc39.es/ecma262/#sec-promise-executor), so what it creates is as certain as the code around
 * the `new`, whether it makes the App or adds to one.
 */
export function isPromiseExecutor(
  t: typeof import('typescript'),
  evaluator: ExpressionEvaluator,
  site: ts.NewExpression,
  callback: ts.ArrowFunction | ts.FunctionExpression,
): boolean {
  const callee = unwrapExpression(t, site.expression);
  return site.arguments?.[0] === callback && t.isIdentifier(callee) && callee.text === 'Promise' && evaluator.host.index.find(callee) === undefined;
}

/** `const app = new App(...)` or `new App(...);` as a statement of its own. */
function makesApp(t: typeof import('typescript'), evaluator: ExpressionEvaluator, statement: ts.Statement): boolean {
  const isAppNew = (expression: ts.Expression | undefined): boolean => {
    const inner = expression && unwrapExpression(t, expression);
    return inner !== undefined && t.isNewExpression(inner) && isApp(t, evaluator, inner);
  };
  if (t.isExpressionStatement(statement)) return isAppNew(statement.expression);
  if (t.isVariableStatement(statement)) return statement.declarationList.declarations.some((declaration) => isAppNew(declaration.initializer));
  return false;
}
