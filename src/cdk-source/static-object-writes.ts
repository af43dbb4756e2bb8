import type * as ts from 'typescript';
import { isNamedMemberAccess, memberNameOf, type NamedMemberAccess } from './member-syntax.js';
import { CHANGING_STATICS, MAX_DEPTH } from './scope-changes.js';
import { unwrapExpression } from './unwrap-expression.js';

/**
 * The writes `Object.assign(x, …)`, `Object.defineProperty(x, …)`, `Reflect.set(x, …)` and the like
 * make to their first argument: a property changed without an `x.name` access to show it
 * (`property-changes.ts`, `wholeObjectWrite`). Found once per file.
 */
/**
 * Per file, the calls spelled as those of `Object` and `Reflect` functions that change their first
 * argument (whatever the name names): a function of the file's syntax alone, searched once for all
 * the apps of a project (they share their parsed files). Whether the name is the global is asked per app.
 */
const spelledCalls = new WeakMap<ts.SourceFile, readonly SpelledCall[]>();

/** `Object.assign(x, …)`, and the name it calls through (`Object`). */
interface SpelledCall {
  readonly call: ts.CallExpression;
  readonly owner: ts.Identifier;
}
/** `spellsWithEscapes`, per file. */
const escapes = new WeakMap<ts.SourceFile, boolean>();

export class StaticObjectWrites {
  /** `callsIn`, per file. */
  private readonly calls = new WeakMap<ts.SourceFile, readonly ts.CallExpression[]>();

  constructor(
    private readonly ts: typeof import('typescript'),
    /** The declaration an identifier names, if any. */
    private readonly declarationOf: (identifier: ts.Identifier) => ts.Node | undefined,
  ) {}

  /** The calls of `Object` and `Reflect` functions that change their first argument (globals, not project names) in a file. */
  callsIn(file: ts.SourceFile): readonly ts.CallExpression[] {
    const cached = this.calls.get(file);
    if (cached) return cached;
    const found = this.spelledIn(file)
      .filter(({ owner }) => this.declarationOf(owner) === undefined)
      .map(({ call }) => call);
    this.calls.set(file, found);
    return found;
  }

  private spelledIn(file: ts.SourceFile): readonly SpelledCall[] {
    const cached = spelledCalls.get(file);
    if (cached) return cached;
    const t = this.ts;
    const found: SpelledCall[] = [];
    if (file.text.includes('Object') || file.text.includes('Reflect') || this.spellsWithEscapes(file)) {
      const visit = (node: ts.Node, depth: number): void => {
        if (depth > MAX_DEPTH) return;
        if (t.isCallExpression(node) && isNamedMemberAccess(t, node.expression)) {
          const owner = unwrapExpression(t, node.expression.expression);
          if (
            t.isIdentifier(owner) &&
            Object.hasOwn(CHANGING_STATICS, owner.text) &&
            CHANGING_STATICS[owner.text]?.has(memberNameOf(t, node.expression)) === true
          )
            found.push({ call: node, owner });
        }
        t.forEachChild(node, (child) => {
          visit(child, depth + 1);
        });
      };
      visit(file, 0);
    }
    spelledCalls.set(file, found);
    return found;
  }

  /** A value that is no class instance: an object or array literal, or a `const` declared as one. */
  isPlainObject(receiver: ts.Expression): boolean {
    const t = this.ts;
    const literal = (node: ts.Expression): boolean => t.isObjectLiteralExpression(node) || t.isArrayLiteralExpression(node);
    if (literal(receiver)) return true;
    const variable = t.isIdentifier(receiver) ? this.declarationOf(receiver) : undefined;
    return (
      variable !== undefined &&
      t.isVariableDeclaration(variable) &&
      t.isIdentifier(variable.name) &&
      (t.getCombinedNodeFlags(variable) & t.NodeFlags.Const) !== 0 &&
      variable.initializer !== undefined &&
      literal(unwrapExpression(t, variable.initializer))
    );
  }

  /**
   * Whether a file holds an escape that may spell a letter of a name (`n\u0061mes`, `'n\x61mes'`,
   * `'n\141mes'`): such a file may call `Object` or `Reflect`, or destructure a property
   * (`property-changes.ts`), without writing its name plainly.
   */
  spellsWithEscapes(file: ts.SourceFile): boolean {
    let answer = escapes.get(file);
    if (answer === undefined) {
      answer = /\\[ux0-7]/i.test(file.text);
      escapes.set(file, answer);
    }
    return answer;
  }
}

/**
 * Whether a call of `Object.assign`, `Object.defineProperty` and the like may write the key `name` of
 * its first argument: not when every key it writes is known (object literals without spreads or
 * computed keys, a string literal key) and none is `name`.
 */
export function mayWriteKey(t: typeof import('typescript'), call: ts.CallExpression, name: string): boolean {
  const method = memberNameOf(t, call.expression as NamedMemberAccess);
  const keysOf = (node: ts.Expression | undefined): string[] | undefined => {
    const literal = node && unwrapExpression(t, node);
    if (!literal || !t.isObjectLiteralExpression(literal)) return undefined;
    const keys: string[] = [];
    for (const property of literal.properties) {
      const key = property.name;
      if (t.isSpreadAssignment(property) || !key || !(t.isIdentifier(key) || t.isStringLiteralLike(key) || t.isNumericLiteral(key))) return undefined;
      keys.push(key.text);
    }
    return keys;
  };
  if (method === 'assign') {
    const sources = call.arguments.slice(1).map((source) => (t.isSpreadElement(source) ? undefined : keysOf(source)));
    return sources.some((keys) => keys === undefined || keys.includes(name));
  }
  if (method === 'defineProperties') return keysOf(call.arguments[1])?.includes(name) !== false;
  if (method === 'setPrototypeOf') return true;
  const key = call.arguments[1] && unwrapExpression(t, call.arguments[1]);
  return !(key && (t.isStringLiteralLike(key) || t.isNumericLiteral(key)) && key.text !== name);
}
