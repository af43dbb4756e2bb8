import type * as ts from 'typescript';
import { isNamedMemberAccess, memberNameOf } from './member-syntax.js';
import { parentOf } from './parent-of.js';
import { isGlobalProcess } from './process-environment.js';
import type { DeclarationIndex } from './resolve-declaration.js';
import { unwrapExpression } from './unwrap-expression.js';

/**
 * Whether a function body's one `return` is the only way a call of it gives a value: every other way
 * through the body ends the call without one — a `throw`, or a call of Node's `process.exit()`, which
 * ends the process and does not return (https://nodejs.org/api/process.html#processexitcode) — so the
 * body never runs off its end, and the `return` sits in blocks, `if`s and `try`s only (in a loop, its
 * expression would read the iteration that returned, which the caller does not know).
 */
export function returnsOnlyThere(t: typeof import('typescript'), index: DeclarationIndex, body: ts.Block, only: ts.ReturnStatement): boolean {
  for (let at: ts.Node | undefined = parentOf(only); at !== body; at = parentOf(at)) {
    if (at === undefined || !(t.isBlock(at) || t.isIfStatement(at) || t.isTryStatement(at) || t.isCatchClause(at))) return false;
  }
  return neverRunsPast(t, index, body);
}

/**
 * Whether control certainly leaves the function at `statement`: a `return`, a `throw`, a
 * `process.exit(...)` of the global `process`, a block whose last statement does, an `if` both of
 * whose branches do, or a `try` without `finally` whose block and `catch` both do. A function body holds
 * no `break` or `continue` that could jump past such a statement: only loops, `switch`es and labelled
 * statements, which this never looks into, are their targets.
 */
function neverRunsPast(t: typeof import('typescript'), index: DeclarationIndex, statement: ts.Statement): boolean {
  if (t.isReturnStatement(statement) || t.isThrowStatement(statement)) return true;
  if (t.isExpressionStatement(statement)) return isProcessExit(t, index, statement.expression);
  if (t.isBlock(statement)) {
    const last = statement.statements[statement.statements.length - 1];
    return last !== undefined && neverRunsPast(t, index, last);
  }
  if (t.isIfStatement(statement))
    return statement.elseStatement !== undefined && neverRunsPast(t, index, statement.thenStatement) && neverRunsPast(t, index, statement.elseStatement);
  if (t.isTryStatement(statement))
    return (
      statement.finallyBlock === undefined &&
      statement.catchClause !== undefined &&
      neverRunsPast(t, index, statement.tryBlock) &&
      neverRunsPast(t, index, statement.catchClause.block)
    );
  return false;
}

/** `process.exit(...)` (or `process['exit'](...)`) of Node's global `process`, not a variable or parameter of that name. */
function isProcessExit(t: typeof import('typescript'), index: DeclarationIndex, expression: ts.Expression): boolean {
  const call = unwrapExpression(t, expression);
  if (!t.isCallExpression(call)) return false;
  const callee = unwrapExpression(t, call.expression);
  return isNamedMemberAccess(t, callee) && memberNameOf(t, callee) === 'exit' && isGlobalProcess(t, index, callee.expression);
}
