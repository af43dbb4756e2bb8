import { ArrayCallbacks, PREDICATE_METHODS } from './array-callbacks.js';
import { reducedValue, reducingCall } from './array-reduce.js';
import { arrayFrom, arrayMethod, objectFunction, stringMethod, unknownTargetMethod } from './builtin-methods.js';
import { collectionMethod, isCollection } from './collections.js';
import { arrayFromItems, arrayLikeLength, constructedArray, isArrayConstructor } from './array-from.js';
import type * as ts from 'typescript';
import { isContextRead } from './app-context.js';
import { resourceChild } from './resource-child.js';
import type { CallSites } from './call-sites.js';
import type { Evaluator } from './evaluator.js';
import { isSecretValueClass, USER_IMPORT_METHODS, userNameFromArn, userNameFromPartialArn } from './iam-api.js';
import { snippet } from './source-location.js';
import { isNamedMemberAccess, memberNameOf } from './member-syntax.js';
import {
  EMPTY_CONTEXT,
  MAX_ITERATIONS,
  objectEntry,
  opaque,
  SECRET_VALUE,
  str,
  stringOf,
  unknown,
  UNDEFINED,
  withoutKnownParts,
  type Context,
  type StaticValue,
} from './static-value.js';

/**
 * What a call evaluates to: a followed function's return value, `User.fromUserName(...)` and
 * friends, `String(...)`, `Array` and `Object` functions, `SecretValue`, context reads, `findChild`,
 * and the string and array methods names are built with.
 */
export class CallResults {
  private readonly callbacks: ArrayCallbacks;

  constructor(
    private readonly evaluator: Evaluator,
    private readonly calls: CallSites,
  ) {
    this.callbacks = new ArrayCallbacks(evaluator, calls);
  }

  private get ts(): typeof import('typescript') {
    return this.evaluator.ts;
  }

  /** Calls: `User.fromUserName` and friends, and the string and array methods names are built with. */
  call(node: ts.CallExpression, context: Context): StaticValue {
    const t = this.ts;
    const text = snippet(node, node.getSourceFile());
    const callee = node.expression;
    const dispatched = this.calls.thisCalls.dispatch(node, context);
    const fn = this.calls.calleeOf(node) ?? (dispatched?.undecided === false ? dispatched.methods[0] : undefined);
    if (fn && !t.isClassLike(fn))
      return this.calls.frames.returnValue(fn, this.calls.frames.enter(node, 'call', fn, this.calls.frames.argumentsOf(node, context), context), text);
    const args = node.arguments.map((a) => (t.isSpreadElement(a) ? opaque(snippet(a, node.getSourceFile())) : this.evaluator.evaluate(a, context)));
    if (t.isIdentifier(callee) && callee.text === 'String' && !this.evaluator.host.index.find(callee)) {
      const text0 = args[0] === undefined ? '' : stringOf(args[0]);
      return text0 === undefined ? (args[0] ?? opaque(text)) : str(text0);
    }
    if (isArrayConstructor(t, callee, (name) => this.evaluator.host.index.find(name) !== undefined)) {
      return constructedArray(node.arguments.some((a) => t.isSpreadElement(a)) ? undefined : args, text);
    }
    if (!isNamedMemberAccess(t, callee)) {
      // Say why the function is unknown when there is more to say than its name (`makeOps is imported from '@users/ops', ...`).
      const fnValue = t.isIdentifier(callee) ? this.evaluator.evaluate(callee, context) : undefined;
      const why = fnValue?.kind === 'unknown' && fnValue.reason !== opaque(fnValue.subject ?? '').reason ? `: ${fnValue.reason}` : '';
      return why === '' ? opaque(text) : unknown(`${text} is not known statically${why}`, text);
    }
    const method = memberNameOf(t, callee);
    if (t.isIdentifier(callee.expression) && callee.expression.text === 'Object' && !this.evaluator.host.index.find(callee.expression)) {
      return objectFunction(method, args[0], text);
    }
    if (t.isIdentifier(callee.expression) && callee.expression.text === 'Array' && !this.evaluator.host.index.find(callee.expression)) {
      // `Array.from({ length: 2 }, (_, i) => ...)`: the callback's results, as `.map` of what it reads.
      const items = method === 'from' && args.length === 2 ? arrayFromItems(args[0]) : undefined;
      // Longer than credlint expands: the values are unknown, and the analysis incomplete (`loopTooLong`).
      if (method === 'from' && args.length === 2 && items === undefined && (arrayLikeLength(args[0]) ?? 0) > MAX_ITERATIONS)
        this.evaluator.budget.loopTooLong(node);
      return items === undefined ? arrayFrom(method, args, text) : this.callbacks.mapped(node, items, text, context, 1);
    }
    // `SecretValue.unsafePlainText('...')` and every other way to make one: its arguments are never shown.
    if (isSecretValueClass(t, callee.expression)) return SECRET_VALUE;
    // `this.node.tryGetContext('users')`: the value `cdk.json` gives the key (`app-context.ts`).
    const contextKey = args[0]?.kind === 'string' && isContextRead(t, node) ? args[0].value : undefined;
    const contextValue = contextKey === undefined ? undefined : this.evaluator.host.appContext?.valueOf(contextKey);
    if (contextValue !== undefined) return this.evaluator.evaluate(contextValue, EMPTY_CONTEXT);
    // `key.node.findChild('Resource')`: the L1 resource of an L2 user or key, as `defaultChild` is (`resource-child.ts`).
    const child = resourceChild(t, node);
    if (child?.by === 'Resource') {
      const owner = this.evaluator.evaluate(child.owner, context);
      if (owner.kind === 'construct' && (owner.instance.constructClass === 'User' || owner.instance.constructClass === 'AccessKey')) return owner;
    }
    const target = this.evaluator.evaluate(callee.expression, context);
    if (target.kind === 'iam' && target.entity === 'User' && USER_IMPORT_METHODS.has(method)) return this.importedUser(method, args[2] ?? UNDEFINED, text);
    if (target.kind === 'string') return stringMethod(target.value, method, args, text);
    if (isCollection(target)) return collectionMethod(target, method, args, text);
    if (target.kind === 'array' && method === 'map') return this.callbacks.mapped(node, target.items, text, context, 0, target.holes);
    if (target.kind === 'array' && method === 'filter') return this.callbacks.filtered(node, target.items, text, context, target.holes);
    const reduce = target.kind === 'array' && method === 'reduce' ? reducingCall(t, node) : undefined;
    if (target.kind === 'array' && reduce) return reducedValue(this.evaluator, node, reduce, target.items, text, context, target.holes);
    if (target.kind === 'array' && PREDICATE_METHODS.has(method)) return this.callbacks.searched(node, target.items, method, text, context, target.holes);
    if (target.kind === 'array') return arrayMethod(target, method, args, text);
    if (target.kind === 'unknown') return unknownTargetMethod(target, method, args, text);
    return opaque(text, target.kind === 'iam');
  }

  private importedUser(method: string, argument: StaticValue, text: string): StaticValue {
    if (method === 'fromUserName') return { kind: 'imported-user', name: argument };
    const arn = method === 'fromUserArn' ? argument : argument.kind === 'object' ? objectEntry(argument, 'userArn') : argument;
    if (arn.kind === 'unknown') {
      const partial = userNameFromPartialArn(arn);
      // What is known of the ARN is not known of the name: `…:user/ci` does not end the name with `:user/ci`.
      return { kind: 'imported-user', name: partial === undefined ? withoutKnownParts(arn) : str(partial) };
    }
    const name = arn.kind === 'string' ? userNameFromArn(arn.value) : undefined;
    return { kind: 'imported-user', name: name === undefined ? unknown(`the user ARN in ${text} is not a literal IAM user ARN`) : str(name) };
  }
}
