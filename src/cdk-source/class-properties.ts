import type * as ts from 'typescript';
import { parentOf } from './parent-of.js';
import type { CallSites } from './call-sites.js';
import { MAX_BASES, type ClassHierarchy } from './class-hierarchy.js';
import type { Evaluator } from './evaluator.js';
import { snippet } from './source-location.js';
import { isStatic, staticOwnerOf } from './member-syntax.js';
import { thisWritesIn, type ThisWrites } from './this-writes.js';
import { WriteOrder } from './write-order.js';
import { EMPTY_CONTEXT, opaque, unknown, type Callable, type Context, type StaticValue } from './static-value.js';
import type { ConstructProps } from './construct-props.js';

/**
 * Members of project classes: `this.x` in a class, `team.x` of an instance the project builds,
 * `Names.OPS` of a class, and `this` itself; a member of a project class extending an IAM construct
 * class that the project does not declare is the IAM construct's own attribute (`construct-props.ts`).
 */
export class ClassProperties {
  private readonly writeOrder: WriteOrder;

  constructor(
    private readonly evaluator: Evaluator,
    private readonly calls: CallSites,
    private readonly classes: ClassHierarchy,
    private readonly props: ConstructProps,
  ) {
    this.writeOrder = new WriteOrder(evaluator.ts, calls, classes);
  }

  private get ts(): typeof import('typescript') {
    return this.evaluator.ts;
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
    return this.props.builtInMember(instance, name, text);
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
      // Written by the constructor of the instance a method runs on: what it stored is what that run
      // created, told apart from another instance's (`a.addKey()` beside `b.addKey()`).
      const at = t.isConstructorDeclaration(only.member) && context.self?.cls === cls ? context.self.context : context;
      return this.evaluator.guarded(only.value, text, () => this.unlessChanged(cls, name, text, this.evaluator.evaluate(only.value, at)));
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
    if (self?.kind === 'construct') return this.props.builtInMember(self.instance, name, text);
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
    return thisWritesIn(this.ts, cls);
  }
}
