import type * as ts from 'typescript';
import { cdkBaseClass } from './cdk-base-class.js';
import { namesCdkClass } from './names-cdk-class.js';
import type { ExpressionEvaluator } from './evaluate-expression.js';
import type { ScopeLink } from './scope-chain.js';
import { EMPTY_CONTEXT, type Context, type Frame, type StaticValue } from './static-value.js';

const STACK_OR_STAGE: ReadonlySet<string> = new Set(['Stack', 'Stage']);
const STACK: ReadonlySet<string> = new Set(['Stack']);

/** The aws-cdk-lib class a `new` creates, of those whose props place what is created in them. */
export type Placer = 'Stack' | 'Stage';

/** A `new` of a `Stack` or `Stage`, and the project class that extends aws-cdk-lib's class itself (undefined for aws-cdk-lib's own). */
export interface PlacerSite {
  readonly name: Placer;
  readonly top: ts.ClassLikeDeclaration | undefined;
}

/** Which argument of a `Stack`'s or `Stage`'s constructor (`scope, id, props`) is read. */
export const ID_ARGUMENT = 1;
export const PROPS_ARGUMENT = 2;

/**
 * The arguments aws-cdk-lib's `Stack` or `Stage` constructor receives for a construct of a scope chain
 * (`scope-chain.ts`): those at the `new` of aws-cdk-lib's class; for a project class extending it, those
 * its class hands to `super(...)`, through the constructors that run for that `new`.
 */
export class StackArguments {
  constructor(
    private readonly t: typeof import('typescript'),
    private readonly evaluator: ExpressionEvaluator,
    private readonly bindings: ReadonlyMap<ts.Node, StaticValue>,
  ) {}

  /**
   * Whether a `new` creates a `Stack` or a `Stage` (`NestedStack` is neither: it is deployed in its
   * parent's account, and its name is its parent's resource's), and the project class that extends
   * aws-cdk-lib's class itself.
   */
  placer(site: ts.NewExpression): PlacerSite | undefined {
    const t = this.t;
    const callee = this.evaluator.evaluate(site.expression, EMPTY_CONTEXT);
    if (callee.kind === 'callable') {
      if (!t.isClassLike(callee.node)) return undefined;
      const top = cdkBaseClass(t, this.evaluator, callee.node, STACK_OR_STAGE);
      return top && { name: namesCdkClass(t, this.evaluator.classes.extendsNode(top), STACK) ? 'Stack' : 'Stage', top };
    }
    if (!namesCdkClass(t, site.expression, STACK_OR_STAGE)) return undefined;
    return { name: namesCdkClass(t, site.expression, STACK) ? 'Stack' : 'Stage', top: undefined };
  }

  /** The argument at `index` aws-cdk-lib's constructor receives for the construct of `link`, a `placer` site. */
  argument(link: ScopeLink, placer: PlacerSite, index: number, frames: readonly Frame[]): StaticValue {
    if (!placer.top) return this.written(link.site, index, link.frames);
    return link.via === 'this'
      ? this.classArgument(placer.top, index, frames, link.frames.length)
      : this.constructedArgument(link.site, placer.top, index, link.frames);
  }

  private written(site: ts.NewExpression, index: number, frames: readonly Frame[]): StaticValue {
    const argument = site.arguments?.[index];
    if (site.arguments?.slice(0, index + 1).some((a) => this.t.isSpreadElement(a))) return { kind: 'unknown', reason: 'its arguments are spread' };
    return argument ? this.evaluator.evaluate(argument, this.contextOf(frames)) : { kind: 'undefined' };
  }

  /**
   * The argument a project `Stack`/`Stage` class created by `site` hands to aws-cdk-lib's constructor:
   * its constructors run for that call (each `super(...)` with the arguments of the one before, a
   * class without a constructor passing its own on), down to `top`, the class extending aws-cdk-lib's.
   */
  private constructedArgument(site: ts.NewExpression, top: ts.ClassLikeDeclaration, index: number, frames: readonly Frame[]): StaticValue {
    const { calls, classes } = this.evaluator;
    const cls = calls.calleeOf(site);
    const unknownArgument: StaticValue = { kind: 'unknown', reason: `the arguments ${calls.frames.nameOf(top)} hands to super(...) are not known statically` };
    if (!cls || !this.t.isClassLike(cls)) return unknownArgument;
    const caller = this.contextOf(frames);
    let context = calls.frames.enter(site, 'new', cls, calls.frames.argumentsOf(site, caller), caller);
    for (let current = cls; current !== top;) {
      const base = classes.baseOf(current);
      const next = base && calls.frames.baseContext(current, base, context);
      if (!base || !next) return unknownArgument;
      context = next;
      current = base;
    }
    if (!classes.constructorOf(top)) {
      const args = context.frames.at(-1)?.call?.args;
      return args ? (args[index] ?? { kind: 'undefined' }) : unknownArgument;
    }
    const superCall = classes.superCall(top);
    if (!superCall) return unknownArgument;
    return this.superArgument(superCall, index, context);
  }

  private superArgument(superCall: ts.CallExpression, index: number, context: Context): StaticValue {
    if (superCall.arguments.slice(0, index + 1).some((a) => this.t.isSpreadElement(a))) return { kind: 'unknown', reason: 'its arguments are spread' };
    const argument = superCall.arguments[index];
    return argument ? this.evaluator.evaluate(argument, context) : { kind: 'undefined' };
  }

  private contextOf(frames: readonly Frame[]): Context {
    return { frames, bindings: this.bindings, existence: undefined };
  }

  /** The argument the class hands to CDK's constructor: its `super(scope, id, props)`'s, else (no constructor) the one it was given. */
  private classArgument(top: ts.ClassLikeDeclaration, index: number, frames: readonly Frame[], from: number): StaticValue {
    let at = -1;
    for (let j = frames.length - 1; j >= from; j -= 1) if (frames[j]?.call?.callee === top) at = j;
    const frame = frames[at];
    if (!frame?.call) return { kind: 'unknown', reason: `the arguments of ${this.evaluator.calls.frames.nameOf(top)} are not known statically` };
    const constructor = this.evaluator.classes.constructorOf(top);
    if (!constructor)
      return frame.call.args?.[index] ?? (frame.call.args ? { kind: 'undefined' } : { kind: 'unknown', reason: 'its arguments are not known statically' });
    const superCall = constructor.body?.statements
      .map((s) => (this.t.isExpressionStatement(s) && this.t.isCallExpression(s.expression) ? s.expression : undefined))
      .find((call) => call?.expression.kind === this.t.SyntaxKind.SuperKeyword);
    return superCall ? this.superArgument(superCall, index, this.contextOf(frames.slice(0, at + 1))) : { kind: 'undefined' };
  }
}
