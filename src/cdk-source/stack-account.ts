import type * as ts from 'typescript';
import { symbolicAtom } from '../core/symbolic-value.js';
import { knownFact, unknownFact, type Fact } from '../model/model.js';
import type { ExpressionEvaluator } from './evaluate-expression.js';
import { AS_CALLED, scopeChain } from './scope-chain.js';
import { nodeLocation, snippet } from './source-location.js';
import { PROPS_ARGUMENT, StackArguments } from './stack-arguments.js';
import type { ConstructInstance, StaticValue } from './static-value.js';

/** Steps the account of one construct may spend once the unit's steps have run out (a few `env.account` lookups). */
const ACCOUNT_STEPS = 50;
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
  private readonly stacks: StackArguments;

  constructor(
    private readonly t: typeof import('typescript'),
    private readonly evaluator: ExpressionEvaluator,
    private readonly instance: ConstructInstance,
  ) {
    this.stacks = new StackArguments(t, evaluator, instance.context.bindings);
  }

  find(): Fact<string> | undefined {
    // Once a stack (or stage) without an account is passed, only the stages around it can give one.
    let stagesOnly = false;
    for (const link of scopeChain(this.t, this.evaluator, this.instance, AS_CALLED)) {
      if (link.via === 'instance') continue;
      const placer = this.stacks.placer(link.site);
      if (placer === undefined || (stagesOnly && placer.name !== 'Stage')) continue;
      // Created inside its constructor (`this`): the props its class hands to `super(...)` in the frames; a
      // project class met as a scope: the same, its constructors run for that `new`; aws-cdk-lib's: those at the `new`.
      const props = this.stacks.argument(link, placer, PROPS_ARGUMENT, this.instance.context.frames);
      const found = this.fromProps(props, link.site);
      if (found) return found;
      stagesOnly = true;
    }
    return undefined;
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
