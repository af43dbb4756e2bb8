import { concatKnownParts, type KnownParts } from '../core/known-parts.js';
import type * as ts from 'typescript';

/**
 * What the CDK source extractor knows about a TypeScript expression without running it. Values are
 * what a user would see at synth time (strings, numbers, literal arrays and objects), references to
 * the IAM constructs the app creates, or `unknown` with a reason in the user's words
 * (`props.userName is not known statically`). Unknown is never treated as true (README, "Rules").
 */
export type StaticValue =
  | { readonly kind: 'string'; readonly value: string }
  | { readonly kind: 'number'; readonly value: number }
  | { readonly kind: 'boolean'; readonly value: boolean }
  | { readonly kind: 'undefined' }
  | { readonly kind: 'null' }
  /**
   * An array; or, with `collection`, a `new Set(...)` (its values, in insertion order) or a `new Map(...)`
   * (its `[key, value]` entries): what `for...of` and a spread see, not what an index or `length` reads.
   */
  | {
      readonly kind: 'array';
      readonly items: readonly StaticValue[];
      readonly collection?: 'set' | 'map';
      /**
       * The indexes that are holes (`[a, , b]`, `Array(3)`), whose items here are `undefined`: an index
       * read, `for...of`, a spread and `Array.from` see `undefined` there, while `forEach`, `map`,
       * `filter`, `some`, `every`, `for...in` and `Object.keys` skip them
       * (https://tc39.es/ecma262/#sec-array.prototype.foreach: only indexes the array "HasProperty").
       */
      readonly holes?: ReadonlySet<number>;
    }
  /**
   * An object whose keys are known, except those a spread of an unknown value may define (`rest`:
   * `{ ...props, userName }` with `props` unknown): a key not in `entries` is then unknown, not absent.
   */
  | { readonly kind: 'object'; readonly entries: ReadonlyMap<string, StaticValue>; readonly rest?: UnknownValue }
  /** A `new User(...)`, `new CfnUser(...)`, ... instance the app creates. */
  | { readonly kind: 'construct'; readonly instance: ConstructInstance }
  /** `User.fromUserName(scope, id, name)` and friends: a user declared elsewhere, known by name. */
  | { readonly kind: 'imported-user'; readonly name: StaticValue }
  /**
   * The name of a declared user read through the user (`user.userName`, `cfnUser.ref`) when it is not a
   * known string: it has no `userName` (CloudFormation generates it at deploy time), or its `userName`
   * is `unknown`. Either way it is a `Ref` to that very user, so a key naming it links by identity.
   */
  | { readonly kind: 'generated-user-name'; readonly instance: ConstructInstance; readonly unknown?: UnknownValue }
  /** A part of `aws-cdk-lib`'s IAM API: the module, a construct class, or the `AccessKeyStatus` enum. */
  | { readonly kind: 'iam'; readonly entity: IamEntity }
  /** `import * as users from './users'`: a project file, whose exports are read on access. */
  | { readonly kind: 'module'; readonly file: ts.SourceFile }
  /** A class or function of the project, which `new` or a call evaluates per call site (`call-sites.ts`). */
  | { readonly kind: 'callable'; readonly node: Callable }
  /** `new PeopleStack(app, 'People')`: an instance of a project class, whose `this.x` are read in `context` (its constructor's). */
  | { readonly kind: 'class-instance'; readonly cls: ts.ClassLikeDeclaration; readonly context: Context }
  | UnknownValue;

/** A project class, or a function with a body, that can be evaluated per call site. */
/** A project class, function, or private method (`this.build(props)`: `this-calls.ts`, `privateMethodOf`). */
export type Callable = ts.ClassLikeDeclaration | ts.FunctionDeclaration | ts.FunctionExpression | ts.ArrowFunction | ts.MethodDeclaration;

/**
 * `subject` is the source text the value stands for when nothing more is known than that it cannot be
 * evaluated (a parameter, `process.env`, a call): a member access on it then names the longer text
 * (`props` → `props.userName`). `token` marks values of `aws-cdk-lib` (Fn, Lazy, Aws, ...), which are
 * CDK tokens resolved only at deploy time.
 */
export interface UnknownValue {
  readonly kind: 'unknown';
  readonly reason: string;
  readonly subject?: string;
  readonly token?: boolean;
  /** What is known of a string value (the literal text of a template or `+` around unknown parts), `core/known-parts.ts`. */
  readonly known?: KnownParts;
  /**
   * Set when `known` describes the string CloudFormation builds at deploy time (`Fn.join`, `Fn.sub`),
   * while the app itself holds one token in its place: the app's text does not start with `known.prefix`.
   * A concatenation takes it from its first unknown part, the one whose known start it continues.
   */
  readonly builtAtDeploy?: true;
  /**
   * Set on `process.env.NAME` of Node's global `process` (`process-environment.ts`): the name of the
   * environment variable read, one value for the whole app unless the app writes it.
   */
  readonly environmentVariable?: string;
  /**
   * Set when the value is unknown only because it is larger than credlint evaluates (a string past
   * `MAX_STRING`, a split, collection or array past its bound), not because the source cannot tell it:
   * where it decides which IAM constructs are created, the analysis is incomplete
   * (`AnalysisBudget.valueCutOff`), not merely unknown. What is computed from it keeps the mark.
   */
  readonly cutOff?: true;
  /**
   * Set on a token CloudFormation may resolve to `AWS::NoValue`, which leaves the property it is given
   * to out of the template: `Aws.NO_VALUE`, and `Fn.conditionIf(...)` with it (or `undefined`) as a branch.
   */
  readonly mayBeNoValue?: true;
}

/**
 * `cdk` is the `aws-cdk-lib` root module, `iam` its `aws_iam` module, `core` CDK v1's `@aws-cdk/core`;
 * `CfnResource` the generic L1 class both root modules export (`generic-resources.ts`).
 */
export type IamEntity = 'cdk' | 'iam' | 'core' | ConstructClass | 'AccessKeyStatus' | 'CfnResource';

/** The constructs that create IAM users, login profiles and keys (aws-cdk-lib v2 `aws_iam`). */
export type ConstructClass = 'User' | 'AccessKey' | 'CfnUser' | 'CfnAccessKey';

export const CONSTRUCT_CLASSES: readonly ConstructClass[] = ['User', 'AccessKey', 'CfnUser', 'CfnAccessKey'];

/**
 * One loop iteration an instance was created in: `index` of the loop's elements, `label` for its
 * address. A call frame (`call` set) is one evaluation of a class or function body for the call site
 * `loop` (index 0): two `new KeysStack(...)` create two keys, told apart by their frames.
 */
export interface Frame {
  readonly loop: ts.Node;
  readonly index: number;
  readonly label: string;
  readonly call?: CallFrame;
}

/** What a call frame evaluates: `new` of a class, a function call, or a base class's constructor (`super(...)`). */
export interface CallFrame {
  readonly kind: 'new' | 'call' | 'super';
  readonly callee: Callable;
  /** The argument values, undefined when not known (spread, `f(...args)`, or a body walked on its own). */
  readonly args: readonly StaticValue[] | undefined;
}

/**
 * Where a construct is created: the loop iterations around it, the values of loop variables and
 * callback parameters bound there, and why its existence is unknown (an undecidable `if`), if it is.
 */
export interface Context {
  readonly frames: readonly Frame[];
  readonly bindings: ReadonlyMap<ts.Node, StaticValue>;
  readonly existence: string | undefined;
  /**
   * The code may run any number of times, not once (a loop credlint does not expand, a callback of a
   * call it does not follow): what it creates may be several instances (`instanceCountUnknown`). The
   * innermost such region: constructs created in the same one are created together, once per run.
   */
  readonly repeated?: Repetition;
  /**
   * Set on the context a construct is found in: how many writes to objects filled in place the walk
   * had made by then, the ones its props see (`filled-objects.ts`).
   */
  readonly writesSeen?: number;
  /**
   * The first value cut off at a size limit (`UnknownValue.cutOff`) that decides whether, or how often,
   * this code runs (a condition, a loop's elements), at `node`: a construct created here makes the
   * analysis incomplete (`AnalysisBudget.valueCutOff`).
   */
  readonly cutOff?: { readonly node: ts.Node; readonly reason: string };
  /**
   * The instance a method runs on, where its call names one (`a.addKey()` of `const a = new KeysStack(...)`,
   * and the `this.name(...)` calls made from there): its class, and the context its constructor ran in,
   * where what the constructor stored (`this.user = new iam.User(...)`) was created.
   */
  readonly self?: { readonly cls: ts.ClassLikeDeclaration; readonly context: Context };
}

/** One region of code that may run any number of times; compared by identity (a nested region is another). */
export interface Repetition {
  readonly reason: string;
}

/** Loops (and `.map` results) with more elements than this are not expanded. */
export const MAX_ITERATIONS = 1000;

/**
 * The frame of one iteration of a loop or array callback: the walker creates the iteration's
 * constructs in it, and the evaluator finds them again through it (`.map` results), so both build it here.
 */
export function iterationFrame(loop: ts.Node, item: StaticValue, index: number): Frame {
  return { loop, index, label: item.kind === 'string' ? JSON.stringify(item.value) : String(index) };
}

export const EMPTY_CONTEXT: Context = { frames: [], bindings: new Map(), existence: undefined };

/** One instance of a `new User/AccessKey/CfnUser/CfnAccessKey(...)` expression (one per loop iteration). */
export interface ConstructInstance {
  readonly node: ts.NewExpression;
  readonly sourceFile: ts.SourceFile;
  readonly constructClass: ConstructClass;
  readonly context: Context;
  /** Unique within the unit. */
  readonly id: string;
  /**
   * Made through the generic `new CfnResource(scope, id, { type, properties })`: a `CfnUser` or
   * `CfnAccessKey` whose props are its `properties`, CloudFormation-cased (`generic-resources.ts`).
   */
  readonly generic?: true;
}

export function unknown(reason: string, subject?: string, token?: boolean): UnknownValue {
  return { kind: 'unknown', reason, ...(subject === undefined ? {} : { subject }), ...(token ? { token } : {}) };
}

/** A value credlint leaves unknown because it is larger than it evaluates (`UnknownValue.cutOff`). */
export function overLimit(reason: string): UnknownValue {
  return { kind: 'unknown', reason, cutOff: true };
}

/** An unknown computed from `from` (`reason` says how): cut off by a limit when `from` is. */
export function derivedUnknown(from: UnknownValue | undefined, reason: string): UnknownValue {
  return from?.cutOff ? overLimit(reason) : unknown(reason);
}

/** Whether `value` is unknown because a limit cut it off (`UnknownValue.cutOff`). */
export function isCutOff(value: StaticValue | undefined): value is UnknownValue {
  return value?.kind === 'unknown' && value.cutOff === true;
}

/** The value without what is known of its string: for a value computed from a string, not the string itself. */
export function withoutKnownParts(value: UnknownValue): UnknownValue;
export function withoutKnownParts(value: StaticValue): StaticValue;
export function withoutKnownParts(value: StaticValue): StaticValue {
  if (value.kind !== 'unknown' || value.known === undefined) return value;
  return {
    kind: 'unknown',
    reason: value.reason,
    ...(value.subject === undefined ? {} : { subject: value.subject }),
    ...(value.token ? { token: true } : {}),
    ...(value.cutOff ? { cutOff: true } : {}),
  };
}

/** An unknown standing for `subject` itself: `props.userName is not known statically`. */
export function opaque(subject: string, token = false): UnknownValue {
  // Values from aws-cdk-lib are tokens (`Fn.join`, `Stack.of(this).account`: resolved at deploy time)
  // or values the app computes when it runs (`node.tryGetContext`): either way unknown to a source scan.
  return unknown(
    token ? `${subject} comes from aws-cdk-lib and is known only when the app runs (synth or deploy)` : `${subject} is not known statically`,
    subject,
    token,
  );
}

export const UNDEFINED: StaticValue = { kind: 'undefined' };

/** The elements of an array that exist, with their indexes: its holes skipped, as `forEach` and `map` skip them. */
export function presentItems(value: Extract<StaticValue, { kind: 'array' }>): [number, StaticValue][] {
  const { holes } = value;
  return [...value.items.entries()].filter(([index]) => holes?.has(index) !== true);
}

/** An array value of `items`, with `holes` when there are any. */
export function arrayValue(items: readonly StaticValue[], holes?: ReadonlySet<number>): StaticValue {
  return holes !== undefined && holes.size > 0 ? { kind: 'array', items, holes } : { kind: 'array', items };
}

/**
 * A `SecretValue` (`SecretValue.unsafePlainText('...')`, `.secretsManager(...)`, `new SecretValue(...)`):
 * a CDK token whose value credlint never shows, in any message, name or address (docs/security.md).
 * It has no subject, so what is read from it (`.toString()`, `.unsafeUnwrap()`) is this same value.
 */
export const SECRET_VALUE: UnknownValue = { kind: 'unknown', reason: 'a SecretValue, whose value credlint never shows', token: true };

/** Names of values that hold passwords and secrets (`password`, `dbPassword`, `secretKey`, `credentials`). */
export const SECRET_NAME = /pass(?:word|wd|phrase)|secret|credential/i;

/**
 * A value named like a password (a prop, variable or parameter) is described, never shown: its text
 * would otherwise reach messages as a user name or an unknown reason. References to constructs pass.
 */
export function hideIfSecret(name: string, value: StaticValue): StaticValue {
  if (!SECRET_NAME.test(name)) return value;
  if (value.kind === 'string' || value.kind === 'number' || value.kind === 'array' || value.kind === 'object') {
    return unknown(`${name} is named like a secret: credlint never shows its value`, name);
  }
  return value;
}

/**
 * A property key as JavaScript turns a known key into one (`String(key)`: `acc[i > 0]` writes `"true"`,
 * https://tc39.es/ecma262/#sec-topropertykey), for objects filled in place and by `reduce`.
 */
export function propertyKeyOf(key: StaticValue): string | undefined {
  if (key.kind === 'string') return key.value;
  if (key.kind === 'number' || key.kind === 'boolean') return String(key.value);
  return undefined;
}

/** `object[name]` of an object value: its entry, else unknown when a spread of an unknown value may define it, else undefined. */
export function objectEntry(object: Extract<StaticValue, { kind: 'object' }>, name: string): StaticValue {
  const value = object.entries.get(name);
  if (value !== undefined) return value;
  return object.rest ? derivedUnknown(object.rest, `${name} may come from ${object.rest.reason}`) : UNDEFINED;
}

export function str(value: string): StaticValue {
  return { kind: 'string', value };
}

/** The text of a value in a template literal or `+` with a string, as JavaScript would produce it. */
export function stringOf(value: StaticValue): string | undefined {
  switch (value.kind) {
    case 'string':
      return value.value;
    case 'number':
    case 'boolean':
      return String(value.value);
    case 'undefined':
      return 'undefined';
    case 'null':
      return 'null';
    default:
      return undefined;
  }
}

/** JavaScript truthiness, when the value is known well enough to tell. */
export function truthiness(value: StaticValue): boolean | undefined {
  switch (value.kind) {
    case 'string':
      return value.value !== '';
    case 'number':
      return value.value !== 0 && !Number.isNaN(value.value);
    case 'boolean':
      return value.value;
    case 'undefined':
    case 'null':
      return false;
    case 'unknown':
      return undefined;
    default:
      return true;
  }
}

/** Strict equality of two known primitive values; undefined when either is not a known primitive. */
export function strictlyEqual(a: StaticValue, b: StaticValue): boolean | undefined {
  const primitive = (v: StaticValue) => v.kind === 'string' || v.kind === 'number' || v.kind === 'boolean' || v.kind === 'undefined' || v.kind === 'null';
  if (!primitive(a) || !primitive(b)) return undefined;
  if (a.kind !== b.kind) return false;
  return !('value' in a) || !('value' in b) || a.value === b.value;
}

/**
 * SameValueZero, the equality of a Set's values and a Map's keys: of known primitives (NaN equals
 * NaN), or of two IAM constructs (the same instance); undefined when it cannot be told.
 * (ECMAScript SameValueZero: https://tc39.es/ecma262/#sec-samevaluezero)
 */
export function sameValueZero(a: StaticValue, b: StaticValue): boolean | undefined {
  if (a.kind === 'number' && b.kind === 'number' && Number.isNaN(a.value) && Number.isNaN(b.value)) return true;
  if (a.kind === 'construct' && b.kind === 'construct') return a.instance === b.instance;
  return strictlyEqual(a, b);
}

/**
 * The value of a concatenation (a template literal, `+`) of known text and unknown values: the first
 * unknown (its reason names what is unknown), keeping what the literal text says of the whole string.
 */
export function concatenated(pieces: readonly (string | UnknownValue)[]): StaticValue {
  const first = pieces.find((piece): piece is UnknownValue => typeof piece !== 'string');
  if (first === undefined) return str(pieces.map((piece) => (typeof piece === 'string' ? piece : '')).join(''));
  if (pieces.length === 1) return first;
  const known = concatKnownParts(pieces);
  return known === undefined ? first : { ...first, known };
}
