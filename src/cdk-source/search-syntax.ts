import type * as ts from 'typescript';

/** Syntax nested deeper than this is not searched (as `MAX_WALK_DEPTH` in the walk). */
const MAX_SEARCH_DEPTH = 1000;

/**
 * Calls `visit` on every node of `files` outside type annotations, to a bounded depth: the linear
 * searches that run before (call sites) or after (constructs the walk never reached) the construct
 * walk. A stack overflow on hostile nesting ends that file's search only; the walk reports the file.
 * `unsearched` is told of each node past the depth limit, and of each file whose search overflowed
 * the stack.
 */
export function searchSyntax(
  typescript: typeof import('typescript'),
  files: Iterable<ts.SourceFile>,
  visit: (node: ts.Node) => void,
  unsearched: (node: ts.Node) => void = () => undefined,
): void {
  const { FirstTypeNode, LastTypeNode } = typescript.SyntaxKind;
  const search = (node: ts.Node, depth: number): void => {
    if (node.kind >= FirstTypeNode && node.kind <= LastTypeNode) return;
    if (depth > MAX_SEARCH_DEPTH) {
      unsearched(node);
      return;
    }
    visit(node);
    typescript.forEachChild(node, (child) => {
      search(child, depth + 1);
    });
  };
  for (const file of files) {
    try {
      search(file, 0);
    } catch (error) {
      if (!(error instanceof RangeError)) throw error;
      unsearched(file);
    }
  }
}
