import type * as ts from 'typescript';

/** Whether a class member is `static` (runs once with the class, not per instance). */
export function isStatic(t: typeof import('typescript'), member: ts.ClassElement): boolean {
  return (t.getModifiers(member as ts.PropertyDeclaration) ?? []).some((m) => m.kind === t.SyntaxKind.StaticKeyword);
}
