import type * as ts from 'typescript';
import { parentOf } from './parent-of.js';
import { isStatic } from './member-syntax.js';

/**
 * Every use of a member name in the project (`x.name`, `x['name']`, `x.name(...)` on a receiver other
 * than `this`), as the search for call sites lists them (`call-sites.ts`, `collect`). Nothing is
 * answered until the search has finished (`publish`): a use not yet seen must not read as no use.
 */
export class MemberUses {
  private readonly pendingAccesses = new Map<string, ts.PropertyAccessExpression[]>();
  private readonly pendingQuoted = new Map<string, ts.ElementAccessExpression[]>();
  private readonly pendingCalledOnOthers = new Set<string>();
  /** Member names called on a receiver other than `this` (`stack.addKey()`, `teams[0].addKey()`); undefined when the search was cut short. */
  private calledOnOthers: ReadonlySet<string> | undefined;
  /** Every `x.name` of the project, by name; undefined when the search was cut short. */
  private accessesByName: ReadonlyMap<string, readonly ts.PropertyAccessExpression[]> | undefined;
  /** Names used as a quoted key (`x['users']`), which may reach any object's property of that name. */
  private quotedNames: ReadonlyMap<string, readonly ts.ElementAccessExpression[]> = new Map();
  private usesListed = false;

  constructor(private readonly ts: typeof import('typescript')) {}

  /** Lists `x.name`, found by the search. */
  access(access: ts.PropertyAccessExpression): void {
    const sameName = this.pendingAccesses.get(access.name.text) ?? [];
    sameName.push(access);
    this.pendingAccesses.set(access.name.text, sameName);
  }

  /** Lists `x['name']`, found by the search. */
  quoted(access: ts.ElementAccessExpression & { readonly argumentExpression: ts.StringLiteralLike }): void {
    const sameKey = this.pendingQuoted.get(access.argumentExpression.text) ?? [];
    sameKey.push(access);
    this.pendingQuoted.set(access.argumentExpression.text, sameKey);
  }

  /** Lists a call of `name` on a receiver other than `this`, found by the search. */
  calledOnOther(name: string): void {
    this.pendingCalledOnOthers.add(name);
  }

  /**
   * Answers from what the search listed: the calls on other receivers when it saw every file
   * (`complete`), the accesses by name when it also met no computed `this[...]` (`known`).
   */
  publish(complete: boolean, known: boolean): void {
    this.calledOnOthers = complete ? this.pendingCalledOnOthers : undefined;
    this.accessesByName = known ? this.pendingAccesses : undefined;
    this.quotedNames = this.pendingQuoted;
    this.usesListed = true;
  }

  /** Whether the search has listed every use (`accessesNamed`). */
  get listed(): boolean {
    return this.usesListed;
  }

  /**
   * Why a method walked on its own may run any number of times: its name is called on some receiver
   * other than `this` (`stack.addKey()`, `teams[0].addKey()`) in a call credlint does not follow, or
   * the search for calls was cut short. Undefined for a method nothing calls that way (walked as if called once).
   */
  calledElsewhereReason(method: ts.MethodDeclaration): string | undefined {
    const t = this.ts;
    if (isStatic(t, method) || !(t.isIdentifier(method.name) || t.isPrivateIdentifier(method.name))) return undefined;
    const name = method.name.text;
    if (this.calledOnOthers?.has(name) === false) return undefined;
    return `${name} is called on an instance credlint does not follow (x.${name}(...)), so it may run any number of times`;
  }

  /** Whether a call of `name` on a receiver other than `this` was found; undefined when the search was cut short. */
  isCalledOnOthers(name: string): boolean | undefined {
    return this.calledOnOthers?.has(name);
  }

  /**
   * Whether the project uses the class's property `name` (and any property of that name) only as
   * `x.name[k]` or `x.name.k`: reading or writing one of its entries, through `this` inside the
   * class or through an instance elsewhere (`props.people.users.get('ana')`), never as a whole
   * (an alias `const u = this.users`, an argument, a computed or quoted key). What such a use outside
   * the class's own `this` changes is found by `property-changes.ts`.
   */
  onlyIndexed(name: string): boolean {
    const t = this.ts;
    const accesses = this.accessesByName?.get(name);
    if (!accesses || this.quotedNames.has(name)) return false;
    return accesses.every((access) => {
      let outer: ts.Node = access;
      for (let parent = parentOf(outer); parent && t.isParenthesizedExpression(parent); parent = parentOf(parent)) outer = parent;
      const parent = parentOf(outer);
      return parent !== undefined && (t.isElementAccessExpression(parent) || t.isPropertyAccessExpression(parent)) && parent.expression === outer;
    });
  }

  /** Every `x.name` and `x['name']` of the project; undefined when the search did not see them all (or has not finished). */
  accessesNamed(name: string): readonly (ts.PropertyAccessExpression | ts.ElementAccessExpression)[] | undefined {
    return this.accessesByName === undefined ? undefined : [...(this.accessesByName.get(name) ?? []), ...(this.quotedNames.get(name) ?? [])];
  }
}
