import type * as ts from 'typescript';

/**
 * A node's parent, or undefined at the top of the tree. TypeScript types `parent` as always set, but a
 * `SourceFile` has none (nor has a node built outside a parsed file), so walks up the tree stop there.
 */
export function parentOf(node: ts.Node): ts.Node | undefined {
  return node.parent;
}

/** Whether `outer` holds `inner`: the same file, and `inner` within its span (`outer` itself included). */
export function encloses(outer: ts.Node, inner: ts.Node): boolean {
  return outer.getSourceFile() === inner.getSourceFile() && outer.pos <= inner.pos && inner.end <= outer.end;
}
