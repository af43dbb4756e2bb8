import { collectionMethod, isCollection } from './collections.js';
import { arrayFromItems, arrayLikeLength, constructedArray, isArrayConstructor } from './array-from.js';
import { ownKeys } from './own-keys.js';
import type * as ts from 'typescript';
import { isContextRead } from './app-context.js';
import { bindPattern } from './bind-pattern.js';
import { parentOf } from './parent-of.js';
import { resourceChild } from './resource-child.js';
import type { CallSite, CallSites } from './call-sites.js';
import { MAX_BASES, type ClassHierarchy } from './class-hierarchy.js';
import type { Evaluator } from './evaluator.js';
import { isSecretValueClass, USER_IMPORT_METHODS, userNameFromArn, userNameFromPartialArn } from './iam-api.js';
import { snippet } from './source-location.js';
import { isNamedMemberAccess, isStatic, memberNameOf, staticOwnerOf } from './member-syntax.js';
import { unwrapExpression } from './unwrap-expression.js';
import { thisWritesIn, type ThisWrites } from './this-writes.js';
import { WriteOrder } from './write-order.js';
import { caseMapped, cdkFnCall, concatenatedCall, joined } from './known-part-calls.js';
import { knownStringMethod } from './string-methods.js';
import {
  arrayValue,
  EMPTY_CONTEXT,
  hideIfSecret,
  iterationFrame,
  MAX_ITERATIONS,
  objectEntry,
  opaque,
  presentItems,
  overLimit,
  derivedUnknown,
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
  type UnknownValue,
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

/** Array methods whose inline callback decides, for each item, whether it is the one (or whether one is). */
const PREDICATE_METHODS = new Set(['find', 'findLast', 'some', 'every']);

/**
 * The parts of evaluation that know CDK: props of construct instances, the members of users and keys
 * (`user.userName`, `cfnUser.ref`), `User.fromUserName(...)`, `this.x` in a construct class, and the
 * few string and array methods names are built with.
 */
export class ConstructMembers {
  private readonly userNames = new Map<ConstructInstance, StaticValue>();
  private readonly thisAssignments = new WeakMap<ts.Node, ThisWrites>();
  private readonly writeOrder: WriteOrder;

  constructor(
    private readonly evaluator: Evaluator,
    private readonly calls: CallSites,
    private readonly classes: ClassHierarchy,
  ) {
    this.writeOrder = new WriteOrder(evaluator.ts, calls, classes);
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
      const name = this.calls.nameOf(cls);
      if (depth >= MAX_BASES) {
        this.classes.cutAt(cls);
        return { unknown: unknown(`${name} extends more than ${MAX_BASES} classes, which credlint does not follow`) };
      }
      const constructor = this.classes.constructorOf(cls);
      if (constructor) {
        const superCall = this.classes.superCall(cls);
        if (!superCall) return { unknown: unknown(`the constructor of ${name} calls super(...) where credlint does not follow it`) };
        context = this.calls.enter(call, kind, cls, this.calls.argumentsOf(call, context), context);
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
      const context = this.calls.enter(instance.node, 'new', cls, this.calls.argumentsOf(instance.node, instance.context), instance.context);
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
    const baseContext = base && this.calls.baseContext(cls, base, context);
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
    return this.calls.returnValue(getter, context, text);
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
    if (throughThis && this.calls.staticRedeclared(callable, name))
      return unknown(`${text}: a subclass of ${callable.name?.text ?? 'the class'} declares static ${name} too, and this may be that subclass`);
    const getter = callable.members.find(
      (m): m is ts.GetAccessorDeclaration => t.isGetAccessorDeclaration(m) && isStatic(t, m) && this.evaluator.propertyName(m.name, EMPTY_CONTEXT) === name,
    );
    // `static get names() { return [...]; }`: what it returns, `this` the class.
    if (getter) return this.calls.returnValue(getter, EMPTY_CONTEXT, text);
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
    const dispatched = this.calls.dispatch(node, context);
    const fn = this.calls.calleeOf(node) ?? (dispatched?.undecided === false ? dispatched.methods[0] : undefined);
    if (fn && !t.isClassLike(fn)) return this.calls.returnValue(fn, this.calls.enter(node, 'call', fn, this.calls.argumentsOf(node, context), context), text);
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
      return items === undefined ? arrayFrom(method, args, text) : this.mapped(node, items, text, context, 1);
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
    if (target.kind === 'array' && method === 'map') return this.mapped(node, target.items, text, context, 0, target.holes);
    if (target.kind === 'array' && method === 'filter') return this.filtered(node, target.items, text, context, target.holes);
    if (target.kind === 'array' && PREDICATE_METHODS.has(method)) return this.searched(node, target.items, method, text, context, target.holes);
    if (target.kind === 'array') return arrayMethod(target, method, args, text);
    if (target.kind === 'unknown') return unknownTargetMethod(target, method, args, text);
    return opaque(text, target.kind === 'iam');
  }

  /**
   * `items.map((item, i) => ...)` with an inline callback: the array of its return values, so
   * `['a', 'b'].map((n) => new User(this, n))` is the two users. Unknown unless every return is known.
   */
  private mapped(
    node: ts.CallExpression,
    items: readonly StaticValue[],
    text: string,
    context: Context,
    callbackAt = 0,
    holes?: ReadonlySet<number>,
  ): StaticValue {
    // `map` keeps the holes where they are (https://tc39.es/ecma262/#sec-array.prototype.map).
    const results: StaticValue[] = items.map(() => UNDEFINED);
    const known = this.eachReturn(
      node,
      items,
      text,
      context,
      (value, _item, index) => {
        if (value.kind === 'unknown') return false;
        results[index] = value;
        return true;
      },
      callbackAt,
      holes,
    );
    return known ? arrayValue(results, holes) : opaque(text);
  }

  /**
   * `items.filter((item, i) => ...)` with an inline callback: the items for which it returns a truthy
   * value, themselves (a user keeps its identity). Unknown unless every return is known to be truthy or not.
   */
  private filtered(node: ts.CallExpression, items: readonly StaticValue[], text: string, context: Context, holes?: ReadonlySet<number>): StaticValue {
    const kept: StaticValue[] = [];
    const known = this.eachReturn(
      node,
      items,
      text,
      context,
      (value, item) => {
        const keep = truthiness(value);
        if (keep === undefined) return false;
        if (keep) kept.push(item);
        return true;
      },
      0,
      holes,
    );
    return known ? { kind: 'array', items: kept } : opaque(text);
  }

  /**
   * `items.find(cb)`, `findLast`, `some` and `every` with an inline callback: the item found (itself:
   * a user keeps its identity) or `undefined`, and the boolean. Unknown unless the callback's result
   * is known to be truthy or not for every item (`find` then stops at the first truthy one, as
   * JavaScript does, so the items after it do not matter).
   * https://tc39.es/ecma262/#sec-array.prototype.find
   */
  private searched(
    node: ts.CallExpression,
    items: readonly StaticValue[],
    method: string,
    text: string,
    context: Context,
    holes?: ReadonlySet<number>,
  ): StaticValue {
    const truthy: StaticValue[] = [];
    const undecided: StaticValue[] = [];
    // `find` and `findLast` read a hole as `undefined`; `some` and `every` skip it.
    const skipped = method === 'some' || method === 'every' ? holes : undefined;
    const known = this.eachReturn(
      node,
      items,
      text,
      context,
      (value, item) => {
        const keep = truthiness(value);
        if (keep === undefined) undecided.push(item);
        else if (keep) truthy.push(item);
        return keep !== undefined && !(method === 'find' && keep);
      },
      0,
      skipped,
    );
    if (undecided.length > 0) return opaque(text);
    if (method === 'find') return truthy[0] ?? (known ? UNDEFINED : opaque(text));
    if (!known) return opaque(text);
    if (method === 'findLast') return truthy.at(-1) ?? UNDEFINED;
    return { kind: 'boolean', value: method === 'some' ? truthy.length > 0 : truthy.length === items.length - (skipped?.size ?? 0) };
  }

  /**
   * Runs the inline callback of an array method (`node`: `items.map(cb)`, `items.filter(cb)`) for each
   * item in turn, in the iteration frame the walker created that element's constructs in, and hands
   * each return value with its item and index to `take`; the callback is not called at `holes`. False
   * when the callback is not an inline function, the items are too many, or `take` refuses a value (the
   * rest are then not evaluated).
   */
  private eachReturn(
    node: ts.CallExpression,
    items: readonly StaticValue[],
    text: string,
    context: Context,
    take: (value: StaticValue, item: StaticValue, index: number) => boolean,
    callbackAt = 0,
    holes?: ReadonlySet<number>,
  ): boolean {
    const t = this.ts;
    const callback = node.arguments[callbackAt];
    if (!callback || !(t.isArrowFunction(callback) || t.isFunctionExpression(callback))) return false;
    if (items.length > MAX_ITERATIONS) {
      // The callback's values are unknown past credlint's bound: the analysis is incomplete.
      this.evaluator.budget.loopTooLong(node);
      return false;
    }
    const [element, position] = callback.parameters;
    for (const [index, item] of items.entries()) {
      if (holes?.has(index) === true) continue;
      const bindings = new Map(context.bindings);
      if (element) bindPattern(this.evaluator, element.name, item, bindings, context);
      if (position) bindPattern(this.evaluator, position.name, { kind: 'number', value: index }, bindings, context);
      const inner: Context = { frames: [...context.frames, iterationFrame(node, item, index)], bindings, existence: context.existence };
      if (!take(this.calls.returnValue(callback, inner, text), item, index)) return false;
    }
    return true;
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

/**
 * `Array.from(iterable)`: a new array of what `for...of` sees, a Set's values or a Map's `[key, value]`
 * entries, a string's code points, the elements of an array-like `{ length: 2 }` (`arrayFromItems`); of anything else, not known.
 */
function arrayFrom(method: string, args: readonly StaticValue[], text: string): StaticValue {
  const [iterable] = args;
  if (method !== 'from' || args.length !== 1 || iterable === undefined) return opaque(text);
  const items = arrayFromItems(iterable);
  if (items !== undefined) return { kind: 'array', items };
  if ((arrayLikeLength(iterable) ?? 0) > MAX_ITERATIONS) return overLimit(`${text} makes more than ${MAX_ITERATIONS} elements, more than credlint evaluates`);
  return iterable.kind === 'unknown' ? withoutKnownParts(iterable) : opaque(text);
}

/** A relative index as `slice` and `fill` take it: negative from the end, clamped to `0..length`. */
function relativeIndex(value: number, length: number): number {
  const integer = Number.isNaN(value) ? 0 : Math.trunc(value);
  return integer < 0 ? Math.max(length + integer, 0) : Math.min(integer, length);
}

function objectFunction(method: string, argument: StaticValue | undefined, text: string): StaticValue {
  // Keys a spread of an unknown value may define are not known: nor are the object's keys, values, entries.
  if (argument?.kind === 'object' && argument.rest && method !== 'freeze') return derivedUnknown(argument.rest, `${text}: ${argument.rest.reason}`);
  if (argument?.kind === 'object') {
    // Integer-like keys come first, ascending (`ownKeys`), whatever order the literal wrote them in.
    const keys = ownKeys(argument.entries.keys());
    const entry = (key: string) => argument.entries.get(key) ?? UNDEFINED;
    if (method === 'keys') return { kind: 'array', items: keys.map(str) };
    if (method === 'values') return { kind: 'array', items: keys.map(entry) };
    if (method === 'entries') return { kind: 'array', items: keys.map((k) => ({ kind: 'array', items: [str(k), entry(k)] })) };
    if (method === 'freeze') return argument;
  }
  // An array's own enumerable keys are its indexes as strings, in order (`Object.entries(users)` gives
  // `[['0', users[0]], ...]`), but for its holes (`[a, , b]`, `Array(3)`), which have none.
  const present = argument?.kind === 'array' && argument.collection === undefined ? presentItems(argument) : undefined;
  if (present !== undefined) {
    if (method === 'keys') return { kind: 'array', items: present.map(([index]) => str(String(index))) };
    if (method === 'values') return { kind: 'array', items: present.map(([, item]) => item) };
    if (method === 'entries') return { kind: 'array', items: present.map(([index, item]) => ({ kind: 'array', items: [str(String(index)), item] })) };
  }
  if (method === 'freeze' && argument !== undefined) return argument;
  // `Object.keys(x)` of an unknown `x` is not `x`: what is known of a string `x` is dropped.
  return argument?.kind === 'unknown' ? withoutKnownParts(argument) : opaque(text);
}

/**
 * A method of an unknown value. aws-cdk-lib's `Fn.join`/`Fn.sub`, and `concat`, `toLowerCase` and
 * `toUpperCase` of a string of which parts are known, keep what is known of the string they build
 * (`known-part-calls.ts`); any other method computes something else from it (`.slice(1)`), so the
 * result is the unknown without its known parts.
 */
function unknownTargetMethod(target: UnknownValue, method: string, args: readonly StaticValue[], text: string): StaticValue {
  if (target.token === true && /(?:^|\.)Fn$/.test(target.subject ?? '')) return cdkFnCall(method, args, text) ?? opaque(text, true);
  if (target.known !== undefined) {
    const built = method === 'concat' ? concatenatedCall(target, args) : caseMapped(target, method);
    if (built !== undefined) return built;
  }
  return target.subject === undefined ? withoutKnownParts(target) : opaque(text, target.token);
}

function stringMethod(value: string, method: string, args: readonly StaticValue[], text: string): StaticValue {
  if (method === 'concat') return concatenatedCall(value, args) ?? opaque(text);
  return knownStringMethod(value, method, args) ?? opaque(text);
}

function arrayMethod(array: Extract<StaticValue, { kind: 'array' }>, method: string, args: readonly StaticValue[], text: string): StaticValue {
  const { items, holes } = array;
  if (method === 'join') {
    // The elements' text with the separator between them: what is known of an unknown element stays.
    const built = joined(items, args[0]);
    if (built !== undefined) return built;
    const unknownPart = items.find((i) => i.kind === 'unknown') ?? args.find((a) => a.kind === 'unknown');
    return unknownPart === undefined ? opaque(text) : withoutKnownParts(unknownPart);
  }
  if (method === 'concat' && items.length + args.length > MAX_ITERATIONS)
    return overLimit(`${text} makes more than ${MAX_ITERATIONS} elements, more than credlint evaluates`);
  if (method === 'concat') {
    // `Array.prototype.concat`: array arguments are spread one level, other values appended; holes stay holes.
    const joinedItems = [...items];
    const joinedHoles = new Set(holes);
    for (const arg of args) {
      if (arg.kind === 'array' && !isCollection(arg)) {
        for (const hole of arg.holes ?? []) joinedHoles.add(joinedItems.length + hole);
        joinedItems.push(...arg.items);
      } else joinedItems.push(arg);
    }
    return arrayValue(joinedItems, joinedHoles);
  }
  // `fill(value, start, end)`: every index from start to end holds the value, holes included.
  // https://tc39.es/ecma262/#sec-array.prototype.fill
  if (method === 'fill' && args.length <= 3) {
    const [value = UNDEFINED, start, end] = args;
    const bound = (arg: StaticValue | undefined, otherwise: number): number | undefined =>
      arg === undefined || arg.kind === 'undefined' ? otherwise : arg.kind === 'number' ? relativeIndex(arg.value, items.length) : undefined;
    const [from, to] = [bound(start, 0), bound(end, items.length)];
    if (from === undefined || to === undefined) return opaque(text);
    const filledHoles = new Set([...(holes ?? [])].filter((index) => index < from || index >= to));
    return arrayValue(
      items.map((item, index) => (index >= from && index < to ? value : item)),
      filledHoles,
    );
  }
  // `keys()`, `values()`, `entries()` visit every index, holes included (read as `undefined`); what
  // `for...of`, a spread or `Array.from` of the iterator sees is this array.
  if (method === 'keys' && args.length === 0) return { kind: 'array', items: items.map((_, index) => ({ kind: 'number', value: index })) };
  if (method === 'values' && args.length === 0) return { kind: 'array', items };
  if (method === 'entries' && args.length === 0)
    return { kind: 'array', items: items.map((item, index): StaticValue => ({ kind: 'array', items: [{ kind: 'number', value: index }, item] })) };
  // Copies of the items, or one of them: what they are does not change (a user keeps its identity).
  // https://tc39.es/ecma262/#sec-array.prototype.slice
  if (method === 'slice' || method === 'at') {
    const position = (arg: StaticValue | undefined): number | undefined | null =>
      arg === undefined || arg.kind === 'undefined' ? undefined : arg.kind === 'number' ? arg.value : null;
    const [a, b] = [position(args[0]), position(args[1])];
    if (a === null || b === null) return opaque(text);
    if (method === 'slice') {
      // Holes stay holes (https://tc39.es/ecma262/#sec-array.prototype.slice copies only present indexes).
      const from = a === undefined ? 0 : relativeIndex(a, items.length);
      const to = b === undefined ? items.length : relativeIndex(b, items.length);
      return arrayValue(items.slice(from, to), new Set([...(holes ?? [])].filter((index) => index >= from && index < to).map((index) => index - from)));
    }
    return items.at(Math.trunc(a ?? 0)) ?? UNDEFINED;
  }
  if (method === 'toReversed') return { kind: 'array', items: items.toReversed() };
  if (method === 'includes' && args[0] !== undefined) {
    if (args[0].kind === 'unknown') return withoutKnownParts(args[0]);
    const unknownItem = items.find((i) => i.kind === 'unknown');
    const hit = items.some((i) => i.kind === args[0]?.kind && stringOf(i) === stringOf(args[0]));
    return hit ? { kind: 'boolean', value: true } : unknownItem === undefined ? { kind: 'boolean', value: false } : withoutKnownParts(unknownItem);
  }
  return opaque(text);
}
