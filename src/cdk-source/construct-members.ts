import { ArrayCallbacks, PREDICATE_METHODS } from './array-callbacks.js';
import { arrayFrom, arrayMethod, objectFunction, stringMethod, unknownTargetMethod } from './builtin-methods.js';
import { collectionMethod, isCollection } from './collections.js';
import { arrayFromItems, arrayLikeLength, constructedArray, isArrayConstructor } from './array-from.js';
import type * as ts from 'typescript';
import { isContextRead } from './app-context.js';
import { parentOf } from './parent-of.js';
import { resourceChild } from './resource-child.js';
import type { CallSites } from './call-sites.js';
import type { CallSite } from './call-frames.js';
import { MAX_BASES, type ClassHierarchy } from './class-hierarchy.js';
import type { Evaluator } from './evaluator.js';
import { isSecretValueClass, USER_IMPORT_METHODS, userNameFromArn, userNameFromPartialArn } from './iam-api.js';
import { snippet } from './source-location.js';
import { isNamedMemberAccess, isStatic, memberNameOf, staticOwnerOf } from './member-syntax.js';
import { unwrapExpression } from './unwrap-expression.js';
import { thisWritesIn, type ThisWrites } from './this-writes.js';
import { WriteOrder } from './write-order.js';
import {
  EMPTY_CONTEXT,
  hideIfSecret,
  MAX_ITERATIONS,
  objectEntry,
  opaque,
  SECRET_VALUE,
  str,
  stringOf,
  truthiness,
  unknown,
  UNDEFINED,
  withoutKnownParts,
  type Callable,
  type ConstructInstance,
  type Context,
  type StaticValue,
} from './static-value.js';

/** A construct's props argument: an object literal to read properties from (in `context`), an object value, none, or unknown. */
export type PropsLiteral =
  | { readonly kind: 'literal'; readonly node: ts.ObjectLiteralExpression; readonly context: Context }
  /** A whole object given as props (`props` bound at a call site to an object built elsewhere); `node` is the expression, for locations. */
  | { readonly kind: 'value'; readonly value: Extract<StaticValue, { kind: 'object' }>; readonly node: ts.Expression }
  | { readonly kind: 'none' }
  | { readonly kind: 'unknown'; readonly value: StaticValue };

/** A property of a props literal: absent, or its value and the node that wrote it. */
export type PropertyLookup = { readonly found: false } | { readonly found: true; readonly value: StaticValue; readonly node: ts.Node };

/** A prop of a construct instance: absent, found, or unknown because the whole props object is. */
export type PropLookup = PropertyLookup | { readonly found: 'unknown'; readonly value: StaticValue; readonly node: undefined };

/** A project class's constructor run for one construct instance: its `super(...)` call, and the context its body is evaluated in. */
export interface ConstructorRun {
  readonly declaration: ts.ConstructorDeclaration;
  readonly superCall: ts.CallExpression;
  readonly context: Context;
}

/** Steps from an identifier to the object literal it stands for (`const`s, parameters bound at call sites). */
const MAX_PROPS_STEPS = 20;

/**
 * The parts of evaluation that know CDK: props of construct instances, the members of users and keys
 * (`user.userName`, `cfnUser.ref`), `User.fromUserName(...)`, `this.x` in a construct class, and the
 * few string and array methods names are built with.
 */
export class ConstructMembers {
  private readonly userNames = new Map<ConstructInstance, StaticValue>();
  private readonly thisAssignments = new WeakMap<ts.Node, ThisWrites>();
  private readonly writeOrder: WriteOrder;
  private readonly callbacks: ArrayCallbacks;

  constructor(
    private readonly evaluator: Evaluator,
    private readonly calls: CallSites,
    private readonly classes: ClassHierarchy,
  ) {
    this.writeOrder = new WriteOrder(evaluator.ts, calls, classes);
    this.callbacks = new ArrayCallbacks(evaluator, calls);
  }

  private get ts(): typeof import('typescript') {
    return this.evaluator.ts;
  }

  /**
   * The props of a construct instance: the third argument of `new X(scope, id, props)`; for an instance
   * of a project class extending an IAM construct class, the third argument of the `super(...)` call
   * that reaches the IAM class, evaluated where it is (`superSite`).
   */
  props(instance: ConstructInstance): PropsLiteral {
    const site = this.superSite(instance);
    if ('unknown' in site) return { kind: 'unknown', value: site.unknown };
    const args = site.call.arguments ?? [];
    const spread = args.slice(0, 3).find((a) => this.ts.isSpreadElement(a));
    if (spread)
      return { kind: 'unknown', value: unknown(`the arguments are spread (${snippet(spread, spread.getSourceFile())}), which credlint does not follow`) };
    return this.propsOf(args[2], site.context, 0);
  }

  /** A prop of a construct instance, wherever its props object is written. */
  prop(instance: ConstructInstance, name: string): PropLookup {
    const props = this.props(instance);
    switch (props.kind) {
      case 'none':
        return { found: false };
      case 'unknown':
        return { found: 'unknown', value: props.value, node: undefined };
      case 'literal':
        return this.property(props.node, name, props.context);
      case 'value': {
        if (!props.value.entries.has(name) && !props.value.rest) return { found: false };
        return { found: true, value: hideIfSecret(name, objectEntry(props.value, name)), node: props.node };
      }
    }
  }

  /**
   * The call whose arguments reach the IAM construct class, and the context its arguments are evaluated
   * in: the `new` itself for `new iam.User(...)`; for `new SmtpUser(...)`, each project class's
   * `super(...)` in turn (evaluated in that class's constructor, its parameters bound to the arguments
   * of the call before), a class without a constructor passing its arguments on unchanged. A
   * constructor whose `super(...)` is not one of its statements is not followed.
   */
  private superSite(instance: ConstructInstance): { call: CallSite; context: Context } | { unknown: StaticValue } {
    const chain = this.constructorChain(instance);
    if ('unknown' in chain) return chain;
    const last = chain.at(-1);
    return last ? { call: last.superCall, context: last.context } : { call: instance.node, context: instance.context };
  }

  /**
   * The constructors of the project classes an instance of an IAM subclass is built through, each with
   * the context its body runs in for this instance (`this` is the instance there): the instantiated
   * class's first, then its bases' toward the IAM class. Empty for `new iam.User(...)`; unknown where
   * `superSite` cannot follow the chain.
   */
  constructorChain(instance: ConstructInstance): readonly ConstructorRun[] | { unknown: StaticValue } {
    const t = this.ts;
    const chain: ConstructorRun[] = [];
    let call: CallSite = instance.node;
    let context = instance.context;
    let kind: 'new' | 'super' = 'new';
    const callee = this.calls.calleeOf(instance.node);
    let cls = callee && t.isClassLike(callee) ? callee : undefined;
    for (let depth = 0; cls; depth += 1) {
      const name = this.calls.frames.nameOf(cls);
      if (depth >= MAX_BASES) {
        this.classes.cutAt(cls);
        return { unknown: unknown(`${name} extends more than ${MAX_BASES} classes, which credlint does not follow`) };
      }
      const constructor = this.classes.constructorOf(cls);
      if (constructor) {
        const superCall = this.classes.superCall(cls);
        if (!superCall) return { unknown: unknown(`the constructor of ${name} calls super(...) where credlint does not follow it`) };
        context = this.calls.frames.enter(call, kind, cls, this.calls.frames.argumentsOf(call, context), context);
        chain.push({ declaration: constructor, superCall, context });
        call = superCall;
        kind = 'super';
      }
      cls = this.classes.baseOf(cls);
    }
    return chain;
  }

  private propsOf(expression: ts.Expression | undefined, context: Context, depth: number): PropsLiteral {
    const t = this.ts;
    if (!expression) return { kind: 'none' };
    const node = unwrapExpression(t, expression);
    if (t.isObjectLiteralExpression(node)) return { kind: 'literal', node, context };
    // `cfg.console ? { ...base, userName } : { userName }`: the branch a known condition takes, read as a literal.
    if (t.isConditionalExpression(node) && depth < MAX_PROPS_STEPS) {
      const truth = truthiness(this.evaluator.evaluate(node.condition, context));
      if (truth !== undefined) return this.propsOf(truth ? node.whenTrue : node.whenFalse, context, depth + 1);
    }
    if (t.isIdentifier(node) && depth < MAX_PROPS_STEPS) {
      const declaration = this.evaluator.host.index.find(node);
      if (
        declaration?.kind === 'variable' &&
        declaration.path.length === 0 &&
        !context.bindings.has(declaration.leaf) &&
        declaration.node.initializer &&
        (t.getCombinedNodeFlags(declaration.node) & t.NodeFlags.Const) !== 0 &&
        this.evaluator.changeOf(declaration.node) === undefined
      ) {
        return this.propsOf(declaration.node.initializer, context, depth + 1);
      }
      if (declaration?.kind === 'parameter' && declaration.leaf === declaration.node && context.bindings.has(declaration.node)) {
        const argument = this.argumentFor(declaration.node, context);
        if (argument) return this.propsOf(argument.expression, argument.context, depth + 1);
      }
    }
    // A whole object built elsewhere (`props` bound to a function's return value, `{ ...defaults }`): read by key.
    const value = this.evaluator.evaluate(node, context);
    if (value.kind === 'undefined') return { kind: 'none' };
    if (value.kind === 'object') return { kind: 'value', value, node };
    return { kind: 'unknown', value: value.kind === 'unknown' ? value : opaque(snippet(node, node.getSourceFile())) };
  }

  /**
   * The argument a parameter is bound to, at the call that `context` shows (`new SmtpUser(this, 'Smtp', { password })`
   * for the `props` of its constructor), with the caller's context: the object literal written there is
   * read key by key, and facts point at it. Undefined when the argument is not a plain one (spread,
   * missing, or a parameter of a callback, which no call frame names).
   */
  private argumentFor(parameter: ts.ParameterDeclaration, context: Context): { expression: ts.Expression; context: Context } | undefined {
    const t = this.ts;
    const owner = parameter.parent;
    const frames = context.frames;
    const at = frames.findLastIndex(
      (f) => f.call !== undefined && (f.call.callee === owner || (t.isClassLike(f.call.callee) && this.classes.constructorOf(f.call.callee) === owner)),
    );
    const site = frames[at]?.loop;
    if (!site || parameter.dotDotDotToken || !(t.isCallExpression(site) || t.isNewExpression(site))) return undefined;
    const args = site.arguments ?? [];
    const index = owner.parameters.indexOf(parameter);
    if (args.slice(0, index + 1).some((a) => t.isSpreadElement(a))) return undefined;
    const expression = args[index];
    // A missing argument takes the parameter's default, evaluated in the callee: left to evaluation.
    if (!expression) return undefined;
    return { expression, context: { frames: frames.slice(0, at), bindings: context.bindings, existence: context.existence } };
  }

  /** The value a props literal gives `name` (the last writer wins, as in JavaScript), and where it is written. */
  property(literal: ts.ObjectLiteralExpression, name: string, context: Context): PropertyLookup {
    const t = this.ts;
    const sourceFile = literal.getSourceFile();
    for (let i = literal.properties.length - 1; i >= 0; i -= 1) {
      const property = literal.properties[i] as ts.ObjectLiteralElementLike;
      if (t.isSpreadAssignment(property)) {
        const spread = this.evaluator.evaluate(property.expression, context);
        if (spread.kind === 'object') {
          const value = spread.entries.get(name);
          if (value !== undefined) return { found: true, value, node: property };
          if (spread.rest) return { found: true, value: objectEntry(spread, name), node: property };
          continue;
        }
        // A spread copies own enumerable properties: `undefined`, `null`, a boolean and a number have none, a
        // string only its indexes (`...(withConsole && { password })` with `withConsole` false adds nothing).
        // https://tc39.es/ecma262/#sec-copydataproperties
        if (spread.kind === 'undefined' || spread.kind === 'null' || spread.kind === 'boolean' || spread.kind === 'number') continue;
        if (spread.kind === 'string' && !/^\d+$/.test(name)) continue;
        const reason = spread.kind === 'unknown' ? spread.reason : `${snippet(property.expression, sourceFile)} is not known statically`;
        return { found: true, value: unknown(`${name} may come from ...${snippet(property.expression, sourceFile)}: ${reason}`), node: property };
      }
      const key = this.evaluator.propertyName(property.name, context);
      if (key === undefined) {
        return {
          found: true,
          value: unknown(`${name} may be set by the computed key ${snippet(property.name, sourceFile)}, which is not known statically`),
          node: property,
        };
      }
      if (key !== name) continue;
      if (t.isPropertyAssignment(property)) return { found: true, value: this.evaluator.evaluate(property.initializer, context), node: property };
      if (t.isShorthandPropertyAssignment(property)) return { found: true, value: this.evaluator.evaluate(property.name, context), node: property };
      return { found: true, value: opaque(snippet(property, sourceFile)), node: property };
    }
    return { found: false };
  }

  /**
   * A declared user's name: its `userName` prop when known, `generated-user-name` when it has none
   * (CloudFormation generates one: "If you don't specify a name, AWS CloudFormation generates a
   * unique physical ID", https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-resource-iam-user.html).
   */
  userName(instance: ConstructInstance): StaticValue {
    const cached = this.userNames.get(instance);
    if (cached) return cached;
    const value = this.evaluator.guarded(instance.node, 'the user name', () => {
      const found = this.prop(instance, 'userName');
      if (found.found === 'unknown') return found.value;
      if (!found.found || found.value.kind === 'undefined') return { kind: 'generated-user-name', instance } as const;
      return found.value;
    });
    this.userNames.set(instance, value);
    return value;
  }

  /** `user.userName`, `cfnUser.ref`, `User.fromUserName(...).userName`; other attributes are deploy-time tokens. */
  constructMember(value: Extract<StaticValue, { kind: 'construct' | 'imported-user' }>, name: string, text: string): StaticValue {
    if (value.kind === 'imported-user') return name === 'userName' ? value.name : opaque(text, true);
    const { instance } = value;
    // `smtp.x` of `new SmtpUser(...)`: what the project class declares, else the IAM construct's own attribute.
    const cls = this.calls.calleeOf(instance.node);
    if (cls && this.ts.isClassLike(cls)) {
      const context = this.calls.frames.enter(instance.node, 'new', cls, this.calls.frames.argumentsOf(instance.node, instance.context), instance.context);
      return this.classProperty(cls, name, context, text);
    }
    return this.builtInMember(instance, name, text);
  }

  /** An attribute of the IAM construct itself (aws-cdk-lib's `User`, `CfnUser`, ...). */
  private builtInMember(instance: ConstructInstance, name: string, text: string): StaticValue {
    // `Ref` of AWS::IAM::User returns its name; CfnUser exposes it as `ref` and echoes the prop as `userName`.
    const names = instance.constructClass === 'User' ? ['userName'] : instance.constructClass === 'CfnUser' ? ['ref', 'userName'] : [];
    if (!names.includes(name)) return opaque(text, true);
    // `ref` (and the L2 `userName`, `Ref` to it) is a token CloudFormation resolves to the name the
    // resource ends up with, which an escape hatch or an Aspect may write after the props.
    if (this.evaluator.host.userNamesWritten === true && (name === 'ref' || instance.constructClass === 'User'))
      return { kind: 'generated-user-name', instance, unknown: unknown(`${text} is the name the user's resource ends up with`) };
    const userName = this.userName(instance);
    if (userName.kind === 'generated-user-name' || userName.kind === 'string') return userName;
    // An unknown name is still a reference to this user (CloudFormation `Ref`), not just a string.
    return { kind: 'generated-user-name', instance, unknown: userName.kind === 'unknown' ? userName : unknown(`${text} is not a string`) };
  }

  /** `this.name` inside a class: its property initializer, or its one `this.name = ...` assignment. */
  thisProperty(thisNode: ts.Node, name: string, context: Context, node: ts.Expression): StaticValue {
    const text = snippet(node, node.getSourceFile());
    // In a static member `this` is the class: `this.names` is `Registry.names`.
    const statics = staticOwnerOf(this.ts, thisNode);
    if (statics) return this.staticProperty(statics, name, text, true);
    const owner = this.thisClass(thisNode);
    if (!owner) return opaque(text);
    return this.classProperty(owner, name, context, text, 0, node);
  }

  /** The class whose instance `this` is: the enclosing class (a `function` has its own `this`; an arrow function sees the enclosing one). */
  thisClass(thisNode: ts.Node): ts.ClassLikeDeclaration | undefined {
    const t = this.ts;
    let owner = parentOf(thisNode);
    while (owner && !t.isClassLike(owner)) {
      if (t.isFunctionDeclaration(owner) || t.isFunctionExpression(owner)) return undefined;
      owner = parentOf(owner);
    }
    return owner;
  }

  /**
   * `this` itself: in a project class extending an IAM construct class (`class SmtpUser extends
   * iam.User`), the construct instance being built (`new iam.AccessKey(this, 'K', { user: this })`);
   * elsewhere not known statically (a stack or construct scope).
   */
  thisValue(thisNode: ts.Node, context: Context): StaticValue {
    const owner = this.thisClass(thisNode);
    if (!owner || !this.classes.constructClassOf(owner)) return opaque('this');
    const instance = this.thisInstance(owner, context);
    if (instance) return instance;
    // The body analysed on its own: say which construct `this` would be, not just "this".
    const name = owner.name?.text ?? 'class';
    return unknown(`this (an instance of ${name}) is not known statically: no new ${name}(...) of the project is followed`, 'this');
  }

  /**
   * The construct an IAM subclass's `this` is in `context`: the `new` that started the constructor
   * chain the context is in (the class's own frame, then the `super(...)` frames around it outward).
   * Undefined when the body runs on its own (never called, or a call not followed): no instance is known.
   */
  private thisInstance(cls: ts.ClassLikeDeclaration, context: Context): StaticValue | undefined {
    const frames = context.frames;
    let at = frames.findLastIndex((f) => f.call?.callee === cls);
    while (at > 0 && frames[at]?.call?.kind === 'super') at -= 1;
    const frame = frames[at];
    if (frame?.call?.kind !== 'new' || !this.ts.isNewExpression(frame.loop)) return undefined;
    const value = this.evaluator.evaluate(frame.loop, { frames: frames.slice(0, at), bindings: context.bindings, existence: context.existence });
    return value.kind === 'construct' ? value : undefined;
  }

  /**
   * A property the project writes from outside the class (`unlessWritten`), or an array or object
   * property that the class changes in place (`this.names.push(x)`), is not what its initializer says
   * (`mutated-variables.ts`), unless it is filled by plain writes the walk saw (`filled-objects.ts`).
   */
  private unlessChanged(
    cls: ts.ClassLikeDeclaration,
    name: string,
    text: string,
    value: StaticValue,
    declared?: ts.PropertyDeclaration,
    context?: Context,
  ): StaticValue {
    const written = this.unlessWritten(cls, name, text, value);
    if (written.kind === 'unknown' || (value.kind !== 'array' && value.kind !== 'object')) return written;
    const change = this.evaluator.memberChangeOf(cls, name);
    if (change === undefined) return value;
    const filled = declared && context ? this.evaluator.filledMember(declared, value, context, text) : undefined;
    return filled ?? unknown(`${text} is changed after it is set (${change})`);
  }

  /** A value the class's property holds, unless the project writes the property from outside the class (`team.name = 'x'`). */
  private unlessWritten(cls: ts.ClassLikeDeclaration, name: string, text: string, value: StaticValue): StaticValue {
    const write = value.kind === 'unknown' ? undefined : this.evaluator.memberWriteOf(cls, name);
    return write === undefined ? value : unknown(`${text} is written after it is set (${write})`);
  }

  /**
   * A property of an instance of a project class built in `context` (its constructor's): the
   * property's initializer, its one `this.name = ...` assignment, a constructor parameter property
   * (`private readonly props: Props`), else the same in the base class (`people.user` may be declared
   * by a base stack). Not found: an attribute of a construct, a deploy-time token. `read` is the
   * `this.name` read in the class, undefined for a read through an instance (`team.name`).
   */
  classProperty(cls: ts.ClassLikeDeclaration, name: string, context: Context, text: string, bases = 0, read?: ts.Node): StaticValue {
    const t = this.ts;
    const declared = cls.members.find((m): m is ts.PropertyDeclaration => t.isPropertyDeclaration(m) && this.evaluator.propertyName(m.name, context) === name);
    const writes = this.assignmentsInClass(cls);
    // `this[key] = value` may write any property.
    if (writes.anyName !== undefined) return unknown(`${text} may be written by ${writes.anyName}`);
    // A name with a getter or setter stores nothing of its own: `this.names = x` runs the setter.
    const accessor = declared ? undefined : this.accessorValue(cls, name, context, text);
    if (accessor) return accessor;
    // A setter's writes (`set names(v) { this._names = v; }`) run only when something sets its name.
    const kept = (writes.byName.get(name) ?? []).filter((w) => !t.isSetAccessorDeclaration(w.member) || this.setterRuns(cls, w.member, writes));
    const assigned = kept.map((w) => w.value);
    if (assigned.length > 0 && this.baseAccessor(cls, name, context))
      return unknown(`${text} is written through a setter a base class declares, which credlint does not follow`);
    // `names = ['ana']` then `this.names = ['root']` in the constructor or a method: which one a read
    // sees depends on what ran before it.
    if (declared?.initializer && assigned.length > 0) return unknown(`${text} is assigned again after its initializer`);
    if (declared?.initializer)
      return this.evaluator.guarded(declared, text, () =>
        this.unlessChanged(cls, name, text, this.evaluator.evaluate(declared.initializer as ts.Expression, context), declared, context),
      );
    const only = kept[0];
    if (kept.length === 1 && only) {
      // Until its one write runs the property is undefined: the write must have run before this read.
      const ordered = t.isConstructorDeclaration(only.member) || t.isMethodDeclaration(only.member);
      const pending = ordered ? this.writeOrder.notWrittenYet(cls, only.value, read, context, text) : undefined;
      if (pending) return unknown(pending);
      return this.evaluator.guarded(only.value, text, () => this.unlessChanged(cls, name, text, this.evaluator.evaluate(only.value, context)));
    }
    if (assigned.length > 1) return unknown(`${text} is assigned more than once`);
    const parameter = this.classes
      .constructorOf(cls)
      ?.parameters.find((p) => t.isIdentifier(p.name) && p.name.text === name && (t.getModifiers(p) ?? []).length > 0);
    if (parameter) return this.unlessWritten(cls, name, text, context.bindings.get(parameter) ?? opaque(text));
    if (declared) return opaque(text);
    const further = this.classes.baseOf(cls);
    if (further && bases >= MAX_BASES) this.classes.cutAt(further);
    const base = bases < MAX_BASES ? further : undefined;
    const baseContext = base && this.calls.frames.baseContext(cls, base, context);
    if (base && baseContext) return this.classProperty(base, name, baseContext, text, bases + 1, read);
    // Declared nowhere in the project classes of an IAM subclass: an attribute of the IAM construct (`this.userName`).
    const self = !base && this.classes.constructClassOf(cls) ? this.thisInstance(cls, context) : undefined;
    if (self?.kind === 'construct') return this.builtInMember(self.instance, name, text);
    return opaque(text);
  }

  /** Whether a project base class of `cls` declares a getter or setter `name`. */
  private baseAccessor(cls: ts.ClassLikeDeclaration, name: string, context: Context): boolean {
    const t = this.ts;
    const seen = new Set<ts.ClassLikeDeclaration>([cls]);
    let base = this.classes.baseOf(cls);
    for (; base && !seen.has(base) && seen.size <= MAX_BASES; base = this.classes.baseOf(base)) {
      seen.add(base);
      if (base.members.some((m) => t.isAccessor(m) && !isStatic(t, m) && this.evaluator.propertyName(m.name, context) === name)) return true;
    }
    if (base && !seen.has(base)) this.classes.cutAt(base);
    return false;
  }

  /**
   * Whether anything may set the name a class's setter declares: a write of that name in the class
   * other than the setter's own, one that may reach any name (`this[key] = …`), or a write from outside
   * the class or in a subclass (`team.names = […]`, `Object.assign(team, …)`: `property-changes.ts`).
   */
  private setterRuns(cls: ts.ClassLikeDeclaration, setter: ts.SetAccessorDeclaration, writes: ThisWrites): boolean {
    const name = this.evaluator.propertyName(setter.name, EMPTY_CONTEXT);
    if (name === undefined || writes.anyName !== undefined) return true;
    if ((writes.byName.get(name) ?? []).some((w) => w.member !== setter)) return true;
    return this.evaluator.memberWriteOf(cls, name) !== undefined;
  }

  /**
   * `team.names` read through the class's getter (`get names() { return this._names; }`): what it
   * returns, evaluated for the same instance, so `this._names` is the property as read directly (its
   * changes included: `mutated-variables.ts` counts a change made through the getter as one of the
   * property). A setter beside it changes what the getter returns only through what it writes, and
   * those writes count only when something sets the name (`setterRuns`).
   */
  private accessorValue(cls: ts.ClassLikeDeclaration, name: string, context: Context, text: string): StaticValue | undefined {
    const t = this.ts;
    const accessors = cls.members.filter(
      (m): m is ts.AccessorDeclaration =>
        (t.isGetAccessorDeclaration(m) || t.isSetAccessorDeclaration(m)) && !isStatic(t, m) && this.evaluator.propertyName(m.name, context) === name,
    );
    if (accessors.length === 0) return undefined;
    const getter = accessors.find((m) => t.isGetAccessorDeclaration(m));
    // A setter alone: reading the name gives undefined, and a write goes wherever the setter puts it.
    if (!getter) return opaque(text);
    return this.calls.frames.returnValue(getter, context, text);
  }

  /**
   * `Names.OPS` of a project class: a `static readonly` property's initializer (evaluated where the
   * class is declared), unless the array or object it holds is changed in place (`Registry.names.push(x)`,
   * `this.names.push(x)` in a static method: `mutated-variables.ts`); `Registry.all` of a static method
   * with a body, called with `this` the class. Other statics may be reassigned anywhere, so they stay unknown.
   */
  staticProperty(callable: Callable, name: string, text: string, throughThis = false): StaticValue {
    const t = this.ts;
    if (!t.isClassLike(callable)) return opaque(text);
    // `this.names` in a static method called as `Sub.all()` reads `Sub.names`.
    if (throughThis && this.calls.thisCalls.staticRedeclared(callable, name))
      return unknown(`${text}: a subclass of ${callable.name?.text ?? 'the class'} declares static ${name} too, and this may be that subclass`);
    const getter = callable.members.find(
      (m): m is ts.GetAccessorDeclaration => t.isGetAccessorDeclaration(m) && isStatic(t, m) && this.evaluator.propertyName(m.name, EMPTY_CONTEXT) === name,
    );
    // `static get names() { return [...]; }`: what it returns, `this` the class.
    if (getter) return this.calls.frames.returnValue(getter, EMPTY_CONTEXT, text);
    const methods = callable.members.filter(
      (m): m is ts.MethodDeclaration =>
        t.isMethodDeclaration(m) && isStatic(t, m) && m.body !== undefined && this.evaluator.propertyName(m.name, EMPTY_CONTEXT) === name,
    );
    const [method] = methods;
    if (method && methods.length === 1) return { kind: 'callable', node: method };
    const declared = callable.members.find(
      (m): m is ts.PropertyDeclaration => t.isPropertyDeclaration(m) && isStatic(t, m) && this.evaluator.propertyName(m.name, EMPTY_CONTEXT) === name,
    );
    const readonly = declared && (t.getModifiers(declared) ?? []).some((m) => m.kind === t.SyntaxKind.ReadonlyKeyword);
    if (!declared?.initializer || !readonly) return opaque(text);
    const initializer = declared.initializer;
    return this.evaluator.guarded(declared, text, () => {
      const value = this.evaluator.evaluate(initializer, EMPTY_CONTEXT);
      if (value.kind !== 'array' && value.kind !== 'object') return value;
      const change = this.evaluator.memberChangeOf(callable, name);
      return change === undefined ? value : unknown(`${text} is changed after it is set (${change})`);
    });
  }

  private assignmentsInClass(cls: ts.ClassLikeDeclaration): ThisWrites {
    const cached = this.thisAssignments.get(cls);
    if (cached) return cached;
    const found = thisWritesIn(this.ts, cls);
    this.thisAssignments.set(cls, found);
    return found;
  }

  /** Calls: `User.fromUserName` and friends, and the string and array methods names are built with. */
  call(node: ts.CallExpression, context: Context): StaticValue {
    const t = this.ts;
    const text = snippet(node, node.getSourceFile());
    const callee = node.expression;
    const dispatched = this.calls.thisCalls.dispatch(node, context);
    const fn = this.calls.calleeOf(node) ?? (dispatched?.undecided === false ? dispatched.methods[0] : undefined);
    if (fn && !t.isClassLike(fn))
      return this.calls.frames.returnValue(fn, this.calls.frames.enter(node, 'call', fn, this.calls.frames.argumentsOf(node, context), context), text);
    const args = node.arguments.map((a) => (t.isSpreadElement(a) ? opaque(snippet(a, node.getSourceFile())) : this.evaluator.evaluate(a, context)));
    if (t.isIdentifier(callee) && callee.text === 'String' && !this.evaluator.host.index.find(callee)) {
      const text0 = args[0] === undefined ? '' : stringOf(args[0]);
      return text0 === undefined ? (args[0] ?? opaque(text)) : str(text0);
    }
    if (isArrayConstructor(t, callee, (name) => this.evaluator.host.index.find(name) !== undefined)) {
      return constructedArray(node.arguments.some((a) => t.isSpreadElement(a)) ? undefined : args, text);
    }
    if (!isNamedMemberAccess(t, callee)) {
      // Say why the function is unknown when there is more to say than its name (`makeOps is imported from '@users/ops', ...`).
      const fnValue = t.isIdentifier(callee) ? this.evaluator.evaluate(callee, context) : undefined;
      const why = fnValue?.kind === 'unknown' && fnValue.reason !== opaque(fnValue.subject ?? '').reason ? `: ${fnValue.reason}` : '';
      return why === '' ? opaque(text) : unknown(`${text} is not known statically${why}`, text);
    }
    const method = memberNameOf(t, callee);
    if (t.isIdentifier(callee.expression) && callee.expression.text === 'Object' && !this.evaluator.host.index.find(callee.expression)) {
      return objectFunction(method, args[0], text);
    }
    if (t.isIdentifier(callee.expression) && callee.expression.text === 'Array' && !this.evaluator.host.index.find(callee.expression)) {
      // `Array.from({ length: 2 }, (_, i) => ...)`: the callback's results, as `.map` of what it reads.
      const items = method === 'from' && args.length === 2 ? arrayFromItems(args[0]) : undefined;
      // Longer than credlint expands: the values are unknown, and the analysis incomplete (`loopTooLong`).
      if (method === 'from' && args.length === 2 && items === undefined && (arrayLikeLength(args[0]) ?? 0) > MAX_ITERATIONS)
        this.evaluator.budget.loopTooLong(node);
      return items === undefined ? arrayFrom(method, args, text) : this.callbacks.mapped(node, items, text, context, 1);
    }
    // `SecretValue.unsafePlainText('...')` and every other way to make one: its arguments are never shown.
    if (isSecretValueClass(t, callee.expression)) return SECRET_VALUE;
    // `this.node.tryGetContext('users')`: the value `cdk.json` gives the key (`app-context.ts`).
    const contextKey = args[0]?.kind === 'string' && isContextRead(t, node) ? args[0].value : undefined;
    const contextValue = contextKey === undefined ? undefined : this.evaluator.host.appContext?.valueOf(contextKey);
    if (contextValue !== undefined) return this.evaluator.evaluate(contextValue, EMPTY_CONTEXT);
    // `key.node.findChild('Resource')`: the L1 resource of an L2 user or key, as `defaultChild` is (`resource-child.ts`).
    const child = resourceChild(t, node);
    if (child?.by === 'Resource') {
      const owner = this.evaluator.evaluate(child.owner, context);
      if (owner.kind === 'construct' && (owner.instance.constructClass === 'User' || owner.instance.constructClass === 'AccessKey')) return owner;
    }
    const target = this.evaluator.evaluate(callee.expression, context);
    if (target.kind === 'iam' && target.entity === 'User' && USER_IMPORT_METHODS.has(method)) return this.importedUser(method, args[2] ?? UNDEFINED, text);
    if (target.kind === 'string') return stringMethod(target.value, method, args, text);
    if (isCollection(target)) return collectionMethod(target, method, args, text);
    if (target.kind === 'array' && method === 'map') return this.callbacks.mapped(node, target.items, text, context, 0, target.holes);
    if (target.kind === 'array' && method === 'filter') return this.callbacks.filtered(node, target.items, text, context, target.holes);
    if (target.kind === 'array' && PREDICATE_METHODS.has(method)) return this.callbacks.searched(node, target.items, method, text, context, target.holes);
    if (target.kind === 'array') return arrayMethod(target, method, args, text);
    if (target.kind === 'unknown') return unknownTargetMethod(target, method, args, text);
    return opaque(text, target.kind === 'iam');
  }

  private importedUser(method: string, argument: StaticValue, text: string): StaticValue {
    if (method === 'fromUserName') return { kind: 'imported-user', name: argument };
    const arn = method === 'fromUserArn' ? argument : argument.kind === 'object' ? objectEntry(argument, 'userArn') : argument;
    if (arn.kind === 'unknown') {
      const partial = userNameFromPartialArn(arn);
      // What is known of the ARN is not known of the name: `…:user/ci` does not end the name with `:user/ci`.
      return { kind: 'imported-user', name: partial === undefined ? withoutKnownParts(arn) : str(partial) };
    }
    const name = arn.kind === 'string' ? userNameFromArn(arn.value) : undefined;
    return { kind: 'imported-user', name: name === undefined ? unknown(`the user ARN in ${text} is not a literal IAM user ARN`) : str(name) };
  }
}
