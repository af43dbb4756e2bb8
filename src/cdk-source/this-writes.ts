import type * as ts from 'typescript';
import { isAssignment, isIncrement } from './operator-syntax.js';
import { isNamedMemberAccess, memberNameOf } from './member-syntax.js';
import { MAX_DEPTH } from './scope-changes.js';
import { snippet } from './source-location.js';
import { unwrapExpression } from './unwrap-expression.js';

/** What a class's own code writes to the properties of `this` (README, "CDK source"). */
export interface ThisWrites {
  /**
   * Per property name, the values stored by `this.name = value` (also `this['name'] = value`); a write
   * that stores no one expression (`this.n += x`, `this.n++`, `[this.n] = list`, `delete this.n`) is
   * listed twice, so that it is never the property's one assignment.
   */
  readonly byName: ReadonlyMap<string, readonly ThisWrite[]>;
  /** A write under a key credlint cannot tell (`this[key] = value`), which may reach any property. */
  readonly anyName: string | undefined;
}

/** One value stored, and the class member whose code stores it (a setter's writes run only when something sets its name). */
export interface ThisWrite {
  readonly value: ts.Expression;
  readonly member: ts.ClassElement;
}

/** Per class, what `thisWritesIn` found: a function of its syntax alone, shared by the apps of a project (they share their parsed files). */
const found = new WeakMap<ts.ClassLikeDeclaration, ThisWrites>();

/**
 * The writes to `this.x` in a class's members: its constructor, methods, accessors, property
 * initializers and the arrow functions in them (which see the same `this`), not nested classes and
 * `function`s (a `this` of their own).
 */
export function thisWritesIn(t: typeof import('typescript'), cls: ts.ClassLikeDeclaration): ThisWrites {
  let writes = found.get(cls);
  if (!writes) {
    writes = searchClass(t, cls);
    found.set(cls, writes);
  }
  return writes;
}

function searchClass(t: typeof import('typescript'), cls: ts.ClassLikeDeclaration): ThisWrites {
  const byName = new Map<string, ThisWrite[]>();
  let anyName: string | undefined;
  let member: ts.ClassElement | undefined;
  const add = (name: string, values: readonly ts.Expression[]) => {
    const list = byName.get(name) ?? [];
    for (const value of values) if (member) list.push({ value, member });
    byName.set(name, list);
  };
  /** A write to `target` storing `values`: a named member of `this`, or one under a key not known. */
  const written = (target: ts.Expression, values: readonly ts.Expression[], write: ts.Node) => {
    const access = unwrapExpression(t, target);
    if (!(t.isPropertyAccessExpression(access) || t.isElementAccessExpression(access))) return;
    if (unwrapExpression(t, access.expression).kind !== t.SyntaxKind.ThisKeyword) return;
    if (isNamedMemberAccess(t, access)) add(memberNameOf(t, access), values);
    else anyName ??= snippet(write, write.getSourceFile());
  };
  /** Every member target of a destructuring assignment's pattern (`[this.a, { b: this.c }] = …`). */
  const patternTargets = (pattern: ts.Expression, write: ts.Node, depth: number): void => {
    if (depth > MAX_DEPTH) return;
    const node = unwrapExpression(t, pattern);
    if (t.isArrayLiteralExpression(node)) {
      for (const element of node.elements) patternTargets(t.isSpreadElement(element) ? element.expression : element, write, depth + 1);
    } else if (t.isObjectLiteralExpression(node)) {
      for (const property of node.properties) {
        if (t.isPropertyAssignment(property)) patternTargets(property.initializer, write, depth + 1);
        else if (t.isSpreadAssignment(property)) patternTargets(property.expression, write, depth + 1);
      }
    } else if (t.isBinaryExpression(node) && node.operatorToken.kind === t.SyntaxKind.EqualsToken) {
      patternTargets(node.left, write, depth + 1);
    } else {
      written(node, [node, node], write);
    }
  };
  const visit = (node: ts.Node, depth: number): void => {
    if (depth > MAX_DEPTH || (node !== cls && t.isClassLike(node)) || t.isFunctionDeclaration(node) || t.isFunctionExpression(node)) return;
    if (isAssignment(t, node)) {
      const left = unwrapExpression(t, node.left);
      if (node.operatorToken.kind !== t.SyntaxKind.EqualsToken) written(left, [node.right, node.right], node);
      else if (t.isArrayLiteralExpression(left) || t.isObjectLiteralExpression(left)) patternTargets(left, node, 0);
      else written(left, [node.right], node);
    } else if ((t.isPrefixUnaryExpression(node) || t.isPostfixUnaryExpression(node)) && isIncrement(t, node.operator)) {
      written(node.operand, [node.operand, node.operand], node);
    } else if (t.isDeleteExpression(node)) {
      written(node.expression, [node.expression, node.expression], node);
    } else if ((t.isForOfStatement(node) || t.isForInStatement(node)) && !t.isVariableDeclarationList(node.initializer)) {
      patternTargets(node.initializer, node, 0);
    }
    t.forEachChild(node, (child) => {
      visit(child, depth + 1);
    });
  };
  for (const element of cls.members) {
    member = element;
    visit(element, 0);
  }
  return { byName, anyName };
}
