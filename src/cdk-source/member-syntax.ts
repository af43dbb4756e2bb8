import type * as ts from 'typescript';

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
