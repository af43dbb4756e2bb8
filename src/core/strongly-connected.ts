/**
 * Tarjan's strongly connected components (https://doi.org/10.1137/0201010), iterative: a graph may
 * chain thousands of nodes (an import chain, a chain of locals) and must not overflow the stack.
 * Depth-first from each start in turn, skipping a node already visited. `postOrder` lists every node
 * reached after the nodes it reaches first (a module after its imports); `components` each strongly
 * connected part, in the order the walk completes them. A part of one node is a cycle only when the
 * node has an edge to itself: `edges` tells.
 */
export function stronglyConnected<T>(starts: Iterable<T>, edges: (node: T) => readonly T[]): { readonly postOrder: T[]; readonly components: T[][] } {
  const postOrder: T[] = [];
  const components: T[][] = [];
  const index = new Map<T, number>();
  const low = new Map<T, number>();
  const onStack = new Set<T>();
  const stack: T[] = [];
  const frames: { node: T; next: number }[] = [];
  const enter = (node: T) => {
    const at = index.size;
    index.set(node, at);
    low.set(node, at);
    onStack.add(node);
    stack.push(node);
    frames.push({ node, next: 0 });
  };
  for (const start of starts) {
    if (index.has(start)) continue;
    enter(start);
    while (frames.length > 0) {
      const frame = frames[frames.length - 1] as { node: T; next: number };
      const targets = edges(frame.node);
      if (frame.next < targets.length) {
        const target = targets[frame.next] as T;
        frame.next += 1;
        if (!index.has(target)) enter(target);
        else if (onStack.has(target)) low.set(frame.node, Math.min(low.get(frame.node) ?? 0, index.get(target) ?? 0));
        continue;
      }
      frames.pop();
      postOrder.push(frame.node);
      const parent = frames[frames.length - 1];
      if (parent) low.set(parent.node, Math.min(low.get(parent.node) ?? 0, low.get(frame.node) ?? 0));
      if (low.get(frame.node) !== index.get(frame.node)) continue;
      // The root of a component: it and the nodes above it on the stack are one strongly connected part.
      const members: T[] = [];
      for (let member = stack.pop(); member !== undefined; member = stack.pop()) {
        onStack.delete(member);
        members.push(member);
        if (member === frame.node) break;
      }
      components.push(members);
    }
  }
  return { postOrder, components };
}
