import type * as ts from 'typescript';
import { cdkBaseClass } from './cdk-base-class.js';
import { namesCdkClass } from './names-cdk-class.js';
import { isApp } from './construct-app.js';
import type { ExpressionEvaluator } from './evaluate-expression.js';
import { AS_CALLED, scopesOutward, stackOfArgument, type ScopeEnd, type ScopeLink } from './scope-chain.js';
import { ID_ARGUMENT, PROPS_ARGUMENT, StackArguments, type PlacerSite } from './stack-arguments.js';
import { EMPTY_CONTEXT, str, unknown, type Context, type StaticValue } from './static-value.js';
import { unwrapExpression } from './unwrap-expression.js';

/** Steps one `stackName` may spend once the unit's steps have run out (a few props and ids). */
const STACK_NAME_STEPS = 50;
/** aws-cdk-lib's limit on a stack name: a longer generated one is shortened and hashed (`makeStackName`). */
const MAX_STACK_NAME = 128;
const NESTED_STACK: ReadonlySet<string> = new Set(['NestedStack']);

/**
 * `stackName` of a stack, as aws-cdk-lib's `Stack` constructor sets it (aws-cdk-lib
 * `core/lib/stack.ts`: `this._stackName = props.stackName ?? this.generateStackName()`): the
 * `stackName` prop when it is given; else the name generated from the construct path between the
 * stack and its stage (`generateStackName`, `makeStackName`): for a stack created directly in the
 * `App` its construct id, for one created directly in a `Stage` the stage's name, a hyphen and the
 * id (a stage's name is its `stageName` prop, else its id, after that of the stage around it:
 * `Stage`'s constructor), as long as that is at most 128 characters. A stack further down the tree
 * (in a plain construct) gets a name with a hash of its path, which credlint does not compute: unknown.
 * https://docs.aws.amazon.com/cdk/api/v2/docs/aws-cdk-lib.Stack.html#stackname
 */
export class StackNames {
  constructor(
    private readonly t: typeof import('typescript'),
    private readonly evaluator: ExpressionEvaluator,
  ) {}

  /**
   * The `stackName` read through `objectNode` (`stack.stackName`, `Stack.of(x).stackName`,
   * `this.stackName` in a stack's constructor) in `context`; `text` is the whole read, for messages.
   * Undefined when `objectNode` leads to no stack construct (the caller's own value stands).
   */
  of(objectNode: ts.Expression, context: Context, text: string): StaticValue | undefined {
    return this.evaluator.budget.grace(STACK_NAME_STEPS, () => this.find(objectNode, context, text));
  }

  private find(objectNode: ts.Expression, context: Context, text: string): StaticValue | undefined {
    const stacks = new StackArguments(this.t, this.evaluator, context.bindings);
    // `Stack.of(x)` is the innermost stack around `x`; `stack.stackName` is that of `stack` itself.
    const outward = stackOfArgument(this.t, this.evaluator, unwrapExpression(this.t, objectNode)) !== undefined;
    const links = scopesOutward(this.t, this.evaluator, objectNode, objectNode, context.frames, AS_CALLED);
    for (let step = links.next(); !step.done; step = links.next()) {
      const link = step.value;
      if (this.isNestedStack(link.site)) return unknown(`${text} is the name of a nested stack, which CloudFormation generates at deploy time`);
      const placer = stacks.placer(link.site);
      if (placer?.name === 'Stage') return undefined;
      if (placer === undefined) {
        if (outward) continue;
        return undefined;
      }
      const props = stacks.argument(link, placer, PROPS_ARGUMENT, context.frames);
      const written = props.kind === 'undefined' || props.kind === 'null' ? props : this.evaluator.memberOf(props, 'stackName', undefined);
      if (written.kind === 'string') return written;
      if (written.kind === 'unknown') return unknown(`${text}: the stackName of ${this.where(link.site)} is not known statically: ${written.reason}`);
      if (written.kind !== 'undefined') return unknown(`${text}: the stackName of ${this.where(link.site)} is not a string`);
      return this.generated(stacks, link, placer, links, context, text);
    }
    return undefined;
  }

  /** The name aws-cdk-lib generates for a stack without a `stackName` prop (`generateStackName`). */
  private generated(
    stacks: StackArguments,
    link: ScopeLink,
    placer: PlacerSite,
    outward: Generator<ScopeLink, ScopeEnd>,
    context: Context,
    text: string,
  ): StaticValue {
    const where = this.where(link.site);
    const id = stacks.argument(link, placer, ID_ARGUMENT, context.frames);
    if (id.kind !== 'string') return unknown(`${text} is generated from the construct id of ${where}, which is not known statically`);
    const parent = outward.next();
    if (parent.done) return unknown(`${text} is generated from the construct path of ${where}, whose scope is not known statically`);
    const prefix = this.stageName(stacks, parent.value, outward, context);
    if (prefix === undefined)
      return unknown(`${text} is generated from the construct path of ${where}, which is not created directly in an App or a Stage credlint follows`);
    const name = prefix === '' ? id.value : `${prefix}-${id.value}`;
    return name.length <= MAX_STACK_NAME ? str(name) : unknown(`${text} is longer than ${MAX_STACK_NAME} characters, which aws-cdk-lib shortens with a hash`);
  }

  /**
   * The `stageName` of the stage `link` creates (`''` for the `App`): its `stageName` prop, else its
   * id, after the name of the stage around it (`Stage`'s constructor:
   * `[this.parentStage?.stageName, props.stageName ?? id].filter(x => x).join('-')`). Undefined when
   * `link` is not a stage or a name is not known.
   */
  private stageName(stacks: StackArguments, link: ScopeLink, outward: Generator<ScopeLink, ScopeEnd>, context: Context): string | undefined {
    if (isApp(this.t, this.evaluator, link.site)) return '';
    const placer = stacks.placer(link.site);
    if (placer?.name !== 'Stage') return undefined;
    const props = stacks.argument(link, placer, PROPS_ARGUMENT, context.frames);
    const written = props.kind === 'undefined' || props.kind === 'null' ? props : this.evaluator.memberOf(props, 'stageName', undefined);
    const own = written.kind === 'undefined' ? stacks.argument(link, placer, ID_ARGUMENT, context.frames) : written;
    if (own.kind !== 'string') return undefined;
    // The parent stage is the innermost stage (or the App) around this one, past any plain construct.
    for (let step = outward.next(); !step.done; step = outward.next()) {
      if (isApp(this.t, this.evaluator, step.value.site) || stacks.placer(step.value.site)?.name === 'Stage') {
        const parent = this.stageName(stacks, step.value, outward, context);
        if (parent === undefined) return undefined;
        return [parent, own.value].filter((x) => x).join('-');
      }
    }
    return undefined;
  }

  private isNestedStack(site: ts.NewExpression): boolean {
    const callee = this.evaluator.evaluate(site.expression, EMPTY_CONTEXT);
    if (callee.kind === 'callable') return this.t.isClassLike(callee.node) && cdkBaseClass(this.t, this.evaluator, callee.node, NESTED_STACK) !== undefined;
    return namesCdkClass(this.t, site.expression, NESTED_STACK);
  }

  private where(site: ts.NewExpression): string {
    const id = site.arguments?.[1];
    return id && (this.t.isStringLiteral(id) || this.t.isNoSubstitutionTemplateLiteral(id)) ? `stack ${id.text}` : 'the stack';
  }
}
