import type * as ts from 'typescript';
import { parentOf } from './parent-of.js';

/** Whether a class member is `static` (runs once with the class, not per instance). */
export function isStatic(t: typeof import('typescript'), member: ts.ClassElement): boolean {
  return (t.getModifiers(member as ts.PropertyDeclaration) ?? []).some((m) => m.kind === t.SyntaxKind.StaticKeyword);
}

/** Whether a class member is private: `#name`, or TypeScript's `private` (nothing outside the class may name it). */
export function isPrivate(t: typeof import('typescript'), member: ts.ClassElement): boolean {
  return (
    (member.name !== undefined && t.isPrivateIdentifier(member.name)) ||
    (t.getModifiers(member as ts.PropertyDeclaration) ?? []).some((m) => m.kind === t.SyntaxKind.PrivateKeyword)
  );
}

/** `x.name`, or `x['name']` with a string literal key: both reach the member `name` (ECMAScript property accessors). */
export type NamedMemberAccess = ts.PropertyAccessExpression | (ts.ElementAccessExpression & { readonly argumentExpression: ts.StringLiteralLike });

/**
 * Whether `node` reads a member whose name its syntax states: `x.name`, `x['name']`, `` x[`name`] ``.
 * JavaScript reads `x['fill']` exactly as `x.fill`, so a call through either runs the same method
 * (https://tc39.es/ecma262/#sec-property-accessors).
 */
export function isNamedMemberAccess(t: typeof import('typescript'), node: ts.Node): node is NamedMemberAccess {
  return t.isPropertyAccessExpression(node) || (t.isElementAccessExpression(node) && t.isStringLiteralLike(node.argumentExpression));
}

/** The member name a `NamedMemberAccess` reads (`#name` for a private name). */
export function memberNameOf(t: typeof import('typescript'), node: NamedMemberAccess): string {
  return t.isPropertyAccessExpression(node) ? node.name.text : node.argumentExpression.text;
}

/** Whether a class member's name is `name` as a `NamedMemberAccess` reaches it: `x['#a']` never reaches the private `#a`. */
export function memberNamed(t: typeof import('typescript'), member: ts.ClassElement, access: NamedMemberAccess, name: string): boolean {
  if (member.name === undefined) return false;
  if (t.isPrivateIdentifier(member.name)) return t.isPropertyAccessExpression(access) && member.name.text === name;
  return t.isIdentifier(member.name) && member.name.text === name;
}

/**
 * The class whose static member (method, property initializer, `static {}` block) `node` is in, where
 * `this` is the class itself (`this.names` is `Registry.names`); an arrow function there sees the same
 * `this`. Undefined elsewhere (an instance member, a `function` of its own).
 */
export function staticOwnerOf(t: typeof import('typescript'), node: ts.Node): ts.ClassLikeDeclaration | undefined {
  let owner = parentOf(node);
  while (owner && !t.isClassLike(owner)) {
    const parent = parentOf(owner);
    if (parent && t.isClassLike(parent)) return t.isClassStaticBlockDeclaration(owner) || isStatic(t, owner as ts.ClassElement) ? parent : undefined;
    if (t.isFunctionLike(owner) && !t.isArrowFunction(owner)) return undefined;
    owner = parent;
  }
  return undefined;
}
