import type * as ts from 'typescript';
import { isAssignment, isIncrement } from './operator-syntax.js';
import { parentOf } from './parent-of.js';
import { MAX_DEPTH } from './scope-changes.js';
import { isWrappingExpression } from './unwrap-expression.js';

/**
 * The first place where a function body may change the object its `this` is (README, "CDK source"):
 * a write under `this` (`this.names = …`, `this.names[0] = …`, `this.count++`, `delete this.a`), a call
 * of a method of a value under it (`this.names.push(n)`), or `this` or a value under it given away
 * (an argument, another name, a value stored in an array or object literal, `this` on its own), which credlint
 * does not follow. Reads (`return this.names`, `${this.prefix}-ci`) and calls of the object's own
 * methods (`this.other()`, whose body is searched too) change nothing. Nested `function`s and classes
 * have a `this` of their own; arrow functions share it.
 */
export function thisChangeIn(t: typeof import('typescript'), body: ts.Node): ts.Node | undefined {
  let found: ts.Node | undefined;
  const visit = (node: ts.Node, depth: number): void => {
    if (found || depth > MAX_DEPTH) return;
    if (node !== body && ((t.isFunctionLike(node) && !t.isArrowFunction(node)) || t.isClassLike(node))) return;
    if (node.kind === t.SyntaxKind.ThisKeyword) {
      found = changeAt(t, node);
      return;
    }
    t.forEachChild(node, (child) => {
      visit(child, depth + 1);
    });
  };
  visit(body, 0);
  return found;
}

/** How a use of `this` may change its object: the node that does, or undefined for a read. */
function changeAt(t: typeof import('typescript'), thisNode: ts.Node): ts.Node | undefined {
  let top: ts.Node = thisNode;
  let members = 0;
  for (let depth = 0; depth < MAX_DEPTH; depth += 1) {
    const parent = parentOf(top);
    if (!parent) return undefined;
    if (isWrappingExpression(t, parent)) {
      top = parent;
      continue;
    }
    if ((t.isPropertyAccessExpression(parent) || t.isElementAccessExpression(parent)) && parent.expression === top) {
      top = parent;
      members += 1;
      continue;
    }
    break;
  }
  const parent = parentOf(top);
  if (!parent) return undefined;
  if (members === 0) return parent;
  if (isAssignment(t, parent)) return parent;
  if ((t.isPrefixUnaryExpression(parent) || t.isPostfixUnaryExpression(parent)) && isIncrement(t, parent.operator)) return parent;
  if (t.isDeleteExpression(parent)) return parent;
  if (t.isCallExpression(parent) || t.isNewExpression(parent)) return parent.expression === top && members === 1 ? undefined : parent;
  if (t.isVariableDeclaration(parent) || t.isArrayLiteralExpression(parent) || t.isPropertyAssignment(parent) || t.isShorthandPropertyAssignment(parent))
    return parent;
  // `for (this.current of list)` writes it; `for (const n of this.names)` reads it.
  if ((t.isForOfStatement(parent) || t.isForInStatement(parent)) && parent.initializer === top) return parent;
  return undefined;
}
