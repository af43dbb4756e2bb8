import type * as ts from 'typescript';
import { isAssignment, isIncrement } from './operator-syntax.js';
import { encloses, parentOf } from './parent-of.js';
import type { Declaration } from './resolve-declaration.js';
import { hideIfSecret, opaque, UNDEFINED, unknown, type Context, type StaticValue } from './static-value.js';
import type { Evaluator } from './evaluator.js';
import type { ModuleValues } from './module-values.js';
import type { MutatedVariables } from './mutated-variables.js';
import type { FilledObjects } from './filled-objects.js';
import { isCollection } from './collections.js';
import { notAssignedYet } from './write-order.js';
import { restOf } from './bind-pattern.js';

/**
 * The value a declaration gives a name: a parameter's binding, an import, an enum, a class or
 * function, or a variable's value — its initializer if it is never reassigned (its one assignment if
 * declared without one), taken apart by a destructuring pattern, and unknown once the code changes it
 * in place (`mutated-variables.ts`) unless the walk saw what filled it (`filled-objects.ts`).
 */
export class DeclaredValues {
  private readonly assignments = new WeakMap<ts.Node, ts.Expression[]>();
  /** Per scope, every `name = ...` (and `name++`) in it by name: one pass per scope, not one per variable. */
  private readonly scopeAssignments = new WeakMap<ts.Node, Map<string, { readonly target: ts.Identifier; readonly values: readonly ts.Expression[] }[]>>();

  constructor(
    private readonly ts: typeof import('typescript'),
    private readonly evaluator: Evaluator,
    private readonly modules: ModuleValues,
    private readonly mutated: MutatedVariables,
    private readonly filled: FilledObjects,
  ) {}

  /**
   * The value a declaration gives a name, in `context` (which binds loop variables and callback
   * parameters); `read` is the name read, undefined when read through an import.
   */
  of(declaration: Declaration, name: string, context: Context, read?: ts.Node): StaticValue {
    const t = this.ts;
    switch (declaration.kind) {
      case 'parameter':
        return hideIfSecret(name, context.bindings.get(declaration.leaf) ?? opaque(name));
      case 'import':
        return this.modules.importValue(declaration.sourceFile, declaration.module, declaration.imported, name, context.writesSeen);
      case 'enum':
        return this.evaluator.guarded(declaration.node, name, () => this.enumValue(declaration.node, context));
      case 'class':
        return { kind: 'callable', node: declaration.node };
      case 'other': {
        const node = declaration.node;
        if ((t.isFunctionDeclaration(node) || t.isFunctionExpression(node)) && node.body) return { kind: 'callable', node };
        return t.isClassDeclaration(node) ? { kind: 'callable', node } : opaque(name);
      }
      case 'variable':
        return hideIfSecret(name, this.variable(declaration, name, context, read));
    }
  }

  private variable(declaration: Extract<Declaration, { kind: 'variable' }>, name: string, context: Context, read: ts.Node | undefined): StaticValue {
    const t = this.ts;
    const bound = context.bindings.get(declaration.leaf);
    if (bound) return bound;
    const variable = declaration.node;
    const statement = variable.parent.parent;
    if (t.isForOfStatement(statement) || t.isForInStatement(statement) || t.isForStatement(statement)) return opaque(name);
    const held = this.heldBy(variable, name);
    if ('value' in held) return held.value;
    // Declared without an initializer, the variable is undefined until its one assignment runs.
    const pending = variable.initializer ? undefined : notAssignedYet(t, variable, held.expression, read, context, name);
    if (pending) return unknown(pending);
    const shared = variable.initializer ? this.evaluator.sharedReads(context) : undefined;
    const reads = shared && !encloses(shared.outside, variable) ? shared.values : undefined;
    // By the name read: the names one destructuring declaration binds have values of their own.
    const known = reads?.get(declaration.leaf);
    if (known) return known;
    const value = this.evaluator.guarded(variable, name, () =>
      this.unlessChanged(variable, name, this.destructure(this.evaluator.evaluate(held.expression, context), declaration.path, context, name), context),
    );
    reads?.set(declaration.leaf, value);
    return value;
  }

  /**
   * An array or object that the code changes in place after declaring it is not what its declaration
   * says (`mutated-variables.ts`), unless it is filled by plain property writes the walk saw (`filled-objects.ts`).
   */
  private unlessChanged(variable: ts.VariableDeclaration, name: string, value: StaticValue, context: Context): StaticValue {
    if (value.kind !== 'array' && value.kind !== 'object') return value;
    if (isCollection(value) && !this.mutated.fills.usedOnlyAsCollection(variable))
      return unknown(`${name} is put or passed where credlint does not follow its changes`);
    // Of a name a destructuring pattern binds, the changes of the declared value's other parts count too.
    const change = this.mutated.changeOf(variable, this.ts.isIdentifier(variable.name) ? changeableDepth(value) : Infinity);
    if (change === undefined) return value;
    return this.filled.read(variable, value, context, name) ?? unknown(`${name} is changed after it is declared (${change})`);
  }

  /** The expression a variable holds: its initializer if never reassigned, its one assignment if declared without one. */
  private heldBy(variable: ts.VariableDeclaration, name: string): { expression: ts.Expression } | { value: StaticValue } {
    const t = this.ts;
    const isConst = (t.getCombinedNodeFlags(variable) & t.NodeFlags.Const) !== 0;
    if (isConst) return variable.initializer ? { expression: variable.initializer } : { value: UNDEFINED };
    const assigned = this.assignmentsOf(variable);
    if (variable.initializer && assigned.length === 0) return { expression: variable.initializer };
    const only = assigned[0];
    if (!variable.initializer && assigned.length === 1 && only) return { expression: only };
    if (!variable.initializer && assigned.length === 0) return { value: UNDEFINED };
    return { value: unknown(`${name} is assigned more than once`) };
  }

  /** Right-hand sides of `x = ...` for a `let`/`var` (compound assignments and `++` count as unknown ones). */
  private assignmentsOf(variable: ts.VariableDeclaration): ts.Expression[] {
    const t = this.ts;
    const cached = this.assignments.get(variable);
    if (cached) return cached;
    const name = t.isIdentifier(variable.name) ? variable.name.text : undefined;
    const scope = parentOf(variable.parent.parent);
    // A destructured `let` is taken as never reassigned (assignments to its names are not tracked).
    const candidates = name !== undefined && scope ? (this.assignmentsIn(scope).get(name) ?? []) : [];
    const found = candidates.filter((c) => this.evaluator.host.index.find(c.target)?.node === variable).flatMap((c) => c.values);
    this.assignments.set(variable, found);
    return found;
  }

  /** Every assignment to a plain name in `scope`, by name (a compound one, `+=` or `++`, listed twice: never "the one"). */
  private assignmentsIn(scope: ts.Node): Map<string, { readonly target: ts.Identifier; readonly values: readonly ts.Expression[] }[]> {
    const t = this.ts;
    const cached = this.scopeAssignments.get(scope);
    if (cached) return cached;
    const found = new Map<string, { target: ts.Identifier; values: ts.Expression[] }[]>();
    const add = (target: ts.Identifier, values: ts.Expression[]) => {
      const list = found.get(target.text) ?? [];
      list.push({ target, values });
      found.set(target.text, list);
    };
    const visit = (node: ts.Node, depth: number): void => {
      if (depth > 500) return;
      if (isAssignment(t, node) && t.isIdentifier(node.left)) {
        add(node.left, node.operatorToken.kind === t.SyntaxKind.EqualsToken ? [node.right] : [node.right, node.right]);
      } else if ((t.isPrefixUnaryExpression(node) || t.isPostfixUnaryExpression(node)) && t.isIdentifier(node.operand)) {
        const operator = node.operator;
        if (isIncrement(t, operator)) add(node.operand, [node.operand, node.operand]);
      }
      t.forEachChild(node, (child) => {
        visit(child, depth + 1);
      });
    };
    visit(scope, 0);
    this.scopeAssignments.set(scope, found);
    return found;
  }

  private destructure(value: StaticValue, path: readonly ts.BindingElement[], context: Context, name: string): StaticValue {
    const t = this.ts;
    let current = value;
    for (const element of path) {
      const pattern = element.parent;
      if (element.dotDotDotToken) {
        const rest = restOf(this.evaluator, element, current, context);
        if (!rest) return unknown(`${name} collects the rest of a destructured value`);
        current = rest;
        continue;
      }
      if (t.isObjectBindingPattern(pattern)) {
        const key = element.propertyName ?? element.name;
        const keyName = t.isIdentifier(key) || t.isStringLiteral(key) || t.isNumericLiteral(key) ? key.text : undefined;
        current = keyName === undefined ? unknown(`${name} is destructured with a computed key`) : this.evaluator.memberOf(current, keyName, undefined);
      } else {
        current = this.evaluator.memberOf(current, String(pattern.elements.indexOf(element)), undefined);
      }
      if (current.kind === 'undefined' && element.initializer) current = this.evaluator.evaluate(element.initializer, context);
    }
    return current;
  }

  private enumValue(node: ts.EnumDeclaration, context: Context): StaticValue {
    const entries = new Map<string, StaticValue>();
    let next = 0;
    for (const member of node.members) {
      const key = member.name.getText(node.getSourceFile()).replace(/^["']|["']$/g, '');
      const value: StaticValue = member.initializer ? this.evaluator.evaluate(member.initializer, context) : { kind: 'number', value: next };
      entries.set(key, value);
      next = value.kind === 'number' ? value.value + 1 : Number.NaN;
    }
    return { kind: 'object', entries };
  }
}

/**
 * How many levels down a value its changes in place may matter to the evaluator: below a construct
 * (`keys[1].status = 'Inactive'`, an escape hatch `escape-hatches.ts` reads on the construct itself) or
 * a string, number or other primitive (which nothing changes in place), nothing of the value changes;
 * `Infinity` where any value inside may be changed (an unknown, a function, an instance of a class).
 * A Map's entries are `[key, value]` pairs here, one level deeper than its values are to `map.get(k)`.
 */
function changeableDepth(value: StaticValue, depth = 0): number {
  switch (value.kind) {
    case 'construct':
    case 'string':
    case 'number':
    case 'boolean':
    case 'undefined':
    case 'null':
    case 'generated-user-name':
      return 0;
    case 'array':
      if (depth >= MAX_CHANGEABLE_DEPTH) return Infinity;
      return 1 + deepest(value.collection === 'map' ? value.items.flatMap((entry) => (entry.kind === 'array' ? entry.items : [entry])) : value.items, depth);
    case 'object':
      if (value.rest || depth >= MAX_CHANGEABLE_DEPTH) return Infinity;
      return 1 + deepest(value.entries.values(), depth);
    default:
      return Infinity;
  }
}

function deepest(values: Iterable<StaticValue>, depth: number): number {
  let found = 0;
  for (const value of values) {
    found = Math.max(found, changeableDepth(value, depth + 1));
    if (found === Infinity) break;
  }
  return found;
}

/** How deep `changeableDepth` looks into a value before taking any change as one that matters. */
const MAX_CHANGEABLE_DEPTH = 8;
