import type * as ts from 'typescript';
import { isConstructClass, isGenericResourceClass, isSecretValueClass } from './iam-api.js';
import { genericResourceClass } from './generic-resources.js';
import { opaque, SECRET_VALUE, unknown, type Context, type StaticValue } from './static-value.js';
import { snippet } from './source-location.js';
import type { CallSites } from './call-sites.js';
import type { ClassHierarchy } from './class-hierarchy.js';
import { newCollection } from './collections.js';
import type { Evaluator, EvaluatorHost } from './evaluator.js';
import { constructedArray, isArrayConstructor } from './array-from.js';

/**
 * What `new X(...)` evaluates to: a `SecretValue`, a global `Set`, `Map` or `Array`, the IAM construct
 * an aws-cdk-lib class or a project class extending one creates (`EvaluatorHost.instanceFor`), an
 * instance of another project class (its constructor entered with the arguments), or a token.
 */
export class NewExpressions {
  constructor(
    private readonly evaluator: Evaluator,
    private readonly host: EvaluatorHost,
    private readonly calls: CallSites,
    private readonly classes: ClassHierarchy,
  ) {}

  private get ts(): typeof import('typescript') {
    return this.evaluator.ts;
  }

  value(node: ts.NewExpression, context: Context): StaticValue {
    if (isSecretValueClass(this.ts, node.expression)) return SECRET_VALUE;
    const t = this.ts;
    // `new Set([...])`, `new Map([...])` of the globals (no project declaration of the name).
    if (t.isIdentifier(node.expression) && (node.expression.text === 'Set' || node.expression.text === 'Map') && !this.host.index.find(node.expression)) {
      const first = node.arguments?.[0];
      const iterable =
        first === undefined ? undefined : t.isSpreadElement(first) ? opaque(snippet(first, node.getSourceFile())) : this.evaluator.evaluate(first, context);
      return newCollection(node.expression.text === 'Set' ? 'set' : 'map', iterable, snippet(node, node.getSourceFile()));
    }
    if (isArrayConstructor(t, node.expression, (name) => this.host.index.find(name) !== undefined)) {
      const args = node.arguments ?? [];
      return constructedArray(
        args.some((a) => t.isSpreadElement(a)) ? undefined : args.map((a) => this.evaluator.evaluate(a, context)),
        snippet(node, node.getSourceFile()),
      );
    }
    const callee = this.evaluator.calleeValue(node);
    if (isConstructClass(callee)) return this.host.instanceFor(node, context);
    // `new CfnResource(scope, id, { type: 'AWS::IAM::User', ... })`: the user the walk recorded for it.
    const generic = isGenericResourceClass(callee) ? genericResourceClass(this.evaluator, node, context) : undefined;
    if (generic && 'constructClass' in generic) return this.host.instanceFor(node, context);
    const cls = this.calls.calleeOf(node);
    // A project class extending an IAM construct class: the instance is that IAM construct (`new SmtpUser(...)` is a user).
    if (cls && this.ts.isClassLike(cls) && this.classes.constructClassOf(cls)) return this.host.instanceFor(node, context);
    if (cls && this.ts.isClassLike(cls))
      return { kind: 'class-instance', cls, context: this.calls.frames.enter(node, 'new', cls, this.calls.frames.argumentsOf(node, context), context) };
    // Another construct or object: it exists at synth time, its attributes are tokens.
    const text = snippet(node, node.getSourceFile());
    // An instance of aws-cdk-lib is a token; one of another class (a construct library, a file not analysed)
    // is not said to come from aws-cdk-lib: its attributes are simply not known statically.
    if (callee.kind === 'unknown' && callee.token !== true)
      return unknown(`${text} creates an instance of ${snippet(node.expression, node.getSourceFile())}, a class credlint does not analyse`, text);
    return opaque(text, true);
  }
}
