import type * as ts from 'typescript';
import { bindPattern } from './bind-pattern.js';
import type { ClassHierarchy } from './class-hierarchy.js';
import type { Evaluator } from './evaluator.js';
import { returnsOnlyThere } from './function-exits.js';
import { isNamedMemberAccess } from './member-syntax.js';
import { parentOf } from './parent-of.js';
import { positionAt, startOf } from './source-location.js';
import { unwrapExpression } from './unwrap-expression.js';
import { opaque, unknown, UNDEFINED, type CallFrame, type Callable, type Context, type StaticValue } from './static-value.js';

/** A call site of a project class or function: a `new` or a call. */
export type CallSite = ts.NewExpression | ts.CallExpression;

/**
 * One call of a project class or function as synthesis runs it: the arguments at the call site, the
 * context the callee's body runs in (its parameters bound to them, `this` for a method of an object
 * or a local instance, the frame that names the call in construct addresses), a base class's
 * constructor run through `super(...)`, and what a function returns.
 */
export class CallFrames {
  /** The `return` statements of a function body, found once (a call in a loop evaluates it per iteration). */
  private readonly returns = new WeakMap<ts.Node, ts.ReturnStatement[]>();

  constructor(
    private readonly evaluator: Evaluator,
    private readonly classes: ClassHierarchy,
    /** The receiver of a followed `team.addMember(...)` call (`CallSites`), whose instance's constructor bindings the method sees through `this`. */
    private readonly receiverOf: (site: ts.Node) => ts.Expression | undefined,
  ) {}

  private get ts(): typeof import('typescript') {
    return this.evaluator.ts;
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
    const receiver = kind === 'call' ? this.receiverOf(site) : undefined;
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
    // The instance the method runs on: the receiver's, or for `this.name(...)` the caller's.
    const self =
      instance?.kind === 'class-instance'
        ? { cls: instance.cls, context: instance.context }
        : kind === 'call' && access && isNamedMemberAccess(this.ts, access) && access.expression.kind === this.ts.SyntaxKind.ThisKeyword
          ? caller.self
          : undefined;
    const context: Context = {
      frames: [...caller.frames, frame],
      bindings,
      existence: caller.existence,
      ...(caller.repeated ? { repeated: caller.repeated } : {}),
      ...(caller.cutOff ? { cutOff: caller.cutOff } : {}),
      ...(self ? { self } : {}),
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
   * What a call of a project function returns: the expression of an arrow function, or its one
   * `return` where that ends its body or every other way through it ends the call without a value
   * (`try { return parse(); } catch { process.exit(1); }`); anything else (several returns, none, a
   * generator's object) is unknown.
   */
  returnValue(callee: Exclude<Callable, ts.ClassLikeDeclaration> | ts.GetAccessorDeclaration, context: Context, text: string): StaticValue {
    const t = this.ts;
    const body = callee.body;
    if (!body) return opaque(text);
    // A generator's call gives a generator object, not what its `return` gives (https://tc39.es/ecma262/#sec-generator-objects).
    if (!t.isArrowFunction(callee) && !t.isGetAccessorDeclaration(callee) && callee.asteriskToken)
      return unknown(`${text} gives a generator object, which credlint does not follow`, text);
    if (!t.isBlock(body)) return this.evaluator.guarded(callee, text, () => this.evaluator.evaluate(body, context));
    const returns = this.returnsOf(body);
    const last = body.statements[body.statements.length - 1];
    if (returns.length === 0) return UNDEFINED;
    const only = returns.length === 1 ? returns[0] : undefined;
    if (only === undefined || (only !== last && !returnsOnlyThere(t, this.evaluator.host.index, body, only)))
      return unknown(`${text} returns from more than one place, which credlint does not follow`);
    const expression = only.expression;
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
