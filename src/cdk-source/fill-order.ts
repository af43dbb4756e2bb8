import type * as ts from 'typescript';
import { parentOf } from './parent-of.js';
import { isInlineCallback } from './control-flow-syntax.js';
import type { ModuleOrder } from './module-order.js';
import { unwrapExpression } from './unwrap-expression.js';

/**
 * Whether every write that fills a variable in place (`filled-objects.ts`) runs before every read of
 * it, where the walk runs them in the order they run: the uses of the variable are in the run of the
 * function or file declaring it (`owner`), in its body or a callback handed to a call there, not in a
 * function declared there and run at some other time; a module's variable may also be read in a class
 * declared at the top of the module after the writes (`inClassOf`). A read may be evaluated later than
 * it runs (a `const` initializer is evaluated where its name is read): every write comes before every
 * read, and no loop or callback runs a write after a read.
 */
export function writesBeforeReads(
  t: typeof import('typescript'),
  variable: ts.VariableDeclaration,
  name: string,
  owner: ts.Node,
  fill: { readonly writes: readonly ts.Node[]; readonly written: ReadonlySet<ts.Node> },
  isThis: (identifier: ts.Identifier) => boolean,
): boolean {
  const reads: ts.Node[] = [];
  const found = { inOrder: true };
  const search = (node: ts.Node, depth: number): void => {
    if (!found.inOrder) return;
    if (depth > MAX_SEARCH_DEPTH) {
      found.inOrder = false;
      return;
    }
    if (t.isIdentifier(node) && node.text === name && node !== variable.name && isThis(node)) {
      const write = isWriteReceiver(t, node, fill.written);
      if (runsWith(t, node, owner)) {
        if (!write) reads.push(node);
      } else if (!write && inClassOf(t, node, owner)) reads.push(node);
      else found.inOrder = false;
    }
    t.forEachChild(node, (child) => {
      search(child, depth + 1);
    });
  };
  search(owner, 0);
  const starts = reads.map((read) => read.pos).sort((a, b) => a - b);
  const firstRead = starts[0] ?? Infinity;
  return found.inOrder && fill.writes.every((write) => write.end <= firstRead && !holdsAny(repeatedAround(t, write, owner), starts));
}

/** How deep `writesBeforeReads` looks for uses of a variable before it gives up (the variable then stays unknown). */
const MAX_SEARCH_DEPTH = 500;

/** The function (or file) whose run declares a variable. */
export function ownerOf(t: typeof import('typescript'), node: ts.Node): ts.Node | undefined {
  for (let parent = parentOf(node); parent; parent = parentOf(parent)) if (t.isFunctionLike(parent) || t.isSourceFile(parent)) return parent;
  return undefined;
}

/**
 * Whether `node` runs as part of `owner`'s run, in order: inside no function declared in `owner`
 * but callbacks given directly to a call (`names.forEach((n) => …)`), which the walk runs where the call is.
 */
function runsWith(t: typeof import('typescript'), node: ts.Node, owner: ts.Node): boolean {
  for (let current: ts.Node | undefined = node; current && current !== owner; current = parentOf(current)) {
    if (t.isFunctionLike(current) && !isInlineCallback(t, current)) return false;
  }
  return true;
}

/**
 * Whether `node`, in a module (`owner`), is inside a class declared at the module's top: its code runs
 * only once the declaration has run (a class is not hoisted: https://tc39.es/ecma262/#sec-class-definitions),
 * so a write at the top of the module before the declaration has run by then.
 */
function inClassOf(t: typeof import('typescript'), node: ts.Node, owner: ts.Node): boolean {
  if (!t.isSourceFile(owner)) return false;
  let statement: ts.Node | undefined = node;
  while (statement && parentOf(statement) !== owner) statement = parentOf(statement);
  return statement !== undefined && t.isClassDeclaration(statement);
}

/** Whether `identifier` is the receiver of one of `writes` (`names` in `names.add(…)`, `users` in `users[k] = …`). */
function isWriteReceiver(t: typeof import('typescript'), identifier: ts.Identifier, writes: ReadonlySet<ts.Node>): boolean {
  let access: ts.Node = identifier;
  for (let up = parentOf(access); up && (t.isParenthesizedExpression(up) || t.isAsExpression(up) || t.isNonNullExpression(up)); up = parentOf(up)) access = up;
  const member = parentOf(access);
  if (!member || !(t.isPropertyAccessExpression(member) || t.isElementAccessExpression(member)) || member.expression !== access) return false;
  const use = parentOf(member);
  return use !== undefined && writes.has(use);
}

/** Whether `outer` holds one of the nodes starting at `starts` (sorted): found by halving, as a variable may have thousands of writes and reads. */
function holdsAny(outer: ts.Node, starts: readonly number[]): boolean {
  let low = 0;
  let high = starts.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if ((starts[middle] ?? outer.pos) < outer.pos) low = middle + 1;
    else high = middle;
  }
  const first = starts[low];
  return first !== undefined && first < outer.end;
}

/** The outermost loop or callback around `node` inside `owner` (which runs it more than once), else `node` itself. */
function repeatedAround(t: typeof import('typescript'), node: ts.Node, owner: ts.Node): ts.Node {
  let outermost = node;
  for (let current = parentOf(node); current && current !== owner; current = parentOf(current))
    if (t.isIterationStatement(current, false) || t.isFunctionLike(current)) outermost = current;
  return outermost;
}

/**
 * For a variable declared at the top of a module and exported, whether every other module that may
 * read it runs that code only once its module has run: neither its module nor a module importing it
 * (directly or through a file re-exporting it) is in an import cycle (`module-order.ts`). Undefined for
 * a variable no other module can import.
 */
export function exportedInOrder(t: typeof import('typescript'), filled: ts.Node, modules: () => ModuleOrder | undefined): boolean | undefined {
  if (!t.isVariableDeclaration(filled) || !t.isIdentifier(filled.name)) return undefined;
  const statement = filled.parent.parent;
  const home = statement.parent;
  if (!t.isVariableStatement(statement) || !t.isSourceFile(home) || !isExported(t, statement, home, filled.name.text)) return undefined;
  const order = modules();
  if (order === undefined || order.inCycle(home)) return false;
  for (const file of order.namingFiles(home)) if (order.inCycle(file)) return false;
  return true;
}

/** Whether a module's variable is exported: by `export const`, an `export { name }` of the module, or `export default name` / `export = name`. */
function isExported(t: typeof import('typescript'), statement: ts.VariableStatement, home: ts.SourceFile, name: string): boolean {
  if ((t.getModifiers(statement) ?? []).some((m) => m.kind === t.SyntaxKind.ExportKeyword)) return true;
  return home.statements.some((other) => {
    if (t.isExportAssignment(other))
      return t.isIdentifier(unwrapExpression(t, other.expression)) && (unwrapExpression(t, other.expression) as ts.Identifier).text === name;
    const clause = t.isExportDeclaration(other) && other.moduleSpecifier === undefined ? other.exportClause : undefined;
    return clause !== undefined && t.isNamedExports(clause) && clause.elements.some((element) => (element.propertyName ?? element.name).text === name);
  });
}
