import type * as ts from 'typescript';
import { cdkBaseClass } from './cdk-base-class.js';
import { namesCdkClass } from './names-cdk-class.js';
import type { ExpressionEvaluator } from './evaluate-expression.js';
import { AS_CALLED, scopeChain } from './scope-chain.js';
import { EMPTY_CONTEXT, type ConstructInstance } from './static-value.js';

/**
 * The `new App(...)` whose construct tree holds a construct: the first `App` its scope chain names
 * (`scope-chain.ts`), through the constructs bound to variables (`new Stack(app, ...)`, `new
 * Stage(app, ...)`, a project construct class) and through the classes it was created in (`this` in a
 * stack's constructor is the stack that `new PeopleStack(app, ...)` made), and through a scope
 * parameter to the argument the call that created the construct passed (`build(new App(), 'Blue')`).
 * A construct reached through `this` is not itself taken for the app. Each `App` is an app of its own: `cdk synth` writes one
 * cloud assembly per `App`, deployed on its own (https://docs.aws.amazon.com/cdk/v2/guide/apps.html).
 * Undefined when the scope cannot be followed (a parameter of a body walked on its own, a property, a
 * value returned by a function): the construct's app is then not known.
 */
export function constructApp(t: typeof import('typescript'), evaluator: ExpressionEvaluator, instance: ConstructInstance): ts.NewExpression | undefined {
  for (const { site, via } of scopeChain(t, evaluator, instance, AS_CALLED)) if (via === 'scope' && isApp(t, evaluator, site)) return site;
  return undefined;
}

const APP: ReadonlySet<string> = new Set(['App']);

/** `new App()`, `new cdk.App()`, or a project class whose base class chain ends at one named so. */
export function isApp(t: typeof import('typescript'), evaluator: ExpressionEvaluator, site: ts.NewExpression): boolean {
  const callee = evaluator.evaluate(site.expression, EMPTY_CONTEXT);
  if (callee.kind === 'callable' && t.isClassLike(callee.node)) return cdkBaseClass(t, evaluator, callee.node, APP) !== undefined;
  return namesCdkClass(t, site.expression, APP);
}

const STAGE: ReadonlySet<string> = new Set(['Stage']);

/** `new Stage(...)`, `new cdk.Stage(...)`, or a project class whose base class chain ends at one (not an `App`, the root). */
export function isStage(t: typeof import('typescript'), evaluator: ExpressionEvaluator, site: ts.NewExpression): boolean {
  const callee = evaluator.evaluate(site.expression, EMPTY_CONTEXT);
  if (callee.kind === 'callable' && t.isClassLike(callee.node)) return cdkBaseClass(t, evaluator, callee.node, STAGE) !== undefined;
  return namesCdkClass(t, site.expression, STAGE);
}
