import type * as ts from 'typescript';
import { hasEscapeMarker } from '../core/seed-text.js';

/** The relative `.json` paths (their string literals) a file passes to `require(...)`, anywhere in it (iteratively: generated code nests deeply). */
export function requiredJson(typescript: typeof import('typescript'), sourceFile: ts.SourceFile): ts.StringLiteralLike[] {
  // The call may be spelled `require ('…')`, `require/* */('…')` or `r\u0065quire('…')`: TypeScript reads each as
  // this call, so the text is ruled out only when it holds neither the name nor an escape that could spell it.
  if (!sourceFile.text.includes('require') && !hasEscapeMarker(sourceFile.text)) return [];
  const found: ts.StringLiteralLike[] = [];
  const pending: ts.Node[] = [sourceFile];
  for (let node = pending.pop(); node; node = pending.pop()) {
    if (typescript.isCallExpression(node) && typescript.isIdentifier(node.expression) && node.expression.text === 'require') {
      const [argument] = node.arguments;
      if (argument && typescript.isStringLiteralLike(argument) && /^\.\.?\//.test(argument.text) && argument.text.endsWith('.json')) found.push(argument);
    }
    typescript.forEachChild(node, (child) => {
      pending.push(child);
    });
  }
  return found;
}
