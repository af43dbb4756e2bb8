import type * as ts from 'typescript';
import { bindPattern } from './bind-pattern.js';
import type { ClassHierarchy } from './class-hierarchy.js';
import type { Evaluator } from './evaluator.js';
import { ConstructRelevance } from './construct-relevance.js';
import { isConstructClass } from './iam-api.js';
import { isNamedMemberAccess, isPrivate, isStatic, memberNamed, memberNameOf, staticOwnerOf, type NamedMemberAccess } from './member-syntax.js';
import { parentOf } from './parent-of.js';
import type { Declaration } from './resolve-declaration.js';
import { searchSyntax } from './search-syntax.js';
import { positionAt, startOf } from './source-location.js';
import { instanceClassOf } from './instance-class.js';
import { appendAll } from '../core/append-all.js';
import { unwrapExpression } from './unwrap-expression.js';
import {
  EMPTY_CONTEXT,
  opaque,
  unknown,
  UNDEFINED,
  type CallFrame,
  type Callable,
  type ConstructClass,
  type Context,
  type StaticValue,
} from './static-value.js';

export type CallSite = ts.NewExpression | ts.CallExpression;

/**
 * Calls of the project's own classes and functions: `new KeysStack(app, 'Keys', { user })`,
 * `super(scope, id, props)` of a project base class, `addKey(this, user)`. CDK apps pass users and
 * settings from stack to stack through constructor props, so a class body is evaluated once per call
 * site with its parameters bound to the arguments there (`enter`), the way synthesis runs it. Which
 * class or function a call names is decided without bindings (`calleeOf`), so the up-front search for
 * call sites (`collect`) and the walk agree: a body with a call site anywhere in the project is
 * evaluated only per call, one never called is walked once on its own, with its parameters unknown.
 */
export class CallSites {
  private readonly callees = new WeakMap<ts.Node, Callable | null>();
  private readonly called = new WeakSet<Callable>();
  /**
   * What `collect` finds of the project's classes for calls of overridable methods through `this`
   * (`overridableMethodOf`): every class, and the member names used other than as `this.name(...)`.
   * Undefined until `collect` has searched every file (or when it could not).
   */
  private members: { readonly classes: readonly ts.ClassLikeDeclaration[]; readonly looselyUsed: ReadonlySet<string> } | undefined;
  /**
   * The names of `this.name(...)` calls `collect` did not follow (a `function`'s own `this`, a static
   * or outside method), which may run any method of that name; undefined when the search was cut short.
   */
  private unfollowedThisCalls: ReadonlySet<string> | undefined;
  /** Whether calls of methods on local instances (`team.addMember(...)`) may be followed: every use of every member name is known. */
  private receiverCallsKnown = false;
  /** Every class of the project, once `collect` has seen them all; undefined before, or when a search was cut short. */
  private allClasses: readonly ts.ClassLikeDeclaration[] | undefined;
  /** Member names called on a receiver other than `this` (`stack.addKey()`, `teams[0].addKey()`); undefined when the search was cut short. */
  private calledOnOthers: ReadonlySet<string> | undefined;
  /** Every `x.name` of the project, by name; undefined when the search was cut short. */
  private accessesByName: ReadonlyMap<string, readonly ts.PropertyAccessExpression[]> | undefined;
  /** Names used as a quoted key (`x['users']`), which may reach any object's property of that name. */
  private quotedNames: ReadonlyMap<string, readonly ts.ElementAccessExpression[]> = new Map();
  private collected: readonly ts.SourceFile[] = [];
  private usesListed = false;
  /** Per import declaration (one object per imported name and file): whether it names no project file. */
  private readonly importsFromOutside = new WeakMap<Declaration, boolean>();
  /**
   * `this.name(...)` calls whose method subclasses override (`dispatchCandidates`): the method each
   * class the instance may be runs, chosen per call from the instance's class (`dispatch`).
   */
  private readonly dispatched = new WeakMap<ts.Node, ReadonlyMap<ts.ClassLikeDeclaration, ts.MethodDeclaration>>();
  /** The `return` statements of a function body, found once (a call in a loop evaluates it per iteration). */
  private readonly returns = new WeakMap<ts.Node, ts.ReturnStatement[]>();
  /** What the construct walk must visit; known once `collect` has run. */
  readonly relevance: ConstructRelevance;

  constructor(
    private readonly evaluator: Evaluator,
    readonly classes: ClassHierarchy,
  ) {
    this.relevance = new ConstructRelevance(evaluator.ts);
  }

  private get ts(): typeof import('typescript') {
    return this.evaluator.ts;
  }

  /** The project class (`new`, `super(...)`) or function (a call) a call site runs, if it is one. */
  calleeOf(site: CallSite): Callable | undefined {
    const cached = this.callees.get(site);
    if (cached !== undefined) return cached ?? undefined;
    const found = this.findCallee(site) ?? null;
    // A `this.name(...)` call is settled once `collect` knows the classes (`overridableMethodOf`).
    if (found !== null || this.members !== undefined || !(this.isThisCall(site) || this.isLocalInstanceCall(site))) this.callees.set(site, found);
    return found ?? undefined;
  }

  private isThisCall(site: CallSite): boolean {
    const t = this.ts;
    return t.isCallExpression(site) && isNamedMemberAccess(t, site.expression) && site.expression.expression.kind === t.SyntaxKind.ThisKeyword;
  }

  /** `team.addMember(...)` where `team` is a `const` holding `new Team(...)` of a project class. */
  private isLocalInstanceCall(site: CallSite): boolean {
    const t = this.ts;
    return t.isCallExpression(site) && isNamedMemberAccess(t, site.expression) && this.localInstanceClass(site.expression.expression) !== undefined;
  }

  /** The project class of `x` when `x` is a `const` declared as `new X(...)` of it: exactly that class, never a subclass. */
  private localInstanceClass(receiver: ts.Expression): ts.ClassLikeDeclaration | undefined {
    const t = this.ts;
    const name = unwrapExpression(t, receiver);
    if (!t.isIdentifier(name)) return undefined;
    const declaration = this.evaluator.host.index.find(name);
    if (declaration?.kind !== 'variable' || declaration.path.length > 0 || !t.isIdentifier(declaration.node.name)) return undefined;
    if ((t.getCombinedNodeFlags(declaration.node) & t.NodeFlags.Const) === 0 || !declaration.node.initializer) return undefined;
    const initializer = unwrapExpression(t, declaration.node.initializer);
    if (!t.isNewExpression(initializer)) return undefined;
    const cls = this.calleeOf(initializer);
    return cls && t.isClassLike(cls) ? cls : undefined;
  }

  /**
   * `team.addMember('ana')` where `team` is a `const` holding `new Team(...)`: Team's instance method
   * of that name (its own, or the first project base class's declaring it). The instance's class is
   * Team itself, so no subclass can replace the method; the call is followed when the project uses
   * the name in no way credlint does not follow (no `other.addMember()` on a value it cannot tell,
   * no `this.addMember()` left unfollowed, no `cb = team.addMember`): otherwise the method is walked
   * once on its own, as before.
   */
  private localInstanceMethodOf(callee: NamedMemberAccess): ts.MethodDeclaration | undefined {
    const t = this.ts;
    const name = memberNameOf(t, callee);
    if (!this.receiverCallsKnown || (t.isPropertyAccessExpression(callee) && !t.isIdentifier(callee.name)) || this.members?.looselyUsed.has(name) !== false)
      return undefined;
    if (this.unfollowedThisCalls?.has(name) !== false) return undefined;
    const cls = this.localInstanceClass(callee.expression);
    return cls && !this.replacedOnInstance(cls, name) ? this.nearestMethod(cls, name) : undefined;
  }

  /**
   * The instance method `name` that the nearest class of `cls`'s chain (itself, then its project
   * bases) declaring an instance member of that name implements: undefined when none declares it, or
   * that class declares it other than as one method with a body.
   */
  private nearestMethod(cls: ts.ClassLikeDeclaration | undefined, name: string): ts.MethodDeclaration | undefined {
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

  /** The receiver of a followed `team.addMember(...)` call, whose instance's constructor bindings the method sees through `this`. */
  private localInstanceReceiver(site: ts.Node): ts.Expression | undefined {
    const t = this.ts;
    if (!t.isCallExpression(site) || !isNamedMemberAccess(t, site.expression)) return undefined;
    const receiver = site.expression.expression;
    return receiver.kind !== t.SyntaxKind.ThisKeyword && this.callees.get(site)?.kind === t.SyntaxKind.MethodDeclaration ? receiver : undefined;
  }

  private findCallee(site: CallSite): Callable | undefined {
    const t = this.ts;
    const callee = site.expression;
    if (callee.kind === t.SyntaxKind.SuperKeyword) {
      let cls = parentOf(site);
      while (cls && !t.isClassLike(cls)) cls = parentOf(cls);
      return cls ? this.classes.baseOf(cls) : undefined;
    }
    if (t.isCallExpression(site) && isNamedMemberAccess(t, callee) && callee.expression.kind === t.SyntaxKind.SuperKeyword) return this.superMethodOf(callee);
    if (t.isCallExpression(site) && isNamedMemberAccess(t, callee) && callee.expression.kind === t.SyntaxKind.ThisKeyword) {
      const statics = staticOwnerOf(t, callee);
      return statics ? this.staticMethodOf(statics, memberNameOf(t, callee)) : (this.privateMethodOf(callee) ?? this.overridableMethodOf(callee));
    }
    if (t.isCallExpression(site) && isNamedMemberAccess(t, callee) && this.localInstanceClass(callee.expression)) {
      // Settled once `collect` knows every use of the name (`localInstanceMethodOf`).
      const method = this.localInstanceMethodOf(callee);
      if (method) return method;
    }
    // Only names, `module.name`, and deeper members of an imported project module (`lib.users.AdminUser`
    // where `lib/index.ts` has `export * as users from './users'`): other callees (`this.node.tryGetContext`,
    // `iam.User.fromUserName`, `props.factory.create`) are never project code.
    const name = this.calleeRoot(callee);
    if (!name) return undefined;
    if (this.namesNoProjectCode(name)) {
      // Most call sites of a CDK app (`new s3.Bucket(...)`, `Duration.days(14)`, `Object.entries(...)`):
      // their value is never worked out, but its steps are spent (`spendAsEvaluated`).
      this.evaluator.spendAsEvaluated(name === callee ? [callee] : [callee, name]);
      return undefined;
    }
    const value = this.evaluator.evaluate(callee, EMPTY_CONTEXT);
    if (value.kind !== 'callable') return undefined;
    return t.isNewExpression(site) === t.isClassLike(value.node) ? value.node : undefined;
  }

  /**
   * `this.build(props)` in a class: the class's own `private` (or `#build`) instance method with a body,
   * or its private property holding an arrow function (`private addKey = (user: iam.IUser) => ...`)
   * that the class never assigns again. No subclass can replace either, so the call certainly runs
   * it, with `this` the instance the caller's `this` is. Other methods may be overridden by a
   * subclass, and `this` in a `function` is not the instance: those calls are not followed (the
   * method is walked once on its own).
   */
  private privateMethodOf(callee: NamedMemberAccess): ts.MethodDeclaration | ts.ArrowFunction | undefined {
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
  private superMethodOf(callee: NamedMemberAccess): ts.MethodDeclaration | undefined {
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

  /** `super.name(...)` followed to the base's method (`superMethodOf`). */
  private isSuperMethodCall(site: CallSite): boolean {
    const t = this.ts;
    return t.isCallExpression(site) && isNamedMemberAccess(t, site.expression) && site.expression.expression.kind === t.SyntaxKind.SuperKeyword;
  }

  /**
   * Whether the instance may get an own property `name`, which the call runs instead of the class's
   * member: `Object.assign(this, { name })`, `Reflect.set`, `Object.defineProperty`, or a write from
   * outside the class (`property-changes.ts`). Every use of the project is listed before any call
   * through `this` or a local instance is settled (`collect`).
   */
  private replacedOnInstance(cls: ts.ClassLikeDeclaration, name: string): boolean {
    return this.evaluator.memberWriteOf(cls, name) !== undefined;
  }

  /**
   * `this.base()` in a static member of a class: its one static method of that name with a body, when
   * no project class that may extend the class declares a static of the name (`this` may be the
   * subclass a static method is called on).
   */
  private staticMethodOf(cls: ts.ClassLikeDeclaration, name: string): ts.MethodDeclaration | undefined {
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
  private overridableMethodOf(callee: NamedMemberAccess): ts.MethodDeclaration | undefined {
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
  private dispatchCandidates(
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

  /** Every `x.name` and `x['name']` of the project (`collect` must have run); undefined when the search did not see them all. */
  accessesNamed(name: string): readonly (ts.PropertyAccessExpression | ts.ElementAccessExpression)[] | undefined {
    return this.accessesByName === undefined ? undefined : [...(this.accessesByName.get(name) ?? []), ...(this.quotedNames.get(name) ?? [])];
  }

  /** Whether `collect` has listed every use (`accessesNamed`). */
  get collectedUses(): boolean {
    return this.usesListed;
  }

  /** Every class of the project, once `collect` has seen them all (and no computed `this[...]` hides a use); undefined otherwise. */
  get knownClasses(): readonly ts.ClassLikeDeclaration[] | undefined {
    return this.receiverCallsKnown ? this.members?.classes : undefined;
  }

  /** The project's files (`collect` must have run). */
  get files(): readonly ts.SourceFile[] {
    return this.collected;
  }

  /** The instance (not `static`) members a class declares under the plain name `name`: the ones a `this.name` may run. */
  private instanceMembersNamed(cls: ts.ClassLikeDeclaration, name: string): ts.ClassElement[] {
    const t = this.ts;
    // The name first: `isStatic` lists the member's modifiers, and this runs for every member of every class searched.
    return cls.members.filter((m) => m.name !== undefined && t.isIdentifier(m.name) && m.name.text === name && !isStatic(t, m));
  }

  /** Whether a class assigns a property outside its declaration (`this.addKey = ...`): its value is then not the initializer's. */
  /** The name a callee starts from, where it may name project code (`findCallee`). */
  private calleeRoot(callee: ts.Expression): ts.Identifier | undefined {
    const t = this.ts;
    if (t.isIdentifier(callee)) return callee;
    if (!isNamedMemberAccess(t, callee)) return undefined;
    if (t.isIdentifier(callee.expression)) return callee.expression;
    let root: ts.Expression = callee.expression;
    while (isNamedMemberAccess(t, root)) root = root.expression;
    return t.isIdentifier(root) && this.evaluator.host.index.find(root)?.kind === 'import' ? root : undefined;
  }

  /**
   * Whether a name is a global (`Object`, `JSON`) or imported from a module that is not a project file
   * (`aws-cdk-lib`, any package): its value, and any member's, is then the IAM API, a token or unknown,
   * never a project class or function (`evaluate-expression.ts`, `identifier`; `module-values.ts`).
   */
  private namesNoProjectCode(name: ts.Identifier): boolean {
    const { host } = this.evaluator;
    const declaration = host.index.find(name);
    if (declaration?.kind !== 'import') return declaration === undefined;
    let outside = this.importsFromOutside.get(declaration);
    if (outside === undefined) {
      const fileName = host.resolveImport(declaration.sourceFile.fileName, declaration.module);
      outside = fileName === undefined || host.sourceFile(fileName) === undefined;
      this.importsFromOutside.set(declaration, outside);
    }
    return outside;
  }

  /**
   * Whether `super.name(...)` is written in an instance member of a class that itself declares an
   * instance member `name` (an override calling the body it replaces).
   */
  private overridesInOwnClass(access: NamedMemberAccess, name: string): boolean {
    const owner = this.thisClassOf(access);
    return owner !== undefined && this.instanceMembersNamed(owner, name).length > 0;
  }

  /** Whether a class or function has a call site in the project (`collect` must have run). */
  isCalled(node: ts.Node): boolean {
    return this.called.has(node as Callable);
  }

  /**
   * Finds every call site of the files' classes and functions, and every `new` that may create an IAM
   * construct, before anything is walked; then settles what the walk must visit (`relevance`).
   */
  collect(files: Iterable<ts.SourceFile>): void {
    const t = this.ts;
    this.collected = [...files];
    const { relevance } = this;
    // Asked of every node of the project: the syntax kind is compared directly.
    const { NewExpression, CallExpression, BinaryExpression, ClassDeclaration, ClassExpression, PropertyAccessExpression, ThisKeyword, SuperKeyword } =
      t.SyntaxKind;
    const classes: ts.ClassLikeDeclaration[] = [];
    const looselyUsed = new Set<string>();
    const thisCalls: ts.CallExpression[] = [];
    const localInstanceCalls: ts.CallExpression[] = [];
    const calledOnOthers = new Set<string>();
    const accessesByName = new Map<string, ts.PropertyAccessExpression[]>();
    const quotedNames = new Map<string, ts.ElementAccessExpression[]>();
    // `names.add('dana')`, `users[k] = v`: writes that may fill a variable in place (`filled-objects.ts`).
    const fillWrites: (ts.BinaryExpression | ts.CallExpression)[] = [];
    const search = { complete: true, computedThisMember: false };
    // Base methods `super.name(...)` calls run (`superMethodOf`); each may also run through a call not followed.
    const superCalled: ts.MethodDeclaration[] = [];
    const callSite = (node: CallSite): void => {
      const callee = this.calleeOf(node);
      if (callee) {
        if (this.isSuperMethodCall(node) && t.isMethodDeclaration(callee)) superCalled.push(callee);
        else this.called.add(callee);
        relevance.callSite(node, callee);
      }
    };
    // A member name used other than as the callee of `this.name(...)` (or `this['name'](...)`) may be called on any object.
    const memberUse = (access: NamedMemberAccess): void => {
      const name = memberNameOf(t, access);
      const parent = parentOf(access);
      const called = parent !== undefined && t.isCallExpression(parent) && parent.expression === access;
      const thisCall = called && access.expression.kind === ThisKeyword;
      // `super.name(...)` in a class's own `name` runs the base's `name`, which that class overrides: no
      // other object's, nor a method handed on; the base's body is walked once on its own (`overriddenReason`).
      if (called && access.expression.kind === SuperKeyword && this.overridesInOwnClass(access, name)) return;
      // `team.addMember(...)` of a local instance is followed per call (`localInstanceMethodOf`).
      if (!thisCall && !(called && this.localInstanceClass(access.expression))) looselyUsed.add(name);
      if (called && !thisCall) calledOnOthers.add(name);
    };
    // A stack overflow on hostile nesting: the walk reports it; those call sites stay unknown.
    searchSyntax(
      t,
      this.collected,
      (node) => {
        const kind = node.kind;
        if (kind === NewExpression || kind === CallExpression) {
          callSite(node as CallSite);
          if (kind === CallExpression && this.isThisCall(node as CallSite) && !this.callees.has(node)) {
            thisCalls.push(node as ts.CallExpression);
            // `this` of its own (a `function`, a static method): the call may run any method of the name.
            const access = (node as ts.CallExpression).expression as NamedMemberAccess;
            if (!this.thisClassOf(access)) looselyUsed.add(memberNameOf(t, access));
          }
          if (kind === CallExpression && this.isLocalInstanceCall(node as CallSite)) localInstanceCalls.push(node as ts.CallExpression);
          if (kind === NewExpression && this.constructClassAt(node as ts.NewExpression)) relevance.mustReach(node);
          if (kind === CallExpression && isFillCall(t, node as ts.CallExpression)) fillWrites.push(node as ts.CallExpression);
        } else if (kind === PropertyAccessExpression) {
          const access = node as ts.PropertyAccessExpression;
          memberUse(access);
          const sameName = accessesByName.get(access.name.text) ?? [];
          sameName.push(access);
          accessesByName.set(access.name.text, sameName);
        } else if (kind === ClassDeclaration || kind === ClassExpression) {
          classes.push(node as ts.ClassLikeDeclaration);
          if (!this.classes.constructorOf(node as ts.ClassLikeDeclaration)) {
            // A class without a constructor calls its base class's with the same arguments.
            const base = this.classes.baseOf(node as ts.ClassLikeDeclaration);
            const site = this.classes.extendsNode(node as ts.ClassLikeDeclaration);
            if (base) this.called.add(base);
            if (base && site) relevance.callSite(site, base);
          }
        } else if (kind === BinaryExpression) {
          if (isFillAssignment(t, node as ts.BinaryExpression)) fillWrites.push(node as ts.BinaryExpression);
        } else if (t.isElementAccessExpression(node)) {
          if (isNamedMemberAccess(t, node)) {
            memberUse(node);
            const sameKey = quotedNames.get(node.argumentExpression.text) ?? [];
            sameKey.push(node);
            quotedNames.set(node.argumentExpression.text, sameKey);
          }
          // `this[name]()`, `(this as any)[key]`: any member may be reached, by a name no search can see.
          else if (unwrapExpression(t, node.expression).kind === ThisKeyword) search.computedThisMember = true;
        }
      },
      () => {
        search.complete = false;
        relevance.searchIncomplete();
      },
    );
    // With every class and use known, the `this.name(...)` calls of overridable methods are settled;
    // a search cut short may have missed an override, and a computed `this[...]` any use: those calls
    // are then not followed (each method is walked once on its own), and no method is dead code.
    const known = search.complete && !search.computedThisMember;
    this.members = known
      ? { classes, looselyUsed }
      : { classes: [], looselyUsed: new Set(thisCalls.map((c) => memberNameOf(t, c.expression as NamedMemberAccess))) };
    this.allClasses = known ? classes : undefined;
    this.calledOnOthers = search.complete ? calledOnOthers : undefined;
    this.accessesByName = known ? accessesByName : undefined;
    this.quotedNames = quotedNames;
    // Every use is listed before the `this.name(...)` calls are settled: whether something replaces a
    // private arrow function property (`Object.assign(this, …)`) is asked of them.
    this.usesListed = true;
    for (const call of thisCalls) callSite(call);
    // A call whose method a subclass overrides runs the method of the instance's class (`dispatch`).
    const dispatched: ts.MethodDeclaration[] = [];
    for (const call of thisCalls) {
      const candidates = this.calleeOf(call) === undefined && known ? this.dispatchCandidates(call) : undefined;
      if (!candidates) continue;
      this.dispatched.set(call, candidates.byClass);
      for (const method of new Set(candidates.byClass.values())) relevance.callSite(call, method);
      appendAll(dispatched, candidates.declared);
    }
    if (known)
      this.unfollowedThisCalls = new Set(
        thisCalls
          .filter((call) => this.calleeOf(call) === undefined && !this.dispatched.has(call))
          .map((call) => memberNameOf(t, call.expression as NamedMemberAccess)),
      );
    // A method of the classes a dispatched call may run on is walked per call that runs it, unless another
    // call of its name is not followed: one no instance's class runs (an abstract base's, replaced in
    // every subclass) runs for no call, and creates nothing.
    for (const method of dispatched) if (this.unfollowedThisCalls?.has((method.name as ts.Identifier).text) === false) this.called.add(method);
    this.receiverCallsKnown = known;
    for (const call of localInstanceCalls) callSite(call);
    // A base method reached through `super.name(...)` is walked per such call. It is also walked once on
    // its own (with the reason `overriddenReason` gives) unless no other call may run it: its name is
    // called nowhere else, or only in `this.name(...)` calls that were followed.
    const unfollowed = this.unfollowedThisCalls;
    for (const method of superCalled) {
      const name = t.isIdentifier(method.name) ? method.name.text : undefined;
      if (name !== undefined && known && unfollowed && !looselyUsed.has(name) && !calledOnOthers.has(name) && !unfollowed.has(name)) this.called.add(method);
    }
    relevance.settle();
    // With what creates constructs known, the writes filling what that code reads are walked too.
    const toVisit = search.complete ? this.evaluator.fillWritesToVisit(fillWrites) : [];
    for (const write of toVisit) relevance.mustReach(write);
    if (toVisit.length > 0) relevance.settle();
  }

  /**
   * Whether a `private` (or `#name`) method can never run: no call of it is followed, and its name is
   * used nowhere else in the project (no `obj.name`, `obj['name']`, `this.name` handed on, nor a
   * `this.name(...)` call left unfollowed). TypeScript lets nothing outside the class reach it, so it
   * is dead code, like a module-private function never named (`unreferenced-declaration.ts`): it creates nothing.
   */
  isDeadPrivateMethod(method: ts.MethodDeclaration): boolean {
    const t = this.ts;
    const members = this.members;
    const unfollowed = this.unfollowedThisCalls;
    if (!members || !unfollowed || this.called.has(method) || !method.body) return false;
    if (!isPrivate(t, method) || !(t.isIdentifier(method.name) || t.isPrivateIdentifier(method.name))) return false;
    const name = method.name.text;
    return !members.looselyUsed.has(name) && !unfollowed.has(name);
  }

  /**
   * The IAM construct a `new` creates, decided without bindings: `new iam.User(...)`, or
   * `new SmtpUser(...)` of a project class extending one.
   */
  constructClassAt(node: ts.NewExpression): ConstructClass | undefined {
    const callee = this.evaluator.calleeValue(node);
    if (isConstructClass(callee)) return callee.entity;
    const cls = this.calleeOf(node);
    return cls && this.ts.isClassLike(cls) ? this.classes.constructClassOf(cls) : undefined;
  }

  /** The argument values of a call site, undefined when they are spread (`new X(...args)`): the parameters stay unknown. */
  argumentsOf(site: CallSite, context: Context): StaticValue[] | undefined {
    const t = this.ts;
    const args = site.arguments ?? [];
    if (args.some((a) => t.isSpreadElement(a))) return undefined;
    return args.map((a) => this.evaluator.evaluate(a, context));
  }

  /**
   * The context a callee's body runs in for one call: the caller's loop iterations and calls plus this
   * call's frame, its parameters bound to the arguments (destructuring and defaults applied), and the
   * caller's existence (a stack created under an undecidable `if` creates its keys only maybe).
   */
  enter(site: ts.Node, kind: CallFrame['kind'], callee: Callable, args: readonly StaticValue[] | undefined, caller: Context): Context {
    // A method of a local instance (`team.addMember(...)`) reads `this.props` from that instance's constructor.
    const receiver = kind === 'call' ? this.localInstanceReceiver(site) : undefined;
    const instance = receiver && this.evaluator.evaluate(receiver, caller);
    const bindings = new Map(instance?.kind === 'class-instance' ? [...instance.context.bindings, ...caller.bindings] : caller.bindings);
    // A method of an object literal (`team.all()`), and a `function` called as a method
    // (`team.fill()` of `fill: function () { ... }`), see the object it is called on as `this`.
    const owner = parentOf(callee);
    const access = this.ts.isCallExpression(site) ? unwrapExpression(this.ts, site.expression) : undefined;
    if (
      kind === 'call' &&
      ((this.ts.isMethodDeclaration(callee) && owner && this.ts.isObjectLiteralExpression(owner)) || this.ts.isFunctionExpression(callee)) &&
      access &&
      isNamedMemberAccess(this.ts, access)
    )
      bindings.set(callee, this.evaluator.evaluate(access.expression, caller));
    const frame = { loop: site, index: 0, label: this.label(site, kind, callee, args), call: { kind, callee, args } };
    const context: Context = {
      frames: [...caller.frames, frame],
      bindings,
      existence: caller.existence,
      ...(caller.repeated ? { repeated: caller.repeated } : {}),
      ...(caller.cutOff ? { cutOff: caller.cutOff } : {}),
    };
    const parameters = this.ts.isClassLike(callee) ? (this.classes.constructorOf(callee)?.parameters ?? []) : callee.parameters;
    // Unknown arguments leave the parameters unbound: `props.user is not known statically`.
    if (args === undefined) return context;
    parameters.forEach((parameter, index) => {
      let value: StaticValue = parameter.dotDotDotToken ? { kind: 'array', items: args.slice(index) } : (args[index] ?? UNDEFINED);
      if (value.kind === 'undefined' && parameter.initializer) value = this.evaluator.evaluate(parameter.initializer, context);
      bindPattern(this.evaluator, parameter.name, value, bindings, context);
    });
    return context;
  }

  /** A call frame's part of an address: the construct id of `new Stack(scope, 'Keys')`, else the callee and where it is called. */
  private label(site: ts.Node, kind: CallFrame['kind'], callee: Callable, args: readonly StaticValue[] | undefined): string {
    const id = args?.[1];
    if (kind === 'new' && id?.kind === 'string') return id.value;
    const { line, column } = positionAt(site.getSourceFile(), startOf(site, site.getSourceFile()));
    return `${this.nameOf(callee)}@${line}:${column}`;
  }

  nameOf(callee: Callable): string {
    const t = this.ts;
    if (callee.name && (t.isIdentifier(callee.name) || t.isPrivateIdentifier(callee.name))) return callee.name.text;
    const parent = parentOf(callee);
    return parent && (t.isVariableDeclaration(parent) || t.isPropertyDeclaration(parent)) && (t.isIdentifier(parent.name) || t.isPrivateIdentifier(parent.name))
      ? parent.name.text
      : '(anonymous)';
  }

  /**
   * The context a base class's constructor runs in for an instance of `cls` built in `context`: through
   * its `super(...)` call, or, without a constructor, with the arguments `cls` was given.
   */
  baseContext(cls: ts.ClassLikeDeclaration, base: ts.ClassLikeDeclaration, context: Context): Context | undefined {
    const call = this.classes.superCall(cls);
    if (call) return this.enter(call, 'super', base, this.argumentsOf(call, context), context);
    if (this.classes.constructorOf(cls)) return undefined;
    const own = [...context.frames].reverse().find((f) => f.call?.callee === cls);
    const site = this.classes.extendsNode(cls);
    return own?.call && site ? this.enter(site, 'super', base, own.call.args, context) : undefined;
  }

  /**
   * What a call of a project function returns: the expression of an arrow function, or the one
   * `return` that ends its body; anything else (several returns, none) is unknown.
   */
  returnValue(callee: Exclude<Callable, ts.ClassLikeDeclaration> | ts.GetAccessorDeclaration, context: Context, text: string): StaticValue {
    const t = this.ts;
    const body = callee.body;
    if (!body) return opaque(text);
    if (!t.isBlock(body)) return this.evaluator.guarded(callee, text, () => this.evaluator.evaluate(body, context));
    const returns = this.returnsOf(body);
    const last = body.statements[body.statements.length - 1];
    if (returns.length === 0) return UNDEFINED;
    if (returns.length > 1 || returns[0] !== last) return unknown(`${text} returns from more than one place, which credlint does not follow`);
    const expression = returns[0]?.expression;
    return expression ? this.evaluator.guarded(callee, text, () => this.evaluator.evaluate(expression, context)) : UNDEFINED;
  }

  private returnsOf(body: ts.Block): ts.ReturnStatement[] {
    const t = this.ts;
    const cached = this.returns.get(body);
    if (cached) return cached;
    const returns: ts.ReturnStatement[] = [];
    const visit = (node: ts.Node, depth: number): void => {
      if (depth > 200 || t.isFunctionLike(node) || t.isClassLike(node)) return;
      if (t.isReturnStatement(node)) returns.push(node);
      t.forEachChild(node, (child) => {
        visit(child, depth + 1);
      });
    };
    body.statements.forEach((s) => {
      visit(s, 0);
    });
    this.returns.set(body, returns);
    return returns;
  }
}

/** `x.add(…)`, `x.set(…)`, `x.push(…)` or `x.unshift(…)` of a variable: a Set, Map or array it may fill in place. */
function isFillCall(t: typeof import('typescript'), call: ts.CallExpression): boolean {
  const callee = call.expression;
  return isNamedMemberAccess(t, callee) && FILL_CALLS.has(memberNameOf(t, callee)) && t.isIdentifier(unwrapExpression(t, callee.expression));
}

const FILL_CALLS: ReadonlySet<string> = new Set(['add', 'set', 'push', 'unshift']);

/** `x[k] = …` or `x.k = …` of a variable: an object it may fill in place. */
function isFillAssignment(t: typeof import('typescript'), node: ts.BinaryExpression): boolean {
  if (node.operatorToken.kind !== t.SyntaxKind.EqualsToken) return false;
  const left = unwrapExpression(t, node.left);
  return (t.isPropertyAccessExpression(left) || t.isElementAccessExpression(left)) && t.isIdentifier(unwrapExpression(t, left.expression));
}
