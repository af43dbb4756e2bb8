import type * as ts from 'typescript';
import { isAssignment, isIncrement } from './operator-syntax.js';
import type { DeclarationIndex } from './resolve-declaration.js';
import { searchSyntax } from './search-syntax.js';
import { isWrappingExpression, unwrapExpression } from './unwrap-expression.js';

/**
 * Node's `process.env` as a CDK app reads it (`process.env.CDK_DEFAULT_ACCOUNT`): one object for the
 * one process that synthesizes the app, so two reads of one variable give one value, unless the app
 * changes it in between (README, "Accounts"). Only the global `process` is that object: a parameter,
 * variable or import named `process` is whatever the app gives it.
 */

/** The global `process`: the name with no declaration in scope, or `globalThis.process` / `global.process`. */
export function isGlobalProcess(t: typeof import('typescript'), index: DeclarationIndex, node: ts.Expression): boolean {
  const bare = unwrapExpression(t, node);
  if (t.isIdentifier(bare)) return bare.text === 'process' && index.find(bare) === undefined;
  if (!t.isPropertyAccessExpression(bare) || bare.name.text !== 'process') return false;
  const owner = unwrapExpression(t, bare.expression);
  return t.isIdentifier(owner) && (owner.text === 'globalThis' || owner.text === 'global') && index.find(owner) === undefined;
}

/** `process.env` (or `process['env']`) of the global `process`. */
export function isProcessEnvironment(t: typeof import('typescript'), index: DeclarationIndex, node: ts.Expression): boolean {
  const bare = unwrapExpression(t, node);
  return memberKey(t, bare) === 'env' && isGlobalProcess(t, index, (bare as ts.PropertyAccessExpression | ts.ElementAccessExpression).expression);
}

/**
 * The environment variables the program may write: `process.env.X = …` (any assignment operator, a
 * destructuring target), `process.env['X']++`, `delete process.env.X`. Any other use of `process.env`
 * than reading one of its variables, copying it (`{ ...process.env }`), destructuring it or testing a
 * name with `in` may write any variable (`Object.assign(process.env, …)`, `const env = process.env`
 * then `env.X = …`, `process.env = …`, a call given it), as may a written key that is not known
 * statically and a use of the global `process` itself (`const p = process`). Found once per program.
 */
export class EnvironmentWrites {
  private written: { readonly any: boolean; readonly names: ReadonlySet<string> } | undefined;

  constructor(
    private readonly ts: typeof import('typescript'),
    private readonly index: DeclarationIndex,
    private readonly files: () => readonly ts.SourceFile[],
  ) {}

  /** Whether the program may write the environment variable `name`. */
  mayWrite(name: string): boolean {
    this.written ??= this.find();
    return this.written.any || this.written.names.has(name);
  }

  private find(): { readonly any: boolean; readonly names: ReadonlySet<string> } {
    const t = this.ts;
    const names = new Set<string>();
    let any = false;
    // The global is spelled `process` (escapes in an identifier spell it otherwise).
    const files = this.files().filter((file) => file.text.includes('process') || file.text.includes('\\u'));
    searchSyntax(
      t,
      files,
      (node) => {
        if (!(t.isIdentifier(node) || t.isPropertyAccessExpression(node)) || isNameOf(t, node) || !isGlobalProcess(t, this.index, node)) return undefined;
        const use = outermost(t, node);
        const key = memberKey(t, use.parent);
        if (key === undefined) any = true;
        else if (key === 'env') {
          const written = this.environmentUse(outermost(t, use.parent as ts.Expression));
          if (written === true) any = true;
          else if (written !== undefined) names.add(written);
        }
        return any ? 'stop' : 'skip';
      },
      () => {
        any = true;
      },
    );
    return { any, names };
  }

  /** What a use of `process.env` writes: a variable's name, true for any variable, undefined for none. */
  private environmentUse(environment: ts.Expression): string | true | undefined {
    const t = this.ts;
    const parent = environment.parent;
    if ((t.isPropertyAccessExpression(parent) || t.isElementAccessExpression(parent)) && parent.expression === environment) {
      if (!isWritten(t, outermost(t, parent))) return undefined;
      return memberKey(t, parent) ?? true;
    }
    if (t.isSpreadAssignment(parent)) return undefined;
    if (t.isVariableDeclaration(parent) && parent.initializer === environment && t.isObjectBindingPattern(parent.name)) return undefined;
    if (t.isBinaryExpression(parent) && parent.operatorToken.kind === t.SyntaxKind.InKeyword && parent.right === environment) return undefined;
    return true;
  }
}

/** The name `x.name` or `x['name']` reads, when written out; undefined for anything else. */
function memberKey(t: typeof import('typescript'), node: ts.Node): string | undefined {
  if (t.isPropertyAccessExpression(node)) return node.name.text;
  if (t.isElementAccessExpression(node) && (t.isStringLiteral(node.argumentExpression) || t.isNoSubstitutionTemplateLiteral(node.argumentExpression)))
    return node.argumentExpression.text;
  return undefined;
}

/** `node` with the parentheses, casts and `!` around it. */
function outermost(t: typeof import('typescript'), node: ts.Expression): ts.Expression {
  let use: ts.Expression = node;
  while (isWrappingExpression(t, use.parent)) use = use.parent;
  return use;
}

/**
 * A name that is no use of a variable: of a property (`x.process`, `{ process: 1 }`), a method, a
 * declaration. `{ process }` is a use of the variable.
 */
function isNameOf(t: typeof import('typescript'), node: ts.Node): boolean {
  const parent = node.parent as ts.Node & { readonly name?: ts.Node; readonly propertyName?: ts.Node };
  if (t.isShorthandPropertyAssignment(parent)) return false;
  return parent.name === node || parent.propertyName === node;
}

/**
 * Whether an expression is written: the left of an assignment (also inside a destructuring target,
 * `[process.env.X] = …`), a `for...of`/`for...in` variable, the operand of `++`/`--` or of `delete`.
 */
function isWritten(t: typeof import('typescript'), use: ts.Expression): boolean {
  let target: ts.Node = use;
  for (;;) {
    const parent = target.parent;
    if (isAssignment(t, parent)) return parent.left === target;
    if ((t.isForOfStatement(parent) || t.isForInStatement(parent)) && parent.initializer === target) return true;
    if ((t.isPrefixUnaryExpression(parent) || t.isPostfixUnaryExpression(parent)) && isIncrement(t, parent.operator)) return true;
    if (t.isDeleteExpression(parent)) return true;
    // Inside an array or object literal, the element is written when the literal is a destructuring target.
    if (
      t.isArrayLiteralExpression(parent) ||
      t.isSpreadElement(parent) ||
      t.isSpreadAssignment(parent) ||
      t.isObjectLiteralExpression(parent) ||
      (t.isPropertyAssignment(parent) && parent.initializer === target) ||
      isWrappingExpression(t, parent)
    ) {
      target = parent;
      continue;
    }
    return false;
  }
}
