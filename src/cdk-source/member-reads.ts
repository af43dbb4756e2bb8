import type * as ts from 'typescript';
import { cfnParameterDefault } from './cfn-parameters.js';
import { iamMember } from './iam-api.js';
import { isProcessEnvironment } from './process-environment.js';
import {
  derivedUnknown,
  hideIfSecret,
  objectEntry,
  opaque,
  UNDEFINED,
  unknown,
  withoutKnownParts,
  type ConstructInstance,
  type Context,
  type StaticValue,
} from './static-value.js';
import { snippet } from './source-location.js';
import type { ClassProperties } from './class-properties.js';
import type { ModuleValues } from './module-values.js';
import { collectionMember, isCollection } from './collections.js';
import type { Evaluator } from './evaluator.js';
import type { LiteralValues } from './literal-values.js';

/** Reads the `stackName` of a stack construct (`stack-name.ts`, which builds on this evaluator). */
export interface StackNameReader {
  /** The `stackName` read through `objectNode` (`text` is the whole read), or undefined where it leads to no stack. */
  of(objectNode: ts.Expression, context: Context, text: string): StaticValue | undefined;
}

/**
 * Reads of a member, `a.b` and `a[k]`: of `this`, of a known value (object, array, string, module,
 * construct, class instance, the IAM API), of the global `Number`, and the `node.id`,
 * `node.defaultChild` and `stackName` of a construct.
 */
export class MemberReads {
  constructor(
    private readonly ts: typeof import('typescript'),
    private readonly evaluator: Evaluator,
    private readonly literals: LiteralValues,
    private readonly members: ClassProperties,
    private readonly modules: ModuleValues,
    private readonly stackNames: StackNameReader | undefined,
  ) {}

  member(node: ts.Expression, objectNode: ts.Expression, name: string, context: Context): StaticValue {
    const t = this.ts;
    if (objectNode.kind === t.SyntaxKind.ThisKeyword) {
      const self = this.literals.objectLiteralThis(objectNode, context);
      if (self) return this.memberOf(self, name, node);
      const value = this.members.thisProperty(objectNode, name, context, node);
      return name === 'stackName' && value.kind === 'unknown' ? (this.stackName(node, objectNode, context) ?? value) : value;
    }
    // `key.node.defaultChild`: the L1 resource of an IAM construct is the one resource modelled for it
    // (for its escape hatches, `escape-hatches.ts`).
    if (name === 'defaultChild' && t.isPropertyAccessExpression(objectNode) && objectNode.name.text === 'node') {
      const owner = this.evaluator.evaluate(objectNode.expression, context);
      if (owner.kind === 'construct') return owner;
    }
    // `key.node.id`: the id an IAM construct was created with (constructs' `Node.id`).
    if (name === 'id' && t.isPropertyAccessExpression(objectNode) && objectNode.name.text === 'node') {
      const owner = this.evaluator.evaluate(objectNode.expression, context);
      const id = owner.kind === 'construct' ? this.constructId(owner.instance) : undefined;
      if (id !== undefined) return id;
    }
    const constant = this.numberConstant(objectNode, name);
    if (constant !== undefined) return constant;
    const evaluated = this.evaluator.evaluate(objectNode, context);
    // `props?.status`: an optional chain on undefined is undefined (optional props left out).
    if ((evaluated.kind === 'undefined' || evaluated.kind === 'null') && t.isOptionalChain(node)) return UNDEFINED;
    // `props.people.users` read where a construct is created: the instance's properties filled in
    // place hold what the walk had written by then (`filled-objects.ts`), not what it wrote later.
    const object =
      evaluated.kind === 'class-instance' && context.writesSeen !== undefined
        ? { ...evaluated, context: { ...evaluated.context, writesSeen: context.writesSeen } }
        : evaluated;
    // A member of a module imported whole (`config.names` of `import * as config`), read where the walk is.
    const value =
      object.kind === 'module'
        ? this.modules.exported(object.file, name, snippet(node, node.getSourceFile()), new Set(), context.writesSeen)
        : this.memberOf(object, name, node);
    // `stack.stackName` of an aws-cdk-lib `Stack` (a token here) or of a project class extending it.
    if (name === 'stackName' && value.kind === 'unknown' && ((object.kind === 'unknown' && object.token === true) || object.kind === 'class-instance'))
      return this.stackName(node, objectNode, context) ?? value;
    // `param.valueAsString` of a `CfnParameter`: its `default`, the value deployed when none is given.
    if (name === 'valueAsString' && value.kind === 'unknown' && object.kind === 'unknown' && object.token === true) {
      const given = this.evaluator.host.givenParameters ?? new Set<string>();
      const parameter = cfnParameterDefault(t, this.evaluator, objectNode, given, snippet(node, node.getSourceFile()));
      if (parameter !== undefined) return parameter;
    }
    return value.kind === 'unknown' && isProcessEnvironment(t, this.evaluator.host.index, objectNode) ? { ...value, environmentVariable: name } : value;
  }

  /**
   * The id argument of an aws-cdk-lib IAM construct's `new`, evaluated where it was created; undefined
   * for an instance of a project subclass, whose constructor may pass `super` another id
   * (https://docs.aws.amazon.com/cdk/api/v2/docs/constructs.Node.html#id).
   */
  private constructId(instance: ConstructInstance): StaticValue | undefined {
    const idArgument = instance.node.arguments?.[1];
    if (idArgument === undefined || this.evaluator.calleeValue(instance.node).kind !== 'iam') return undefined;
    return this.evaluator.evaluate(idArgument, instance.context);
  }

  /** `stackName` read through `objectNode` when it leads to a stack (`stack-name.ts`), else undefined. */
  private stackName(node: ts.Expression, objectNode: ts.Expression, context: Context): StaticValue | undefined {
    return this.stackNames?.of(objectNode, context, snippet(node, node.getSourceFile()));
  }

  /**
   * `Number.MAX_SAFE_INTEGER` and the other constant properties of the global `Number` (not a project
   * declaration of that name), a common "no limit" default (`inactiveFrom = Number.MAX_SAFE_INTEGER`).
   * https://tc39.es/ecma262/#sec-properties-of-the-number-constructor
   */
  private numberConstant(objectNode: ts.Expression, name: string): StaticValue | undefined {
    const value = NUMBER_CONSTANTS.get(name);
    if (value === undefined || !this.ts.isIdentifier(objectNode) || objectNode.text !== 'Number' || this.evaluator.host.index.find(objectNode))
      return undefined;
    return { kind: 'number', value };
  }

  /** `value[name]`; `node` is the whole access, for messages. */
  memberOf(value: StaticValue, name: string, node: ts.Expression | undefined): StaticValue {
    const text = () => (node ? snippet(node, node.getSourceFile()) : name);
    switch (value.kind) {
      case 'object':
        return hideIfSecret(name, objectEntry(value, name));
      case 'array': {
        if (isCollection(value)) return collectionMember(value, name, text());
        if (name === 'length') return { kind: 'number', value: value.items.length };
        const index = /^\d+$/.test(name) ? Number(name) : Number.NaN;
        return Number.isNaN(index) ? opaque(text()) : (value.items[index] ?? UNDEFINED);
      }
      case 'string':
        return name === 'length' ? { kind: 'number', value: value.value.length } : opaque(text());
      case 'iam':
        // Any other member of aws-cdk-lib (`cdk.Fn`, `cdk.SecretValue`, `iam.Policy`) yields tokens or objects.
        return iamMember(value.entity, name) ?? opaque(text(), true);
      case 'module':
        return this.modules.exported(value.file, name, text(), new Set());
      case 'construct':
      case 'imported-user':
        return this.members.constructMember(value, name, text());
      case 'class-instance':
        return this.members.classProperty(value.cls, name, value.context, text());
      case 'callable':
        return this.members.staticProperty(value.node, name, text());
      case 'unknown':
        // `Aws.NO_VALUE` (CloudFormation's `Ref: AWS::NoValue`) leaves out the property it is given to.
        if (name === 'NO_VALUE' && value.token === true && /(?:^|\.)Aws$/.test(value.subject ?? '')) return { ...opaque(text(), true), mayBeNoValue: true };
        // A member of an unknown string (`.length`) is not that string: what is known of it is dropped.
        // A member of a value cut off at a limit is cut off too (`UnknownValue.cutOff`).
        if (value.cutOff === true) return derivedUnknown(value, `${text()} is not known statically: ${value.reason}`);
        return value.subject === undefined ? withoutKnownParts(value) : opaque(text(), value.token);
      case 'undefined':
      case 'null':
        return unknown(`${text()} reads a property of ${value.kind}`);
      default:
        return opaque(text());
    }
  }
}

const NUMBER_CONSTANTS: ReadonlyMap<string, number> = new Map([
  ['MAX_SAFE_INTEGER', Number.MAX_SAFE_INTEGER],
  ['MIN_SAFE_INTEGER', Number.MIN_SAFE_INTEGER],
  ['MAX_VALUE', Number.MAX_VALUE],
  ['MIN_VALUE', Number.MIN_VALUE],
  ['EPSILON', Number.EPSILON],
  ['POSITIVE_INFINITY', Number.POSITIVE_INFINITY],
  ['NEGATIVE_INFINITY', Number.NEGATIVE_INFINITY],
  ['NaN', Number.NaN],
]);
