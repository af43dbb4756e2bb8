import type * as ts from 'typescript';
import type { CallSites } from './call-sites.js';
import type { CallSite } from './call-frames.js';
import { MAX_BASES, type ClassHierarchy } from './class-hierarchy.js';
import type { Evaluator } from './evaluator.js';
import { snippet } from './source-location.js';
import { unwrapExpression } from './unwrap-expression.js';
import { propertyNameOf } from './generic-resources.js';
import {
  derivedUnknown,
  hideIfSecret,
  objectEntry,
  opaque,
  truthiness,
  unknown,
  type ConstructInstance,
  type Context,
  type StaticValue,
} from './static-value.js';

/** A construct's props argument: an object literal to read properties from (in `context`), an object value, none, or unknown. */
export type PropsLiteral =
  | { readonly kind: 'literal'; readonly node: ts.ObjectLiteralExpression; readonly context: Context }
  /** A whole object given as props (`props` bound at a call site to an object built elsewhere); `node` is the expression, for locations. */
  | { readonly kind: 'value'; readonly value: Extract<StaticValue, { kind: 'object' }>; readonly node: ts.Expression }
  | { readonly kind: 'none' }
  | { readonly kind: 'unknown'; readonly value: StaticValue };

/** A property of a props literal: absent, or its value and the node that wrote it. */
export type PropertyLookup = { readonly found: false } | { readonly found: true; readonly value: StaticValue; readonly node: ts.Node };

/** A prop of a construct instance: absent, found, or unknown because the whole props object is. */
export type PropLookup = PropertyLookup | { readonly found: 'unknown'; readonly value: StaticValue; readonly node: undefined };

/** A project class's constructor run for one construct instance: its `super(...)` call, and the context its body is evaluated in. */
export interface ConstructorRun {
  readonly declaration: ts.ConstructorDeclaration;
  readonly superCall: ts.CallExpression;
  readonly context: Context;
}

/** Steps from an identifier to the object literal it stands for (`const`s, parameters bound at call sites). */
const MAX_PROPS_STEPS = 20;

/**
 * The props of an IAM construct instance, wherever they are written (the `new`, a project subclass's
 * `super(...)`, a `const` or an argument bound at a call site), and the attributes of the IAM construct
 * that echo them (`user.userName`, `cfnUser.ref`).
 */
export class ConstructProps {
  private readonly userNames = new Map<ConstructInstance, StaticValue>();

  constructor(
    private readonly evaluator: Evaluator,
    private readonly calls: CallSites,
    private readonly classes: ClassHierarchy,
  ) {}

  private get ts(): typeof import('typescript') {
    return this.evaluator.ts;
  }

  /**
   * The props of a construct instance: the third argument of `new X(scope, id, props)`; for an instance
   * of a project class extending an IAM construct class, the third argument of the `super(...)` call
   * that reaches the IAM class, evaluated where it is (`superSite`). For a `new CfnResource(...)`, the
   * `properties` of that argument (`generic-resources.ts`).
   */
  props(instance: ConstructInstance): PropsLiteral {
    const site = this.superSite(instance);
    if ('unknown' in site) return { kind: 'unknown', value: site.unknown };
    const args = site.call.arguments ?? [];
    const spread = args.slice(0, 3).find((a) => this.ts.isSpreadElement(a));
    if (spread)
      return { kind: 'unknown', value: unknown(`the arguments are spread (${snippet(spread, spread.getSourceFile())}), which credlint does not follow`) };
    const props = this.propsOf(args[2], site.context, 0);
    return instance.generic ? this.resourceProperties(props) : props;
  }

  /** The `properties` of the props of a `new CfnResource(...)`: the props of the L1 class of its type, CloudFormation-cased. */
  private resourceProperties(props: PropsLiteral): PropsLiteral {
    const t = this.ts;
    switch (props.kind) {
      case 'none':
      case 'unknown':
        return props;
      case 'value':
        return this.propertiesValue(objectEntry(props.value, 'properties'), props.node);
      case 'literal': {
        const lookup = this.property(props.node, 'properties', props.context);
        if (!lookup.found) return { kind: 'none' };
        // Written in place (`properties: { UserName: 'ci' }`, or a `const`): read key by key, facts located there.
        if (t.isPropertyAssignment(lookup.node)) return this.propsOf(lookup.node.initializer, props.context, 0);
        if (t.isShorthandPropertyAssignment(lookup.node)) return this.propsOf(lookup.node.name, props.context, 0);
        return this.propertiesValue(lookup.value, t.isSpreadAssignment(lookup.node) ? lookup.node.expression : props.node);
      }
    }
  }

  private propertiesValue(value: StaticValue, node: ts.Expression): PropsLiteral {
    if (value.kind === 'undefined') return { kind: 'none' };
    if (value.kind === 'object') return { kind: 'value', value, node };
    return { kind: 'unknown', value: value.kind === 'unknown' ? value : opaque(snippet(node, node.getSourceFile())) };
  }

  /** A prop of a construct instance, wherever its props object is written. */
  prop(instance: ConstructInstance, name: string): PropLookup {
    const props = this.props(instance);
    switch (props.kind) {
      case 'none':
        return { found: false };
      case 'unknown':
        return { found: 'unknown', value: props.value, node: undefined };
      case 'literal':
        return this.property(props.node, name, props.context);
      case 'value': {
        if (!props.value.entries.has(name) && !props.value.rest) return { found: false };
        return { found: true, value: hideIfSecret(name, objectEntry(props.value, name)), node: props.node };
      }
    }
  }

  /**
   * The call whose arguments reach the IAM construct class, and the context its arguments are evaluated
   * in: the `new` itself for `new iam.User(...)`; for `new SmtpUser(...)`, each project class's
   * `super(...)` in turn (evaluated in that class's constructor, its parameters bound to the arguments
   * of the call before), a class without a constructor passing its arguments on unchanged. A
   * constructor whose `super(...)` is not one of its statements is not followed.
   */
  private superSite(instance: ConstructInstance): { call: CallSite; context: Context } | { unknown: StaticValue } {
    const chain = this.constructorChain(instance);
    if ('unknown' in chain) return chain;
    const last = chain.at(-1);
    return last ? { call: last.superCall, context: last.context } : { call: instance.node, context: instance.context };
  }

  /**
   * The constructors of the project classes an instance of an IAM subclass is built through, each with
   * the context its body runs in for this instance (`this` is the instance there): the instantiated
   * class's first, then its bases' toward the IAM class. Empty for `new iam.User(...)`; unknown where
   * `superSite` cannot follow the chain.
   */
  constructorChain(instance: ConstructInstance): readonly ConstructorRun[] | { unknown: StaticValue } {
    const t = this.ts;
    const chain: ConstructorRun[] = [];
    let call: CallSite = instance.node;
    let context = instance.context;
    let kind: 'new' | 'super' = 'new';
    const callee = this.calls.calleeOf(instance.node);
    let cls = callee && t.isClassLike(callee) ? callee : undefined;
    for (let depth = 0; cls; depth += 1) {
      const name = this.calls.frames.nameOf(cls);
      if (depth >= MAX_BASES) {
        this.classes.cutAt(cls);
        return { unknown: unknown(`${name} extends more than ${MAX_BASES} classes, which credlint does not follow`) };
      }
      const constructor = this.classes.constructorOf(cls);
      if (constructor) {
        const superCall = this.classes.superCall(cls);
        if (!superCall) return { unknown: unknown(`the constructor of ${name} calls super(...) where credlint does not follow it`) };
        context = this.calls.frames.enter(call, kind, cls, this.calls.frames.argumentsOf(call, context), context);
        chain.push({ declaration: constructor, superCall, context });
        call = superCall;
        kind = 'super';
      }
      cls = this.classes.baseOf(cls);
    }
    return chain;
  }

  private propsOf(expression: ts.Expression | undefined, context: Context, depth: number): PropsLiteral {
    const t = this.ts;
    if (!expression) return { kind: 'none' };
    const node = unwrapExpression(t, expression);
    if (t.isObjectLiteralExpression(node)) return { kind: 'literal', node, context };
    // `cfg.console ? { ...base, userName } : { userName }`: the branch a known condition takes, read as a literal.
    if (t.isConditionalExpression(node) && depth < MAX_PROPS_STEPS) {
      const truth = truthiness(this.evaluator.evaluate(node.condition, context));
      if (truth !== undefined) return this.propsOf(truth ? node.whenTrue : node.whenFalse, context, depth + 1);
    }
    if (t.isIdentifier(node) && depth < MAX_PROPS_STEPS) {
      const declaration = this.evaluator.host.index.find(node);
      if (
        declaration?.kind === 'variable' &&
        declaration.path.length === 0 &&
        !context.bindings.has(declaration.leaf) &&
        declaration.node.initializer &&
        (t.getCombinedNodeFlags(declaration.node) & t.NodeFlags.Const) !== 0 &&
        this.evaluator.changeOf(declaration.node) === undefined
      ) {
        return this.propsOf(declaration.node.initializer, context, depth + 1);
      }
      if (declaration?.kind === 'parameter' && declaration.leaf === declaration.node && context.bindings.has(declaration.node)) {
        const argument = this.argumentFor(declaration.node, context);
        if (argument) return this.propsOf(argument.expression, argument.context, depth + 1);
      }
    }
    // A whole object built elsewhere (`props` bound to a function's return value, `{ ...defaults }`): read by key.
    const value = this.evaluator.evaluate(node, context);
    if (value.kind === 'undefined') return { kind: 'none' };
    if (value.kind === 'object') return { kind: 'value', value, node };
    return { kind: 'unknown', value: value.kind === 'unknown' ? value : opaque(snippet(node, node.getSourceFile())) };
  }

  /**
   * The argument a parameter is bound to, at the call that `context` shows (`new SmtpUser(this, 'Smtp', { password })`
   * for the `props` of its constructor), with the caller's context: the object literal written there is
   * read key by key, and facts point at it. Undefined when the argument is not a plain one (spread,
   * missing, or a parameter of a callback, which no call frame names).
   */
  private argumentFor(parameter: ts.ParameterDeclaration, context: Context): { expression: ts.Expression; context: Context } | undefined {
    const t = this.ts;
    const owner = parameter.parent;
    const frames = context.frames;
    const at = frames.findLastIndex(
      (f) => f.call !== undefined && (f.call.callee === owner || (t.isClassLike(f.call.callee) && this.classes.constructorOf(f.call.callee) === owner)),
    );
    const site = frames[at]?.loop;
    if (!site || parameter.dotDotDotToken || !(t.isCallExpression(site) || t.isNewExpression(site))) return undefined;
    const args = site.arguments ?? [];
    const index = owner.parameters.indexOf(parameter);
    if (args.slice(0, index + 1).some((a) => t.isSpreadElement(a))) return undefined;
    const expression = args[index];
    // A missing argument takes the parameter's default, evaluated in the callee: left to evaluation.
    if (!expression) return undefined;
    return { expression, context: { frames: frames.slice(0, at), bindings: context.bindings, existence: context.existence } };
  }

  /** The value a props literal gives `name` (the last writer wins, as in JavaScript), and where it is written. */
  property(literal: ts.ObjectLiteralExpression, name: string, context: Context): PropertyLookup {
    const t = this.ts;
    const sourceFile = literal.getSourceFile();
    for (let i = literal.properties.length - 1; i >= 0; i -= 1) {
      const property = literal.properties[i] as ts.ObjectLiteralElementLike;
      if (t.isSpreadAssignment(property)) {
        const spread = this.evaluator.evaluate(property.expression, context);
        if (spread.kind === 'object') {
          const value = spread.entries.get(name);
          if (value !== undefined) return { found: true, value, node: property };
          if (spread.rest) return { found: true, value: objectEntry(spread, name), node: property };
          continue;
        }
        // A spread copies own enumerable properties: `undefined`, `null`, a boolean and a number have none, a
        // string only its indexes (`...(withConsole && { password })` with `withConsole` false adds nothing).
        // https://tc39.es/ecma262/#sec-copydataproperties
        if (spread.kind === 'undefined' || spread.kind === 'null' || spread.kind === 'boolean' || spread.kind === 'number') continue;
        if (spread.kind === 'string' && !/^\d+$/.test(name)) continue;
        const reason = spread.kind === 'unknown' ? spread.reason : `${snippet(property.expression, sourceFile)} is not known statically`;
        // A spread of a value cut off at a size limit leaves the prop cut off (`UnknownValue.cutOff`).
        const from = spread.kind === 'unknown' ? spread : undefined;
        return { found: true, value: derivedUnknown(from, `${name} may come from ...${snippet(property.expression, sourceFile)}: ${reason}`), node: property };
      }
      const key = this.evaluator.propertyName(property.name, context);
      if (key === undefined) {
        // A computed key cut off at a size limit leaves the prop cut off (`UnknownValue.cutOff`).
        const computed = t.isComputedPropertyName(property.name) ? this.evaluator.evaluate(property.name.expression, context) : undefined;
        return {
          found: true,
          value: derivedUnknown(
            computed?.kind === 'unknown' ? computed : undefined,
            `${name} may be set by the computed key ${snippet(property.name, sourceFile)}, which is not known statically`,
          ),
          node: property,
        };
      }
      if (key !== name) continue;
      if (t.isPropertyAssignment(property)) return { found: true, value: this.evaluator.evaluate(property.initializer, context), node: property };
      if (t.isShorthandPropertyAssignment(property)) return { found: true, value: this.evaluator.evaluate(property.name, context), node: property };
      return { found: true, value: opaque(snippet(property, sourceFile)), node: property };
    }
    return { found: false };
  }

  /**
   * A declared user's name: its `userName` prop when known, `generated-user-name` when it has none
   * (CloudFormation generates one: "If you don't specify a name, AWS CloudFormation generates a
   * unique physical ID", https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-resource-iam-user.html).
   */
  userName(instance: ConstructInstance): StaticValue {
    const cached = this.userNames.get(instance);
    if (cached) return cached;
    const value = this.evaluator.guarded(instance.node, 'the user name', () => {
      const found = this.prop(instance, propertyNameOf(instance, 'userName'));
      if (found.found === 'unknown') return found.value;
      if (!found.found || found.value.kind === 'undefined') return { kind: 'generated-user-name', instance } as const;
      return found.value;
    });
    this.userNames.set(instance, value);
    return value;
  }

  /** An attribute of the IAM construct itself (aws-cdk-lib's `User`, `CfnUser`, ...). */
  builtInMember(instance: ConstructInstance, name: string, text: string): StaticValue {
    // `Ref` of AWS::IAM::User returns its name; CfnUser exposes it as `ref` and echoes the prop as
    // `userName`, which a `CfnResource` of its type has not.
    const names =
      instance.constructClass === 'User' ? ['userName'] : instance.constructClass !== 'CfnUser' ? [] : instance.generic ? ['ref'] : ['ref', 'userName'];
    if (!names.includes(name)) return opaque(text, true);
    // `ref` (and the L2 `userName`, `Ref` to it) is a token CloudFormation resolves to the name the
    // resource ends up with, which an escape hatch or an Aspect may write after the props.
    if (this.evaluator.host.userNamesWritten === true && (name === 'ref' || instance.constructClass === 'User'))
      return { kind: 'generated-user-name', instance, unknown: unknown(`${text} is the name the user's resource ends up with`) };
    const userName = this.userName(instance);
    if (userName.kind === 'generated-user-name' || userName.kind === 'string') return userName;
    // An unknown name is still a reference to this user (CloudFormation `Ref`), not just a string.
    return { kind: 'generated-user-name', instance, unknown: userName.kind === 'unknown' ? userName : unknown(`${text} is not a string`) };
  }
}
