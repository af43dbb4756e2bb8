import type * as ts from 'typescript';
import type { ClassHierarchy } from './class-hierarchy.js';
import type { Evaluator } from './evaluator.js';
import { isPrivate, isStatic, memberNamed, memberNameOf, type NamedMemberAccess, isNamedMemberAccess } from './member-syntax.js';
import { parentOf } from './parent-of.js';
import { instanceClassOf } from './instance-class.js';
import { EMPTY_CONTEXT, type Context } from './static-value.js';

/** The project's classes, and the member names it uses other than as `this.name(...)`. */
export interface ClassUses {
  readonly classes: readonly ts.ClassLikeDeclaration[];
  readonly looselyUsed: ReadonlySet<string>;
}

/**
 * Which method a call through `this` or `super` runs (`this.build()`, `super.build()`, `this.base()` in
 * a static member), and which method a local instance's class runs for a name: a private method, an
 * override's base, a static method, an overridable method no subclass declares again, or per class the
 * instance may be (`dispatch`). What `CallSites.collect` found of the project's classes and uses of
 * member names (`learn`) decides which of these calls are certain.
 */
export class ThisCalls {
  /**
   * What `collect` finds of the project's classes for calls of overridable methods through `this`
   * (`overridableMethodOf`): every class, and the member names used other than as `this.name(...)`.
   * Undefined until `collect` has searched every file (or when it could not).
   */
  private members: ClassUses | undefined;
  /** Every class of the project, once `collect` has seen them all; undefined before, or when a search was cut short. */
  private allClasses: readonly ts.ClassLikeDeclaration[] | undefined;
  /**
   * `this.name(...)` calls whose method subclasses override (`dispatchCandidates`): the method each
   * class the instance may be runs, chosen per call from the instance's class (`dispatch`).
   */
  private readonly dispatched = new WeakMap<ts.Node, ReadonlyMap<ts.ClassLikeDeclaration, ts.MethodDeclaration>>();

  constructor(
    private readonly evaluator: Evaluator,
    private readonly classes: ClassHierarchy,
  ) {}

  private get ts(): typeof import('typescript') {
    return this.evaluator.ts;
  }

  /** What `collect` found of the project's classes and member names (`members`), and every class when it saw them all. */
  learn(members: ClassUses, allClasses: readonly ts.ClassLikeDeclaration[] | undefined): void {
    this.members = members;
    this.allClasses = allClasses;
  }

  /** `members`, once `collect` has searched: undefined before. */
  get known(): ClassUses | undefined {
    return this.members;
  }

  /** Records the methods a `this.name(...)` call runs per class (`dispatchCandidates`), for `dispatch`. */
  dispatchThrough(call: ts.CallExpression, byClass: ReadonlyMap<ts.ClassLikeDeclaration, ts.MethodDeclaration>): void {
    this.dispatched.set(call, byClass);
  }

  /** Whether `dispatchThrough` recorded the call. */
  isDispatched(call: ts.Node): boolean {
    return this.dispatched.has(call);
  }

  /**
   * The instance method `name` that the nearest class of `cls`'s chain (itself, then its project
   * bases) declaring an instance member of that name implements: undefined when none declares it, or
   * that class declares it other than as one method with a body.
   */
  nearestMethod(cls: ts.ClassLikeDeclaration | undefined, name: string): ts.MethodDeclaration | undefined {
    const t = this.ts;
    for (const current of this.classes.chain(cls)) {
      const named = this.instanceMembersNamed(current, name);
      if (named.length === 0) continue;
      const implementations = named.filter((m) => !t.isMethodDeclaration(m) || m.body !== undefined);
      const only = implementations[0];
      return implementations.length === 1 && only && t.isMethodDeclaration(only) ? only : undefined;
    }
    return undefined;
  }

  /**
   * `this.build(props)` in a class: the class's own `private` (or `#build`) instance method with a body,
   * or its private property holding an arrow function (`private addKey = (user: iam.IUser) => ...`)
   * that the class never assigns again. No subclass can replace either, so the call certainly runs
   * it, with `this` the instance the caller's `this` is. Other methods may be overridden by a
   * subclass, and `this` in a `function` is not the instance: those calls are not followed (the
   * method is walked once on its own).
   */
  privateMethodOf(callee: NamedMemberAccess): ts.MethodDeclaration | ts.ArrowFunction | undefined {
    const t = this.ts;
    const owner = this.thisClassOf(callee);
    if (!owner) return undefined;
    const name = memberNameOf(t, callee);
    // Followed only when every use of the name is known: `this.addKey` handed on (`.map(this.addKey)`,
    // `.bind(this)`) or a computed `this[name]` may run it again, where no call site says.
    const members = this.members;
    if (!members || members.looselyUsed.has(name)) return undefined;
    const named = owner.members.filter((m) => memberNamed(t, m, callee, name) && !isStatic(t, m));
    // Overloads are declarations without a body beside the one implementation.
    const implementations = named.filter((m) => !t.isMethodDeclaration(m) || m.body !== undefined);
    const member = implementations[0];
    if (implementations.length !== 1 || !member || !isPrivate(t, member) || this.replacedOnInstance(owner, name)) return undefined;
    if (t.isMethodDeclaration(member)) return member;
    // A property's initializer is what runs only when nothing stores another value in it: a write
    // through `this` (a `readonly` one may still be assigned in the constructor) is a use other than a
    // call, above.
    const initializer = t.isPropertyDeclaration(member) ? member.initializer : undefined;
    return initializer && t.isArrowFunction(initializer) ? initializer : undefined;
  }

  /**
   * `super.build()` written in the class's own instance method `build` (an override calling the body it
   * replaces): the base's `build`, the one instance method with a body of the nearest project base class
   * declaring the name. `super` is bound to the class the method is written in, not looked up on the
   * instance (https://tc39.es/ecma262/#sec-super-keyword-runtime-semantics-evaluation), so no subclass
   * and no own property of the instance can change which body runs; it runs with `this` the caller's.
   * Undefined elsewhere (`super.build()` in another member, or in a method of a package's base class):
   * that body is walked on its own (`collect`).
   */
  superMethodOf(callee: NamedMemberAccess): ts.MethodDeclaration | undefined {
    const t = this.ts;
    if (t.isPropertyAccessExpression(callee) && !t.isIdentifier(callee.name)) return undefined;
    const name = memberNameOf(t, callee);
    let member = parentOf(callee);
    while (member && (!t.isFunctionLike(member) || t.isArrowFunction(member))) member = parentOf(member);
    if (!member || !t.isMethodDeclaration(member) || isStatic(t, member) || !t.isIdentifier(member.name) || member.name.text !== name) return undefined;
    const owner = parentOf(member);
    const base = owner && t.isClassLike(owner) ? this.classes.baseOf(owner) : undefined;
    return base ? this.nearestMethod(base, name) : undefined;
  }

  /**
   * Whether the instance may get an own property `name`, which the call runs instead of the class's
   * member: `Object.assign(this, { name })`, `Reflect.set`, `Object.defineProperty`, or a write from
   * outside the class (`property-changes.ts`). Every use of the project is listed before any call
   * through `this` or a local instance is settled (`collect`).
   */
  replacedOnInstance(cls: ts.ClassLikeDeclaration, name: string): boolean {
    return this.evaluator.memberWriteOf(cls, name) !== undefined;
  }

  /**
   * `this.base()` in a static member of a class: its one static method of that name with a body, when
   * no project class that may extend the class declares a static of the name (`this` may be the
   * subclass a static method is called on).
   */
  staticMethodOf(cls: ts.ClassLikeDeclaration, name: string): ts.MethodDeclaration | undefined {
    const t = this.ts;
    if (this.staticRedeclared(cls, name)) return undefined;
    const methods = cls.members.filter(
      (m): m is ts.MethodDeclaration =>
        t.isMethodDeclaration(m) && isStatic(t, m) && m.body !== undefined && this.evaluator.propertyName(m.name, EMPTY_CONTEXT) === name,
    );
    return methods.length === 1 ? methods[0] : undefined;
  }

  /** Whether a project class that may extend `cls` declares a static member `name` too; true until `collect` knows every class. */
  staticRedeclared(cls: ts.ClassLikeDeclaration, name: string): boolean {
    const t = this.ts;
    const classes = this.allClasses;
    if (!classes) return true;
    return classes.some(
      (other) =>
        other !== cls &&
        other.members.some((m) => isStatic(t, m) && this.evaluator.propertyName(m.name, EMPTY_CONTEXT) === name) &&
        this.classes.mayExtend(other, cls),
    );
  }

  /**
   * The class whose instance `this` is at `node`: `this` is the instance in the class's constructor,
   * methods and property initializers, and in arrow functions there; a `function` or an object
   * literal's method has a `this` of its own.
   */
  thisClassOf(node: ts.Node): ts.ClassLikeDeclaration | undefined {
    const t = this.ts;
    let owner = parentOf(node);
    while (owner && !t.isClassLike(owner)) {
      const parent = parentOf(owner);
      if (t.isFunctionLike(owner) && !t.isArrowFunction(owner) && !(parent && t.isClassLike(parent))) return undefined;
      // In a static method, property or block, `this` is the class itself, not an instance.
      if (parent && t.isClassLike(parent) && (t.isClassStaticBlockDeclaration(owner) || isStatic(t, owner as ts.ClassElement))) return undefined;
      owner = parent;
    }
    return owner;
  }

  /**
   * `this.addKeys()` in a class: a `public` or `protected` instance method with a body, of the class or
   * of a project class it extends (the first one declaring the name), which no project class extending
   * the class declares again, and whose name the project uses nowhere but in `this.name(...)` calls.
   * `this` is then an instance of the class or of a subclass that inherits that very method, so the
   * call certainly runs it, with `this` the caller's: it is followed like a private method. Where a
   * subclass overrides the name, or the method may be called or handed on elsewhere (`stack.addKeys()`,
   * `cb = this.addKeys`), the call is not followed (the method is walked once on its own).
   */
  overridableMethodOf(callee: NamedMemberAccess): ts.MethodDeclaration | undefined {
    const t = this.ts;
    const members = this.members;
    const name = memberNameOf(t, callee);
    if (!members || members.looselyUsed.has(name) || (t.isPropertyAccessExpression(callee) && !t.isIdentifier(callee.name))) return undefined;
    const owner = this.thisClassOf(callee);
    if (!owner) return undefined;
    const method = this.nearestMethod(owner, name);
    if (!method || this.replacedOnInstance(owner, name)) return undefined;
    for (const cls of members.classes)
      if (cls !== owner && this.instanceMembersNamed(cls, name).length > 0 && this.classes.mayExtend(cls, owner)) return undefined;
    return method;
  }

  /**
   * `this.build()` in a class whose project subclasses declare `build` again (a base stack's
   * constructor calling a method each team's stack overrides): per class the instance may be (the
   * class itself unless it is `abstract`, and every project class extending it), the instance method
   * that class runs (`nearestMethod`). Undefined when that is not certain: the name is used other than
   * in `this.name(...)` calls, a class between a subclass and this one is not a project class (a
   * mixin), one of them has no method of the name with a body, or the instance may get an own property
   * of the name.
   */
  dispatchCandidates(
    call: ts.CallExpression,
  ): { readonly byClass: ReadonlyMap<ts.ClassLikeDeclaration, ts.MethodDeclaration>; readonly declared: readonly ts.MethodDeclaration[] } | undefined {
    const t = this.ts;
    const members = this.members;
    const callee = call.expression;
    if (!members || !isNamedMemberAccess(t, callee) || (t.isPropertyAccessExpression(callee) && !t.isIdentifier(callee.name))) return undefined;
    const name = memberNameOf(t, callee);
    const owner = this.thisClassOf(callee);
    if (!owner || members.looselyUsed.has(name)) return undefined;
    const byClass = new Map<ts.ClassLikeDeclaration, ts.MethodDeclaration>();
    const declared: ts.MethodDeclaration[] = [];
    for (const cls of members.classes) {
      if (cls !== owner && !this.classes.mayExtend(cls, owner)) continue;
      if (cls !== owner && ![...this.classes.chain(cls)].includes(owner)) return undefined;
      if (this.replacedOnInstance(cls, name)) return undefined;
      for (const member of this.instanceMembersNamed(cls, name)) if (t.isMethodDeclaration(member) && member.body) declared.push(member);
      // `new` of an abstract class does not compile: no instance is one.
      if ((t.getModifiers(cls) ?? []).some((m) => m.kind === t.SyntaxKind.AbstractKeyword)) continue;
      const method = this.nearestMethod(cls, name);
      if (!method) return undefined;
      byClass.set(cls, method);
    }
    return byClass.size > 0 ? { byClass, declared } : undefined;
  }

  /**
   * The methods a `this.name(...)` call found by `dispatchCandidates` runs in `context`: the one of the
   * instance's class (`instanceClassOf`, the innermost `new` of the frames), as JavaScript looks it up.
   * Where that class is not known (a constructor or method walked on its own), every candidate, each
   * with why which one runs is not known. Undefined for other calls.
   */
  dispatch(site: ts.Node, context: Context): { readonly methods: readonly ts.MethodDeclaration[]; readonly undecided: boolean } | undefined {
    const candidates = this.dispatched.get(site);
    if (!candidates) return undefined;
    const instanceClass = instanceClassOf(this.ts, context.frames);
    const method = instanceClass && candidates.get(instanceClass);
    return method ? { methods: [method], undecided: false } : { methods: [...new Set(candidates.values())], undecided: true };
  }

  /**
   * Why a method walked on its own may not run for the project's instances: another project class of
   * its hierarchy declares the same name (`Derived.addKeys` overrides `Base.addKeys`), so which body a
   * call runs depends on the instance's class. Undefined for other methods (and before `collect`).
   */
  overriddenReason(method: ts.MethodDeclaration): string | undefined {
    const t = this.ts;
    const members = this.members;
    const owner = parentOf(method);
    if (!members || !owner || !t.isClassLike(owner) || isStatic(t, method) || !t.isIdentifier(method.name)) return undefined;
    const name = method.name.text;
    for (const cls of members.classes) {
      if (cls === owner) continue;
      const declares = this.instanceMembersNamed(cls, name).length > 0;
      if (declares && (this.classes.mayExtend(cls, owner) || this.classes.mayExtend(owner, cls)))
        return `${name} is declared both in ${owner.name?.text ?? '(anonymous class)'} and in ${cls.name?.text ?? '(anonymous class)'}, so which body runs depends on the instance's class`;
    }
    return undefined;
  }

  /** The instance (not `static`) members a class declares under the plain name `name`: the ones a `this.name` may run. */
  private instanceMembersNamed(cls: ts.ClassLikeDeclaration, name: string): ts.ClassElement[] {
    const t = this.ts;
    // The name first: `isStatic` lists the member's modifiers, and this runs for every member of every class searched.
    return cls.members.filter((m) => m.name !== undefined && t.isIdentifier(m.name) && m.name.text === name && !isStatic(t, m));
  }

  /**
   * Whether `super.name(...)` is written in an instance member of a class that itself declares an
   * instance member `name` (an override calling the body it replaces).
   */
  overridesInOwnClass(access: NamedMemberAccess, name: string): boolean {
    const owner = this.thisClassOf(access);
    return owner !== undefined && this.instanceMembersNamed(owner, name).length > 0;
  }
}
