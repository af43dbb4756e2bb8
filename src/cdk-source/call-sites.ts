import type * as ts from 'typescript';
import type { ClassHierarchy } from './class-hierarchy.js';
import type { Evaluator } from './evaluator.js';
import { ConstructRelevance } from './construct-relevance.js';
import { isConstructClass, isGenericResourceClass } from './iam-api.js';
import { isNamedMemberAccess, isPrivate, memberNameOf, staticOwnerOf, type NamedMemberAccess } from './member-syntax.js';
import { parentOf } from './parent-of.js';
import type { Declaration } from './resolve-declaration.js';
import { searchSyntax } from './search-syntax.js';
import { ThisCalls } from './this-calls.js';
import { MemberUses } from './member-uses.js';
import { CallFrames, type CallSite } from './call-frames.js';
import { appendAll } from '../core/append-all.js';
import { unwrapExpression } from './unwrap-expression.js';
import { ReceiverClasses } from './receiver-class.js';
import { ProjectNames } from './project-names.js';
import { isFillAssignment, isFillCall } from './plain-uses.js';
import { isSynthCall } from './synth-call-syntax.js';
import { EMPTY_CONTEXT, type Callable, type ConstructClass } from './static-value.js';

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
  private readonly names: ProjectNames;
  /**
   * The names of `this.name(...)` calls `collect` did not follow (a `function`'s own `this`, a static
   * or outside method), which may run any method of that name; undefined when the search was cut short.
   */
  private unfollowedThisCalls: ReadonlySet<string> | undefined;
  /** Whether calls of methods on local instances (`team.addMember(...)`) may be followed: every use of every member name is known. */
  private receiverCallsKnown = false;
  /** Every class of the project, once the search has seen them all (and no computed `this[...]` hides a use). */
  private searchedClasses: readonly ts.ClassLikeDeclaration[] | undefined;
  /** The exact class of a call's receiver (`team` of `team.addMember(...)`), where the syntax tells it. */
  private readonly receivers: ReceiverClasses;
  private collected: readonly ts.SourceFile[] = [];
  /** Per import declaration (one object per imported name and file): whether it names no project file. */
  private readonly importsFromOutside = new WeakMap<Declaration, boolean>();
  /** What the construct walk must visit; known once `collect` has run. */
  readonly relevance: ConstructRelevance;
  /** The project's `x.synth(...)` calls (`explicit-synth.ts`), once `collect` has run. */
  readonly synthCalls: ts.CallExpression[] = [];
  /** Which method a call through `this` or `super` runs. */
  readonly thisCalls: ThisCalls;
  /** The context a call's callee runs in, and what it returns. */
  readonly frames: CallFrames;
  /** Every use of a member name in the project, once `collect` has listed them. */
  readonly uses: MemberUses;

  constructor(
    private readonly evaluator: Evaluator,
    readonly classes: ClassHierarchy,
  ) {
    this.relevance = new ConstructRelevance(evaluator.ts);
    this.names = new ProjectNames(evaluator.ts, () => this.collected);
    this.thisCalls = new ThisCalls(evaluator, classes);
    this.uses = new MemberUses(evaluator.ts);
    this.frames = new CallFrames(evaluator, classes, (site) => this.localInstanceReceiver(site));
    this.receivers = new ReceiverClasses(evaluator.ts, {
      find: (name) => evaluator.host.index.find(name),
      calleeOf: (site) => this.calleeOf(site),
      nearestMethod: (cls, name) => this.thisCalls.nearestMethod(cls, name),
      chain: (cls) => classes.chain(cls),
      thisClassOf: (node) => this.thisCalls.thisClassOf(node),
      accessesNamed: (name) => (this.searchedClasses ? this.uses.accessesNamed(name) : undefined),
      classes: () => this.searchedClasses,
    });
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
    if (found !== null || this.thisCalls.known !== undefined || !(this.isThisCall(site) || this.isMemberCallOnOther(site))) this.callees.set(site, found);
    return found ?? undefined;
  }

  private isThisCall(site: CallSite): boolean {
    const t = this.ts;
    return t.isCallExpression(site) && isNamedMemberAccess(t, site.expression) && site.expression.expression.kind === t.SyntaxKind.ThisKeyword;
  }

  /**
   * `team.addMember(...)` on a receiver that is not `this`: a call `collect` settles once it knows
   * every use of the project (`ReceiverClasses`: a receiver's class may depend on them).
   */
  private isMemberCallOnOther(site: CallSite): boolean {
    const t = this.ts;
    if (!t.isCallExpression(site) || !isNamedMemberAccess(t, site.expression)) return false;
    const receiver = site.expression.expression.kind;
    return receiver !== t.SyntaxKind.ThisKeyword && receiver !== t.SyntaxKind.SuperKeyword;
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
    if (
      !this.receiverCallsKnown ||
      (t.isPropertyAccessExpression(callee) && !t.isIdentifier(callee.name)) ||
      this.thisCalls.known?.looselyUsed.has(name) !== false
    )
      return undefined;
    if (this.unfollowedThisCalls?.has(name) !== false) return undefined;
    const cls = this.receivers.exactClassOf(callee.expression);
    return cls && !this.thisCalls.replacedOnInstance(cls, name) ? this.thisCalls.nearestMethod(cls, name) : undefined;
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
    if (t.isCallExpression(site) && isNamedMemberAccess(t, callee) && callee.expression.kind === t.SyntaxKind.SuperKeyword)
      return this.thisCalls.superMethodOf(callee);
    if (t.isCallExpression(site) && isNamedMemberAccess(t, callee) && callee.expression.kind === t.SyntaxKind.ThisKeyword) {
      const statics = staticOwnerOf(t, callee);
      return statics
        ? this.thisCalls.staticMethodOf(statics, memberNameOf(t, callee))
        : (this.thisCalls.privateMethodOf(callee) ?? this.thisCalls.overridableMethodOf(callee));
    }
    if (t.isCallExpression(site) && isNamedMemberAccess(t, callee) && this.receiverCallsKnown && this.isMemberCallOnOther(site)) {
      // Settled once `collect` knows every use of the name (`localInstanceMethodOf`).
      const method = this.localInstanceMethodOf(callee);
      if (method) return method;
    }
    // `new (class extends iam.User {})(...)`: the class written in place.
    const written = unwrapExpression(t, callee);
    if (t.isNewExpression(site) && t.isClassExpression(written)) return written;
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

  /** `super.name(...)` followed to the base's method (`superMethodOf`). */
  private isSuperMethodCall(site: CallSite): boolean {
    const t = this.ts;
    return t.isCallExpression(site) && isNamedMemberAccess(t, site.expression) && site.expression.expression.kind === t.SyntaxKind.SuperKeyword;
  }

  /** Every class of the project, once `collect` has seen them all (and no computed `this[...]` hides a use); undefined otherwise. */
  get knownClasses(): readonly ts.ClassLikeDeclaration[] | undefined {
    return this.receiverCallsKnown ? this.thisCalls.known?.classes : undefined;
  }

  /** The project's files (`collect` must have run). */
  get files(): readonly ts.SourceFile[] {
    return this.collected;
  }

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

  /** How often the project's files name `name` (`ProjectNames`; `collect` must have run). */
  nameCount(name: string): number {
    return this.names.count(name);
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
    // `x.name(...)` calls on a receiver other than `this`: followed when the receiver's class is known (`ReceiverClasses`).
    const memberCallsOnOthers: (NamedMemberAccess & { readonly parent: ts.CallExpression })[] = [];
    const { uses } = this;
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
      if (called && access.expression.kind === SuperKeyword && this.thisCalls.overridesInOwnClass(access, name)) return;
      // `team.addMember(...)` of an instance whose class is known is followed per call
      // (`localInstanceMethodOf`); which receivers those are is known once every use is listed.
      if (called && !thisCall) memberCallsOnOthers.push(access as NamedMemberAccess & { readonly parent: ts.CallExpression });
      else if (!thisCall) looselyUsed.add(name);
      if (called && !thisCall) uses.calledOnOther(name);
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
            if (!this.thisCalls.thisClassOf(access)) looselyUsed.add(memberNameOf(t, access));
          }
          if (kind === NewExpression && this.mayCreateConstruct(node as ts.NewExpression)) relevance.mustReach(node);
          if (kind === CallExpression && isFillCall(t, node as ts.CallExpression)) fillWrites.push(node as ts.CallExpression);
          // The walk must reach an App's or Stage's explicit `synth()`: what is created after it is not deployed.
          if (kind === CallExpression && isSynthCall(t, node as ts.CallExpression)) {
            this.synthCalls.push(node as ts.CallExpression);
            relevance.mustReach(node);
          }
        } else if (kind === PropertyAccessExpression) {
          const access = node as ts.PropertyAccessExpression;
          memberUse(access);
          uses.access(access);
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
            uses.quoted(node);
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
    // Every use is listed before the `this.name(...)` calls are settled: whether something replaces a
    // private arrow function property (`Object.assign(this, …)`) is asked of them, and what a
    // `readonly` property holds (`ReceiverClasses`) is told by every write of its name.
    uses.publish(search.complete, known);
    this.searchedClasses = known ? classes : undefined;
    const localInstanceCalls: ts.CallExpression[] = [];
    for (const access of memberCallsOnOthers) {
      if (known && this.receivers.exactClassOf(access.expression)) localInstanceCalls.push(access.parent);
      else looselyUsed.add(memberNameOf(t, access));
    }
    this.thisCalls.learn(
      known ? { classes, looselyUsed } : { classes: [], looselyUsed: new Set(thisCalls.map((c) => memberNameOf(t, c.expression as NamedMemberAccess))) },
      known ? classes : undefined,
    );
    for (const call of thisCalls) callSite(call);
    // A call whose method a subclass overrides runs the method of the instance's class (`dispatch`).
    const dispatched: ts.MethodDeclaration[] = [];
    for (const call of thisCalls) {
      const candidates = this.calleeOf(call) === undefined && known ? this.thisCalls.dispatchCandidates(call) : undefined;
      if (!candidates) continue;
      this.thisCalls.dispatchThrough(call, candidates.byClass);
      for (const method of new Set(candidates.byClass.values())) relevance.callSite(call, method);
      appendAll(dispatched, candidates.declared);
    }
    if (known)
      this.unfollowedThisCalls = new Set(
        thisCalls
          .filter((call) => this.calleeOf(call) === undefined && !this.thisCalls.isDispatched(call))
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
      if (name !== undefined && known && unfollowed && !looselyUsed.has(name) && uses.isCalledOnOthers(name) === false && !unfollowed.has(name))
        this.called.add(method);
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
    const members = this.thisCalls.known;
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
  /** Whether a `new` may create an IAM construct: one of `constructClassAt`, or a `CfnResource`, whose type is read where the walk reaches it. */
  private mayCreateConstruct(node: ts.NewExpression): boolean {
    const callee = this.evaluator.calleeValue(node);
    return isGenericResourceClass(callee) || this.constructClassAt(node, callee) !== undefined;
  }

  constructClassAt(node: ts.NewExpression, callee = this.evaluator.calleeValue(node)): ConstructClass | undefined {
    if (isConstructClass(callee)) return callee.entity;
    const cls = this.calleeOf(node);
    return cls && this.ts.isClassLike(cls) ? this.classes.constructClassOf(cls) : undefined;
  }
}
