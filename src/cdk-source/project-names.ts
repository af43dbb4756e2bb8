import type * as ts from 'typescript';

/** How deep `ProjectNames.count` looks into a file's syntax. */
const MAX_NAME_SEARCH_DEPTH = 500;

/**
 * How often a CDK project's files name a name: identifiers (a declaration, `x.name`,
 * `const { name } = x`) and string literals (`x['name']`), not comments. Whether anything in the
 * project can reach a method, accessor or factory nothing calls is asked of it (`call-sites.ts`,
 * `uncalled-bodies.ts`, `walk-constructs.ts`). Counted once per name.
 */
export class ProjectNames {
  private readonly counts = new Map<string, number>();

  constructor(
    private readonly ts: typeof import('typescript'),
    private readonly files: () => readonly ts.SourceFile[],
  ) {}

  count(name: string): number {
    const t = this.ts;
    let count = this.counts.get(name);
    if (count === undefined) {
      let found = 0;
      const visit = (node: ts.Node, depth: number): void => {
        if ((t.isIdentifier(node) || t.isPrivateIdentifier(node) || t.isStringLiteralLike(node)) && node.text === name) found += 1;
        // Deeper than this, a name is counted as if it were there: the accessor is then taken as used.
        if (depth > MAX_NAME_SEARCH_DEPTH) found += 1;
        else
          t.forEachChild(node, (child) => {
            visit(child, depth + 1);
          });
      };
      for (const file of this.files()) if (file.text.includes(name)) visit(file, 0);
      count = found;
      this.counts.set(name, count);
    }
    return count;
  }
}
