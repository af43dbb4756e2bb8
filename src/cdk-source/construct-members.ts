import type * as ts from 'typescript';
import { bindPattern } from './bind-pattern.js';
import { parentOf } from './parent-of.js';
import type { CallSites } from './call-sites.js';
import type { Evaluator } from './evaluator.js';
import { isSecretValueClass, USER_IMPORT_METHODS, userNameFromArn } from './iam-api.js';
import { snippet } from './source-location.js';
import {
  EMPTY_CONTEXT,
  iterationFrame,
  MAX_ITERATIONS,
  opaque,
  SECRET_VALUE,
  str,
  stringOf,
  truthiness,
  unknown,
  UNDEFINED,
  type Callable,
  type ConstructInstance,
  type Context,
  type StaticValue,
} from './static-value.js';

/** Base classes followed from a class (a cycle `class A extends B`, `class B extends A` must end). */
const MAX_BASES = 20;

/** A construct's props argument: an object literal to read properties from, none, or unknown. */
export type PropsLiteral =
  | { readonly kind: 'literal'; readonly node: ts.ObjectLiteralExpression }
  | { readonly kind: 'none' }
  | { readonly kind: 'unknown'; readonly value: StaticValue };

/** A property of a props literal: absent, or its value and the node that wrote it. */
export type PropertyLookup = { readonly found: false } | { readonly found: true; readonly value: StaticValue; readonly node: ts.Node };

/**
 * The parts of evaluation that know CDK: props of construct instances, the members of users and keys
 * (`user.userName`, `cfnUser.ref`), `User.fromUserName(...)`, `this.x` in a construct class, and the
 * few string and array methods names are built with.
 */
export class ConstructMembers {
  private readonly userNames = new Map<ConstructInstance, StaticValue>();
  private readonly thisAssignments = new WeakMap<ts.Node, Map<string, ts.Expression[]>>();

  constructor(
    private readonly evaluator: Evaluator,
    private readonly calls: CallSites,
  ) {}

  private get ts(): typeof import('typescript') {
    return this.evaluator.ts;
  }

  /** The third argument of `new X(scope, id, props)`, followed through `const`s to an object literal. */
  props(instance: ConstructInstance): PropsLiteral {
    const args = instance.node.arguments ?? [];
    const spread = args.slice(0, 3).find((a) => this.ts.isSpreadElement(a));
    if (spread)
      return { kind: 'unknown', value: unknown(`the arguments are spread (${snippet(spread, instance.sourceFile)}), which credlint does not follow`) };
    return this.propsOf(args[2], instance.context, 0);
  }

  private propsOf(expression: ts.Expression | undefined, context: Context, depth: number): PropsLiteral {
    const t = this.ts;
    if (!expression) return { kind: 'none' };
    let node = expression;
    while (t.isParenthesizedExpression(node) || t.isAsExpression(node) || t.isSatisfiesExpression(node) || t.isNonNullExpression(node)) node = node.expression;
    if (t.isObjectLiteralExpression(node)) return { kind: 'literal', node };
    // `cfg.console ? { ...base, userName } : { userName }`: the branch a known condition takes, read as a literal.
    if (t.isConditionalExpression(node) && depth < 20) {
      const truth = truthiness(this.evaluator.evaluate(node.condition, context));
      if (truth !== undefined) return this.propsOf(truth ? node.whenTrue : node.whenFalse, context, depth + 1);
    }
    if (t.isIdentifier(node) && depth < 20) {
      const declaration = this.evaluator.host.index.find(node);
      if (
        declaration?.kind === 'variable' &&
        declaration.path.length === 0 &&
        !context.bindings.has(declaration.leaf) &&
        declaration.node.initializer &&
        (t.getCombinedNodeFlags(declaration.node) & t.NodeFlags.Const) !== 0
      ) {
        return this.propsOf(declaration.node.initializer, context, depth + 1);
      }
    }
    const value = this.evaluator.evaluate(node, context);
    if (value.kind === 'undefined') return { kind: 'none' };
    return { kind: 'unknown', value: value.kind === 'unknown' ? value : opaque(snippet(node, node.getSourceFile())) };
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
          continue;
        }
        if (spread.kind === 'undefined' || spread.kind === 'null') continue;
        const reason = spread.kind === 'unknown' ? spread.reason : `${snippet(property.expression, sourceFile)} is not known statically`;
        return { found: true, value: unknown(`${name} may come from ...${snippet(property.expression, sourceFile)}: ${reason}`), node: property };
      }
      const key = this.evaluator.propertyName(property.name, context);
      if (key === undefined) {
        return {
          found: true,
          value: unknown(`${name} may be set by the computed key ${snippet(property.name, sourceFile)}, which is not known statically`),
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
      const props = this.props(instance);
      if (props.kind === 'none') return { kind: 'generated-user-name', instance } as const;
      if (props.kind === 'unknown') return props.value;
      const found = this.property(props.node, 'userName', instance.context);
      if (!found.found || found.value.kind === 'undefined') return { kind: 'generated-user-name', instance } as const;
      return found.value;
    });
    this.userNames.set(instance, value);
    return value;
  }

  /** `user.userName`, `cfnUser.ref`, `User.fromUserName(...).userName`; other attributes are deploy-time tokens. */
  constructMember(value: Extract<StaticValue, { kind: 'construct' | 'imported-user' }>, name: string, text: string): StaticValue {
    if (value.kind === 'imported-user') return name === 'userName' ? value.name : opaque(text, true);
    const { instance } = value;
    // `Ref` of AWS::IAM::User returns its name; CfnUser exposes it as `ref` and echoes the prop as `userName`.
    const names = instance.constructClass === 'User' ? ['userName'] : instance.constructClass === 'CfnUser' ? ['ref', 'userName'] : [];
    if (!names.includes(name)) return opaque(text, true);
    const userName = this.userName(instance);
    if (userName.kind === 'generated-user-name' || userName.kind === 'string') return userName;
    // An unknown name is still a reference to this user (CloudFormation `Ref`), not just a string.
    return { kind: 'generated-user-name', instance, unknown: userName.kind === 'unknown' ? userName : unknown(`${text} is not a string`) };
  }

  /** `this.name` inside a class: its property initializer, or its one `this.name = ...` assignment. */
  thisProperty(thisNode: ts.Node, name: string, context: Context, node: ts.Expression): StaticValue {
    const t = this.ts;
    const text = snippet(node, node.getSourceFile());
    let owner = parentOf(thisNode);
    while (owner && !t.isClassLike(owner)) {
      // A `function` has its own `this`; an arrow function sees the enclosing one.
      if (t.isFunctionDeclaration(owner) || t.isFunctionExpression(owner)) return opaque(text);
      owner = parentOf(owner);
    }
    if (!owner) return opaque(text);
    return this.classProperty(owner, name, context, text);
  }

  /**
   * A property of an instance of a project class built in `context` (its constructor's): the
   * property's initializer, its one `this.name = ...` assignment, a constructor parameter property
   * (`private readonly props: Props`), else the same in the base class (`people.user` may be declared
   * by a base stack). Not found: an attribute of a construct, a deploy-time token.
   */
  classProperty(cls: ts.ClassLikeDeclaration, name: string, context: Context, text: string, bases = 0): StaticValue {
    const t = this.ts;
    const declared = cls.members.find((m): m is ts.PropertyDeclaration => t.isPropertyDeclaration(m) && this.evaluator.propertyName(m.name, context) === name);
    if (declared?.initializer) return this.evaluator.guarded(declared, text, () => this.evaluator.evaluate(declared.initializer as ts.Expression, context));
    const assigned = this.assignmentsInClass(cls).get(name) ?? [];
    const only = assigned[0];
    if (assigned.length === 1 && only) return this.evaluator.guarded(only, text, () => this.evaluator.evaluate(only, context));
    if (assigned.length > 1) return unknown(`${text} is assigned more than once`);
    const parameter = this.calls
      .constructorOf(cls)
      ?.parameters.find((p) => t.isIdentifier(p.name) && p.name.text === name && (t.getModifiers(p) ?? []).length > 0);
    if (parameter) return context.bindings.get(parameter) ?? opaque(text);
    if (declared) return opaque(text);
    const base = bases < MAX_BASES ? this.calls.baseOf(cls) : undefined;
    const baseContext = base && this.calls.baseContext(cls, base, context);
    if (base && baseContext) return this.classProperty(base, name, baseContext, text, bases + 1);
    return opaque(text);
  }

  /**
   * `Names.OPS` of a project class: a `static readonly` property's initializer (evaluated where the
   * class is declared). Other statics may be reassigned anywhere, so they stay unknown.
   */
  staticProperty(callable: Callable, name: string, text: string): StaticValue {
    const t = this.ts;
    if (!t.isClassLike(callable)) return opaque(text);
    const declared = callable.members.find(
      (m): m is ts.PropertyDeclaration => t.isPropertyDeclaration(m) && isStatic(t, m) && this.evaluator.propertyName(m.name, EMPTY_CONTEXT) === name,
    );
    const readonly = declared && (t.getModifiers(declared) ?? []).some((m) => m.kind === t.SyntaxKind.ReadonlyKeyword);
    if (!declared?.initializer || !readonly) return opaque(text);
    const initializer = declared.initializer;
    return this.evaluator.guarded(declared, text, () => this.evaluator.evaluate(initializer, EMPTY_CONTEXT));
  }

  private assignmentsInClass(cls: ts.ClassLikeDeclaration): Map<string, ts.Expression[]> {
    const t = this.ts;
    const cached = this.thisAssignments.get(cls);
    if (cached) return cached;
    const found = new Map<string, ts.Expression[]>();
    const visit = (node: ts.Node, depth: number): void => {
      if (depth > 500 || (node !== cls && t.isClassLike(node)) || t.isFunctionDeclaration(node) || t.isFunctionExpression(node)) return;
      if (
        t.isBinaryExpression(node) &&
        node.operatorToken.kind === t.SyntaxKind.EqualsToken &&
        t.isPropertyAccessExpression(node.left) &&
        node.left.expression.kind === t.SyntaxKind.ThisKeyword
      ) {
        const list = found.get(node.left.name.text) ?? [];
        list.push(node.right);
        found.set(node.left.name.text, list);
      }
      t.forEachChild(node, (child) => {
        visit(child, depth + 1);
      });
    };
    for (const member of cls.members) visit(member, 0);
    this.thisAssignments.set(cls, found);
    return found;
  }

  /** Calls: `User.fromUserName` and friends, and the string and array methods names are built with. */
  call(node: ts.CallExpression, context: Context): StaticValue {
    const t = this.ts;
    const text = snippet(node, node.getSourceFile());
    const callee = node.expression;
    const fn = this.calls.calleeOf(node);
    if (fn && !t.isClassLike(fn)) return this.calls.returnValue(fn, this.calls.enter(node, 'call', fn, this.calls.argumentsOf(node, context), context), text);
    const args = node.arguments.map((a) => (t.isSpreadElement(a) ? opaque(snippet(a, node.getSourceFile())) : this.evaluator.evaluate(a, context)));
    if (t.isIdentifier(callee) && callee.text === 'String' && !this.evaluator.host.index.find(callee)) {
      const text0 = args[0] === undefined ? '' : stringOf(args[0]);
      return text0 === undefined ? (args[0] ?? opaque(text)) : str(text0);
    }
    if (!t.isPropertyAccessExpression(callee)) {
      // Say why the function is unknown when there is more to say than its name (`makeOps is imported from '@users/ops', ...`).
      const fnValue = t.isIdentifier(callee) ? this.evaluator.evaluate(callee, context) : undefined;
      const why = fnValue?.kind === 'unknown' && fnValue.reason !== opaque(fnValue.subject ?? '').reason ? `: ${fnValue.reason}` : '';
      return why === '' ? opaque(text) : unknown(`${text} is not known statically${why}`, text);
    }
    const method = callee.name.text;
    if (t.isIdentifier(callee.expression) && callee.expression.text === 'Object' && !this.evaluator.host.index.find(callee.expression)) {
      return objectFunction(method, args[0], text);
    }
    // `SecretValue.unsafePlainText('...')` and every other way to make one: its arguments are never shown.
    if (isSecretValueClass(t, callee.expression)) return SECRET_VALUE;
    const target = this.evaluator.evaluate(callee.expression, context);
    if (target.kind === 'iam' && target.entity === 'User' && USER_IMPORT_METHODS.has(method)) return this.importedUser(method, args[2] ?? UNDEFINED, text);
    if (target.kind === 'string') return stringMethod(target.value, method, args, text);
    if (target.kind === 'array' && method === 'map') return this.mapped(node, target.items, text, context);
    if (target.kind === 'array') return arrayMethod(target.items, method, args, text);
    if (target.kind === 'unknown') return target.subject === undefined ? target : opaque(text, target.token);
    return opaque(text, target.kind === 'iam');
  }

  /**
   * `items.map((item, i) => ...)` with an inline callback: the array of its return values, each
   * evaluated in the iteration frame the walker created that element's constructs in, so
   * `['a', 'b'].map((n) => new User(this, n))` is the two users. Unknown unless every return is known.
   */
  private mapped(node: ts.CallExpression, items: readonly StaticValue[], text: string, context: Context): StaticValue {
    const t = this.ts;
    const callback = node.arguments[0];
    if (!callback || !(t.isArrowFunction(callback) || t.isFunctionExpression(callback)) || items.length > MAX_ITERATIONS) return opaque(text);
    const [element, position] = callback.parameters;
    const results: StaticValue[] = [];
    for (const [index, item] of items.entries()) {
      const bindings = new Map(context.bindings);
      if (element) bindPattern(this.evaluator, element.name, item, bindings, context);
      if (position) bindPattern(this.evaluator, position.name, { kind: 'number', value: index }, bindings, context);
      const inner: Context = { frames: [...context.frames, iterationFrame(node, item, index)], bindings, existence: context.existence };
      const result = this.calls.returnValue(callback, inner, text);
      if (result.kind === 'unknown') return opaque(text);
      results.push(result);
    }
    return { kind: 'array', items: results };
  }

  private importedUser(method: string, argument: StaticValue, text: string): StaticValue {
    if (method === 'fromUserName') return { kind: 'imported-user', name: argument };
    const arn = method === 'fromUserArn' ? argument : argument.kind === 'object' ? (argument.entries.get('userArn') ?? UNDEFINED) : argument;
    if (arn.kind === 'unknown') return { kind: 'imported-user', name: arn };
    const name = arn.kind === 'string' ? userNameFromArn(arn.value) : undefined;
    return { kind: 'imported-user', name: name === undefined ? unknown(`the user ARN in ${text} is not a literal IAM user ARN`) : str(name) };
  }
}

function objectFunction(method: string, argument: StaticValue | undefined, text: string): StaticValue {
  if (argument?.kind === 'object') {
    if (method === 'keys') return { kind: 'array', items: [...argument.entries.keys()].map(str) };
    if (method === 'values') return { kind: 'array', items: [...argument.entries.values()] };
    if (method === 'entries') return { kind: 'array', items: [...argument.entries].map(([k, v]) => ({ kind: 'array', items: [str(k), v] })) };
    if (method === 'freeze') return argument;
  }
  if (method === 'freeze' && argument !== undefined) return argument;
  return argument?.kind === 'unknown' ? argument : opaque(text);
}

function stringMethod(value: string, method: string, args: readonly StaticValue[], text: string): StaticValue {
  switch (method) {
    case 'toLowerCase':
      return str(value.toLowerCase());
    case 'toUpperCase':
      return str(value.toUpperCase());
    case 'trim':
      return str(value.trim());
    case 'toString':
      return str(value);
    case 'concat': {
      const parts = args.map(stringOf);
      return parts.every((p) => p !== undefined) ? str(value + parts.join('')) : (args.find((a) => a.kind === 'unknown') ?? opaque(text));
    }
    default:
      return opaque(text);
  }
}

function arrayMethod(items: readonly StaticValue[], method: string, args: readonly StaticValue[], text: string): StaticValue {
  if (method === 'join') {
    const separator = args[0] === undefined || args[0].kind === 'undefined' ? ',' : stringOf(args[0]);
    const parts = items.map((item) => (item.kind === 'undefined' || item.kind === 'null' ? '' : stringOf(item)));
    if (separator === undefined || parts.some((p) => p === undefined))
      return items.find((i) => i.kind === 'unknown') ?? args.find((a) => a.kind === 'unknown') ?? opaque(text);
    return str(parts.join(separator));
  }
  if (method === 'includes' && args[0] !== undefined) {
    if (args[0].kind === 'unknown') return args[0];
    const unknownItem = items.find((i) => i.kind === 'unknown');
    const hit = items.some((i) => i.kind === args[0]?.kind && stringOf(i) === stringOf(args[0]));
    return hit ? { kind: 'boolean', value: true } : (unknownItem ?? { kind: 'boolean', value: false });
  }
  return opaque(text);
}

export function isStatic(t: typeof import('typescript'), member: ts.ClassElement): boolean {
  return (t.getModifiers(member as ts.PropertyDeclaration) ?? []).some((m) => m.kind === t.SyntaxKind.StaticKeyword);
}
