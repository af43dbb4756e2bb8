import type * as ts from 'typescript';
import { unknown, type StaticValue } from './static-value.js';

/**
 * JavaScript's `typeof` (https://tc39.es/ecma262/#sec-typeof-operator) on what the evaluator knows of
 * its operand: config normalised with `typeof u === 'string' ? { name: u } : u`, and an entry point
 * guarded by `typeof jest === 'undefined'`, decide which users and keys the app creates.
 */

/** The string `typeof` gives a value of this kind; undefined where the value is not known. */
export function typeOfValue(value: StaticValue): StaticValue | undefined {
  const type = typeName(value);
  return type === undefined ? undefined : { kind: 'string', value: type };
}

function typeName(value: StaticValue): string | undefined {
  switch (value.kind) {
    case 'string':
    case 'number':
    case 'boolean':
    case 'undefined':
      return value.kind;
    // A user's name read through the user (`user.userName`) is a string token.
    case 'generated-user-name':
      return 'string';
    case 'null':
    case 'array':
    case 'object':
    case 'construct':
    case 'imported-user':
    case 'module':
    case 'class-instance':
      return 'object';
    case 'callable':
      return 'function';
    case 'iam':
      // The modules and the AccessKeyStatus enum are objects; User, AccessKey, ... are classes.
      return value.entity === 'cdk' || value.entity === 'iam' || value.entity === 'core' || value.entity === 'AccessKeyStatus' ? 'object' : 'function';
    case 'unknown':
      // The literal text of a template around unknown parts: a string, whatever the parts are.
      return value.known !== undefined && !value.builtAtDeploy ? 'string' : undefined;
  }
}

/**
 * The globals a Node.js process may have when `cdk synth` runs the app (ECMAScript's, Node.js's and the
 * web APIs Node.js exposes, https://nodejs.org/api/globals.html), with the names CommonJS gives each
 * module: which of them exists depends on the Node.js version and the module system, so `typeof` of
 * one stays unknown.
 */
const RUNTIME_NAMES = new Set(
  [
    'globalThis Infinity NaN undefined eval isFinite isNaN parseFloat parseInt decodeURI decodeURIComponent encodeURI',
    'encodeURIComponent escape unescape AggregateError Array ArrayBuffer AsyncDisposableStack Atomics BigInt BigInt64Array',
    'BigUint64Array Boolean DataView Date DisposableStack Error EvalError FinalizationRegistry Float16Array Float32Array',
    'Float64Array Function Int8Array Int16Array Int32Array Intl Iterator JSON Map Math Number Object Promise Proxy',
    'RangeError ReferenceError Reflect RegExp Set SharedArrayBuffer String SuppressedError Symbol SyntaxError TypeError',
    'Uint8Array Uint8ClampedArray Uint16Array Uint32Array URIError WeakMap WeakRef WeakSet WebAssembly',
    'global process Buffer console queueMicrotask setTimeout clearTimeout setInterval clearInterval setImmediate',
    'clearImmediate structuredClone atob btoa performance fetch Request Response Headers FormData AbortController',
    'AbortSignal Blob File BroadcastChannel ByteLengthQueuingStrategy CloseEvent CompressionStream CountQueuingStrategy',
    'Crypto crypto CryptoKey CustomEvent DecompressionStream DOMException Event EventSource EventTarget localStorage',
    'MessageChannel MessageEvent MessagePort Navigator navigator PerformanceEntry PerformanceMark PerformanceMeasure',
    'PerformanceObserver PerformanceObserverEntryList PerformanceResourceTiming ReadableByteStreamController',
    'ReadableStream ReadableStreamBYOBReader ReadableStreamBYOBRequest ReadableStreamDefaultController',
    'ReadableStreamDefaultReader sessionStorage Storage SubtleCrypto TextDecoder TextDecoderStream TextEncoder',
    'TextEncoderStream TransformStream TransformStreamDefaultController URL URLPattern URLSearchParams WebSocket',
    'WritableStream WritableStreamDefaultController WritableStreamDefaultWriter',
    'require module exports __filename __dirname',
  ].flatMap((line) => line.split(' ')),
);

/** Where a project may create a global of its own: `globalThis.x = …`, `global.x = …`, `declare global`. */
const DEFINES_GLOBALS = /\bglobalThis\b|\bglobal\s*[.[]|\bdeclare\s+global\b/;

/**
 * `typeof name` of a name that no declaration of the project binds where it is read: `'undefined'`, as
 * JavaScript gives for a name that resolves to nothing (no ReferenceError), unless Node.js may have a
 * global of that name or the project may create globals (then which names exist is not known).
 */
export class UndeclaredNames {
  private definer: ts.SourceFile | null | undefined;

  constructor(private readonly files: () => readonly ts.SourceFile[]) {}

  typeOf(name: string): StaticValue {
    if (RUNTIME_NAMES.has(name)) return unknown(`typeof ${name}: whether Node.js has a global ${name} depends on its version and module system`);
    this.definer ??= this.files().find((file) => DEFINES_GLOBALS.test(file.text)) ?? null;
    if (this.definer !== null) {
      return unknown(`typeof ${name}: ${baseName(this.definer.fileName)} may create globals (globalThis, global or declare global), so ${name} may be one`);
    }
    return { kind: 'string', value: 'undefined' };
  }
}

function baseName(fileName: string): string {
  return fileName.slice(fileName.lastIndexOf('/') + 1);
}
