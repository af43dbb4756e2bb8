import type * as ts from 'typescript';
import { parentOf } from './parent-of.js';
import { onlyUsedAs, isCollectionWrite, isPropertyWrite, type FillKind } from './plain-uses.js';
import type { ScopeChanges } from './scope-changes.js';
import { unwrapExpression } from './unwrap-expression.js';

/** What telling plain writes apart asks of the search for changes in place (`mutated-variables.ts`). */
export interface ChangeSearch {
  /** The changes, aliases and holders a scope lists (`scope-changes.ts`). */
  changesIn(scope: ts.Node): ScopeChanges;
  /** The first change made to the variable's value in place, if any. */
  changeOf(variable: ts.VariableDeclaration): string | undefined;
  /**
   * Whether the variable's value is changed other than by a change rooted at the variable itself: through
   * a name it is given to, by a module importing it, or through what a method of its object returns.
   */
  changedOtherwise(variable: ts.VariableDeclaration): boolean;
  /** The first change made to the class's property `name` by a use other than the `known` ones (`property-changes.ts`). */
  memberChangeBesides(cls: ts.ClassLikeDeclaration, name: string, known: ReadonlySet<ts.Node>): string | undefined;
  /** Whether the project's uses are all listed (`call-sites.ts`, `collect`). */
  collected(): boolean;
}

/**
 * The changes in place that only fill a variable or a class's property: plain writes of its
 * properties (`users[name] = …`, `this.users.ci = …`), of a Map's entries or a Set's values
 * (`users.set(name, …)`, `names.add(…)`), which `filled-objects.ts` follows in the order they run
 * instead of taking the value as unknown.
 */
export class FillWrites {
  constructor(
    private readonly ts: typeof import('typescript'),
    /** The declaration an identifier names, if any. */
    private readonly declarationOf: (identifier: ts.Identifier) => ts.Node | undefined,
    private readonly search: ChangeSearch,
  ) {}

  /**
   * When every change made to the variable's value in place is a plain write of one of its
   * properties (`users[name] = …`, `users.ci = …`, on the variable itself, not through an alias, a
   * deeper property or a function it is handed to), or of a Map's entries or a Set's values
   * (`users.set(name, …)`, `names.add(…)`), those writes; otherwise (or with no change) undefined.
   */
  writesOf(variable: ts.VariableDeclaration, kind: FillKind): readonly (ts.BinaryExpression | ts.CallExpression)[] | undefined {
    const t = this.ts;
    if (!t.isIdentifier(variable.name) || this.search.changeOf(variable) === undefined) return undefined;
    const scope = parentOf(variable.parent.parent);
    if (scope === undefined) return undefined;
    const changes = this.search.changesIn(scope);
    const name = variable.name.text;
    const isThis = (identifier: ts.Identifier) => this.declarationOf(identifier) === variable;
    // Changed by a module importing it (`import { names } from './cfg'; names.push('root')`), by a way the writes here do not show.
    if (this.search.changedOtherwise(variable)) return undefined;
    const writes: (ts.BinaryExpression | ts.CallExpression)[] = [];
    for (const { identifier, change } of changes.roots.get(name) ?? []) {
      if (!isThis(identifier)) continue;
      const write = kind === 'object' ? isPropertyWrite(t, change, identifier) : isCollectionWrite(t, change, kind, (receiver) => receiver === identifier);
      if (!write) return undefined;
      writes.push(change as ts.BinaryExpression | ts.CallExpression);
    }
    // Put in another object or array (`[users]`, `{ users }`), handed to any function, returned or
    // stored, the object may be written through that other way, which the writes above do not show.
    return onlyUsedAs(t, kind === 'object' || kind === 'array' ? kind : 'collection', scope, name, isThis) ? writes : undefined;
  }

  /**
   * Whether a Set or Map variable is used only where its changes are seen (`onlyUsedAs`): put in an
   * array or object, handed to a function, returned or stored, it may be changed another way.
   */
  usedOnlyAsCollection(variable: ts.VariableDeclaration): boolean {
    const t = this.ts;
    if (!t.isIdentifier(variable.name)) return false;
    const scope = parentOf(variable.parent.parent);
    return scope !== undefined && onlyUsedAs(t, 'collection', scope, variable.name.text, (identifier) => this.declarationOf(identifier) === variable);
  }

  /**
   * When every change the class makes in place to its property `name` is a plain write of one of its
   * properties (`this.users[k] = …`, `this.users.k = …`), or of a Map's entries or a Set's values
   * (`this.users.set(k, …)`), and nothing outside the class's own `this` changes it
   * (`property-changes.ts`), those writes; otherwise (or with none) undefined.
   */
  memberWritesOf(cls: ts.ClassLikeDeclaration, name: string, kind: FillKind): readonly (ts.BinaryExpression | ts.CallExpression)[] | undefined {
    const t = this.ts;
    const changes = this.search.changesIn(cls).members.get(name);
    if (!changes || !this.search.collected()) return undefined;
    const targets = new Set<ts.Node>();
    const isMember = (target: ts.Expression): boolean => {
      const member =
        t.isPropertyAccessExpression(target) && target.name.text === name && unwrapExpression(t, target.expression).kind === t.SyntaxKind.ThisKeyword;
      if (member) targets.add(target);
      return member;
    };
    const writes: (ts.BinaryExpression | ts.CallExpression)[] = [];
    for (const { change } of changes) {
      if (kind !== 'object') {
        if (!isCollectionWrite(t, change, kind, isMember)) return undefined;
        writes.push(change);
        continue;
      }
      if (!t.isBinaryExpression(change) || change.operatorToken.kind !== t.SyntaxKind.EqualsToken) return undefined;
      const left = unwrapExpression(t, change.left);
      if (!t.isPropertyAccessExpression(left) && !t.isElementAccessExpression(left)) return undefined;
      if (!isMember(unwrapExpression(t, left.expression))) return undefined;
      writes.push(change);
    }
    // Read through an instance elsewhere (`props.people.users.get('ana')`), it must be changed nowhere else.
    return this.search.memberChangeBesides(cls, name, targets) === undefined ? writes : undefined;
  }
}
