import type * as ts from 'typescript';
import { parentOf } from './parent-of.js';

const nameCounts = new WeakMap<ts.SourceFile, Map<string, number>>();

/**
 * Whether a function or class is dead code: declared at the top level of a module, not exported, and
 * its name written nowhere else in the file. Nothing can call it (a module's private names are
 * visible only in the module), so it creates no construct, like a resource with `count = 0`. Counting
 * every occurrence of the name as a word (comments and strings included) errs towards "referenced",
 * which keeps the body analysed. Exported or referenced bodies may be called (by another file, a
 * library user, as a callback), and are walked once on their own with their parameters unknown.
 */
export function isUnreferencedDeclaration(t: typeof import('typescript'), node: ts.Node): boolean {
  const declaration = t.isFunctionDeclaration(node) || t.isClassDeclaration(node) ? node : privateConstOf(t, node);
  if (!declaration?.name || !t.isIdentifier(declaration.name)) return false;
  const statement = t.isVariableDeclaration(declaration) ? declaration.parent.parent : declaration;
  const sourceFile = statement.getSourceFile();
  if (statement.parent !== sourceFile || !t.isExternalModule(sourceFile)) return false;
  if (t.canHaveModifiers(statement) && t.getModifiers(statement)?.some((m) => m.kind === t.SyntaxKind.ExportKeyword || m.kind === t.SyntaxKind.DeclareKeyword))
    return false;
  return occurrences(sourceFile, declaration.name.text) === 1;
}

/** `const f = () => ...` / `const f = function () {...}`: the declaration of `f`. */
function privateConstOf(t: typeof import('typescript'), node: ts.Node): ts.VariableDeclaration | undefined {
  if (!t.isArrowFunction(node) && !t.isFunctionExpression(node)) return undefined;
  const parent = parentOf(node);
  return parent && t.isVariableDeclaration(parent) && parent.initializer === node && t.isVariableStatement(parent.parent.parent) ? parent : undefined;
}

function occurrences(sourceFile: ts.SourceFile, name: string): number {
  let counts = nameCounts.get(sourceFile);
  if (!counts) {
    counts = new Map();
    // Identifier-like words, Unicode included (`\p{ID_Start}`, `\p{ID_Continue}`, `$`, `_`).
    for (const match of sourceFile.text.matchAll(/[\p{ID_Start}$_][\p{ID_Continue}$\u200c\u200d]*/gu)) counts.set(match[0], (counts.get(match[0]) ?? 0) + 1);
    nameCounts.set(sourceFile, counts);
  }
  return counts.get(name) ?? 0;
}
