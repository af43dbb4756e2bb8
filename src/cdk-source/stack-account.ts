import type * as ts from 'typescript';
import { knownFact, unknownFact, type Fact } from '../model/model.js';
import { cdkBaseClass, namesCdkClass } from './cdk-base-class.js';
import type { ExpressionEvaluator } from './evaluate-expression.js';
import { AS_WRITTEN, creatingFrames, scopeSites, type ScopeEnd } from './scope-chain.js';
import { nodeLocation, snippet } from './source-location.js';
import { EMPTY_CONTEXT, type ConstructInstance, type Context, type Frame, type StaticValue } from './static-value.js';

/** Steps the account of one construct may spend once the unit's steps have run out (a few `env.account` lookups). */
const ACCOUNT_STEPS = 50;
/** The aws-cdk-lib classes whose `env` places what is created in them. */
const STACK_OR_STAGE: ReadonlySet<string> = new Set(['Stack', 'Stage']);

/**
 * An account; `agnostic` for a stack or stage without `env.account` around which there is none
 * either; `this` for a scope that is the enclosing class's instance (its frames say more); undefined
 * when the scope cannot be followed (an `App`, a parameter).
 */
type Found = { readonly account: Fact<string> } | 'agnostic' | 'this' | undefined;

/**
 * The account a construct is deployed to: the `env.account` of the innermost `Stack` it is created
 * in, else of the `Stage` around that stack, and so on outward. CDK documents that a stack's
 * environment comes from its `env` prop, and a stack without one takes its stage's
 * (https://docs.aws.amazon.com/cdk/v2/guide/environments.html, https://docs.aws.amazon.com/cdk/api/v2/docs/aws-cdk-lib.Stage.html:
 * "env: Default AWS environment (account/region) for Stacks in this Stage"). Stacks and stages are
 * found as project classes extending `Stack`/`Stage` that the construct was created in (its call
 * frames, with their props as passed to `super(...)` or to the class), and as `new Stack(...)` /
 * `new Stage(...)` bound to a variable passed as scope (`scope-chain.ts`). The classes the construct
 * was created in are taken innermost first, passing over those that are no stack or stage, and going
 * on outward past a stack whose own scope cannot be followed. Undefined when no `env.account` is given
 * anywhere (an environment-agnostic stack: the account of the credentials it is deployed with); an
 * unknown fact when one is given but cannot be evaluated (`process.env.CDK_DEFAULT_ACCOUNT`, known
 * only when the app runs).
 */
export function stackAccount(t: typeof import('typescript'), evaluator: ExpressionEvaluator, instance: ConstructInstance): Fact<string> | undefined {
  const found = evaluator.budget.grace(ACCOUNT_STEPS, () => new AccountFinder(t, evaluator, instance).find());
  return typeof found === 'object' ? found.account : undefined;
}

class AccountFinder {
  constructor(
    private readonly t: typeof import('typescript'),
    private readonly evaluator: ExpressionEvaluator,
    private readonly instance: ConstructInstance,
  ) {}

  find(): Found {
    const frames = this.instance.context.frames;
    // The construct's own scope first: `new AccessKey(stack, ...)` with `stack = new Stack(this, 'S', { env })`.
    const fromOwn = this.fromScope(this.instance.node.arguments?.[0], this.instance.context);
    if (fromOwn !== undefined && fromOwn !== 'this') return fromOwn;
    for (const { site, cls, at } of creatingFrames(this.t, frames)) {
      const top = this.cdkBase(cls);
      if (!top) continue;
      const found = this.fromProps(this.classProps(top, frames, at), site);
      if (found) return found;
      // No account here: the stage around it gives it (the scope passed in, or a frame further out).
      const outer = this.fromScope(site.arguments?.[0], this.contextAt(frames, at - 1));
      if (outer !== undefined && outer !== 'this') return outer;
    }
    return undefined;
  }

  private contextAt(frames: readonly Frame[], last: number): Context {
    return { frames: frames.slice(0, last + 1), bindings: this.instance.context.bindings, existence: undefined };
  }

  /**
   * The project class (of `cls` and its project base classes) that extends CDK's `Stack` or `Stage`
   * itself, or undefined. `NestedStack` is deployed in its parent's account, so it is not one.
   */
  private cdkBase(cls: ts.ClassLikeDeclaration): ts.ClassLikeDeclaration | undefined {
    return cdkBaseClass(this.t, this.evaluator, cls, STACK_OR_STAGE);
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
    return props ? this.evaluator.evaluate(props, this.contextAt(frames, at)) : { kind: 'undefined' };
  }

  /** The `env.account` of a stack's or stage's props; undefined when it gives none. */
  private fromProps(props: StaticValue, site: ts.NewExpression): Found {
    const account = this.account(props);
    if (account === undefined) return undefined;
    const location = nodeLocation(site, site.getSourceFile());
    const id = site.arguments?.[1];
    const where = id && (this.t.isStringLiteral(id) || this.t.isNoSubstitutionTemplateLiteral(id)) ? id.text : snippet(site, site.getSourceFile(), 40);
    return {
      account:
        account.kind === 'string'
          ? knownFact(account.value, location)
          : unknownFact(`the env.account of ${where} is not known statically: ${account.kind === 'unknown' ? account.reason : 'it is not a string'}`, location),
    };
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

  /**
   * The constructs a scope argument leads to (`scope-chain.ts`), while each is a `new Stack(...)`/`new
   * Stage(...)` (or a project subclass, with the props at the call): the first account given. `this`
   * when every one gives none and the chain reaches `this`; `agnostic` when it stops elsewhere after
   * one; undefined when the scope names no stack or stage credlint can follow (an `App`, a parameter).
   */
  private fromScope(scope: ts.Expression | undefined, context: Context): Found {
    const t = this.t;
    const sites = scopeSites(t, this.evaluator, scope, AS_WRITTEN);
    let any = false;
    let step = sites.next();
    for (; !step.done; step = sites.next()) {
      const site = step.value;
      const callee = this.evaluator.evaluate(site.expression, EMPTY_CONTEXT);
      const isStage =
        callee.kind === 'callable' && t.isClassLike(callee.node) ? this.cdkBase(callee.node) !== undefined : namesCdkClass(t, site.expression, STACK_OR_STAGE);
      if (!isStage) return any ? 'agnostic' : undefined;
      const props = site.arguments?.[2];
      const found = this.fromProps(props ? this.evaluator.evaluate(props, context) : { kind: 'undefined' }, site);
      if (found) return found;
      any = true;
    }
    const end: ScopeEnd = step.value;
    return end.kind === 'this' ? 'this' : any ? 'agnostic' : undefined;
  }
}
