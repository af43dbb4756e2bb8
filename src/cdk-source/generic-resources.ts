import type * as ts from 'typescript';
import { note, type Diagnostic } from '../core/diagnostic.js';
import type { Evaluator } from './evaluator.js';
import { isGenericResourceClass } from './iam-api.js';
import { nodeLocation, snippet } from './source-location.js';
import type { ConstructClass, ConstructInstance, Context, StaticValue } from './static-value.js';
import { isCutOff } from './static-value.js';
import { unwrapExpression } from './unwrap-expression.js';

/**
 * The resource types the rules read, and the L1 class that writes each: aws-cdk-lib's `CfnUser` and
 * `CfnAccessKey` synthesize `AWS::IAM::User` and `AWS::IAM::AccessKey` with the same properties.
 */
const IAM_TYPES: ReadonlyMap<string, ConstructClass> = new Map([
  ['AWS::IAM::User', 'CfnUser'],
  ['AWS::IAM::AccessKey', 'CfnAccessKey'],
]);

/**
 * `new CfnResource(scope, id, { type, properties })` (aws-cdk-lib's generic L1, also CDK v1's
 * `@aws-cdk/core`, https://docs.aws.amazon.com/cdk/api/v2/docs/aws-cdk-lib.CfnResource.html)
 * synthesizes a resource of whatever `type` it is given, with its `properties` written as they are,
 * without renaming their keys. Given `AWS::IAM::User` or `AWS::IAM::AccessKey`, it is the resource of
 * a `CfnUser` or a `CfnAccessKey` whose props are those properties, read by their CloudFormation
 * names (`UserName`, `Status`, `LoginProfile`; `userName` is no property of the resource). `CfnResource`
 * is reached however the evaluator reaches aws-cdk-lib's IAM classes (named or namespace imports,
 * `require`, re-exports of project files). Where the type (or the properties) cannot be told in the
 * context a `new` runs in, what it creates is not in the model, and a note says so, once per `new`,
 * so that a run without findings does not read as a pass (README, "CDK TypeScript source").
 */
export class GenericResources {
  private readonly notes = new Map<ts.NewExpression, Diagnostic>();

  constructor(private readonly evaluator: Evaluator) {}

  /**
   * The L1 class whose resource a `new CfnResource(...)` writes in `context`: `CfnUser`, `CfnAccessKey`,
   * or none (not a `CfnResource`, another type, or a type or properties not known there, which a note records).
   */
  classAt(node: ts.NewExpression, context: Context): ConstructClass | undefined {
    const found = genericResourceClass(this.evaluator, node, context);
    if (found === undefined || 'constructClass' in found) return found?.constructClass;
    if (!this.notes.has(node)) this.notes.set(node, note(nodeLocation(node, node.getSourceFile()), found.unknown));
    return undefined;
  }

  /** The notes of the `new CfnResource(...)` whose resource is not modelled, one per `new`. */
  diagnostics(): Diagnostic[] {
    return [...this.notes.values()];
  }
}

/**
 * What a `new` writes in `context` if it is of `CfnResource`: the L1 class of an IAM resource, or why
 * that is not known (for a note); undefined for another class or another resource type.
 */
export function genericResourceClass(
  evaluator: Evaluator,
  node: ts.NewExpression,
  context: Context,
): { readonly constructClass: ConstructClass } | { readonly unknown: string } | undefined {
  if (!isGenericResourceClass(evaluator.calleeValue(node))) return undefined;
  const t = evaluator.ts;
  const evaluate = (expression: ts.Expression) => evaluator.evaluate(expression, context);
  const callee = snippet(node.expression, node.getSourceFile());
  const type = writtenKey(t, node, 'type', evaluate);
  // A type or properties larger than credlint evaluates decide what is created: the scan is incomplete.
  const cutOff = (written: ReturnType<typeof writtenKey>) => {
    const reason = written.kind === 'unknown' ? written.cutOff : isCutOff(written.value) ? written.value.reason : undefined;
    if (reason !== undefined) evaluator.budget.valueCutOff(node, reason);
  };
  cutOff(type);
  if (type.kind === 'known' && type.value.kind === 'string') {
    const constructClass = IAM_TYPES.get(type.value.value);
    if (!constructClass) return undefined;
    // The properties must be an object (or absent) for any of them to be read: a number, or a value not
    // known statically, leaves every property unknown, the resource's existence included.
    const properties = writtenKey(t, node, 'properties', evaluate);
    cutOff(properties);
    if (properties.kind === 'known' && (properties.value.kind === 'object' || properties.value.kind === 'undefined')) return { constructClass };
    const reason = properties.kind === 'unknown' ? properties.reason : `${properties.text} is not an object known statically`;
    return {
      unknown: `the properties of new ${callee}(...), an ${type.value.value}, are not known statically (${reason}): the IAM user, console password or access key it creates is not checked`,
    };
  }
  const reason = type.kind === 'unknown' ? type.reason : type.value.kind === 'undefined' ? 'it has no type' : `${type.text} is not a string known statically`;
  return {
    unknown: `the type of new ${callee}(...) is not known statically (${reason}): if it is AWS::IAM::User or AWS::IAM::AccessKey, the IAM user, console password or access key it creates is not checked`,
  };
}

/**
 * The name a prop of the L1 class has in the properties of a `new CfnResource(...)` of its type, the
 * CloudFormation name: `userName` is `UserName`, `loginProfile` `LoginProfile`.
 */
export function propertyNameOf(instance: ConstructInstance, name: string): string {
  return instance.generic ? name.charAt(0).toUpperCase() + name.slice(1) : name;
}

/**
 * The value the props of a `new CfnResource(...)` give `key` (`type`, `properties`): known (the value
 * evaluated, and the text that wrote it), or why not, with the reason it was cut off where a value
 * past a size limit decides it (`UnknownValue.cutOff`). Absent is known as `undefined`.
 */
function writtenKey(
  t: typeof import('typescript'),
  node: ts.NewExpression,
  key: string,
  evaluate: (expression: ts.Expression) => StaticValue,
): { kind: 'known'; value: StaticValue; text: string } | { kind: 'unknown'; reason: string; cutOff?: string } {
  const cut = (value: StaticValue) => (isCutOff(value) ? { cutOff: value.reason } : {});
  const sourceFile = node.getSourceFile();
  const args = node.arguments ?? [];
  if (args.slice(0, 3).some((a) => t.isSpreadElement(a))) return { kind: 'unknown', reason: 'its arguments are spread' };
  const props = args[2] && unwrapExpression(t, args[2]);
  if (!props) return { kind: 'unknown', reason: 'it has no props' };
  if (!t.isObjectLiteralExpression(props)) {
    const value = evaluate(props);
    const entry = value.kind === 'object' ? value.entries.get(key) : undefined;
    if (value.kind === 'object' && (entry !== undefined || !value.rest))
      return { kind: 'known', value: entry ?? { kind: 'undefined' }, text: `${key} of ${snippet(props, sourceFile)}` };
    const written = value.kind === 'object' ? value.rest : value;
    return { kind: 'unknown', reason: `its props ${snippet(props, sourceFile)} are not read`, ...cut(written ?? value) };
  }
  // The last writer wins, as in JavaScript: a later spread or computed key may be the one that writes it.
  for (let i = props.properties.length - 1; i >= 0; i -= 1) {
    const property = props.properties[i] as ts.ObjectLiteralElementLike;
    if (t.isSpreadAssignment(property)) {
      // `{ type: 'AWS::SQS::Queue', ...base }`: a spread object known to have no such key leaves it as written before.
      const spread = evaluate(property.expression);
      const entry = spread.kind === 'object' ? spread.entries.get(key) : undefined;
      if (spread.kind === 'object' && entry === undefined && !spread.rest) continue;
      if (entry !== undefined) return { kind: 'known', value: entry, text: snippet(property, sourceFile) };
      return {
        kind: 'unknown',
        reason: `${snippet(property, sourceFile)} may write ${key}`,
        ...cut(spread.kind === 'object' ? (spread.rest ?? spread) : spread),
      };
    }
    const name = property.name;
    const written = t.isIdentifier(name) || t.isStringLiteralLike(name) || t.isNumericLiteral(name) ? name.text : undefined;
    if (written === undefined) {
      // A computed key may write it; one cut off at a size limit decides it.
      const computed = t.isComputedPropertyName(name) ? evaluate(name.expression) : undefined;
      return { kind: 'unknown', reason: `${snippet(property, sourceFile)} may write ${key}`, ...(computed ? cut(computed) : {}) };
    }
    if (written !== key) continue;
    const value = t.isPropertyAssignment(property)
      ? evaluate(property.initializer)
      : t.isShorthandPropertyAssignment(property)
        ? evaluate(property.name)
        : undefined;
    const text = snippet(property, sourceFile);
    if (value === undefined || value.kind === 'unknown')
      return { kind: 'unknown', reason: `${text} is not ${key === 'type' ? 'a string' : 'an object'} known statically`, ...(value ? cut(value) : {}) };
    return { kind: 'known', value, text };
  }
  return { kind: 'known', value: { kind: 'undefined' }, text: `no ${key}` };
}
