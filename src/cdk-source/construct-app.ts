import type * as ts from 'typescript';
import { cdkBaseClass, namesCdkClass } from './cdk-base-class.js';
import type { ExpressionEvaluator } from './evaluate-expression.js';
import { EMPTY_CONTEXT, type ConstructInstance, type Frame } from './static-value.js';

/** Scopes followed outward (construct in stack in stage ...) before giving up. */
const MAX_SCOPE_DEPTH = 20;

/** The `new App(...)` a scope leads to; `this` for the enclosing class's instance (its frames say more); undefined when it cannot be followed. */
type Found = ts.NewExpression | 'this' | undefined;

/**
 * The `new App(...)` whose construct tree holds a construct: its scope argument followed outward
 * through the constructs bound to variables (`new Stack(app, ...)`, `new Stage(app, ...)`, a project
 * construct class) and through the classes it was created in (`this` in a stack's constructor is the
 * stack that `new PeopleStack(app, ...)` made), as `stack-account.ts` follows them for `env.account`.
 * Each `App` is an app of its own: `cdk synth` writes one cloud assembly per `App`, deployed on its
 * own (https://docs.aws.amazon.com/cdk/v2/guide/apps.html). Undefined when the scope cannot be followed
 * (a parameter, a property, a value returned by a function): the construct's app is then not known.
 */
export function constructApp(t: typeof import('typescript'), evaluator: ExpressionEvaluator, instance: ConstructInstance): ts.NewExpression | undefined {
  const own = instance.node.arguments?.[0];
  const found = own ? fromScope(t, evaluator, own, 0) : undefined;
  if (found !== 'this') return found;
  const frames = instance.context.frames;
  for (let i = frames.length - 1; i >= 0; i -= 1) {
    const frame = frames[i] as Frame;
    const site = frame.loop;
    if (frame.call?.kind !== 'new' || !t.isClassLike(frame.call.callee) || !t.isNewExpression(site)) continue;
    const scope = site.arguments?.[0];
    const outer = scope ? fromScope(t, evaluator, scope, 0) : undefined;
    if (outer !== 'this') return outer;
  }
  return undefined;
}

function fromScope(t: typeof import('typescript'), evaluator: ExpressionEvaluator, scope: ts.Expression, depth: number): Found {
  if (scope.kind === t.SyntaxKind.ThisKeyword) return 'this';
  if (depth > MAX_SCOPE_DEPTH) return undefined;
  let site: ts.Expression | undefined = scope;
  if (t.isIdentifier(scope)) {
    const declaration = evaluator.host.index.find(scope);
    site = declaration?.kind === 'variable' && declaration.path.length === 0 ? declaration.node.initializer : undefined;
  }
  if (!site || !t.isNewExpression(site)) return undefined;
  if (isApp(t, evaluator, site)) return site;
  const outer = site.arguments?.[0];
  return outer ? fromScope(t, evaluator, outer, depth + 1) : undefined;
}

const APP: ReadonlySet<string> = new Set(['App']);

/** `new App()`, `new cdk.App()`, or a project class whose base class chain ends at one named so. */
export function isApp(t: typeof import('typescript'), evaluator: ExpressionEvaluator, site: ts.NewExpression): boolean {
  const callee = evaluator.evaluate(site.expression, EMPTY_CONTEXT);
  if (callee.kind === 'callable' && t.isClassLike(callee.node)) return cdkBaseClass(t, evaluator, callee.node, APP) !== undefined;
  return namesCdkClass(t, site.expression, APP);
}
