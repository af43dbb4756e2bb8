import type * as ts from 'typescript';
import type { SourceLocation } from '../core/location.js';

/**
 * A node's location as credlint reports it: 1-based line and column in UTF-16 code units, end
 * exclusive, from the first token (comments before the node are not part of it). TypeScript counts a
 * leading BOM as a character of the first line; credlint does not (`src/core/location.ts`).
 */
export function nodeLocation(node: ts.Node, sourceFile: ts.SourceFile, logicalPath?: string): SourceLocation {
  return {
    file: sourceFile.fileName,
    range: {
      start: positionAt(sourceFile, node.getStart(sourceFile)),
      end: positionAt(sourceFile, node.getEnd()),
    },
    ...(logicalPath === undefined ? {} : { logicalPath }),
  };
}

export function positionAt(sourceFile: ts.SourceFile, offset: number): { line: number; column: number } {
  const { line, character } = sourceFile.getLineAndCharacterOfPosition(offset);
  const bom = line === 0 && sourceFile.text.charCodeAt(0) === 0xfeff ? 1 : 0;
  return { line: line + 1, column: Math.max(1, character + 1 - bom) };
}

/** The node's source text on one line, shortened for messages (`props.userName`, `this.node.tryGetContext('x')`). */
export function snippet(node: ts.Node, sourceFile: ts.SourceFile, max = 60): string {
  const text = node.getText(sourceFile).replace(/\s+/g, ' ').trim();
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}
