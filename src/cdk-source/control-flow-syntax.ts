import type * as ts from 'typescript';
import { UNDEFINED, type StaticValue } from './static-value.js';

// Questions the construct walk asks about control-flow syntax, answered from the syntax alone.

/** `&&`, `||`, `??`: operators whose right side runs only for some values of the left. */
export function isShortCircuit(t: typeof import('typescript'), kind: ts.SyntaxKind): boolean {
  return kind === t.SyntaxKind.AmpersandAmpersandToken || kind === t.SyntaxKind.BarBarToken || kind === t.SyntaxKind.QuestionQuestionToken;
}

/** `items.forEach((item, i) => ...)`, `.map`, `.flatMap` with an inline callback. */
export function isIteratingCall(t: typeof import('typescript'), node: ts.CallExpression): boolean {
  const callee = node.expression;
  const callback = node.arguments[0];
  return (
    t.isPropertyAccessExpression(callee) &&
    ['forEach', 'map', 'flatMap'].includes(callee.name.text) &&
    callback !== undefined &&
    (t.isArrowFunction(callback) || t.isFunctionExpression(callback))
  );
}

/** Whether control certainly leaves a statement list at `statement` (`return`, `throw`, `continue`, `break`, or both branches of an `if`). */
export function alwaysExits(t: typeof import('typescript'), statement: ts.Statement): boolean {
  if (t.isReturnStatement(statement) || t.isThrowStatement(statement) || t.isContinueStatement(statement) || t.isBreakStatement(statement)) return true;
  if (t.isBlock(statement)) return statement.statements.some((s) => alwaysExits(t, s));
  if (t.isIfStatement(statement))
    return statement.elseStatement !== undefined && alwaysExits(t, statement.thenStatement) && alwaysExits(t, statement.elseStatement);
  return false;
}

/** The next value of a counter: `i++`, `++i`, `i--`, `i += n`, `i -= n`; anything else is unknown. */
export function counterStep(t: typeof import('typescript'), incrementor: ts.Expression, declaration: ts.VariableDeclaration, value: StaticValue): StaticValue {
  if (value.kind !== 'number') return UNDEFINED;
  const isCounter = (n: ts.Node) => t.isIdentifier(n) && t.isIdentifier(declaration.name) && n.text === declaration.name.text;
  if ((t.isPostfixUnaryExpression(incrementor) || t.isPrefixUnaryExpression(incrementor)) && isCounter(incrementor.operand)) {
    if (incrementor.operator === t.SyntaxKind.PlusPlusToken) return { kind: 'number', value: value.value + 1 };
    if (incrementor.operator === t.SyntaxKind.MinusMinusToken) return { kind: 'number', value: value.value - 1 };
  }
  if (t.isBinaryExpression(incrementor) && isCounter(incrementor.left) && t.isNumericLiteral(incrementor.right)) {
    const by = Number(incrementor.right.text);
    if (incrementor.operatorToken.kind === t.SyntaxKind.PlusEqualsToken && by > 0) return { kind: 'number', value: value.value + by };
    if (incrementor.operatorToken.kind === t.SyntaxKind.MinusEqualsToken && by > 0) return { kind: 'number', value: value.value - by };
  }
  return UNDEFINED;
}

/** Whether a loop body holds a `break` that leaves this loop (not one of an inner loop or switch). */
export function hasBreak(t: typeof import('typescript'), node: ts.Node, depth: number): boolean {
  let found = false;
  t.forEachChild(node, (child) => {
    if (found || depth > 200) return;
    if (t.isBreakStatement(child) && !child.label) found = true;
    else if (t.isIterationStatement(child, false) || t.isSwitchStatement(child) || t.isFunctionLike(child)) return;
    else found = hasBreak(t, child, depth + 1);
  });
  return found;
}
