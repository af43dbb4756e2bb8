import type * as ts from 'typescript';

/** Syntax nested deeper than this is not searched (as `MAX_WALK_DEPTH` in the walk). */
const MAX_SEARCH_DEPTH = 1000;

/**
 * What `visit` tells the search after a node, besides nothing (search its children): `'skip'` to pass
 * them over (the node was understood whole), `'stop'` to end the search (its answer is known).
 */
export type SearchStep = 'skip' | 'stop';

/**
 * Calls `visit` on every node of `files` outside type annotations (types do not run), to a bounded
 * depth: the linear searches that run before (call sites) or after (constructs the walk never
 * reached) the construct walk, and the whole-program searches for writes (`process.env`, context).
 * A stack overflow on hostile nesting ends that file's search only; the walk reports the file.
 * `unsearched` is told of each node past the depth limit, and of each file whose search overflowed
 * the stack: a search that must see every node takes that as "anything may be there".
 */
export function searchSyntax(
  typescript: typeof import('typescript'),
  files: Iterable<ts.SourceFile>,
  visit: (node: ts.Node) => SearchStep | undefined,
  unsearched: (node: ts.Node) => void = () => undefined,
): void {
  const { FirstTypeNode, LastTypeNode } = typescript.SyntaxKind;
  // Returns true to stop: `forEachChild` ends at the first child whose callback returns a truthy value.
  const search = (node: ts.Node, depth: number): boolean => {
    if (node.kind >= FirstTypeNode && node.kind <= LastTypeNode) return false;
    if (depth > MAX_SEARCH_DEPTH) {
      unsearched(node);
      return false;
    }
    const step = visit(node);
    if (step === 'stop') return true;
    if (step === 'skip') return false;
    return typescript.forEachChild(node, (child) => search(child, depth + 1)) === true;
  };
  for (const file of files) {
    try {
      if (search(file, 0)) return;
    } catch (error) {
      if (!(error instanceof RangeError)) throw error;
      unsearched(file);
    }
  }
}
