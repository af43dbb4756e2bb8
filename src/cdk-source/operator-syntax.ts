import type * as ts from 'typescript';

/** `++` or `--`: a prefix or postfix step that writes its operand. */
export function isIncrement(t: typeof import('typescript'), operator: ts.SyntaxKind): boolean {
  return operator === t.SyntaxKind.PlusPlusToken || operator === t.SyntaxKind.MinusMinusToken;
}

/** An assignment: `=` or a compound one (`+=`, `??=`, `**=`, ...), which writes its left side. */
export function isAssignment(t: typeof import('typescript'), node: ts.Node): node is ts.BinaryExpression {
  return t.isBinaryExpression(node) && node.operatorToken.kind >= t.SyntaxKind.FirstAssignment && node.operatorToken.kind <= t.SyntaxKind.LastAssignment;
}
