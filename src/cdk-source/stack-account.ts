import type * as ts from 'typescript';
import { symbolicAtom } from '../core/symbolic-value.js';
import { knownFact, unknownFact, type Fact } from '../model/model.js';
import { cdkBaseClass, namesCdkClass } from './cdk-base-class.js';
import type { ExpressionEvaluator } from './evaluate-expression.js';
import { AS_CALLED, scopeChain } from './scope-chain.js';
import { nodeLocation, snippet } from './source-location.js';
import { EMPTY_CONTEXT, type ConstructInstance, type Context, type Frame, type StaticValue } from './static-value.js';

/** Steps the account of one construct may spend once the unit's steps have run out (a few `env.account` lookups). */
const ACCOUNT_STEPS = 50;
/** The aws-cdk-lib classes whose `env` places what is created in them. */
const STACK_OR_STAGE: ReadonlySet<string> = new Set(['Stack', 'Stage']);
const STACK: ReadonlySet<string> = new Set(['Stack']);

/** The aws-cdk-lib class a `new` creates, of those whose `env` places what is created in them. */
type Placer = 'Stack' | 'Stage';

/**
 * The account a construct is deployed to, as aws-cdk-lib works it out: the construct is in the
 * innermost `Stack` of its scope chain (`scope-chain.ts`: its scope argument followed outward through
 * variables, and `this` through the classes it was created in), whatever constructs lie between (a
 * project construct class, a plain `Construct`). That stack's account is its `env.account`, else that
 * of the innermost `Stage` around it, else of the stage around that one; a stack further out does not
 * give it (https://docs.aws.amazon.com/cdk/v2/guide/environments.html,
 * https://docs.aws.amazon.com/cdk/api/v2/docs/aws-cdk-lib.Stage.html: "env: Default AWS environment
 * (account/region) for Stacks in this Stage"). Stacks and stages are `new Stack(...)` / `new
 * Stage(...)` and project classes extending them, with the props their class hands to `super(...)`
 * when the construct was created inside their constructor, else the props at the `new`.
 * `NestedStack` is deployed in its parent's account, so it is passed over like any construct.
 * Undefined when no `env.account` is given anywhere (an environment-agnostic stack: the account of
 * the credentials it is deployed with) or the chain cannot be followed to one (a parameter, a
 * property): the account is then not told; an unknown fact when one is given but cannot be evaluated
 * (`process.env.CDK_DEFAULT_ACCOUNT`, known only when the app runs).
 */
export function stackAccount(t: typeof import('typescript'), evaluator: ExpressionEvaluator, instance: ConstructInstance): Fact<string> | undefined {
  return evaluator.budget.grace(ACCOUNT_STEPS, () => new AccountFinder(t, evaluator, instance).find());
}

class AccountFinder {
  constructor(
    private readonly t: typeof import('typescript'),
    private readonly evaluator: ExpressionEvaluator,
    private readonly instance: ConstructInstance,
  ) {}

  find(): Fact<string> | undefined {
    // Once a stack (or stage) without an account is passed, only the stages around it can give one.
    let stagesOnly = false;
    for (const { site, via, frames } of scopeChain(this.t, this.evaluator, this.instance, AS_CALLED)) {
      if (via === 'instance') continue;
      const placer = this.placer(site);
      if (placer === undefined || (stagesOnly && placer.name !== 'Stage')) continue;
      // Created inside its constructor (`this`): the props its class hands to `super(...)` in the frames; a
      // project class met as a scope: the same, its constructors run for that `new`; aws-cdk-lib's: those at the `new`.
      const props = !placer.top
        ? this.argumentProps(site, frames)
        : via === 'this'
          ? this.classProps(placer.top, this.instance.context.frames, frames.length)
          : this.constructedProps(site, placer.top, frames);
      const found = this.fromProps(props, site);
      if (found) return found;
      stagesOnly = true;
    }
    return undefined;
  }

  private argumentProps(site: ts.NewExpression, frames: readonly Frame[]): StaticValue {
    const props = site.arguments?.[2];
    return props ? this.evaluator.evaluate(props, this.contextOf(frames)) : { kind: 'undefined' };
  }

  /**
   * The props a project `Stack`/`Stage` class created by `site` hands to aws-cdk-lib's constructor:
   * its constructors run for that call (each `super(...)` with the arguments of the one before, a
   * class without a constructor passing its own on), down to `top`, the class extending aws-cdk-lib's.
   */
  private constructedProps(site: ts.NewExpression, top: ts.ClassLikeDeclaration, frames: readonly Frame[]): StaticValue {
    const { calls, classes } = this.evaluator;
    const cls = calls.calleeOf(site);
    const name = this.evaluator.calls.nameOf(top);
    const unknownProps: StaticValue = { kind: 'unknown', reason: `the props ${name} hands to super(...) are not known statically` };
    if (!cls || !this.t.isClassLike(cls)) return unknownProps;
    const caller = this.contextOf(frames);
    let context = calls.enter(site, 'new', cls, calls.argumentsOf(site, caller), caller);
    for (let current = cls; current !== top;) {
      const base = classes.baseOf(current);
      const next = base && calls.baseContext(current, base, context);
      if (!base || !next) return unknownProps;
      context = next;
      current = base;
    }
    if (!classes.constructorOf(top)) {
      const args = context.frames.at(-1)?.call?.args;
      return args ? (args[2] ?? { kind: 'undefined' }) : unknownProps;
    }
    const superCall = classes.superCall(top);
    if (!superCall) return unknownProps;
    const props = superCall.arguments[2];
    return props ? this.evaluator.evaluate(props, context) : { kind: 'undefined' };
  }

  private contextOf(frames: readonly Frame[]): Context {
    return { frames, bindings: this.instance.context.bindings, existence: undefined };
  }

  /**
   * Whether a `new` creates a `Stack` or a `Stage` (`NestedStack` is deployed in its parent's
   * account, so it is neither), and the project class that extends aws-cdk-lib's class itself.
   */
  private placer(site: ts.NewExpression): { readonly name: Placer; readonly top: ts.ClassLikeDeclaration | undefined } | undefined {
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

  /** The props the class hands to CDK's constructor: its `super(scope, id, props)`'s, else (no constructor) those it was given. */
  private classProps(top: ts.ClassLikeDeclaration, frames: readonly Frame[], from: number): StaticValue {
    let at = -1;
    for (let j = frames.length - 1; j >= from; j -= 1) if (frames[j]?.call?.callee === top) at = j;
    const frame = frames[at];
    if (!frame?.call) return { kind: 'unknown', reason: `the props of ${this.evaluator.calls.nameOf(top)} are not known statically` };
    const constructor = this.evaluator.classes.constructorOf(top);
    if (!constructor)
      return frame.call.args?.[2] ?? (frame.call.args ? { kind: 'undefined' } : { kind: 'unknown', reason: 'its arguments are not known statically' });
    const superCall = constructor.body?.statements
      .map((s) => (this.t.isExpressionStatement(s) && this.t.isCallExpression(s.expression) ? s.expression : undefined))
      .find((call) => call?.expression.kind === this.t.SyntaxKind.SuperKeyword);
    const props = superCall?.arguments[2];
    return props ? this.evaluator.evaluate(props, this.contextOf(frames.slice(0, at + 1))) : { kind: 'undefined' };
  }

  /** The `env.account` of a stack's or stage's props; undefined when it gives none. */
  private fromProps(props: StaticValue, site: ts.NewExpression): Fact<string> | undefined {
    const account = this.account(props);
    if (account === undefined) return undefined;
    const location = nodeLocation(site, site.getSourceFile());
    const id = site.arguments?.[1];
    const where = id && (this.t.isStringLiteral(id) || this.t.isNoSubstitutionTemplateLiteral(id)) ? id.text : snippet(site, site.getSourceFile(), 40);
    if (account.kind === 'string') return knownFact(account.value, location);
    const reason = `the env.account of ${where} is not known statically: ${account.kind === 'unknown' ? account.reason : 'it is not a string'}`;
    // `process.env.CDK_DEFAULT_ACCOUNT`, which the CDK CLI sets from its credentials
    // (https://docs.aws.amazon.com/cdk/v2/guide/environments.html): every stack reading it reads it in the
    // one process that synthesizes the app, so they are in one account, whatever it is (a symbolic value,
    // `core/symbolic-value.ts`), unless the app writes that variable (`process-environment.ts`).
    const variable = account.kind === 'unknown' ? account.environmentVariable : undefined;
    const shared = variable !== undefined && !this.evaluator.environmentWrites.mayWrite(variable);
    return unknownFact(reason, location, undefined, shared ? symbolicAtom(`process.env\0${variable}`, `process.env.${variable}`) : undefined);
  }

  private account(props: StaticValue): StaticValue | undefined {
    if (props.kind === 'undefined' || props.kind === 'null') return undefined;
    if (props.kind === 'unknown') return props;
    const env = this.evaluator.memberOf(props, 'env', undefined);
    if (env.kind === 'undefined' || env.kind === 'null') return undefined;
    if (env.kind === 'unknown') return env;
    const account = this.evaluator.memberOf(env, 'account', undefined);
    return account.kind === 'undefined' ? undefined : account;
  }
}
